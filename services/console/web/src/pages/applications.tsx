import { Alert, Button, Card, Checkbox, Form, Input, Modal, Select, Space, Spin, Table, Tag, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { api, download, ok, type StudentsSchemas } from '../api/client';
import { APPLICATION_STATES, STAGES, STEPS, useI18n } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { hasRole, Problem, showFieldErrors, useCaller, useLoad } from '../shared';
import { ApplicationSummary, ApplicationTimeline, EntitlementTable, PaymentsTable } from './aid-parts';
import { BarChart } from './charts';
import { FilterForm } from './filters';
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
      {hasRole(caller, 'caseworker', 'supervisor') && <ApplicationActions application={a} onDone={loaded.reload} />}
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
      <FilterForm<typeof filters> form={form} onSearch={setFilters} actions={<Button onClick={csv}>{t('导出 CSV', 'Export CSV')}</Button>}>
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
      </FilterForm>
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

// After a decision (h14-console-campaign): withdraw, appeal a rejection, report a change; each with a reason.
type Action = 'withdraw' | 'appeal' | 'change';
type ChangeKind = StudentsSchemas['ReportChangeDto']['kind'];
const CHANGE_KINDS: Record<ChangeKind, [string, string]> = {
  'school-changed': ['转学（学校变更）', 'School changed'],
  'stage-changed': ['学段变更', 'Stage changed'],
  'household-left-poverty': ['家庭已脱贫', 'Household left poverty'],
  'dropped-out': ['辍学', 'Dropped out'],
};
const WITHDRAWABLE = ['checking', 'in-review', 'more-information-requested', 'in-appeal'];
const CHANGEABLE = ['checking', 'in-review', 'more-information-requested', 'in-appeal', 'awaiting-bank-details', 'approved', 'paying'];

/** What a caseworker may still do with an application, each asked with a reason before it is sent. */
export function ApplicationActions({ application: a, onDone }: { application: StudentsSchemas['AidApplicationDto']; onDone: () => void }) {
  const { t, label, dateTime } = useI18n();
  const caller = useCaller();
  const [action, setAction] = useState<Action>();
  const [form] = Form.useForm<{ reason: string; kind?: ChangeKind }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const caseworker = hasRole(caller, 'caseworker');
  const canWithdraw = caseworker && WITHDRAWABLE.includes(a.state);
  const canAppeal = caseworker && a.state === 'rejected' && !a.appealed && (!a.appealDeadline || new Date(a.appealDeadline).getTime() > Date.now());
  const canChange = CHANGEABLE.includes(a.state);
  if (!canWithdraw && !canAppeal && !canChange) return null;
  const titles: Record<Action, string> = {
    withdraw: t('撤回申请', 'Withdraw the application'),
    appeal: t('对驳回提出申诉', 'Appeal the rejection'),
    change: t('报告情况变化', 'Report a change'),
  };
  const send = async () => {
    if (!action) return;
    setError(undefined);
    try {
      const v = await form.validateFields();
      setBusy(true);
      const path = { applicationId: a.applicationId };
      const reason = v.reason.trim();
      const ack =
        action === 'withdraw'
          ? await ok(api.students.POST('/aid-applications/{applicationId}/withdrawal', { params: { path }, body: { reason } }))
          : action === 'appeal'
            ? await ok(api.students.POST('/aid-applications/{applicationId}/appeal', { params: { path }, body: { reason } }))
            : await ok(api.students.POST('/aid-applications/{applicationId}/changes', { params: { path }, body: { reason, kind: v.kind as ChangeKind } }));
      void message.success(t(`已提交，申请现为：${label(APPLICATION_STATES, ack.state)}`, `Sent; the application is now ${label(APPLICATION_STATES, ack.state)}`));
      setAction(undefined);
      form.resetFields();
      onDone();
    } catch (e) {
      if ((e as { errorFields?: unknown }).errorFields) return;
      if (!showFieldErrors(form, e)) setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('办理', 'Act on it')} size="small" style={{ marginTop: 16 }}>
      <Space wrap>
        {canChange && <Button onClick={() => setAction('change')}>{titles.change}</Button>}
        {canAppeal && (
          <Button type="primary" onClick={() => setAction('appeal')}>
            {titles.appeal}
          </Button>
        )}
        {canWithdraw && (
          <Button danger onClick={() => setAction('withdraw')}>
            {titles.withdraw}
          </Button>
        )}
        {canAppeal && a.appealDeadline && <Typography.Text type="secondary">{t(`申诉期限：${dateTime(a.appealDeadline)}`, `Appeal by ${dateTime(a.appealDeadline)}`)}</Typography.Text>}
      </Space>
      <Modal open={action !== undefined} title={action ? titles[action] : ''} onCancel={() => setAction(undefined)} onOk={() => void send()} okText={t('提交', 'Send')} cancelText={t('取消', 'Cancel')} confirmLoading={busy} destroyOnHidden>
        <Typography.Paragraph type="secondary">
          {action === 'change'
            ? t(
                '系统按学籍与建档立卡登记重新核验：审批中的申请重新审核；已批准的申请，如登记已不符合条件则取消尚未发放的学期，金额变化则重新安排，否则不作调整。请先在登记中更新变化。',
                'The registry is checked again: an application being decided is reviewed again; for an approved one, the semesters not yet paid are cancelled if the registry no longer makes the student eligible, re-planned if the amounts changed, and left as they are otherwise. Record the change in the registry first.',
              )
            : action === 'appeal'
              ? t('申诉由上一级审批，每件申请只能申诉一次。', 'The appeal is decided one level up; an application may be appealed once.')
              : t('撤回后申请结束，未完成的审批任务一并取消。', 'Withdrawn, the application ends and its open step is cancelled.')}
        </Typography.Paragraph>
        <Problem error={error} />
        <Form form={form} layout="vertical">
          {action === 'change' && (
            <Form.Item name="kind" label={t('变化类型', 'What changed')} rules={[{ required: true, message: t('请选择变化类型', 'Choose what changed') }]}>
              <Select options={(Object.keys(CHANGE_KINDS) as ChangeKind[]).map((k) => ({ value: k, label: label(CHANGE_KINDS, k) }))} />
            </Form.Item>
          )}
          <Form.Item name="reason" label={t('理由', 'Reason')} rules={[{ required: true, whitespace: true, message: t('请说明理由', 'Give a reason') }, { min: 2, message: t('理由至少 2 个字符', 'At least 2 characters') }, { max: 2000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
