import { Alert, Button, Card, Col, Descriptions, Form, Input, List, Row, Select, Space, Spin, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { api, ok, type CaseworkSchemas, type StudentsSchemas } from '../api/client';
import { DECISIONS, HOUSEHOLD_STATES, LEVELS, ROLES, STAGES, STEPS, TASK_STATES, useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { hasRole, Problem, showFieldErrors, useCaller, useLoad } from '../shared';
import { Named, Person, usePeopleNames, usePlaceNames } from '../names';
import { ApplicationSummary, ApplicationTimeline, EntitlementTable } from './aid-parts';
import { CampaignTaskPanel } from './campaigns';
import { CompensationTaskPanel } from './compensations';
import { DueTag, TASK_KINDS } from './inbox';

type Task = CaseworkSchemas['TaskDto'];
type Decision = 'approve' | 'reject' | 'return';
interface EarlierStep {
  step: string;
  action: string;
  by: string;
  comment?: string;
}

/** The next task the caller can work on (mine first, then the group's), or the inbox. */
async function goToNextTask(after: string): Promise<void> {
  for (const view of ['mine', 'group'] as const) {
    const page = await ok(api.casework.GET('/tasks', { params: { query: { view, sort: 'dueAt', limit: 10 } } }));
    const next = page.items.find((task) => task.taskId !== after && (task.status === 'open' || task.status === 'claimed') && task.canAct !== false);
    if (next) return navigate(`/tasks/${next.taskId}`);
  }
  navigate('/inbox');
}

export function TaskPage({ taskId }: { taskId: string }) {
  const { t, label } = useI18n();
  const caller = useCaller();
  const loaded = useLoad(async () => {
    const task = await ok(api.casework.GET('/tasks/{taskId}', { params: { path: { taskId } } }));
    const applicationId = task.subject.type === 'application' ? task.subject.id : undefined;
    const application = applicationId?.startsWith('aid-application:')
      ? await ok(api.students.GET('/aid-applications/{applicationId}', { params: { path: { applicationId } } })).catch(() => undefined)
      : undefined;
    const studentId = application?.studentId ?? (typeof task.data.studentId === 'string' ? task.data.studentId : undefined);
    const student = studentId ? await ok(api.students.GET('/students/{studentId}', { params: { path: { studentId } } })).catch(() => undefined) : undefined;
    return { task, application, student };
  }, [taskId]);
  const earlierOf = (data: Record<string, unknown> | undefined) => (Array.isArray(data?.earlierSteps) ? data.earlierSteps : []) as EarlierStep[];
  const people = usePeopleNames([loaded.data?.task.assigneeId, loaded.data?.task.decidedBy, ...earlierOf(loaded.data?.task.data).map((e) => e.by)]);
  const places = usePlaceNames([loaded.data?.student?.enrolment?.schoolCode]);
  if (loaded.loading && !loaded.data) return <Spin />;
  if (!loaded.data) return <Problem error={loaded.error} />;
  const { task, application, student } = loaded.data;
  const earlier = earlierOf(task.data);
  const open = task.status === 'open' || task.status === 'claimed';
  const mine = task.assigneeId === caller.userId;
  return (
    <>
      <Typography.Title level={2}>
        {label(STEPS, task.step)}
        {label(TASK_KINDS, task.kind) !== label(STEPS, task.step) ? ` · ${label(TASK_KINDS, task.kind)}` : ''}
      </Typography.Title>
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, md: 4 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('状态', 'Status')}>
          <Tag>{label(TASK_STATES, task.status)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('期限', 'Due')}>
          <DueTag task={task} />
        </Descriptions.Item>
        <Descriptions.Item label={t('层级', 'Level')}>{label(LEVELS, task.level)}</Descriptions.Item>
        <Descriptions.Item label={t('办理人', 'Assignee')}>{task.assigneeId ? <Person names={people} id={task.assigneeId} /> : t('未领取', 'Unclaimed')}</Descriptions.Item>
      </Descriptions>
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          {student && (
            <Card title={t('学生', 'Student')} size="small" style={{ marginBottom: 16 }} extra={<Link to={`/students/${student.id}`}>{t('查看档案', 'Open record')}</Link>}>
              <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
                <Descriptions.Item label={t('姓名', 'Name')}>{student.name}</Descriptions.Item>
                <Descriptions.Item label={t('身份证号', 'National ID')}>{student.nationalIdMasked}</Descriptions.Item>
                <Descriptions.Item label={t('出生年份', 'Born')}>{student.birthYear}</Descriptions.Item>
                <Descriptions.Item label={t('家庭状态', 'Household')}>{label(HOUSEHOLD_STATES, student.householdStatus)}</Descriptions.Item>
                <Descriptions.Item label={t('学校', 'School')}>
                  <Named names={places} code={student.enrolment?.schoolCode} />
                </Descriptions.Item>
                <Descriptions.Item label={t('学段年级', 'Stage, grade')}>
                  {student.enrolment ? `${label(STAGES, student.enrolment.stage)} ${student.enrolment.grade}` : '—'}
                  {student.enrolment?.boarding ? ` · ${t('寄宿', 'boarding')}` : ''}
                </Descriptions.Item>
              </Descriptions>
              <Flags flags={student.flags} />
            </Card>
          )}
          {application && (
            <Card title={t('申请', 'Application')} size="small" style={{ marginBottom: 16 }} extra={<Link to={`/applications/${encodeURIComponent(application.applicationId)}`}>{t('申请详情', 'Application')}</Link>}>
              <ApplicationSummary application={application} />
              <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
                {t('资助项目及依据', 'Entitlement lines and their rules')}
              </Typography.Title>
              <EntitlementTable lines={application.entitlement} standardsVersion={application.standardsVersion} />
            </Card>
          )}
          {task.kind.startsWith('campaign-') && <CampaignTaskPanel data={task.data} kind={task.kind} canReview={open && task.canAct !== false} />}
          {(task.kind === 'graduate-commitment-verification' || task.kind === 'graduate-compensation-approval') && <CompensationTaskPanel data={task.data} />}
          <Card title={t('此前的决定', 'Earlier decisions')} size="small" style={{ marginBottom: 16 }}>
            <List
              size="small"
              dataSource={earlier}
              locale={{ emptyText: t('这是第一个步骤', 'This is the first step') }}
              renderItem={(e) => (
                <List.Item>
                  <span>
                    <strong>{label(STEPS, e.step)}</strong> · {label(DECISIONS, e.action)} · <Person names={people} id={e.by} />
                    {e.comment ? ` · “${e.comment}”` : ''}
                  </span>
                </List.Item>
              )}
            />
          </Card>
          {application && (
            <Card title={t('时间线', 'Timeline')} size="small">
              <ApplicationTimeline entries={application.timeline} />
            </Card>
          )}
        </Col>
        <Col xs={24} lg={9}>
          <Card title={t('办理', 'Act')} size="small">
            {!open && <Alert type="info" title={t('此任务已结束。', 'This task has ended.')} description={task.decision ? <>{label(DECISIONS, task.decision)} · <Person names={people} id={task.decidedBy} /></> : undefined} />}
            {open && task.canAct === false && <Alert type="warning" title={t('您不能办理此任务（层级、回避或角色）。', 'You may not act on this task (level, four eyes or role).')} />}
            {open && task.canAct !== false && (
              <ActPanel task={task} application={application} mine={mine} onDone={() => void goToNextTask(task.taskId)} onChanged={loaded.reload} />
            )}
            {open && hasRole(caller, 'supervisor') && <Reassign task={task} onDone={loaded.reload} />}
          </Card>
        </Col>
      </Row>
    </>
  );
}

function Flags({ flags }: { flags: StudentsSchemas['StudentFlagsDto'] }) {
  const { t } = useI18n();
  const shown = [
    flags.disability && t('残疾', 'Disability'),
    flags.leftBehind && t('留守儿童', 'Left behind'),
    flags.migrantChild && t('随迁子女', 'Migrant child'),
    flags.specialHardship && t('特困', 'Special hardship'),
  ].filter(Boolean);
  return (
    <Space wrap>
      {shown.length === 0 ? <Typography.Text type="secondary">{t('无特殊标记', 'No flags')}</Typography.Text> : shown.map((f) => <Tag color="#6a3fb5" key={String(f)}>{f}</Tag>)}
    </Space>
  );
}

function ActPanel({ task, application, mine, onDone, onChanged }: { task: Task; application?: StudentsSchemas['AidApplicationDto']; mine: boolean; onDone: () => void; onChanged: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ comment?: string; accountNumber?: string; holderName?: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const path = { taskId: task.taskId };

  const claimIfOpen = async () => {
    if (task.status === 'open') await ok(api.casework.POST('/tasks/{taskId}/claim', { params: { path } }));
  };
  const decide = async (decision: Decision) => {
    setError(undefined);
    const needsReason = decision !== 'approve';
    try {
      const values = await form.validateFields(needsReason ? ['comment'] : []);
      const comment = (values.comment ?? (form.getFieldValue('comment') as string | undefined))?.trim();
      if (needsReason && !comment) {
        form.setFields([{ name: 'comment', errors: [t('驳回或退回须说明理由', 'Rejecting or returning needs a reason')] }]);
        return;
      }
      setBusy(true);
      await claimIfOpen();
      await ok(api.casework.POST('/tasks/{taskId}/decision', { params: { path }, body: { decision, ...(comment ? { comment } : {}) } }));
      void message.success(t('已提交', 'Sent'));
      onDone();
    } catch (e) {
      if ((e as { errorFields?: unknown }).errorFields) return; // the form shows what is missing
      if (!showFieldErrors(form, e)) setError(e);
      onChanged();
    } finally {
      setBusy(false);
    }
  };
  const answerBank = async () => {
    setError(undefined);
    try {
      const values = await form.validateFields(['accountNumber', 'holderName']);
      setBusy(true);
      const applicationId = task.subject.id;
      await ok(
        api.students.PUT('/aid-applications/{applicationId}/bank-account', {
          params: { path: { applicationId } },
          body: { accountNumber: String(values.accountNumber).replace(/\s+/g, ''), holderName: String(values.holderName).trim() },
        }),
      );
      await claimIfOpen();
      await ok(api.casework.POST('/tasks/{taskId}/decision', { params: { path }, body: { decision: 'approve', comment: t('已登记银行账户', 'Bank account recorded') } }));
      void message.success(t('已登记', 'Recorded'));
      onDone();
    } catch (e) {
      if ((e as { errorFields?: unknown }).errorFields) return;
      if (!showFieldErrors(form, e, { accountNumber: ['accountNumber'], holderName: ['holderName'] })) setError(e);
    } finally {
      setBusy(false);
    }
  };
  const unclaim = async () => {
    try {
      await ok(api.casework.POST('/tasks/{taskId}/unclaim', { params: { path } }));
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  const claimBar = (
    <Space style={{ marginBottom: 12 }}>
      {task.status === 'open' && (
        <Button
          onClick={() =>
            void claimIfOpen().then(onChanged, (e: unknown) => {
              setError(e);
            })
          }
        >
          {t('领取', 'Claim')}
        </Button>
      )}
      {task.status === 'claimed' && mine && <Button onClick={() => void unclaim()}>{t('放回组内', 'Unclaim')}</Button>}
    </Space>
  );

  if (task.kind === 'aid-more-information') {
    return (
      <Form form={form} layout="vertical">
        {claimBar}
        <Problem error={error} />
        <Alert type="warning" title={t('审批人的问题', 'The approver asks')} description={String(task.data.question ?? '')} style={{ marginBottom: 12 }} />
        <Form.Item name="comment" label={t('您的答复', 'Your answer')} rules={[{ required: true, whitespace: true, message: t('请填写答复', 'Write your answer') }, { max: 2000 }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Button type="primary" loading={busy} onClick={() => void form.validateFields(['comment']).then(() => decide('approve'), () => undefined)}>
          {t('提交答复', 'Send the answer')}
        </Button>
      </Form>
    );
  }
  if (task.kind === 'aid-bank-details') {
    return (
      <Form form={form} layout="vertical">
        {claimBar}
        <Problem error={error} />
        <Typography.Paragraph>
          {t('请登记学生家长的银行账户，之后发放将继续。', 'Record the family’s bank account; payment then continues.')}
          {application?.bankAccount ? ` ${t('现有账户：', 'On file: ')}${application.bankAccount}` : ''}
        </Typography.Paragraph>
        <BankFields />
        <Button type="primary" loading={busy} onClick={() => void answerBank()}>
          {t('登记并完成', 'Record and complete')}
        </Button>
      </Form>
    );
  }
  return (
    <Form form={form} layout="vertical">
      {claimBar}
      <Problem error={error} />
      <Form.Item name="comment" label={t('意见（驳回或退回时必填）', 'Comment (needed to reject or return)')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={4} />
      </Form.Item>
      <Space wrap>
        <Button type="primary" loading={busy} onClick={() => void decide('approve')}>
          {t('通过', 'Approve')}
        </Button>
        <Button danger loading={busy} onClick={() => void decide('reject')}>
          {t('驳回', 'Reject')}
        </Button>
        <Button loading={busy} onClick={() => void decide('return')}>
          {t('退回补充材料', 'Return for information')}
        </Button>
      </Space>
    </Form>
  );
}

/** Account number and holder, checked before sending (digits, 12–30; a name). */
export function BankFields() {
  const { t } = useI18n();
  return (
    <>
      <Form.Item
        name="accountNumber"
        label={t('银行账号', 'Account number')}
        normalize={(v: string) => v.replace(/\s+/g, '')}
        rules={[
          { required: true, message: t('请输入银行账号', 'Enter the account number') },
          { pattern: /^\d{12,30}$/, message: t('账号应为 12–30 位数字', 'An account number is 12–30 digits') },
        ]}
      >
        <Input inputMode="numeric" autoComplete="off" />
      </Form.Item>
      <Form.Item name="holderName" label={t('户名', 'Account holder')} rules={[{ required: true, whitespace: true, message: t('请输入户名', 'Enter the holder’s name') }, { max: 100 }]}>
        <Input autoComplete="off" />
      </Form.Item>
    </>
  );
}

function Reassign({ task, onDone }: { task: Task; onDone: () => void }) {
  const { t, label } = useI18n();
  const [assignee, setAssignee] = useState<string>();
  const [error, setError] = useState<unknown>();
  const workload = useLoad(() => ok(api.casework.GET('/workload', { params: { query: { limit: 100 } } })), []);
  const people = (workload.data?.items ?? []).filter((w) => w.roles.includes(task.candidateRole) && w.userId !== task.assigneeId);
  const send = async () => {
    if (!assignee) return;
    try {
      await ok(api.casework.POST('/tasks/{taskId}/reassign', { params: { path: { taskId: task.taskId } }, body: { assigneeId: assignee } }));
      void message.success(t('已改派', 'Reassigned'));
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div style={{ marginTop: 24 }}>
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {t('改派', 'Reassign')}
      </Typography.Title>
      <Problem error={error} />
      <Space.Compact style={{ width: '100%' }}>
        <Select
          aria-label={t('改派给', 'Reassign to')}
          placeholder={t('选择办理人', 'Choose a person')}
          style={{ flex: 1 }}
          value={assignee}
          onChange={setAssignee}
          options={people.map((p) => ({ value: p.userId, label: `${p.displayName} · ${p.roles.map((r) => label(ROLES, r)).join('、')} · ${t('在办', 'holding')} ${p.holding}` }))}
        />
        <Button onClick={() => void send()} disabled={!assignee}>
          {t('改派', 'Reassign')}
        </Button>
      </Space.Compact>
    </div>
  );
}
