// Tuition compensation and loan repayment (学费补偿和国家助学贷款代偿): a caseworker files one for a
// graduate who enlists or serves at a grassroots unit, follows it through the commitment's check and
// the approvals to its yearly instalments, and records an early end of the commitment; staff list them
// in their jurisdiction; the graduate sees their own on their page. Money is entered and shown in yuan
// (the API takes and gives integer fen).
import { Alert, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api, ApiProblem, ok, type CaseworkSchemas } from '../api/client';
import type { components } from '../api/generated/mentoring';
import { LEVELS, ROLES, STEPS, useI18n } from '../i18n';
import { Named, Person, usePeopleNames, usePlaceNames } from '../names';
import { Link, navigate } from '../router';
import { hasRole, Problem, showFieldErrors, useCaller, useLoad } from '../shared';
import { Reasons, SchemeName } from './aid-parts';
import { TASK_KINDS } from './inbox';
import { Pager, useCursorPages } from './paging';

type Schemas = components['schemas'];
type Compensation = Schemas['CompensationDto'];
type OpenTask = CaseworkSchemas['TaskDto'];

export const COMPENSATION_STATES: Record<string, [string, string]> = {
  verifying: ['服务承诺核实中', 'Checking the commitment'],
  'in-review': ['审批中', 'In review'],
  'not-verified': ['承诺未获核实', 'Commitment not verified'],
  rejected: ['已驳回', 'Rejected'],
  approved: ['已批准（分年发放）', 'Approved (yearly instalments)'],
  stopped: ['已终止', 'Stopped'],
  completed: ['已完成', 'Completed'],
};
const COMMITMENTS: Record<string, [string, string]> = {
  enlistment: ['应征入伍', 'Enlistment'],
  'grassroots-service': ['基层单位就业', 'Grassroots service'],
};
const INSTALMENT_STATES: Record<string, [string, string]> = {
  planned: ['待发放', 'Planned'],
  cancelled: ['已取消', 'Cancelled'],
  kept: ['已发放或发放中', 'Paid or being paid'],
};
const TIMELINE_ACTIONS: Record<string, [string, string]> = {
  filed: ['提交申请', 'Filed'],
  approve: ['通过', 'Approved'],
  reject: ['驳回', 'Rejected'],
  return: ['退回', 'Returned'],
  'instalments-planned': ['已安排分年发放', 'Instalments planned'],
  'no-bank-account': ['未登记银行账户', 'No bank account on file'],
  'all-instalments-due': ['各年度均已到期', 'Every instalment due'],
  'commitment-ended': ['服务提前终止', 'Commitment ended early'],
  'cancel-unpaid': ['取消未发放的年度', 'Unpaid instalments cancelled'],
};
const TIMELINE_STEPS: Record<string, [string, string]> = {
  ...STEPS,
  filing: ['申请', 'Filing'],
  plan: ['发放安排', 'Plan'],
  serve: ['服务期', 'Service'],
};
/** Still moving: the screen looks again every few seconds. */
const MOVING = ['verifying', 'in-review'];

const h2 = (text: string) => (
  <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
    {text}
  </Typography.Title>
);

function explained(error: unknown, t: (zh: string, en: string) => string): unknown {
  if (!(error instanceof ApiProblem)) return error;
  const words: Record<string, string> = {
    'compensation.already-filed': t('该毕业生已办理过学费补偿（每名毕业生一次）。', 'This graduate has a compensation filed already (one per graduate).'),
    'compensation.service-too-short': t('基层服务承诺年限不足政策最低要求。', 'The committed service is shorter than the policy minimum.'),
    'compensation.nothing-to-compensate': t('学费和贷款均为 0，没有可补偿的金额。', 'Tuition and loan are both 0: nothing to compensate.'),
    'compensation.closed': t('该补偿已结束，不能再报告终止。', 'The compensation has ended: nothing left to stop.'),
    'compensation.already-ended': t('已报告过服务提前终止。', 'The early end was reported already.'),
    'compensation.end-before-start': t('终止日期早于服务开始日期。', 'The end date is before the service started.'),
    'graduate.not-found': t('没有这个毕业生。', 'No such graduate.'),
  };
  const text = words[error.code];
  return text ? new ApiProblem(error.status, error.code, text, error.errors) : error;
}

/** Staff: compensations in the jurisdiction, filtered by state, a page at a time. */
export function CompensationsPage() {
  const { t, label, yuan, date } = useI18n();
  const [state, setState] = useState<string>();
  const pages = useCursorPages(state ?? '');
  const { data, error, loading } = useLoad(
    () => ok(api.mentoring.GET('/graduate-compensations', { params: { query: { state: state as never, after: pages.cursor, limit: 20 } } })),
    [state, pages.cursor],
  );
  const places = usePlaceNames((data?.items ?? []).map((c) => c.countyCode));
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('学费补偿与贷款代偿', 'Tuition compensation and loan repayment')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('在毕业生档案中为毕业生办理（每名毕业生一次）。', 'Filed from a graduate’s record (one per graduate).')}</Typography.Paragraph>
      <Select
        aria-label={t('按状态筛选', 'Filter by state')}
        allowClear
        placeholder={t('全部状态', 'Every state')}
        value={state}
        onChange={setState}
        style={{ width: 200, marginBottom: 12 }}
        options={Object.keys(COMPENSATION_STATES).map((k) => ({ value: k, label: label(COMPENSATION_STATES, k) }))}
      />
      <Problem error={error} />
      <Table<Compensation>
        rowKey="graduateId"
        loading={loading}
        pagination={false}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('您的辖区内没有学费补偿', 'No compensations in your jurisdiction') }}
        columns={[
          { title: t('毕业生', 'Graduate'), render: (_, c) => <Link to={`/compensations/${c.graduateId}`}>{c.graduateName}</Link> },
          { title: t('户籍县', 'County'), render: (_, c) => <Named names={places} code={c.countyCode} /> },
          { title: t('承诺', 'Commitment'), render: (_, c) => label(COMMITMENTS, c.evidence.commitment) },
          { title: t('状态', 'State'), render: (_, c) => <Tag color="#1f5fbf">{label(COMPENSATION_STATES, c.state)}</Tag> },
          { title: t('当前步骤', 'Step'), render: (_, c) => (c.step ? label(STEPS, c.step) : '—') },
          { title: t('核定金额', 'Granted'), align: 'right', render: (_, c) => yuan(c.totalFen) },
          { title: t('提交日期', 'Filed'), render: (_, c) => date(c.filedAt) },
        ]}
      />
      <Pager page={pages.page} nextCursor={data?.nextCursor} onNext={pages.next} onBack={pages.back} />
    </>
  );
}

/** Staff: one graduate's compensation, or (for a caseworker, when there is none) the form to file it. */
export function CompensationPage({ graduateId }: { graduateId: string }) {
  const { t } = useI18n();
  const caller = useCaller();
  const [round, setRound] = useState(0);
  const loaded = useLoad(async () => {
    const graduate = await ok(api.mentoring.GET('/graduates/{graduateId}', { params: { path: { graduateId } } }));
    const compensation = await ok(api.mentoring.GET('/graduate-compensations/{graduateId}', { params: { path: { graduateId } } })).catch((e: unknown) => {
      if (e instanceof ApiProblem && e.code === 'compensation.not-found') return undefined;
      throw e;
    });
    return { graduate, compensation };
  }, [graduateId, round]);
  const reload = () => setRound((r) => r + 1);
  // An early end is answered at once; the workflow cancels the instalments a moment later.
  const [endReported, setEndReported] = useState(false);
  const state = loaded.data?.compensation?.state;
  const step = loaded.data?.compensation?.step;
  const ending = endReported && !loaded.data?.compensation?.endedEarly;
  const workflowId = loaded.data?.compensation?.workflowId;
  // The open step's casework task (the durable record names the step, casework holds the task): the
  // caller's own first, then their group's. Only roles with an inbox ask (others would be refused).
  const hasInbox = hasRole(caller, 'caseworker', 'approver', 'supervisor');
  const task = useLoad(async () => {
    if (!workflowId || !step || !hasInbox) return undefined;
    for (const view of ['mine', 'group'] as const) {
      const page = await ok(api.casework.GET('/tasks', { params: { query: { view, subjectType: 'application', subjectId: workflowId, limit: 5 } } }));
      const open = page.items.find((x) => x.step === step && (x.status === 'open' || x.status === 'claimed'));
      if (open) return open;
    }
    return undefined;
    // Read again with the record (every 3 s while it moves): the task is made a moment after the step opens.
  }, [workflowId, step, hasInbox, round]);
  // While the workflow moves (the commitment's check, the approvals, an early end), look again every 3 s.
  useEffect(() => {
    if (!state || (!MOVING.includes(state) && !ending)) return;
    const timer = setTimeout(reload, 3000);
    return () => clearTimeout(timer);
  }, [state, step, round, ending]);
  if (!loaded.data) return <Problem error={loaded.error} />;
  const { graduate, compensation } = loaded.data;
  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t(`学费补偿与贷款代偿：${graduate.name}`, `Tuition compensation: ${graduate.name}`)}
        </Typography.Title>
        <Link to={`/graduates/${graduateId}`}>{t('毕业生档案', 'Graduate record')}</Link>
      </Space>
      <Problem error={loaded.error} />
      {compensation ? (
        <>
          {ending ? <Alert role="status" type="info" showIcon title={t('已报告，正在取消未发放的年度……', 'Reported; the unpaid instalments are being cancelled…')} style={{ marginBottom: 16 }} /> : null}
          <CompensationView
            compensation={compensation}
            task={task.data}
            canEnd={hasRole(caller, 'caseworker', 'supervisor')}
            onChanged={() => {
              setEndReported(true);
              reload();
            }}
          />
        </>
      ) : hasRole(caller, 'caseworker') ? (
        <FileCompensation graduateId={graduateId} onFiled={reload} />
      ) : (
        <Typography.Paragraph>{t('该毕业生尚未办理学费补偿。', 'No compensation filed for this graduate.')}</Typography.Paragraph>
      )}
    </>
  );
}

interface Filing {
  commitment: 'enlistment' | 'grassroots-service';
  unitName: string;
  serviceCountyCode: string;
  startDate?: Dayjs;
  committedYears: number;
  proofReference: string;
  tuitionPaidYuan: number;
  loanOutstandingYuan: number;
  studyYears: number;
}

/** Yuan as typed (two decimals at most) to integer fen. */
const fen = (yuan: number | undefined) => Math.round((yuan ?? 0) * 100);

function FileCompensation({ graduateId, onFiled }: { graduateId: string; onFiled: () => void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<Filing>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: Filing) => {
    setError(undefined);
    setBusy(true);
    try {
      await ok(
        api.mentoring.POST('/graduate-compensations', {
          body: {
            graduateId,
            commitment: v.commitment,
            unitName: v.unitName.trim(),
            serviceCountyCode: v.serviceCountyCode,
            startDate: v.startDate?.format('YYYY-MM-DD') ?? '',
            committedYears: v.committedYears,
            proofReference: v.proofReference.trim(),
            tuitionPaidFen: fen(v.tuitionPaidYuan),
            loanOutstandingFen: fen(v.loanOutstandingYuan),
            studyYears: v.studyYears,
          },
        }),
      );
      onFiled();
    } catch (e) {
      // A problem the screen can say in words is said so; other field errors go beside their fields.
      const words = explained(e, t);
      if (words !== e || !showFieldErrors(form, e, { tuitionPaidFen: ['tuitionPaidYuan'], loanOutstandingFen: ['loanOutstandingYuan'] })) setError(words);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={h2(t('办理学费补偿与贷款代偿', 'File a tuition compensation / loan repayment'))}>
      <Typography.Paragraph type="secondary">
        {t('适用于应征入伍或到艰苦边远地区基层单位就业的毕业生。提交后由另一位经办人核实服务承诺，再经审批，按年分期发放。', 'For graduates who enlist or serve at a grassroots unit in a remote county. Another caseworker checks the commitment, then it is approved and paid in yearly instalments.')}
      </Typography.Paragraph>
      <Problem error={error} />
      <Form<Filing>
        form={form}
        layout="vertical"
        initialValues={{ commitment: 'grassroots-service', committedYears: 3, studyYears: 4, tuitionPaidYuan: 0, loanOutstandingYuan: 0 }}
        onFinish={(v) => void submit(v)}
        onValuesChange={() => setError(undefined)}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="commitment" label={t('服务承诺', 'Commitment')} rules={[{ required: true }]}>
              <Select options={Object.keys(COMMITMENTS).map((k) => ({ value: k, label: label(COMMITMENTS, k) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="unitName" label={t('部队或基层单位名称', 'Army unit or grassroots employer')} rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('请填写单位名称（2–200 字）', 'Give the unit’s name (2–200 characters)') }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="serviceCountyCode" label={t('服务所在县代码', 'County served in (code)')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('县代码为 6 位数字', 'A county code is 6 digits') }]}>
              <Input inputMode="numeric" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="startDate" label={t('服务开始日期', 'Service started on')} rules={[{ required: true, message: t('请选择服务开始日期', 'Choose the date the service started') }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="committedYears" label={t('承诺服务年限', 'Years committed')} rules={[{ required: true, type: 'integer', min: 1, max: 10, message: t('1 到 10 年', '1 to 10 years') }]}>
              <InputNumber min={1} max={10} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="proofReference"
              label={t('入伍通知书或劳动合同编号', 'Enlistment notice or contract reference')}
              rules={[{ required: true, pattern: /^[A-Za-z0-9\u4e00-\u9fff()（）/._:-]{3,100}$/, message: t('3–100 个字母、数字或 - _ . / : ( )', '3 to 100 letters, digits or - _ . / : ( )') }]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="tuitionPaidYuan" label={t('实际缴纳学费（元）', 'Tuition paid (yuan)')} rules={[{ required: true, type: 'number', min: 0, max: 1_000_000, message: t('0 到 1,000,000 元', '0 to 1,000,000 yuan') }]}>
              <InputNumber min={0} max={1_000_000} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="loanOutstandingYuan" label={t('国家助学贷款未还本金（元）', 'Student loan outstanding (yuan)')} rules={[{ required: true, type: 'number', min: 0, max: 1_000_000, message: t('0 到 1,000,000 元', '0 to 1,000,000 yuan') }]}>
              <InputNumber min={0} max={1_000_000} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="studyYears" label={t('学习年限', 'Years of study')} rules={[{ required: true, type: 'integer', min: 1, max: 5, message: t('1 到 5 年', '1 to 5 years') }]}>
              <InputNumber min={1} max={5} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('提交', 'File it')}
        </Button>
      </Form>
    </Card>
  );
}

/** State, the step and its task, the evidence, the award lines, the yearly instalments, the early end, the timeline. */
export function CompensationView({ compensation: c, task, canEnd, onChanged }: { compensation: Compensation; task?: OpenTask; canEnd: boolean; onChanged?: () => void }) {
  const { t, label, yuan, date, dateTime } = useI18n();
  // Who is expected to act, as the record says it ("caseworker at county 420102").
  const held = c.heldBy ? /^(\S+) at (\S+) (\d+)$/.exec(c.heldBy) : null;
  const places = usePlaceNames([c.evidence.serviceCountyCode, c.countyCode, held?.[3]]);
  const people = usePeopleNames([c.filedBy, c.endedEarly?.reportedBy, task?.assigneeId, ...c.timeline.map((e) => e.actor)]);
  const taskId = task?.taskId ?? c.taskId;
  const [ending, setEnding] = useState(false);
  // Staff see who did what and the task; the graduate sees their own compensation without them.
  const isStaff = onChanged !== undefined;
  return (
    <>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('状态', 'State')}>
          <Tag color="#1f5fbf" data-testid="compensation-state">
            {label(COMPENSATION_STATES, c.state)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('当前步骤', 'Current step')}>
          <span data-testid="compensation-step">
            {c.step ? label(STEPS, c.step) : '—'}
            {task && isStaff ? (
              <>
                {' · '}
                {label(TASK_KINDS, task.kind)} · {task.assigneeId ? <Person names={people} id={task.assigneeId} /> : t('待领取', 'unclaimed')}
              </>
            ) : null}
            {taskId && isStaff ? (
              <>
                {' · '}
                <Link to={`/tasks/${taskId}`}>{t('查看任务', 'Open the task')}</Link>
              </>
            ) : null}
          </span>
        </Descriptions.Item>
        {c.heldBy && isStaff ? (
          <Descriptions.Item label={t('待办理', 'Waiting for')}>
            <span data-testid="compensation-held-by">
              {held ? (
                <>
                  {label(ROLES, held[1])} · {label(LEVELS, held[2])} <Named names={places} code={held[3]} />
                </>
              ) : (
                c.heldBy
              )}
            </span>
          </Descriptions.Item>
        ) : null}
        {c.dueAt ? <Descriptions.Item label={t('办理期限', 'Due')}>{dateTime(c.dueAt)}</Descriptions.Item> : null}
        <Descriptions.Item label={t('核定总额', 'Granted in all')}>
          <span data-testid="compensation-total">{yuan(c.totalFen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('服务承诺', 'Commitment')}>
          {label(COMMITMENTS, c.evidence.commitment)} · {c.evidence.unitName}
        </Descriptions.Item>
        <Descriptions.Item label={t('服务所在县', 'County served in')}>
          <span data-testid="compensation-service-county">
            <Named names={places} code={c.evidence.serviceCountyCode} />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('服务开始 / 年限', 'Started / years')}>
          {date(c.evidence.startDate)} / {t(`${c.evidence.committedYears} 年`, `${c.evidence.committedYears} years`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('证明编号', 'Proof reference')}>{c.evidence.proofReference}</Descriptions.Item>
        <Descriptions.Item label={t('学费 / 贷款 / 学习年限', 'Tuition / loan / years of study')}>
          {yuan(c.tuitionPaidFen)} / {yuan(c.loanOutstandingFen)} / {t(`${c.studyYears} 年`, `${c.studyYears} years`)}
        </Descriptions.Item>
        {isStaff ? (
          <Descriptions.Item label={t('经办人 / 提交时间', 'Filed by / at')}>
            <Person names={people} id={c.filedBy} /> · {dateTime(c.filedAt)}
          </Descriptions.Item>
        ) : null}
        {c.reasonCodes.length > 0 ? (
          <Descriptions.Item label={t('原因', 'Reasons')} span={2}>
            <Reasons reasons={c.reasonCodes} />
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {c.endedEarly ? (
        <Alert
          role="status"
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t(`服务于 ${date(c.endedEarly.endedOn)} 提前终止，已取消 ${c.endedEarly.cancelled} 个未发放年度`, `The commitment ended on ${date(c.endedEarly.endedOn)}; ${c.endedEarly.cancelled} unpaid instalment(s) cancelled`)}
          description={
            <>
              {c.endedEarly.reason}
              {isStaff ? (
                <>
                  {' · '}
                  <Person names={people} id={c.endedEarly.reportedBy} />
                </>
              ) : null}
            </>
          }
        />
      ) : null}
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title={h2(t('分年发放', 'Yearly instalments'))} style={{ marginBottom: 16 }}>
            <Table
              size="small"
              rowKey={(i) => `${i.scheme}:${i.semester}`}
              pagination={false}
              // Staff screens scroll a wide table; on the graduate's phone the cells wrap instead (a
              // scrolling region there would need its own keyboard focus).
              scroll={isStaff ? { x: 'max-content' } : undefined}
              dataSource={c.instalments}
              locale={{ emptyText: t('批准后按年安排发放', 'Planned year by year once approved') }}
              columns={[
                { title: t('第几年', 'Year'), dataIndex: 'year' },
                { title: t('发放学期', 'Paid in term'), dataIndex: 'semester' },
                { title: t('项目', 'Scheme'), render: (_, i) => <SchemeName scheme={i.scheme} /> },
                { title: t('金额', 'Amount'), align: 'right', render: (_, i) => yuan(i.amountFen) },
                { title: t('状态', 'Status'), render: (_, i) => <Tag color={i.status === 'cancelled' ? '#a83a0c' : undefined}>{label(INSTALMENT_STATES, i.status)}</Tag> },
              ]}
            />
            {c.lines.length > 0 ? (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {c.lines.map((l) => (
                  <span key={l.scheme} style={{ marginRight: 12 }}>
                    <SchemeName scheme={l.scheme} />：{t(`申报 ${yuan(l.claimedFen)}，上限 ${yuan(l.capFen)}，核定 ${yuan(l.amountFen)}`, `claimed ${yuan(l.claimedFen)}, cap ${yuan(l.capFen)}, granted ${yuan(l.amountFen)}`)}
                  </span>
                ))}
              </Typography.Paragraph>
            ) : null}
          </Card>
          {isStaff && canEnd && ['verifying', 'in-review', 'approved'].includes(c.state) && !c.endedEarly ? (
            <Button danger onClick={() => setEnding(true)} style={{ marginBottom: 16 }}>
              {t('报告服务提前终止', 'Report an early end of the commitment')}
            </Button>
          ) : null}
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={h2(t('办理记录', 'Timeline'))}>
            <Timeline
              items={c.timeline.map((e) => ({
                content: (
                  <div>
                    <strong>{label(TIMELINE_STEPS, e.step)}</strong> · {label(TIMELINE_ACTIONS, e.action)}
                    {e.actor !== 'system' && isStaff ? (
                      <>
                        {' · '}
                        <Person names={people} id={e.actor} />
                      </>
                    ) : null}{' '}
                    · {dateTime(e.at)}
                    {/* The workflow's own notes are in English and say what the fields above say; a person's words are shown. */}
                    {e.comment && e.actor !== 'system' && e.step !== 'filing' ? <div style={{ whiteSpace: 'pre-wrap' }}>“{e.comment}”</div> : null}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      {ending && onChanged ? (
        <EndCommitment
          graduateId={c.graduateId}
          onClose={() => setEnding(false)}
          onSent={() => {
            setEnding(false);
            onChanged();
          }}
        />
      ) : null}
    </>
  );
}

function EndCommitment({ graduateId, onClose, onSent }: { graduateId: string; onClose: () => void; onSent: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ endedOn?: Dayjs; reason: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { endedOn?: Dayjs; reason: string }) => {
    setError(undefined);
    setBusy(true);
    try {
      await ok(api.mentoring.POST('/graduate-compensations/{graduateId}/commitment-end', { params: { path: { graduateId } }, body: { endedOn: v.endedOn?.format('YYYY-MM-DD') ?? '', reason: v.reason.trim() } }));
      onSent();
    } catch (e) {
      const words = explained(e, t);
      if (words !== e || !showFieldErrors(form, e)) setError(words);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('报告服务提前终止', 'Report an early end of the commitment')} onCancel={onClose} footer={null} destroyOnHidden>
      <Typography.Paragraph>{t('尚未发放的年度将被取消，已发放的保留。', 'Instalments not yet paid are cancelled; those paid stay.')}</Typography.Paragraph>
      <Problem error={error} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="endedOn" label={t('终止日期', 'Ended on')} rules={[{ required: true, message: t('请选择终止日期', 'Choose the date it ended') }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('终止原因', 'Why it ended')} rules={[{ required: true, whitespace: true, min: 5, max: 500, message: t('请说明原因（5–500 字）', 'Say why (5–500 characters)') }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Space>
          <Button type="primary" danger htmlType="submit" loading={busy}>
            {t('确认终止', 'Record the early end')}
          </Button>
          <Button onClick={onClose}>{t('取消', 'Cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

/** The graduate's own compensation on their page; nothing when none is filed. */
export function MyCompensation() {
  const { t } = useI18n();
  const { data, error } = useLoad(
    () =>
      ok(api.mentoring.GET('/my-compensation')).catch((e: unknown) => {
        if (e instanceof ApiProblem && e.code === 'compensation.not-found') return null;
        throw e;
      }),
    [],
  );
  if (error) return <Problem error={error} />;
  if (!data) return null;
  return (
    <Card size="small" title={h2(t('我的学费补偿与贷款代偿', 'My tuition compensation'))} style={{ marginBottom: 12 }} data-testid="my-compensation">
      <CompensationView compensation={data} canEnd={false} />
    </Card>
  );
}

/** A graduate record's link: their compensation, or (for a caseworker) the form to file one. */
export function CompensationLink({ graduateId }: { graduateId: string }) {
  const { t } = useI18n();
  return (
    <Button onClick={() => navigate(`/compensations/${graduateId}`)}>{t('学费补偿与贷款代偿', 'Tuition compensation')}</Button>
  );
}

/** What a compensation task carries (the workflow's taskData): the evidence and the award to decide on. */
interface CompensationTaskData {
  graduateId?: string;
  evidence?: { commitment?: string; unitName?: string; serviceCountyCode?: string; startDate?: string; committedYears?: number; proofReference?: string };
  tuitionPaidFen?: number;
  loanOutstandingFen?: number;
  studyYears?: number;
  policyVersion?: string;
  lines?: { scheme: string; ruleId: string; claimedFen: number; capFen: number; amountFen: number }[];
  totalFen?: number;
}

/**
 * On a compensation task (verify the commitment, approve the award): what was claimed, the evidence
 * to check, and each award line (claimed, cap, granted) in yuan, so the decider needs no other screen.
 */
export function CompensationTaskPanel({ data }: { data: Record<string, unknown> }) {
  const { t, label, yuan, date } = useI18n();
  const d = data as CompensationTaskData;
  const e = d.evidence ?? {};
  const places = usePlaceNames([e.serviceCountyCode]);
  return (
    <Card
      size="small"
      title={t('学费补偿与贷款代偿：申报与证明', 'Tuition compensation: the claim and its evidence')}
      style={{ marginBottom: 16 }}
      extra={d.graduateId ? <Link to={`/compensations/${d.graduateId}`}>{t('补偿详情', 'Compensation')}</Link> : undefined}
      data-testid="compensation-task-evidence"
    >
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('服务承诺', 'Commitment')}>
          {label(COMMITMENTS, e.commitment)} · {e.unitName ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('服务所在县', 'County served in')}>
          <Named names={places} code={e.serviceCountyCode} />
        </Descriptions.Item>
        <Descriptions.Item label={t('服务开始 / 承诺年限', 'Started / years committed')}>
          {date(e.startDate)} / {e.committedYears !== undefined ? t(`${e.committedYears} 年`, `${e.committedYears} years`) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('证明编号', 'Proof reference')}>{e.proofReference ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('已缴学费', 'Tuition paid')}>{yuan(d.tuitionPaidFen)}</Descriptions.Item>
        <Descriptions.Item label={t('未还助学贷款', 'Loan outstanding')}>{yuan(d.loanOutstandingFen)}</Descriptions.Item>
        <Descriptions.Item label={t('学习年限', 'Years of study')}>{d.studyYears !== undefined ? t(`${d.studyYears} 年`, `${d.studyYears} years`) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('核定总额', 'Granted in all')}>
          <strong>{yuan(d.totalFen)}</strong>
          {d.policyVersion ? <Typography.Text type="secondary">{` · ${t('标准', 'standards')} ${d.policyVersion}`}</Typography.Text> : null}
        </Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        rowKey={(l) => l.ruleId}
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={d.lines ?? []}
        locale={{ emptyText: t('没有可补偿的项目', 'Nothing to compensate') }}
        columns={[
          { title: t('项目', 'Scheme'), render: (_, l) => <SchemeName scheme={l.scheme} /> },
          { title: t('申报金额', 'Claimed'), align: 'right', render: (_, l) => yuan(l.claimedFen) },
          { title: t('上限', 'Cap'), align: 'right', render: (_, l) => yuan(l.capFen) },
          { title: t('核定金额', 'Granted'), align: 'right', render: (_, l) => yuan(l.amountFen) },
        ]}
      />
    </Card>
  );
}
