import { Alert, Button, Card, Checkbox, Form, Input, Select, Space, Spin, Table, Tag, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { api, download, ok, type StudentsSchemas } from '../api/client';
import { APPLICATION_STATES, STAGES, STEPS, useI18n } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { hasRole, Problem, showFieldErrors, useCaller, useLoad } from '../shared';
import { ApplicationSummary, ApplicationTimeline, EntitlementTable, PaymentsTable } from './aid-parts';
import { BarChart } from './charts';
import { Pager, useCursorPages } from './paging';
import { BankFields } from './task';

type Summary = StudentsSchemas['AidApplicationSummaryDto'];
type State = NonNullable<Summary['state']>;

/** The academic year now: from September, the year that starts this autumn. */
export function currentAcademicYear(now = new Date()): string {
  const start = now.getMonth() >= 8 ? now.getFullYear() : now.getFullYear() - 1;
  return `${start}-${start + 1}`;
}

export function ApplyPage() {
  const { t, label } = useI18n();
  const { query } = useLocation();
  const studentId = query.get('studentId') ?? '';
  const student = useLoad(() => (studentId ? ok(api.students.GET('/students/{studentId}', { params: { path: { studentId } } })) : Promise.resolve(undefined)), [studentId]);
  const [form] = Form.useForm<{ academicYear: string; withAccount: boolean; accountNumber?: string; holderName?: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const withAccount = Form.useWatch('withAccount', form);
  const submit = async (values: { academicYear: string; withAccount: boolean; accountNumber?: string; holderName?: string }) => {
    setError(undefined);
    setBusy(true);
    try {
      const ack = await ok(
        api.students.POST('/aid-applications', {
          body: {
            studentId,
            academicYear: values.academicYear,
            ...(values.withAccount && values.accountNumber && values.holderName ? { bankAccount: { accountNumber: values.accountNumber, holderName: values.holderName.trim() } } : {}),
          },
        }),
      );
      void message.success(t('申请已提交', 'Application started'));
      navigate(`/applications/${encodeURIComponent(ack.applicationId)}`);
    } catch (e) {
      if (!showFieldErrors(form, e, { 'bankAccount.accountNumber': ['accountNumber'], 'bankAccount.holderName': ['holderName'] })) setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Typography.Title level={2}>{t('发起资助申请', 'Apply for aid')}</Typography.Title>
      {!studentId && <Alert type="info" title={t('请先在“学生”中找到学生，再从其档案发起申请。', 'Find the student under Students first, then apply from their record.')} />}
      <Problem error={student.error} />
      {student.data && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Space wrap>
            <strong>{student.data.name}</strong>
            <span>{student.data.nationalIdMasked}</span>
            <span>{student.data.enrolment ? `${label(STAGES, student.data.enrolment.stage)} ${student.data.enrolment.grade} · ${student.data.enrolment.schoolCode}` : '—'}</span>
          </Space>
        </Card>
      )}
      {student.data && (
        <Card size="small" style={{ maxWidth: 560 }}>
          <Problem error={error} />
          <Form form={form} layout="vertical" initialValues={{ academicYear: student.data.enrolment?.academicYear ?? currentAcademicYear(), withAccount: true }} onFinish={(v) => void submit(v)}>
            <Form.Item name="academicYear" label={t('学年', 'Academic year')} rules={[{ required: true, message: t('请输入学年', 'Enter the academic year') }, { pattern: /^\d{4}-\d{4}$/, message: t('格式如 2026-2027', 'Like 2026-2027') }]}>
              <Input style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="withAccount" valuePropName="checked">
              <Checkbox>{t('现在登记银行账户', 'Record the bank account now')}</Checkbox>
            </Form.Item>
            {withAccount && <BankFields />}
            <Typography.Paragraph type="secondary">
              {t('提交后系统核验资格并按资助标准计算资助项目，随后进入学校核查、县级审批。', 'The system checks eligibility and works out the entitlement by the aid standards; then the school check and county approval follow.')}
            </Typography.Paragraph>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('提交申请', 'Submit the application')}
            </Button>
          </Form>
        </Card>
      )}
    </>
  );
}

export function ApplicationPage({ applicationId }: { applicationId: string }) {
  const { t } = useI18n();
  const caller = useCaller();
  const loaded = useLoad(() => ok(api.students.GET('/aid-applications/{applicationId}', { params: { path: { applicationId } } })), [applicationId]);
  const open = loaded.data && ['checking', 'in-review', 'more-information-requested', 'in-appeal', 'awaiting-bank-details'].includes(loaded.data.state);
  // While it moves, look again every few seconds.
  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(loaded.reload, 3000);
    return () => clearTimeout(timer);
  }, [open, loaded.data]);
  if (loaded.loading && !loaded.data) return <Spin />;
  if (!loaded.data) return <Problem error={loaded.error} />;
  const a = loaded.data;
  return (
    <>
      <Typography.Title level={2}>{t('资助申请', 'Aid application')}</Typography.Title>
      <Space style={{ marginBottom: 12 }} wrap>
        <Link to={`/students/${a.studentId}`}>{t('学生档案', 'Student record')}</Link>
        {a.pendingTaskId && hasRole(caller, 'caseworker', 'approver', 'supervisor') && <Link to={`/tasks/${a.pendingTaskId}`}>{t('当前任务', 'Current task')}</Link>}
      </Space>
      <ApplicationSummary application={a} />
      <Card title={t('资助项目及依据', 'Entitlement lines and their rules')} size="small" style={{ marginTop: 16 }}>
        <EntitlementTable lines={a.entitlement} standardsVersion={a.standardsVersion} />
      </Card>
      {hasRole(caller, 'caseworker') && (a.state === 'awaiting-bank-details' || a.payments.some((p) => p.status === 'failed')) && (
        <FixBankAccount applicationId={a.applicationId} onDone={loaded.reload} />
      )}
      <Card title={t('发放', 'Payments')} size="small" style={{ marginTop: 16 }}>
        <PaymentsTable payments={a.payments} />
      </Card>
      <Card title={t('时间线', 'Timeline')} size="small" style={{ marginTop: 16 }}>
        <ApplicationTimeline entries={a.timeline} />
      </Card>
    </>
  );
}

function FixBankAccount({ applicationId, onDone }: { applicationId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ accountNumber: string; holderName: string }>();
  const [error, setError] = useState<unknown>();
  const submit = async (values: { accountNumber: string; holderName: string }) => {
    setError(undefined);
    try {
      await ok(api.students.PUT('/aid-applications/{applicationId}/bank-account', { params: { path: { applicationId } }, body: { accountNumber: values.accountNumber, holderName: values.holderName.trim() } }));
      void message.success(t('银行账户已更新', 'Bank account updated'));
      form.resetFields();
      onDone();
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(e);
    }
  };
  return (
    <Card title={t('更正银行账户', 'Fix the bank details')} size="small" style={{ marginTop: 16, maxWidth: 560 }}>
      <Problem error={error} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <BankFields />
        <Button type="primary" htmlType="submit">
          {t('保存', 'Save')}
        </Button>
      </Form>
    </Card>
  );
}

export function ApplicationsPage() {
  const { t, label, yuan, dateTime } = useI18n();
  const [filters, setFilters] = useState<{ state?: State; divisionCode?: string; academicYear?: string; overdue?: boolean }>({});
  const pages = useCursorPages(JSON.stringify(filters));
  const counts = useLoad(() => ok(api.students.GET('/aid-applications/counts', { params: { query: filters.divisionCode ? { divisionCode: filters.divisionCode } : {} } })), [filters.divisionCode]);
  const list = useLoad(
    () => ok(api.students.GET('/aid-applications', { params: { query: { ...filters, overdue: filters.overdue ? 'true' : undefined, after: pages.cursor, limit: 20 } } })),
    [filters, pages.cursor],
  );
  const [form] = Form.useForm();
  const csv = () => {
    const q = new URLSearchParams(Object.entries({ ...filters, format: 'csv' }).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));
    download(`/api/students/aid-applications?${q.toString()}`, 'aid-applications.csv').catch((e: unknown) => void message.error(String(e)));
  };
  return (
    <>
      <Typography.Title level={2}>{t('资助申请', 'Aid applications')}</Typography.Title>
      <Problem error={counts.error} />
      {counts.data && (
        <Card size="small" title={t(`按状态（共 ${counts.data.total} 件）`, `By state (${counts.data.total} in all)`)} style={{ marginBottom: 16 }}>
          <BarChart
            label={t('各状态的申请数', 'Applications per state')}
            bars={counts.data.states.filter((s) => s.count > 0).map((s) => ({ key: s.state, label: label(APPLICATION_STATES, s.state), value: s.count }))}
            onSelect={(state) => {
              form.setFieldValue('state', state);
              setFilters((f) => ({ ...f, state: state as State }));
            }}
          />
        </Card>
      )}
      <Form form={form} layout="inline" style={{ marginBottom: 16, rowGap: 8 }} onFinish={(v: typeof filters) => setFilters(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')))}>
        <Form.Item name="state" label={t('状态', 'State')}>
          <Select allowClear style={{ width: 170 }} options={Object.keys(APPLICATION_STATES).filter((s) => s !== 'unrecorded').map((s) => ({ value: s, label: label(APPLICATION_STATES, s) }))} />
        </Form.Item>
        <Form.Item name="divisionCode" label={t('区县代码', 'County (division) code')} rules={[{ pattern: /^\d{2,12}$/, message: t('区划代码为数字', 'Digits only') }]}>
          <Input style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="academicYear" label={t('学年', 'Year')} rules={[{ pattern: /^\d{4}-\d{4}$/, message: t('如 2026-2027', 'Like 2026-2027') }]}>
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="overdue" valuePropName="checked">
          <Checkbox>{t('仅逾期', 'Overdue only')}</Checkbox>
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('查询', 'Search')}
          </Button>
          <Button onClick={csv}>{t('导出 CSV', 'Export CSV')}</Button>
        </Space>
      </Form>
      <Problem error={list.error} />
      <Table<Summary>
        rowKey="applicationId"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('学年', 'Year'), render: (_, a) => <Link to={`/applications/${encodeURIComponent(a.applicationId)}`}>{a.academicYear}</Link> },
          { title: t('学生', 'Student'), render: (_, a) => <Link to={`/students/${a.studentId}`}>{a.studentId.slice(0, 8)}…</Link> },
          { title: t('区县', 'County'), dataIndex: 'countyCode' },
          { title: t('学段', 'Stage'), render: (_, a) => label(STAGES, a.stage) },
          { title: t('状态', 'State'), render: (_, a) => <Tag color="#1f5fbf">{label(APPLICATION_STATES, a.state)}</Tag> },
          { title: t('当前步骤', 'Step'), render: (_, a) => label(STEPS, a.currentStep) },
          { title: t('现金合计', 'Cash'), align: 'right', render: (_, a) => yuan(a.cashFen) },
          { title: t('期限', 'Due'), render: (_, a) => (a.dueAt ? <span>{dateTime(a.dueAt)} {a.overdue && <Tag color="#c42b2b">{t('已逾期', 'Overdue')}</Tag>}</span> : '—') },
          { title: t('更新', 'Updated'), render: (_, a) => dateTime(a.updatedAt) },
        ]}
      />
      <Pager page={pages.page} nextCursor={list.data?.nextCursor} onNext={pages.next} onBack={pages.back} />
    </>
  );
}
