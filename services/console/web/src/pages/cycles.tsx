import { Alert, Button, Card, Descriptions, Form, Input, Popconfirm, Progress, Space, Table, Tag, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiProblem, download, ok, type StudentsSchemas } from '../api/client';
import { CYCLE_STATES, PAYMENT_STATES, useI18n } from '../i18n';
import { hasRole, Problem, useCaller } from '../shared';
import { SchemeName } from './aid-parts';
import { currentAcademicYear } from './applications';

type Cycle = StudentsSchemas['PaymentCycleDto'];
type Report = StudentsSchemas['PaymentCycleReportDto'];
const ENDED = ['completed', 'cancelled'];
const TERM = /^\d{4}-\d{4}:S[12]$/;

export function CyclesPage() {
  const { t, label, yuan, dateTime } = useI18n();
  const caller = useCaller();
  const admin = hasRole(caller, 'programme-admin') && caller.scope.level === 'province';
  const [term, setTerm] = useState<string>(() => sessionStorage.getItem('eduaid.term') ?? `${currentAcademicYear()}:S1`);
  const [cycle, setCycle] = useState<Cycle | null>();
  const [report, setReport] = useState<Report>();
  const [error, setError] = useState<unknown>();
  const [round, setRound] = useState(0);
  const [form] = Form.useForm<{ term: string }>();

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const c = await ok(api.students.GET('/payment-cycles/{term}', { params: { path: { term } } }));
        if (!live) return;
        setCycle(c);
        setError(undefined);
        if (ENDED.includes(c.state)) setReport(await ok(api.students.GET('/payment-cycles/{term}/report', { params: { path: { term } } })));
        else timer = setTimeout(() => void poll(), 2000);
      } catch (e) {
        if (!live) return;
        if (e instanceof ApiProblem && e.status === 404) setCycle(null);
        else setError(e);
      }
    };
    setCycle(undefined);
    setReport(undefined);
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [term, round]);

  const act = async (action: 'start' | 'pause' | 'resume' | 'cancel') => {
    setError(undefined);
    try {
      if (action === 'start') await ok(api.students.POST('/payment-cycles', { body: { term } as StudentsSchemas['StartPaymentCycleDto'] }));
      else await ok(api.students.POST(`/payment-cycles/{term}/${action}`, { params: { path: { term } } }));
      void message.success(t('已执行', 'Done'));
      setRound((r) => r + 1);
    } catch (e) {
      setError(e);
    }
  };
  const t2 = cycle?.totals;
  const settled = t2 ? t2.paid + t2.failed + t2.cancelled : 0;
  return (
    <>
      <Typography.Title level={2}>{t('学期发放', 'Semester payment cycles')}</Typography.Title>
      <Form
        form={form}
        layout="inline"
        initialValues={{ term }}
        onFinish={(v) => {
          sessionStorage.setItem('eduaid.term', v.term);
          setTerm(v.term);
        }}
        style={{ marginBottom: 16 }}
      >
        <Form.Item name="term" label={t('学期', 'Term')} rules={[{ required: true }, { pattern: TERM, message: t('格式如 2026-2027:S1', 'Like 2026-2027:S1') }]}>
          <Input style={{ width: 160 }} />
        </Form.Item>
        <Button htmlType="submit">{t('查看', 'Show')}</Button>
      </Form>
      <Problem error={error} />
      {cycle === null && (
        <Card size="small">
          <Typography.Paragraph>{t(`${term} 学期尚未发放。`, `No cycle has run for ${term}.`)}</Typography.Paragraph>
          {admin && (
            <Popconfirm title={t(`开始 ${term} 的发放？每学期只能发放一次。`, `Start the cycle for ${term}? A term has one cycle.`)} onConfirm={() => void act('start')} okText={t('开始', 'Start')} cancelText={t('取消', 'Cancel')}>
              <Button type="primary">{t('开始发放', 'Start the cycle')}</Button>
            </Popconfirm>
          )}
        </Card>
      )}
      {cycle && t2 && (
        <Card
          size="small"
          title={
            <Space>
              {cycle.term}
              <Tag color={cycle.state === 'completed' ? '#2e7d32' : cycle.state === 'paused' ? '#a65300' : '#1f5fbf'} data-testid="cycle-state">
                {label(CYCLE_STATES, cycle.state)}
              </Tag>
            </Space>
          }
          extra={
            admin &&
            !ENDED.includes(cycle.state) && (
              <Space>
                {cycle.state === 'paused' ? <Button onClick={() => void act('resume')}>{t('继续', 'Resume')}</Button> : <Button onClick={() => void act('pause')}>{t('暂停', 'Pause')}</Button>}
                <Popconfirm title={t('取消本次发放？未发送的款项保持待发放。', 'Cancel the cycle? Payments not yet sent stay planned.')} onConfirm={() => void act('cancel')} okText={t('确定', 'Yes')} cancelText={t('返回', 'No')}>
                  <Button danger>{t('取消发放', 'Cancel')}</Button>
                </Popconfirm>
              </Space>
            )
          }
        >
          <Progress percent={t2.due ? Math.round((settled / t2.due) * 100) : cycle.state === 'completed' ? 100 : 0} aria-label={t('发放进度', 'Cycle progress')} />
          <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
            <Descriptions.Item label={t('应发笔数', 'Due')}>{t2.due.toLocaleString()}</Descriptions.Item>
            <Descriptions.Item label={t('应发金额', 'Due amount')}>{yuan(t2.dueFen)}</Descriptions.Item>
            <Descriptions.Item label={t('已发放', 'Paid')}>{t2.paid.toLocaleString()}</Descriptions.Item>
            <Descriptions.Item label={t('已发金额', 'Paid amount')}>{yuan(t2.paidFen)}</Descriptions.Item>
            <Descriptions.Item label={t('失败', 'Failed')}>{t2.failed.toLocaleString()}</Descriptions.Item>
            <Descriptions.Item label={t('发送中', 'Sending')}>{t2.sending.toLocaleString()}</Descriptions.Item>
            <Descriptions.Item label={t('速度（笔/秒）', 'Rate (per s)')}>{cycle.ratePerSecond.toFixed(1)}</Descriptions.Item>
            <Descriptions.Item label={t('预计剩余', 'Time left')}>{cycle.secondsLeft !== undefined ? `${Math.ceil(cycle.secondsLeft)} s` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('开始', 'Started')}>{dateTime(cycle.startedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('结束', 'Finished')}>{dateTime(cycle.finishedAt)}</Descriptions.Item>
          </Descriptions>
          <Table
            size="small"
            rowKey="countyCode"
            dataSource={cycle.counties}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t('区县', 'County'), dataIndex: 'countyCode' },
              { title: t('状态', 'State'), render: (_, c) => label(CYCLE_STATES, c.state) },
              { title: t('应发', 'Due'), dataIndex: 'due' },
              { title: t('已发', 'Paid'), dataIndex: 'paid' },
              { title: t('失败', 'Failed'), dataIndex: 'failed' },
              { title: t('已发金额', 'Paid amount'), align: 'right', render: (_, c) => yuan(c.paidFen) },
              { title: t('批次', 'Batches'), dataIndex: 'batches' },
            ]}
          />
        </Card>
      )}
      {report && <CycleReport report={report} onCsv={() => void download(`/api/students/payment-cycles/${encodeURIComponent(report.term)}/report?format=csv`, `payment-cycle-${report.term}.csv`).catch(setError)} />}
      {cycle && !ENDED.includes(cycle.state) && <Alert style={{ marginTop: 16 }} type="info" title={t('进度每 2 秒刷新一次；结束后显示报告。', 'Progress refreshes every 2 s; the report appears when the cycle ends.')} />}
    </>
  );
}

function CycleReport({ report, onCsv }: { report: Report; onCsv: () => void }) {
  const { t, yuan, label } = useI18n();
  const s = report.summary;
  return (
    <Card size="small" title={t('发放报告', 'Cycle report')} style={{ marginTop: 16 }} extra={<Button onClick={onCsv}>{t('导出 CSV', 'Export CSV')}</Button>}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
        <Descriptions.Item label={t('笔数', 'Payments')}>{s.payments.toLocaleString()}</Descriptions.Item>
        <Descriptions.Item label={t('总额', 'Amount')}>{yuan(s.amountFen)}</Descriptions.Item>
        <Descriptions.Item label={t('已发放', 'Paid')}>{`${s.paid.toLocaleString()} · ${yuan(s.paidFen)}`}</Descriptions.Item>
        <Descriptions.Item label={t('失败', 'Failed')}>{`${s.failed.toLocaleString()} · ${yuan(s.failedFen)}`}</Descriptions.Item>
        <Descriptions.Item label={t('未发', 'Unpaid')}>{`${s.unpaid.toLocaleString()} · ${yuan(s.unpaidFen)}`}</Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        rowKey={(r) => `${r.countyCode}:${r.stage}:${r.scheme}:${r.fund}:${r.status}`}
        dataSource={report.totals}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t('区县', 'County'), dataIndex: 'countyCode' },
          { title: t('资助项目', 'Scheme'), render: (_, r) => <SchemeName scheme={r.scheme} /> },
          { title: t('状态', 'Status'), render: (_, r) => label(PAYMENT_STATES, r.status) },
          { title: t('笔数', 'Payments'), dataIndex: 'payments' },
          { title: t('金额', 'Amount'), align: 'right', render: (_, r) => yuan(r.amountFen) },
        ]}
      />
      {report.failures.length > 0 && (
        <>
          <Typography.Title level={3} style={{ fontSize: 16 }}>
            {t('失败明细', 'Failed payments')}
          </Typography.Title>
          <Table
            size="small"
            rowKey="ledgerId"
            dataSource={report.failures}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: t('学生', 'Student'), dataIndex: 'studentId' },
              { title: t('金额', 'Amount'), render: (_, f) => yuan(f.amountFen) },
              { title: t('原因', 'Code'), render: (_, f) => `${f.code}${f.reason ? ` · ${f.reason}` : ''}` },
            ]}
          />
        </>
      )}
    </Card>
  );
}
