// Job assistance: the mentor's caseload and case, the graduate's own case (phone-sized too), the
// staff's case list with a graduate's activation code, and the public activation page. Nothing of aid.
import { Alert, Button, Card, Descriptions, Form, Input, List, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ok } from '../api/client';
import type { components } from '../api/generated/mentoring';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { Problem, showFieldErrors, useLoad } from '../shared';
import { useActivationCode } from './activation-code';
import { MyCompensation } from './compensations';
import { Pager, useCursorPages } from './paging';

export const CASE_PHASES: Record<string, [string, string]> = {
  intake: ['受理', 'Intake'],
  assessment: ['需求评估', 'Assessment'],
  planning: ['制定计划', 'Planning'],
  'check-ins': ['定期联系', 'Check-ins'],
  verifying: ['结果核实中', 'Verifying'],
  'follow-up': ['跟踪回访', 'Follow-up'],
  closed: ['已结案', 'Closed'],
};

export const ACTIVITY_KINDS: Record<string, [string, string]> = {
  'guidance-session': ['就业指导', 'Guidance session'],
  training: ['技能培训', 'Training'],
  'job-fair-referral': ['推荐招聘会', 'Job-fair referral'],
  'job-recommendation': ['推荐岗位', 'Job recommendation'],
  application: ['投递简历', 'Application'],
  interview: ['参加面试', 'Interview'],
  offer: ['获得录用', 'Offer'],
};

export const OUTCOMES: Record<string, [string, string]> = {
  employed: ['已就业', 'Employed'],
  'own-business': ['自主创业', 'Own business'],
  'further-study': ['升学', 'Further study'],
  enlisted: ['参军入伍', 'Enlisted'],
  'civil-service': ['考取公务员', 'Civil service'],
  'not-yet-placed': ['暂未落实', 'Not yet placed'],
};

/** What a case's history records, in words: its transitions and the activities logged on it (the staff's and the graduate's screens). */
export const CASE_EVENT_KINDS: Record<string, [string, string]> = {
  ...ACTIVITY_KINDS,
  opened: ['开案', 'Opened'],
  'needs-assessed': ['完成需求评估', 'Needs assessed'],
  'plan-agreed': ['确定帮扶计划', 'Plan agreed'],
  'check-in': ['联系记录', 'Check-in'],
  'check-in-missed': ['逾期未联系', 'Check-in missed'],
  'escalation-handled': ['督办已处理', 'Escalation handled'],
  'mentors-changed': ['导师调整', 'Mentors changed'],
  'outcome-claimed': ['申报去向', 'Outcome claimed'],
  'outcome-refused': ['去向未获核实', 'Outcome refused'],
  'outcome-verified': ['去向已核实', 'Outcome verified'],
  'follow-up': ['回访', 'Follow-up'],
  'job-lost': ['报告失业', 'Job lost'],
  reopened: ['重新开案', 'Reopened'],
  closed: ['结案', 'Closed'],
  system: ['系统', 'System'],
};

type CaseNoteCode = components['schemas']['CaseNoteDto'];

/**
 * A case event's note: one the case wrote itself (it comes with its code) in the reader's language,
 * a person's words as written. On the staff's screens a change of mentors names the new team
 * (`people`: user id → name); the graduate's own case carries its reason only.
 */
export function EventNote({ note, noteCode, people }: { note?: string; noteCode?: CaseNoteCode; people?: Map<string, string> }) {
  const { t, label, dateTime } = useI18n();
  const text = (() => {
    const c = noteCode;
    if (!c) return note;
    const outcome = c.outcome ? label(OUTCOMES, c.outcome) : '';
    switch (c.code) {
      case 'plan-agreed':
        return t(`${c.plan}（每 ${c.cadenceDays} 天联系一次）`, `${c.plan} (check-ins every ${c.cadenceDays} days)`);
      case 'outcome':
        return `${outcome}${c.employer ? t(`，单位：${c.employer}`, ` at ${c.employer}`) : ''}${c.note ? t(`；${c.note}`, `: ${c.note}`) : ''}`;
      case 'mentors-changed': {
        if (!c.mentorUserIds?.length) return c.reason;
        const name = (id: string) => people?.get(id) ?? id;
        const team = c.mentorUserIds.map(name).join(t('、', ', '));
        const lead = c.leadMentorUserId ? name(c.leadMentorUserId) : '';
        return t(`新团队：${team}（负责人 ${lead}）；原因：${c.reason}`, `New team: ${team} (lead ${lead}); reason: ${c.reason}`);
      }
      case 'check-in-missed':
        return t(`应于 ${dateTime(c.dueAt)} 前联系`, `Due ${dateTime(c.dueAt)}`);
      case 'follow-up':
        return t(`就业后第 ${c.done} 次回访：仍为${outcome}`, `Follow-up ${c.done} after placement: still ${outcome}`);
      case 'job-lost':
        return t('跟踪期内失业', 'Job lost within the follow-up window');
      default:
        return note;
    }
  })();
  return text ? <div style={{ whiteSpace: 'pre-wrap' }} title={noteCode && note !== text ? note : undefined}>{text}</div> : null;
}

/** A case's outcome: the verified one, or the claimed one waiting for verification, or — when none is claimed. */
export function CaseOutcome({ outcome, claimedOutcome }: { outcome?: string | null; claimedOutcome?: string | null }) {
  const { t, label } = useI18n();
  if (outcome) return <>{label(OUTCOMES, outcome)}</>;
  if (claimedOutcome) return <>{t(`${label(OUTCOMES, claimedOutcome)}（待核实）`, `${label(OUTCOMES, claimedOutcome)} (to verify)`)}</>;
  return <>—</>;
}

/** The filter of a list of cases: all of them, or only those whose check-in is overdue. */
function OverdueOnlySelect({ overdue, onChange, allLabel, width }: { overdue: boolean; onChange: (overdue: boolean) => void; allLabel: string; width: number }) {
  const { t } = useI18n();
  return (
    <Select
      aria-label={t('筛选', 'Filter')}
      value={overdue ? 'overdue' : 'all'}
      onChange={(v) => onChange(v === 'overdue')}
      style={{ width }}
      options={[
        { value: 'all', label: allLabel },
        { value: 'overdue', label: t('仅逾期', 'Overdue only') },
      ]}
    />
  );
}

const GRADUATE_KINDS = ['application', 'interview', 'offer'];

/** The agreed plan as written (the case notes its cadence after it; the screens show the cadence apart). */
function planText(events: { kind: string; note?: string }[]): string | undefined {
  return events.find((e) => e.kind === 'plan-agreed')?.note?.replace(/ \(check-ins every \d+ days\)$/, '');
}

interface CaseEvent {
  id: string;
  at: string;
  /** The user id (staff screens); the graduate's own case carries only byWhom and the name. */
  by?: string;
  byWhom?: 'you' | 'mentor' | 'staff' | 'system';
  byName?: string;
  kind: string;
  note?: string;
  noteCode?: CaseNoteCode;
}

const WHOM: Record<string, [string, string]> = { you: ['我', 'Me'], mentor: ['帮扶导师', 'Mentor'], staff: ['工作人员', 'Staff'], system: ['系统', 'eduaid'] };

function Events({ items }: { items: CaseEvent[] }) {
  const { t, label, dateTime } = useI18n();
  return (
    <List
      size="small"
      dataSource={items}
      locale={{ emptyText: t('暂无记录', 'Nothing logged yet') }}
      renderItem={(e) => (
        <List.Item>
          <div>
            <Typography.Text strong>{label(CASE_EVENT_KINDS, e.kind)}</Typography.Text> · {dateTime(e.at)} · {e.byWhom === 'you' ? label(WHOM, 'you') : (e.byName ?? (e.byWhom ? label(WHOM, e.byWhom) : e.by))}
            <EventNote note={e.note} noteCode={e.noteCode} />
          </div>
        </List.Item>
      )}
    />
  );
}

function Due({ at, overdue }: { at?: string; overdue: boolean }) {
  const { t, date } = useI18n();
  if (!at) return <>—</>;
  return (
    <Space size={4}>
      {date(at)}
      {overdue ? <Tag color="red">{t('已逾期', 'Overdue')}</Tag> : null}
    </Space>
  );
}

/** A mentor's open cases: counts, then a page at a time, overdue first if asked. */
export function CaseloadPage() {
  const { t, label } = useI18n();
  const [overdue, setOverdue] = useState(false);
  const pages = useCursorPages(String(overdue));
  const { data, error, loading } = useLoad(() => ok(api.mentoring.GET('/caseload', { params: { query: { overdue: overdue || undefined, after: pages.cursor, limit: 20 } } })), [overdue, pages.cursor]);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('我的帮扶对象', 'My caseload')}
      </Typography.Title>
      <Problem error={error} />
      <Space size="large" style={{ marginBottom: 16 }} wrap>
        <Statistic title={t('在帮扶', 'Open cases')} value={data?.open ?? 0} />
        <Statistic title={t('逾期未联系', 'Overdue')} value={data?.overdue ?? 0} />
        <Statistic title={t('本周应联系', 'Due this week')} value={data?.dueThisWeek ?? 0} />
      </Space>
      <div style={{ marginBottom: 12 }}>
        <OverdueOnlySelect overdue={overdue} onChange={setOverdue} allLabel={t('全部在帮扶', 'All open cases')} width={200} />
      </div>
      <Table
        rowKey="graduateId"
        loading={loading}
        pagination={false}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('没有在帮扶的毕业生', 'No open cases') }}
        columns={[
          { title: t('毕业生', 'Graduate'), dataIndex: 'graduateName', render: (name: string, c) => <Link to={`/caseload/${c.graduateId}`}>{name}</Link> },
          { title: t('阶段', 'Phase'), dataIndex: 'phase', render: (p: string) => label(CASE_PHASES, p) },
          { title: t('下次联系', 'Next check-in'), dataIndex: 'nextCheckInDueAt', render: (at: string | undefined, c) => <Due at={at} overdue={c.overdue} /> },
          { title: t('联系次数', 'Check-ins'), dataIndex: 'checkIns' },
          { title: t('逾期次数', 'Missed'), dataIndex: 'missed' },
        ]}
      />
      <Pager page={pages.page} nextCursor={data?.nextCursor} onNext={pages.next} onBack={pages.back} />
    </>
  );
}

/** One case as its mentor sees it (staff may read it too): phase, team, plan, events, and the forms. */
export function MentorCasePage({ graduateId, canWork }: { graduateId: string; canWork: boolean }) {
  const { t, label, date } = useI18n();
  const [round, setRound] = useState(0);
  const shown = useLoad(async () => {
    const [c, events] = await Promise.all([
      ok(api.mentoring.GET('/job-assistance-cases/{graduateId}', { params: { path: { graduateId } } })),
      ok(api.mentoring.GET('/job-assistance-cases/{graduateId}/events', { params: { path: { graduateId }, query: { limit: 100 } } })),
    ]);
    return { c, events: [...events.items].reverse() };
  }, [graduateId, round]);
  const [done, setDone] = useState<string>();
  const refresh = (message: string) => {
    setDone(message);
    setRound((r) => r + 1);
  };
  if (!shown.data) return <Problem error={shown.error} />;
  const { c, events } = shown.data;
  const plan = planText(events);
  const needs = events.find((e) => e.kind === 'needs-assessed')?.note;
  const open = c.phase !== 'closed';
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t(`帮扶个案：${c.graduateName}`, `Case: ${c.graduateName}`)}
      </Typography.Title>
      <Problem error={shown.error} />
      {done ? <Alert role="status" type="success" showIcon title={done} style={{ marginBottom: 16 }} /> : null}
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('阶段', 'Phase')}>{label(CASE_PHASES, c.phase)}</Descriptions.Item>
        <Descriptions.Item label={t('下次联系', 'Next check-in')}>
          <Due at={c.nextCheckInDueAt} overdue={c.overdue} />
        </Descriptions.Item>
        <Descriptions.Item label={t('帮扶团队', 'Team')}>
          {c.mentors.map((m) => (m.lead ? `${m.name}（${t('牵头', 'lead')}）` : m.name)).join('、')}
        </Descriptions.Item>
        <Descriptions.Item label={t('联系周期', 'Cadence')}>{t(`每 ${c.cadenceDays} 天`, `every ${c.cadenceDays} days`)}</Descriptions.Item>
        <Descriptions.Item label={t('联系 / 逾期', 'Check-ins / missed')}>
          {c.checkIns} / {c.missed}
        </Descriptions.Item>
        <Descriptions.Item label={t('开案日期', 'Opened')}>{date(c.openedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('需求', 'Needs')}>{needs ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('帮扶计划', 'Plan')}>{plan ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('去向', 'Outcome')}>
          <CaseOutcome outcome={c.outcome} claimedOutcome={c.claimedOutcome} />
        </Descriptions.Item>
      </Descriptions>
      {canWork && open ? (
        <Space direction="vertical" size="middle" style={{ width: '100%', marginBottom: 16 }}>
          {c.phase === 'assessment' ? <TextStep graduateId={graduateId} step="assessment" onDone={refresh} /> : null}
          {c.phase === 'planning' ? <TextStep graduateId={graduateId} step="plan" onDone={refresh} /> : null}
          {c.phase === 'check-ins' ? <CheckInForm graduateId={graduateId} onDone={refresh} /> : null}
          <ActivityForm graduateId={graduateId} kinds={Object.keys(ACTIVITY_KINDS)} onDone={refresh} />
          {c.phase === 'check-ins' ? <OutcomeForm graduateId={graduateId} onDone={refresh} /> : null}
        </Space>
      ) : null}
      <Card title={<Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>{t('帮扶记录', 'Case events')}</Typography.Title>} size="small">
        <Events items={events} />
      </Card>
    </>
  );
}

function TextStep({ graduateId, step, onDone }: { graduateId: string; step: 'assessment' | 'plan'; onDone: (m: string) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ text: string }>();
  const [error, setError] = useState<unknown>();
  const submit = async ({ text }: { text: string }) => {
    setError(undefined);
    try {
      if (step === 'assessment') await ok(api.mentoring.POST('/job-assistance-cases/{graduateId}/assessment', { params: { path: { graduateId } }, body: { needs: text } }));
      else await ok(api.mentoring.POST('/job-assistance-cases/{graduateId}/plan', { params: { path: { graduateId } }, body: { plan: text } }));
      form.resetFields();
      onDone(step === 'assessment' ? t('需求评估已记录', 'Needs assessment recorded') : t('帮扶计划已记录', 'Plan recorded'));
    } catch (e) {
      setError(e);
    }
  };
  const title = step === 'assessment' ? t('需求评估', 'Needs assessment') : t('帮扶计划', 'Plan');
  return (
    <Card size="small" title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{title}</Typography.Title>}>
      <Problem error={error} />
      <Form form={form} name={step} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="text" label={title} rules={[{ required: true, whitespace: true, message: t('请填写', 'Required') }, { max: 2000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('保存', 'Save')}
        </Button>
      </Form>
    </Card>
  );
}

function CheckInForm({ graduateId, onDone }: { graduateId: string; onDone: (m: string) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ note?: string }>();
  const [error, setError] = useState<unknown>();
  const submit = async (values: { note?: string }) => {
    setError(undefined);
    try {
      await ok(api.mentoring.POST('/job-assistance-cases/{graduateId}/check-ins', { params: { path: { graduateId } }, body: { note: values.note || undefined } }));
      form.resetFields();
      onDone(t('联系已记录', 'Check-in recorded'));
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(e);
    }
  };
  return (
    <Card size="small" title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('记录联系', 'Record a check-in')}</Typography.Title>}>
      <Problem error={error} />
      <Form form={form} name="check-in" layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="note" label={t('联系情况', 'What was discussed')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('记录联系', 'Record check-in')}
        </Button>
      </Form>
    </Card>
  );
}

/** Logs an activity: on a case (mentor) or the graduate's own (applications, interviews, offers). */
function ActivityForm({ graduateId, kinds, onDone }: { graduateId?: string; kinds: string[]; onDone: (m: string) => void }) {
  const { t, label } = useI18n();
  type Values = { kind: 'application'; employer?: string; note?: string };
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>();
  const submit = async (values: Values) => {
    setError(undefined);
    const body = { kind: values.kind, employer: values.employer || undefined, note: values.note || undefined };
    try {
      if (graduateId) await ok(api.mentoring.POST('/job-assistance-cases/{graduateId}/activities', { params: { path: { graduateId } }, body }));
      else await ok(api.mentoring.POST('/my-case/activities', { body }));
      form.resetFields();
      onDone(t(`已记录：${label(ACTIVITY_KINDS, values.kind)}`, `Recorded: ${label(ACTIVITY_KINDS, values.kind)}`));
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(e);
    }
  };
  const title = graduateId ? t('记录帮扶活动', 'Log an activity') : t('记录求职进展', 'Record a job application or offer');
  return (
    <Card size="small" title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{title}</Typography.Title>}>
      <Problem error={error} />
      <Form form={form} name="activity" layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="kind" label={t('类型', 'Kind')} rules={[{ required: true, message: t('请选择类型', 'Choose a kind') }]}>
          <Select options={kinds.map((k) => ({ value: k, label: label(ACTIVITY_KINDS, k) }))} />
        </Form.Item>
        <Form.Item name="employer" label={t('单位', 'Employer')} rules={[{ max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="note" label={t('备注', 'Note')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('记录', 'Record')}
        </Button>
      </Form>
    </Card>
  );
}

function OutcomeForm({ graduateId, onDone }: { graduateId?: string; onDone: (m: string) => void }) {
  const { t, label } = useI18n();
  type Values = { outcome: 'employed'; employer?: string; note?: string };
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>();
  const submit = async (values: Values) => {
    setError(undefined);
    const body = { outcome: values.outcome, employer: values.employer || undefined, note: values.note || undefined };
    try {
      if (graduateId) await ok(api.mentoring.POST('/job-assistance-cases/{graduateId}/outcome-claims', { params: { path: { graduateId } }, body }));
      else await ok(api.mentoring.POST('/my-case/outcome-claims', { body }));
      form.resetFields();
      onDone(t('去向已申报，等待经办人核实', 'Outcome claimed; a caseworker will verify it'));
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(e);
    }
  };
  return (
    <Card size="small" title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('申报去向', 'Claim an outcome')}</Typography.Title>}>
      <Problem error={error} />
      <Form form={form} name="outcome" layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="outcome" label={t('去向', 'Outcome')} rules={[{ required: true, message: t('请选择去向', 'Choose an outcome') }]}>
          <Select options={Object.keys(OUTCOMES).map((k) => ({ value: k, label: label(OUTCOMES, k) }))} />
        </Form.Item>
        <Form.Item name="employer" label={t('单位或学校', 'Employer or school')} rules={[{ max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="note" label={t('说明', 'Note')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('申报', 'Claim')}
        </Button>
      </Form>
    </Card>
  );
}

/** The graduate's own case, laid out for a phone first. */
export function MyCasePage() {
  const { t, label, dateTime } = useI18n();
  const [round, setRound] = useState(0);
  const { data, error } = useLoad(() => ok(api.mentoring.GET('/my-case')), [round]);
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>();
  const refresh = (message: string) => {
    setDone(message);
    setRound((r) => r + 1);
  };
  const confirm = async () => {
    setBusy(true);
    setActionError(undefined);
    try {
      await ok(api.mentoring.POST('/my-case/check-ins', { body: {} }));
      refresh(t('已确认本次联系', 'Check-in confirmed'));
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  };
  if (!data) return <Problem error={error} />;
  const c = data.case;
  const plan = planText(data.recent);
  return (
    <div style={{ maxWidth: 640 }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('我的就业帮扶', 'My job assistance')}
      </Typography.Title>
      {done ? <Alert role="status" type="success" showIcon title={done} style={{ marginBottom: 12 }} /> : null}
      <Problem error={actionError} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('姓名', 'Name')}>{c.graduateName}</Descriptions.Item>
          <Descriptions.Item label={t('阶段', 'Phase')}>{label(CASE_PHASES, c.phase)}</Descriptions.Item>
          <Descriptions.Item label={t('我的导师', 'My mentors')}>{data.mentors.join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('下次联系', 'Next check-in')}>
            <Space size={4} wrap>
              {dateTime(c.nextCheckInDueAt)}
              {c.overdue ? <Tag color="red">{t('已逾期', 'Overdue')}</Tag> : null}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('帮扶计划', 'Plan')}>{plan ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('去向', 'Outcome')}>
            <CaseOutcome outcome={c.outcome} claimedOutcome={c.claimedOutcome} />
          </Descriptions.Item>
        </Descriptions>
        {c.phase === 'check-ins' ? (
          <Button type="primary" block loading={busy} onClick={() => void confirm()} style={{ marginTop: 8 }}>
            {t('确认本次联系', 'Confirm a check-in')}
          </Button>
        ) : null}
      </Card>
      {c.phase !== 'closed' ? (
        <Space direction="vertical" size="middle" style={{ width: '100%', marginBottom: 12 }}>
          <ActivityForm kinds={GRADUATE_KINDS} onDone={refresh} />
          {c.phase === 'check-ins' ? <OutcomeForm onDone={refresh} /> : null}
        </Space>
      ) : null}
      <MyCompensation />
      <Card size="small" title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('最近记录', 'Latest entries')}</Typography.Title>}>
        <Events items={[...data.recent].reverse()} />
      </Card>
    </div>
  );
}

/** Staff: job-assistance cases in their jurisdiction; a caseworker hands a graduate an activation code. */
export function JobCasesPage({ canIssue }: { canIssue: boolean }) {
  const { t, label } = useI18n();
  const [phase, setPhase] = useState<string>();
  const [overdue, setOverdue] = useState(false);
  const pages = useCursorPages(`${phase ?? ''}:${overdue}`);
  const { data, error, loading } = useLoad(
    () => ok(api.mentoring.GET('/job-assistance-cases', { params: { query: { phase: phase as never, overdue: overdue || undefined, after: pages.cursor, limit: 20 } } })),
    [phase, overdue, pages.cursor],
  );
  const code = useActivationCode();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('就业帮扶个案', 'Job-assistance cases')}
      </Typography.Title>
      <Problem error={error ?? code.error} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={t('阶段', 'Phase')}
          allowClear
          placeholder={t('全部阶段', 'Every phase')}
          value={phase}
          onChange={setPhase}
          style={{ width: 160 }}
          options={Object.keys(CASE_PHASES).map((k) => ({ value: k, label: label(CASE_PHASES, k) }))}
        />
        <OverdueOnlySelect overdue={overdue} onChange={setOverdue} allLabel={t('全部个案', 'All cases')} width={160} />
      </Space>
      <Table
        rowKey="graduateId"
        loading={loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('您的辖区内没有帮扶个案', 'No cases in your jurisdiction') }}
        columns={[
          { title: t('毕业生', 'Graduate'), dataIndex: 'graduateName', render: (name: string, c) => <Link to={`/job-cases/${c.graduateId}`}>{name}</Link> },
          { title: t('阶段', 'Phase'), dataIndex: 'phase', render: (p: string) => label(CASE_PHASES, p) },
          { title: t('导师', 'Mentors'), dataIndex: 'mentors', render: (m: { name: string; lead: boolean }[]) => m.map((x) => (x.lead ? `${x.name}（${t('牵头', 'lead')}）` : x.name)).join('、') },
          { title: t('下次联系', 'Next check-in'), dataIndex: 'nextCheckInDueAt', render: (at: string | undefined, c) => <Due at={at} overdue={c.overdue} /> },
          { title: t('去向', 'Outcome'), key: 'outcome', render: (_: unknown, c) => <CaseOutcome outcome={c.outcome} claimedOutcome={c.claimedOutcome} /> },
          ...(canIssue
            ? [
                {
                  title: t('毕业生账号', 'Graduate account'),
                  key: 'account',
                  render: (_: unknown, c: { graduateId: string; graduateName: string; phase: string }) =>
                    c.phase === 'intake' || c.phase === 'closed' ? null : (
                      <Button size="small" onClick={() => void code.issue(c.graduateId, c.graduateName)}>
                        {t('发放激活码', 'Issue activation code')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Pager page={pages.page} nextCursor={data?.nextCursor} onNext={pages.next} onBack={pages.back} />
      {code.dialog}
    </>
  );
}

/** Public: a graduate sets a password with the code a caseworker handed over. */
export function ActivatePage({ onBack }: { onBack: () => void }) {
  const { t } = useI18n();
  type Values = { username: string; activationCode: string; password: string; repeat: string };
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (values: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      await ok(api.casework.POST('/auth/activate', { body: { username: values.username.trim(), activationCode: values.activationCode.trim(), password: values.password } }));
      setDone(true);
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#eef2f8', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
          {t('激活毕业生账号', 'Activate your account')}
        </Typography.Title>
        {done ? (
          <>
            <Alert role="status" type="success" showIcon title={t('账号已激活，请用新密码登录。', 'Your account is active: sign in with your new password.')} style={{ marginBottom: 16 }} />
            <Button type="primary" block onClick={onBack}>
              {t('去登录', 'Go to sign-in')}
            </Button>
          </>
        ) : (
          <>
            <Typography.Paragraph type="secondary">
              {t('请输入经办人交给您的用户名和激活码，并设置新密码。', 'Enter the user name and activation code your caseworker gave you, and choose a password.')}
            </Typography.Paragraph>
            <Problem error={error} />
            <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
              <Form.Item name="username" label={t('用户名', 'User name')} rules={[{ required: true, whitespace: true, message: t('请输入用户名', 'Enter your user name') }]}>
                <Input autoComplete="username" />
              </Form.Item>
              <Form.Item name="activationCode" label={t('激活码', 'Activation code')} rules={[{ required: true, message: t('请输入激活码', 'Enter the activation code') }, { pattern: /^\s*[A-Za-z0-9-]{8,20}\s*$/, message: t('激活码形如 K7PM-Q4XR-2T', 'The code looks like K7PM-Q4XR-2T') }]}>
                <Input autoComplete="one-time-code" />
              </Form.Item>
              <Form.Item name="password" label={t('新密码', 'New password')} rules={[{ required: true, message: t('请设置密码', 'Choose a password') }, { min: 12, message: t('密码至少 12 个字符', 'At least 12 characters') }]}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                name="repeat"
                label={t('再次输入新密码', 'New password again')}
                dependencies={['password']}
                rules={[
                  { required: true, message: t('请再次输入密码', 'Enter the password again') },
                  ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('两次输入的密码不一致', 'The passwords differ')))) }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy}>
                {t('激活', 'Activate')}
              </Button>
            </Form>
            <Button type="link" onClick={onBack} style={{ paddingInline: 0, marginTop: 8 }}>
              {t('返回登录', 'Back to sign-in')}
            </Button>
          </>
        )}
      </Card>
    </main>
  );
}
