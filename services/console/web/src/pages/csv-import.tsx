import { Alert, Button, Card, Descriptions, Progress, Select, Space, Table, Typography, Upload, message } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { ApiProblem, download, session } from '../api/client';
import { useI18n } from '../i18n';
import { Problem, useLoad } from '../shared';

/** What both import APIs (the students roster, the universities' graduates lists) answer about an import. */
export interface ImportProgress {
  importId: string;
  fileName: string;
  status: string;
  fractionDone: number;
  chunksDone?: number;
  chunksTotal?: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  createdAt: string;
  finishedAt?: string;
  failure?: string;
}

interface RowError {
  row: number;
  field: string;
  reason: string;
}

const IMPORT_STATES: Record<string, [string, string]> = {
  uploaded: ['已上传', 'Uploaded'],
  running: ['导入中', 'Importing'],
  completed: ['已完成', 'Completed'],
  failed: ['失败', 'Failed'],
};

export interface CsvImportProps<S extends ImportProgress> {
  /** The console's forwarding path of the import API, e.g. `/api/students/roster-imports`. */
  apiPath: string;
  /** Where the last import's id is kept, so coming back to the screen shows it again. */
  storageKey: string;
  intro: ReactNode;
  read: (importId: string) => Promise<S>;
  readErrors: (importId: string) => Promise<{ items: RowError[] }>;
  acceptedLabel: [string, string];
  showChunks?: boolean;
  statusTestId?: string;
  /** Shown under the figures once the import has completed (e.g. a link to what it registered). */
  afterCompleted?: (status: S) => ReactNode;
  maxWidth: number;
}

/**
 * A CSV upload as a durable import: choose the file and its encoding, upload it as it is (the service
 * streams it), then follow the import's progress every second and read its error report on screen or as CSV.
 */
export function CsvImport<S extends ImportProgress>(props: CsvImportProps<S>) {
  const { t, label, dateTime } = useI18n();
  const [file, setFile] = useState<File>();
  const [encoding, setEncoding] = useState<'auto' | 'utf-8' | 'gbk'>('auto');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [importId, setImportId] = useState<string | undefined>(() => sessionStorage.getItem(props.storageKey) ?? undefined);
  const [status, setStatus] = useState<S>();
  const { read, readErrors } = props;
  useEffect(() => {
    if (!importId) return;
    let live = true;
    const poll = async () => {
      try {
        const s = await read(importId);
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
  }, [importId, read]);
  const errors = useLoad(
    () => (status && importId && status.rowsRejected > 0 && status.status === 'completed' ? readErrors(importId) : Promise.resolve(undefined)),
    [importId, status?.status, status?.rowsRejected],
  );
  const upload = async () => {
    if (!file) return;
    setError(undefined);
    setBusy(true);
    try {
      // The file goes up as it is (CSV), streamed by the service; openapi-fetch would encode it as JSON.
      const response = await fetch(`${props.apiPath}?${new URLSearchParams({ fileName: file.name, encoding }).toString()}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.token() ?? ''}`, 'content-type': 'text/csv' },
        body: file,
      });
      const body = (await response.json()) as S & { code?: string; detail?: string };
      if (!response.ok) throw new ApiProblem(response.status, body.code ?? `http.${response.status}`, body.detail ?? response.statusText);
      sessionStorage.setItem(props.storageKey, body.importId);
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
      <Card size="small" style={{ maxWidth: props.maxWidth, marginBottom: 16 }}>
        <Typography.Paragraph>{props.intro}</Typography.Paragraph>
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
        <Card size="small" title={`${t('导入进度', 'Progress')}：${status.fileName}`} style={{ maxWidth: props.maxWidth }}>
          <Progress percent={Math.round(status.fractionDone * 100)} status={status.status === 'failed' ? 'exception' : status.status === 'completed' ? 'success' : 'active'} aria-label={t('导入进度', 'Import progress')} />
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label={t('状态', 'Status')}>
              <span data-testid={props.statusTestId}>{label(IMPORT_STATES, status.status)}</span>
            </Descriptions.Item>
            {props.showChunks ? (
              <Descriptions.Item label={t('分块', 'Chunks')}>
                {status.chunksDone ?? 0} / {status.chunksTotal ?? '—'}
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('已读行数', 'Rows read')}>{status.rowsRead.toLocaleString()}</Descriptions.Item>
            <Descriptions.Item label={t(...props.acceptedLabel)}>{status.rowsAccepted.toLocaleString()}</Descriptions.Item>
            <Descriptions.Item label={t('被拒绝', 'Rejected')}>{status.rowsRejected.toLocaleString()}</Descriptions.Item>
            <Descriptions.Item label={t('开始', 'Started')}>{dateTime(status.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('结束', 'Finished')}>{dateTime(status.finishedAt)}</Descriptions.Item>
          </Descriptions>
          {status.failure && <Alert type="error" title={status.failure} />}
          {status.status === 'completed' ? props.afterCompleted?.(status) : null}
          {status.rowsRejected > 0 && status.status === 'completed' && (
            <>
              <div>
                <Button style={{ margin: '12px 0' }} onClick={() => void download(`${props.apiPath}/${status.importId}/errors?format=csv`, `${status.fileName}-errors.csv`).catch((e: unknown) => setError(e))}>
                  {t('下载错误报告（CSV）', 'Download the error report (CSV)')}
                </Button>
              </div>
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
