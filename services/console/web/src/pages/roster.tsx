import { Alert, Button, Card, Descriptions, Progress, Select, Space, Table, Typography, Upload, message } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiProblem, download, ok, session, type StudentsSchemas } from '../api/client';
import { useI18n } from '../i18n';
import { Problem, useLoad } from '../shared';

type Status = StudentsSchemas['RosterImportStatusDto'];
const IMPORT_STATES: Record<string, [string, string]> = {
  uploaded: ['已上传', 'Uploaded'],
  running: ['导入中', 'Importing'],
  completed: ['已完成', 'Completed'],
  failed: ['失败', 'Failed'],
};

export function RosterPage() {
  const { t, label, dateTime } = useI18n();
  const [file, setFile] = useState<File>();
  const [encoding, setEncoding] = useState<'auto' | 'utf-8' | 'gbk'>('auto');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [importId, setImportId] = useState<string | undefined>(() => sessionStorage.getItem('eduaid.lastImport') ?? undefined);
  const [status, setStatus] = useState<Status>();
  useEffect(() => {
    if (!importId) return;
    let live = true;
    const poll = async () => {
      try {
        const s = await ok(api.students.GET('/roster-imports/{importId}', { params: { path: { importId } } }));
        if (!live) return;
        setStatus(s);
        if (s.status === 'uploaded' || s.status === 'running') setTimeout(() => void poll(), 1000);
      } catch (e) {
        if (live) setError(e);
      }
    };
    void poll();
    return () => {
      live = false;
    };
  }, [importId]);
  const errors = useLoad(
    () => (status && importId && status.rowsRejected > 0 && status.status === 'completed' ? ok(api.students.GET('/roster-imports/{importId}/errors', { params: { path: { importId } } })) : Promise.resolve(undefined)),
    [importId, status?.status, status?.rowsRejected],
  );
  const upload = async () => {
    if (!file) return;
    setError(undefined);
    setBusy(true);
    try {
      // The roster goes up as it is (CSV), streamed by the service; openapi-fetch would encode it as JSON.
      const response = await fetch(`/api/students/roster-imports?${new URLSearchParams({ fileName: file.name, encoding }).toString()}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.token() ?? ''}`, 'content-type': 'text/csv' },
        body: file,
      });
      const body = (await response.json()) as Status & { code?: string; detail?: string };
      if (!response.ok) throw new ApiProblem(response.status, body.code ?? `http.${response.status}`, body.detail ?? response.statusText);
      sessionStorage.setItem('eduaid.lastImport', body.importId);
      setStatus(body);
      setImportId(body.importId);
      void message.success(t('已上传，正在导入', 'Uploaded; importing'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Typography.Title level={2}>{t('名册导入', 'Roster import')}</Typography.Title>
      <Card size="small" style={{ maxWidth: 720, marginBottom: 16 }}>
        <Typography.Paragraph>
          {t(
            '上传 CSV 名册（UTF-8 或 GBK，中英文表头均可）。只导入您辖区内的记录；其余行列入错误报告。',
            'Upload a CSV roster (UTF-8 or GBK, English or Chinese headers). Only rows in your jurisdiction are imported; the rest are listed in the error report.',
          )}
        </Typography.Paragraph>
        <Problem error={error} />
        <Space wrap>
          <Upload
            accept=".csv,text/csv"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(undefined)}
          >
            <Button>{t('选择文件', 'Choose a file')}</Button>
          </Upload>
          <Select
            aria-label={t('编码', 'Encoding')}
            value={encoding}
            onChange={setEncoding}
            style={{ width: 140 }}
            options={[
              { value: 'auto', label: t('自动识别', 'Detect') },
              { value: 'utf-8', label: 'UTF-8' },
              { value: 'gbk', label: 'GBK' },
            ]}
          />
          <Button type="primary" disabled={!file} loading={busy} onClick={() => void upload()}>
            {t('上传并导入', 'Upload and import')}
          </Button>
        </Space>
      </Card>
      {status && (
        <Card size="small" title={`${t('导入进度', 'Progress')}：${status.fileName}`} style={{ maxWidth: 720 }}>
          <Progress percent={Math.round(status.fractionDone * 100)} status={status.status === 'failed' ? 'exception' : status.status === 'completed' ? 'success' : 'active'} aria-label={t('导入进度', 'Import progress')} />
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label={t('状态', 'Status')}>{label(IMPORT_STATES, status.status)}</Descriptions.Item>
            <Descriptions.Item label={t('已读行数', 'Rows read')}>{status.rowsRead.toLocaleString()}</Descriptions.Item>
            <Descriptions.Item label={t('已接收', 'Accepted')}>{status.rowsAccepted.toLocaleString()}</Descriptions.Item>
            <Descriptions.Item label={t('被拒绝', 'Rejected')}>{status.rowsRejected.toLocaleString()}</Descriptions.Item>
            <Descriptions.Item label={t('开始', 'Started')}>{dateTime(status.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('结束', 'Finished')}>{dateTime(status.finishedAt)}</Descriptions.Item>
          </Descriptions>
          {status.failure && <Alert type="error" title={status.failure} />}
          {status.rowsRejected > 0 && status.status === 'completed' && (
            <>
              <Button style={{ margin: '12px 0' }} onClick={() => void download(`/api/students/roster-imports/${status.importId}/errors?format=csv`, `${status.fileName}-errors.csv`).catch((e: unknown) => setError(e))}>
                {t('下载错误报告（CSV）', 'Download the error report (CSV)')}
              </Button>
              <Table
                size="small"
                rowKey={(e) => `${e.row}:${e.field}`}
                dataSource={errors.data?.items ?? []}
                pagination={{ pageSize: 10 }}
                columns={[
                  { title: t('行', 'Row'), dataIndex: 'row' },
                  { title: t('字段', 'Field'), dataIndex: 'field' },
                  { title: t('原因', 'Reason'), dataIndex: 'reason' },
                ]}
              />
            </>
          )}
        </Card>
      )}
    </>
  );
}
