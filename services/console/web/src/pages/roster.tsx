import { Typography } from 'antd';
import { api, ok } from '../api/client';
import { useI18n } from '../i18n';
import { CsvImport } from './csv-import';

const readImport = (importId: string) => ok(api.students.GET('/roster-imports/{importId}', { params: { path: { importId } } }));
const readErrors = (importId: string) => ok(api.students.GET('/roster-imports/{importId}/errors', { params: { path: { importId } } }));

export function RosterPage() {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={2}>{t('名册导入', 'Roster import')}</Typography.Title>
      <CsvImport
        apiPath="/api/students/roster-imports"
        storageKey="eduaid.lastImport"
        intro={t(
          '上传 CSV 名册（UTF-8 或 GBK，中英文表头均可）。只导入您辖区内的记录；其余行列入错误报告。',
          'Upload a CSV roster (UTF-8 or GBK, English or Chinese headers). Only rows in your jurisdiction are imported; the rest are listed in the error report.',
        )}
        read={readImport}
        readErrors={readErrors}
        acceptedLabel={['已接收', 'Accepted']}
        maxWidth={720}
      />
    </>
  );
}
