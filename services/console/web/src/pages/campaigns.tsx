// The annual campaign (年度资助名单): a programme admin opens it for a year and a scope and watches it;
// school caseworkers review their school's list, county approvers the county's (exceptions with a
// reason); the report with its chart and CSV; each student's campaign timeline on their record.
import { Alert, Button, Card, Col, Descriptions, Form, Input, Modal, Progress, Row, Select, Space, Spin, Table, Tag, Timeline, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { api, download, ok, type StudentsSchemas } from '../api/client';
import { LEVELS, STAGES, useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { hasRole, Problem, showFieldErrors, useCaller, useLoad } from '../shared';
import { Named, Person, usePeopleNames, usePlaceNames } from '../names';
import { DISBURSEMENTS, FUNDS, Reasons, SchemeName } from './aid-parts';
import { currentAcademicYear } from './applications';
import { BarChart } from './charts';
import { Pager, useCursorPages } from './paging';

type Campaign = StudentsSchemas['CampaignDto'];
type Result = StudentsSchemas['CampaignResultDto'];
type Report = StudentsSchemas['CampaignReportDto'];
type ListRow = StudentsSchemas['CampaignListDto'];
type ScopeLevel = StudentsSchemas['StartCampaignDto']['scopeLevel'];
type ExclusionReason = StudentsSchemas['ExcludeStudentDto']['reason'];
type ResultStatus = NonNullable<StudentsSchemas['CampaignResultDto']['status']>;

export const CAMPAIGN_STATES: Record<string, [string, string]> = {
  assessing: ['资格评估中', 'Assessing'],
  reviewing: ['名单审核中', 'Reviewing'],
  completed: ['已完成', 'Completed'],
};
export const RESULT_STATUSES: Record<string, [string, string]> = {
  ineligible: ['不符合条件', 'Ineligible'],
  listed: ['已列入名单', 'Listed'],
  confirmed: ['学校已确认', 'Confirmed by school'],
  approved: ['县级已批准', 'Approved'],
  planned: ['已安排发放', 'Planned'],
  'already-planned': ['已由个人申请安排', 'Already planned'],
  excluded: ['已移出名单', 'Excluded'],
};
export const EXCLUSION_REASONS: Record<string, [string, string]> = {
  'left-school': ['已离校', 'Left school'],
  'wrong-stage': ['学段不符', 'Wrong stage'],
  'not-boarding': ['非寄宿', 'Not boarding'],
  duplicate: ['重复', 'Duplicate'],
  other: ['其他（须说明）', 'Other (with a note)'],
  'list-rejected': ['名单被驳回', 'List rejected'],
  'sign-off-refused': ['市级复核未通过', 'Sign-off refused'],
};
const TIMELINE_ACTIONS: Record<string, [string, string]> = {
  confirmed: ['学校确认', 'Confirmed by school'],
  approved: ['县级批准', 'Approved by county'],
  excluded: ['移出名单', 'Excluded'],
  planned: ['已安排发放', 'Planned'],
  'already-planned': ['已由个人申请安排', 'Already planned'],
};
const BASES: Record<string, [string, string]> = {
  eligible: ['符合条件', 'Eligible'],
  approved: ['已批准', 'Approved'],
  planned: ['已安排发放', 'Planned'],
};
const SCOPE_DIGITS: Record<ScopeLevel, number> = { province: 2, prefecture: 4, county: 6 };

function StateTag({ state }: { state: string }) {
  const { label } = useI18n();
  return (
    <Tag color={state === 'completed' ? '#2e7d32' : '#1f5fbf'} data-testid="campaign-state">
      {label(CAMPAIGN_STATES, state)}
    </Tag>
  );
}

/** Campaigns overlapping the caller's jurisdiction; programme admins open one here. */
export function CampaignsPage() {
  const { t, label, dateTime } = useI18n();
  const caller = useCaller();
  const [year, setYear] = useState<string>();
  const campaigns = useLoad(() => ok(api.students.GET('/campaigns', { params: { query: year ? { academicYear: year } : {} } })), [year]);
  const places = usePlaceNames((campaigns.data ?? []).map((c) => c.scopeCode));
  const people = usePeopleNames((campaigns.data ?? []).map((c) => c.startedBy));
  return (
    <>
      <Typography.Title level={2}>{t('年度资助名单', 'Annual campaigns')}</Typography.Title>
      {hasRole(caller, 'programme-admin') && <OpenCampaign />}
      <Form layout="inline" style={{ marginBottom: 16 }} onFinish={(v: { year?: string }) => setYear(v.year || undefined)}>
        <Form.Item name="year" label={t('学年', 'Academic year')} rules={[{ pattern: /^\d{4}-\d{4}$/, message: t('格式如 2026-2027', 'Like 2026-2027') }]}>
          <Input style={{ width: 140 }} allowClear />
        </Form.Item>
        <Button htmlType="submit">{t('查询', 'Search')}</Button>
      </Form>
      <Problem error={campaigns.error} />
      <Table<Campaign>
        rowKey="campaignId"
        loading={campaigns.loading}
        dataSource={campaigns.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        locale={{ emptyText: t('您的辖区内还没有年度资助名单', 'No campaign covers your jurisdiction yet') }}
        columns={[
          { title: t('学年', 'Year'), render: (_, c) => <Link to={`/campaigns/${c.campaignId}`}>{c.academicYear}</Link> },
          {
            title: t('范围', 'Scope'),
            render: (_, c) => (
              <span>
                {label(LEVELS, c.scopeLevel)} <Named names={places} code={c.scopeCode} />
              </span>
            ),
          },
          { title: t('状态', 'State'), render: (_, c) => <StateTag state={c.state} /> },
          { title: t('已评估', 'Assessed'), align: 'right', render: (_, c) => c.assessed.toLocaleString() },
          { title: t('符合条件', 'Eligible'), align: 'right', render: (_, c) => c.eligible.toLocaleString() },
          { title: t('学校名单（已审/共）', 'School lists (decided/all)'), render: (_, c) => `${c.lists.schoolDecided} / ${c.lists.schoolDecided + c.lists.schoolOpen}` },
          { title: t('开启人', 'Opened by'), render: (_, c) => <Person names={people} id={c.startedBy} /> },
          { title: t('开启时间', 'Opened'), render: (_, c) => dateTime(c.startedAt) },
        ]}
      />
    </>
  );
}

function OpenCampaign() {
  const { t, label } = useI18n();
  const caller = useCaller();
  const [form] = Form.useForm<{ academicYear: string; scopeLevel: ScopeLevel; scopeCode: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const level = Form.useWatch('scopeLevel', form) ?? 'county';
  const submit = async (v: { academicYear: string; scopeLevel: ScopeLevel; scopeCode: string }) => {
    setError(undefined);
    setBusy(true);
    try {
      const ack = await ok(api.students.POST('/campaigns', { body: { academicYear: v.academicYear.trim(), scopeLevel: v.scopeLevel, scopeCode: v.scopeCode.trim() } as StudentsSchemas['StartCampaignDto'] }));
      void message.success(t('年度资助名单已开启', 'Campaign opened'));
      navigate(`/campaigns/${ack.campaignId}`);
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(e);
    } finally {
      setBusy(false);
    }
  };
  const levels: ScopeLevel[] = ['province', 'prefecture', 'county'];
  return (
    <Card size="small" title={t('开启年度资助名单', 'Open a campaign')} style={{ marginBottom: 16, maxWidth: 720 }}>
      <Typography.Paragraph type="secondary">
        {t(
          '按资助标准评估范围内当学年在读的每名学生，生成各校名单，由学校核对、县级审批后批量安排发放。每个学年、每个范围只能开启一次。',
          'Every student enrolled for the year in the scope is assessed by the aid standards; each school reviews its list, the county approves, and the approved students are planned for payment in bulk. A year and scope has one campaign.',
        )}
      </Typography.Paragraph>
      <Problem error={error} />
      <Form
        form={form}
        layout="inline"
        style={{ rowGap: 8 }}
        initialValues={{ academicYear: currentAcademicYear(), scopeLevel: 'county', scopeCode: caller.scope.level === 'county' ? caller.scope.code : '' }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="academicYear" label={t('学年', 'Academic year')} rules={[{ required: true, message: t('请输入学年', 'Enter the academic year') }, { pattern: /^\d{4}-\d{4}$/, message: t('格式如 2026-2027', 'Like 2026-2027') }]}>
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="scopeLevel" label={t('范围层级', 'Scope level')} rules={[{ required: true }]}>
          <Select style={{ width: 120 }} options={levels.map((l) => ({ value: l, label: label(LEVELS, l) }))} />
        </Form.Item>
        <Form.Item
          name="scopeCode"
          label={t('区划代码', 'Division code')}
          dependencies={['scopeLevel']}
          rules={[
            { required: true, message: t('请输入区划代码', 'Enter the division code') },
            {
              pattern: new RegExp(`^\\d{${SCOPE_DIGITS[level]}}$`),
              message: t(`${label(LEVELS, level)}代码为 ${SCOPE_DIGITS[level]} 位数字`, `A ${level} code is ${SCOPE_DIGITS[level]} digits`),
            },
          ]}
        >
          <Input style={{ width: 120 }} inputMode="numeric" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('开启', 'Open')}
        </Button>
      </Form>
    </Card>
  );
}

/** One campaign: progress while it runs (every 3 s), counties, lists, students, the report. */
export function CampaignPage({ campaignId }: { campaignId: string }) {
  const { t, label, dateTime } = useI18n();
  const loaded = useLoad(async () => {
    const [campaign, lists] = await Promise.all([
      ok(api.students.GET('/campaigns/{campaignId}', { params: { path: { campaignId } } })),
      ok(api.students.GET('/campaigns/{campaignId}/lists', { params: { path: { campaignId }, query: {} } })),
    ]);
    return { campaign, lists: lists.lists };
  }, [campaignId]);
  const running = loaded.data && loaded.data.campaign.state !== 'completed';
  const places = usePlaceNames([loaded.data?.campaign.scopeCode, ...(loaded.data?.campaign.counties ?? []).map((x) => x.countyCode), ...(loaded.data?.lists ?? []).map((l) => l.code)]);
  const people = usePeopleNames([loaded.data?.campaign.startedBy, ...(loaded.data?.lists ?? []).map((l) => l.decidedBy)]);
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(loaded.reload, 3000);
    return () => clearTimeout(timer);
  }, [running, loaded.data]);
  if (loaded.loading && !loaded.data) return <Spin />;
  if (!loaded.data) return <Problem error={loaded.error} />;
  const { campaign: c, lists } = loaded.data;
  const all = c.lists.schoolOpen + c.lists.schoolDecided + c.lists.countyOpen + c.lists.countyDecided + c.lists.signOffOpen + c.lists.signOffDecided;
  const decided = c.lists.schoolDecided + c.lists.countyDecided + c.lists.signOffDecided;
  return (
    <>
      <Typography.Title level={2}>
        {t('年度资助名单：', 'Campaign: ')}
        {c.academicYear} · {label(LEVELS, c.scopeLevel)} <Named names={places} code={c.scopeCode} />
      </Typography.Title>
      <Space style={{ marginBottom: 12 }} wrap>
        <Link to="/campaigns">{t('全部年度资助名单', 'All campaigns')}</Link>
        <StateTag state={c.state} />
      </Space>
      <Card size="small" title={t('进度', 'Progress')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Typography.Text>{t('名单审核进度', 'Lists decided')}</Typography.Text>
            <Progress percent={c.state === 'completed' ? 100 : all ? Math.round((decided / all) * 100) : 0} aria-label={t('名单审核进度', 'Lists decided')} />
          </Col>
        </Row>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
          <Descriptions.Item label={t('已评估学生', 'Students assessed')}>{c.assessed.toLocaleString()}</Descriptions.Item>
          <Descriptions.Item label={t('符合条件', 'Eligible')}>{c.eligible.toLocaleString()}</Descriptions.Item>
          <Descriptions.Item label={t('学校名单', 'School lists')}>{t(`已审 ${c.lists.schoolDecided}，待审 ${c.lists.schoolOpen}`, `${c.lists.schoolDecided} decided, ${c.lists.schoolOpen} open`)}</Descriptions.Item>
          <Descriptions.Item label={t('县级审批', 'County approvals')}>{t(`已审 ${c.lists.countyDecided}，待审 ${c.lists.countyOpen}`, `${c.lists.countyDecided} decided, ${c.lists.countyOpen} open`)}</Descriptions.Item>
          <Descriptions.Item label={t('市级复核', 'Sign-offs')}>{t(`已审 ${c.lists.signOffDecided}，待审 ${c.lists.signOffOpen}`, `${c.lists.signOffDecided} decided, ${c.lists.signOffOpen} open`)}</Descriptions.Item>
          <Descriptions.Item label={t('开启', 'Opened')}>
            {dateTime(c.startedAt)} · <Person names={people} id={c.startedBy} />
          </Descriptions.Item>
          <Descriptions.Item label={t('评估完成', 'Assessed at')}>{dateTime(c.assessedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('结束', 'Finished')}>{dateTime(c.finishedAt)}</Descriptions.Item>
        </Descriptions>
        <Table
          size="small"
          rowKey="countyCode"
          dataSource={c.counties}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: true }}
          columns={[
            { title: t('区县', 'County'), render: (_, x) => <Named names={places} code={x.countyCode} /> },
            { title: t('已评估', 'Assessed'), dataIndex: 'assessed' },
            { title: t('符合条件', 'Eligible'), dataIndex: 'eligible' },
            { title: t('待学校确认', 'Listed'), dataIndex: 'listed' },
            { title: t('待县级审批', 'Confirmed'), dataIndex: 'confirmed' },
            { title: t('已批准待安排', 'Approved'), dataIndex: 'approved' },
            { title: t('已安排发放', 'Planned'), dataIndex: 'planned' },
            { title: t('此前已安排', 'Already planned'), dataIndex: 'alreadyPlanned' },
            { title: t('已移出', 'Excluded'), dataIndex: 'excluded' },
          ]}
        />
      </Card>
      <Card size="small" title={t('名单与审批', 'Lists and approvals')} style={{ marginBottom: 16 }}>
        <ListsTable lists={lists} places={places} people={people} />
      </Card>
      <Card size="small" title={t('学生', 'Students')} style={{ marginBottom: 16 }}>
        <CampaignStudents campaign={c} version={`${c.state}:${c.assessed}:${decided}`} />
      </Card>
      {c.state !== 'assessing' && <CampaignReport campaignId={c.campaignId} round={c.state} />}
    </>
  );
}

function ListsTable({ lists, places, people }: { lists: ListRow[]; places: Map<string, string>; people: Map<string, string> }) {
  const { t, label, dateTime } = useI18n();
  return (
    <Table<ListRow>
      size="small"
      rowKey={(l) => `${l.level}:${l.code}`}
      dataSource={lists}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: true }}
      locale={{ emptyText: t('尚无名单', 'No lists yet') }}
      columns={[
        { title: t('层级', 'Level'), render: (_, l) => label(LEVELS, l.level) },
        { title: t('学校或区划', 'School or division'), render: (_, l) => <Named names={places} code={l.code} /> },
        { title: t('状态', 'State'), render: (_, l) => (l.state === 'open' ? <Tag color="#a65300">{t('待审核', 'Open')}</Tag> : <Tag color="#2e7d32">{t('已决定', 'Decided')}</Tag>) },
        { title: t('决定', 'Decision'), render: (_, l) => (l.decision === 'approve' ? t('通过', 'Approved') : l.decision === 'reject' ? t('驳回', 'Rejected') : '—') },
        { title: t('决定人', 'Decided by'), render: (_, l) => <Person names={people} id={l.decidedBy} /> },
        { title: t('时间', 'When'), render: (_, l) => dateTime(l.decidedAt) },
        { title: t('保留', 'Kept'), render: (_, l) => l.kept ?? '—' },
        { title: t('移出', 'Excluded'), render: (_, l) => l.excluded ?? '—' },
        { title: t('意见', 'Comment'), render: (_, l) => l.comment ?? '' },
      ]}
    />
  );
}

/**
 * Per-student results, a page at a time; with `review`, the reviewer of an open list takes students
 * off it with a reason (the API refuses anyone else, and a list that is not open).
 */
export function CampaignStudents({
  campaign,
  schoolCode,
  countyCode,
  review,
  version,
  onChanged,
}: {
  campaign: Pick<Campaign, 'campaignId'>;
  schoolCode?: string;
  countyCode?: string;
  review?: boolean;
  /** Changes when the campaign moves on (a new page of results is read then). */
  version?: string;
  onChanged?: () => void;
}) {
  const { t, label, yuan } = useI18n();
  const [status, setStatus] = useState<ResultStatus | undefined>(review ? (schoolCode ? 'listed' : 'confirmed') : undefined);
  const [school, setSchool] = useState<string | undefined>(schoolCode);
  const [round, setRound] = useState(0);
  const pages = useCursorPages(`${status ?? ''}:${school ?? ''}:${round}`);
  const results = useLoad(
    () => ok(api.students.GET('/campaigns/{campaignId}/students', { params: { path: { campaignId: campaign.campaignId }, query: { status, schoolCode: school, countyCode, after: pages.cursor, limit: 20 } } })),
    [campaign.campaignId, status, school, countyCode, pages.cursor, round, version],
  );
  const places = usePlaceNames((results.data?.items ?? []).map((r) => r.schoolCode));
  const [excluding, setExcluding] = useState<Result>();
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<ResultStatus>
          aria-label={t('按状态筛选', 'Filter by status')}
          allowClear
          placeholder={t('全部状态', 'Every status')}
          style={{ width: 200 }}
          value={status}
          onChange={setStatus}
          options={Object.keys(RESULT_STATUSES).map((s) => ({ value: s as ResultStatus, label: label(RESULT_STATUSES, s) }))}
        />
        {!schoolCode && (
          <Input.Search
            aria-label={t('学校代码', 'School code')}
            placeholder={t('学校代码（10 位）', 'School code (10 digits)')}
            allowClear
            style={{ width: 240 }}
            enterButton={t('筛选', 'Filter')}
            onSearch={(v) => setSchool(/^\d{10}$/.test(v.trim()) ? v.trim() : undefined)}
          />
        )}
      </Space>
      <Problem error={results.error} />
      <Table<Result>
        size="small"
        rowKey="studentId"
        loading={results.loading}
        dataSource={results.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('没有符合条件的学生', 'No students match') }}
        columns={[
          { title: t('姓名', 'Name'), render: (_, r) => <Link to={`/students/${r.studentId}`}>{r.name ?? `${r.studentId.slice(0, 8)}…`}</Link> },
          { title: t('身份证号', 'National ID'), render: (_, r) => r.nationalIdMasked ?? '—' },
          { title: t('学校', 'School'), dataIndex: 'schoolCode', render: (code: string) => <Named names={places} code={code} /> },
          { title: t('学段年级', 'Stage, grade'), render: (_, r) => `${label(STAGES, r.stage)} ${r.grade}` },
          {
            title: t('资助项目', 'Schemes'),
            render: (_, r) =>
              r.eligible ? (
                <Space orientation="vertical" size={0}>
                  {r.lines.map((l) => (
                    <span key={l.ruleId}>
                      <SchemeName scheme={l.scheme} /> {yuan(l.amountFen)}
                    </span>
                  ))}
                </Space>
              ) : (
                <Reasons reasons={r.reasonCodes} secondary />
              ),
          },
          { title: t('年度合计', 'Year total'), align: 'right', render: (_, r) => (r.eligible ? yuan(r.totalFen) : '—') },
          {
            title: t('状态', 'Status'),
            render: (_, r) => (
              <span>
                <Tag color={r.status === 'excluded' ? '#a83a0c' : r.status === 'ineligible' ? undefined : '#1f5fbf'}>{label(RESULT_STATUSES, r.status)}</Tag>
                {r.exclusionReason && `${label(EXCLUSION_REASONS, r.exclusionReason)}${r.exclusionNote ? `：${r.exclusionNote}` : ''}`}
              </span>
            ),
          },
          ...(review
            ? [
                {
                  title: t('操作', 'Actions'),
                  render: (_: unknown, r: Result) =>
                    (schoolCode ? r.status === 'listed' : r.status === 'confirmed') ? (
                      <Button size="small" danger onClick={() => setExcluding(r)} aria-label={t(`将 ${r.name ?? r.studentId} 移出名单`, `Take ${r.name ?? r.studentId} off the list`)}>
                        {t('移出名单', 'Exclude')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <Pager page={pages.page} nextCursor={results.data?.nextCursor} onNext={pages.next} onBack={pages.back} />
      <ExcludeDialog
        campaignId={campaign.campaignId}
        student={excluding}
        onClose={() => setExcluding(undefined)}
        onDone={() => {
          setExcluding(undefined);
          setRound((r) => r + 1);
          onChanged?.();
        }}
      />
    </>
  );
}

function ExcludeDialog({ campaignId, student, onClose, onDone }: { campaignId: string; student?: Result; onClose: () => void; onDone: () => void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<{ reason: ExclusionReason; note?: string }>();
  const [error, setError] = useState<unknown>();
  const reason = Form.useWatch('reason', form);
  const submit = async () => {
    if (!student) return;
    setError(undefined);
    try {
      const v = await form.validateFields();
      const note = v.note?.trim();
      await ok(api.students.POST('/campaigns/{campaignId}/exclusions', { params: { path: { campaignId } }, body: { studentId: student.studentId, reason: v.reason, ...(note ? { note } : {}) } }));
      void message.success(t('已移出名单', 'Taken off the list'));
      form.resetFields();
      onDone();
    } catch (e) {
      if ((e as { errorFields?: unknown }).errorFields) return;
      if (!showFieldErrors(form, e)) setError(e);
    }
  };
  const reasons: ExclusionReason[] = ['left-school', 'wrong-stage', 'not-boarding', 'duplicate', 'other'];
  return (
    <Modal
      open={student !== undefined}
      title={t(`将 ${student?.name ?? ''} 移出名单`, `Take ${student?.name ?? 'the student'} off the list`)}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('移出', 'Exclude')}
      cancelText={t('取消', 'Cancel')}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('移出的学生不再随名单批量发放，如仍需资助请走个人申请。', 'An excluded student is no longer paid with the list; aid then goes through an individual application.')}</Typography.Paragraph>
      <Problem error={error} />
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('移出原因', 'Reason')} rules={[{ required: true, message: t('请选择原因', 'Choose a reason') }]}>
          <Select options={reasons.map((r) => ({ value: r, label: label(EXCLUSION_REASONS, r) }))} />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('说明', 'Note')}
          rules={[
            { required: reason === 'other', whitespace: true, message: t('原因为“其他”时须说明', 'A note is needed with “other”') },
            { min: 3, message: t('说明至少 3 个字符', 'At least 3 characters') },
            { max: 500 },
          ]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The report: figures, a chart, exclusions by reason, amounts by scheme and fund (yuan), CSV. */
export function CampaignReport({ campaignId, round }: { campaignId: string; round?: string }) {
  const { t, label, yuan } = useI18n();
  const report = useLoad(() => ok(api.students.GET('/campaigns/{campaignId}/report', { params: { path: { campaignId }, query: {} } })), [campaignId, round]);
  const [basis, setBasis] = useState<string>('planned');
  const [error, setError] = useState<unknown>();
  const places = usePlaceNames([...(report.data?.amounts ?? []).map((a) => a.countyCode), ...(report.data?.counties ?? []).map((x) => x.countyCode)]);
  if (!report.data) return <Problem error={report.error} />;
  const r: Report = report.data;
  const s = r.totals;
  const amounts = r.amounts.filter((a) => a.basis === basis);
  const byReason = Object.entries(s.excludedByReason as Record<string, number>);
  const csv = () => void download(`/api/students/campaigns/${r.campaignId}/report?format=csv`, `campaign-${r.academicYear}-${r.scopeCode}.csv`).catch(setError);
  return (
    <Card size="small" title={t('名单报告', 'Campaign report')} extra={<Button onClick={csv}>{t('导出 CSV', 'Export CSV')}</Button>} style={{ marginBottom: 16 }}>
      <Problem error={error} />
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} data-testid="campaign-report-totals">
        <Descriptions.Item label={t('已评估', 'Assessed')}><span data-testid="report-assessed">{s.assessed.toLocaleString()}</span></Descriptions.Item>
        <Descriptions.Item label={t('符合条件', 'Eligible')}><span data-testid="report-eligible">{s.eligible.toLocaleString()}</span></Descriptions.Item>
        <Descriptions.Item label={t('列入名单', 'Listed')}><span data-testid="report-listed">{s.listed.toLocaleString()}</span></Descriptions.Item>
        <Descriptions.Item label={t('已批准', 'Approved')}><span data-testid="report-approved">{s.approved.toLocaleString()}</span></Descriptions.Item>
        <Descriptions.Item label={t('已安排发放', 'Planned')}><span data-testid="report-planned">{s.planned.toLocaleString()}</span></Descriptions.Item>
        <Descriptions.Item label={t('此前已安排', 'Already planned')}><span data-testid="report-alreadyPlanned">{s.alreadyPlanned.toLocaleString()}</span></Descriptions.Item>
        <Descriptions.Item label={t('已移出', 'Excluded')}><span data-testid="report-excluded">{s.excluded.toLocaleString()}</span></Descriptions.Item>
      </Descriptions>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <BarChart
            label={t('名单各环节人数', 'Students at each stage of the lists')}
            bars={[
              { key: 'eligible', label: t('符合条件', 'Eligible'), value: s.eligible },
              { key: 'listed', label: t('列入名单', 'Listed'), value: s.listed },
              { key: 'approved', label: t('已批准', 'Approved'), value: s.approved },
              { key: 'planned', label: t('已安排发放', 'Planned'), value: s.planned },
              { key: 'excluded', label: t('已移出', 'Excluded'), value: s.excluded },
            ]}
          />
        </Col>
        <Col xs={24} lg={10}>
          <Typography.Title level={3} style={{ fontSize: 16 }}>
            {t('移出原因', 'Exclusions by reason')}
          </Typography.Title>
          {byReason.length === 0 ? (
            <Typography.Text type="secondary">{t('无', 'None')}</Typography.Text>
          ) : (
            <ul data-testid="campaign-exclusions">
              {byReason.map(([reason, n]) => (
                <li key={reason}>
                  {label(EXCLUSION_REASONS, reason)}：{n}
                </li>
              ))}
            </ul>
          )}
        </Col>
      </Row>
      <Space style={{ margin: '12px 0' }} wrap>
        <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
          {t('金额（按资助项目与资金来源）', 'Amounts by scheme and fund')}
        </Typography.Title>
        <Select aria-label={t('统计口径', 'Basis')} style={{ width: 160 }} value={basis} onChange={setBasis} options={Object.keys(BASES).map((b) => ({ value: b, label: label(BASES, b) }))} />
      </Space>
      <Table
        size="small"
        rowKey={(a) => `${a.countyCode}:${a.scheme}:${a.fund}:${a.disbursement}`}
        dataSource={amounts}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        locale={{ emptyText: t('暂无金额', 'No amounts') }}
        columns={[
          { title: t('区县', 'County'), render: (_, a) => <Named names={places} code={a.countyCode} /> },
          { title: t('资助项目', 'Scheme'), render: (_, a) => <SchemeName scheme={a.scheme} /> },
          { title: t('资金来源', 'Fund'), render: (_, a) => label(FUNDS, a.fund) },
          { title: t('方式', 'Paid as'), render: (_, a) => label(DISBURSEMENTS, a.disbursement) },
          { title: t('人数', 'Students'), align: 'right', dataIndex: 'students' },
          { title: t('年度金额', 'Year’s amount'), align: 'right', render: (_, a) => yuan(a.amountFen) },
        ]}
      />
      {r.counties.length > 1 && (
        <Table
          size="small"
          style={{ marginTop: 12 }}
          rowKey="countyCode"
          dataSource={r.counties}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('区县', 'County'), render: (_, x) => <Named names={places} code={x.countyCode} /> },
            { title: t('符合条件', 'Eligible'), dataIndex: 'eligible' },
            { title: t('列入名单', 'Listed'), dataIndex: 'listed' },
            { title: t('已批准', 'Approved'), dataIndex: 'approved' },
            { title: t('已安排', 'Planned'), dataIndex: 'planned' },
            { title: t('已移出', 'Excluded'), dataIndex: 'excluded' },
          ]}
        />
      )}
    </Card>
  );
}

/**
 * On a campaign list task (school list, county approval, sign-off): the campaign it belongs to and the
 * students of the list, with "exclude" while the reviewer may still take students off it.
 */
export function CampaignTaskPanel({ data, kind, canReview }: { data: Record<string, unknown>; kind: string; canReview: boolean }) {
  const { t, label } = useI18n();
  const workflowId = typeof data.campaign === 'string' ? data.campaign : undefined;
  const year = typeof data.academicYear === 'string' ? data.academicYear : undefined;
  const schoolCode = typeof data.schoolCode === 'string' ? data.schoolCode : undefined;
  const countyCode = typeof data.countyCode === 'string' ? data.countyCode : undefined;
  // The task carries the campaign's workflow id; its record is found among the year's campaigns.
  const campaign = useLoad(
    async () => (workflowId && year ? (await ok(api.students.GET('/campaigns', { params: { query: { academicYear: year } } }))).find((c) => c.workflowId === workflowId) : undefined),
    [workflowId, year],
  );
  const places = usePlaceNames([schoolCode, countyCode, campaign.data?.scopeCode]);
  /** A place in a sentence: its name with the code in brackets, or the code. */
  const place = (code: string | undefined) => (code ? (places.get(code) ? `${places.get(code)}（${code}）` : code) : '');
  if (campaign.loading) return <Spin />;
  if (!campaign.data) return <Problem error={campaign.error ?? new Error(t('找不到此任务的年度资助名单', 'The campaign of this task was not found'))} />;
  const c = campaign.data;
  const review = canReview && kind !== 'campaign-sign-off';
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={
        <Space wrap>
          {t('年度资助名单', 'Campaign')} {c.academicYear} · {label(LEVELS, c.scopeLevel)} <Named names={places} code={c.scopeCode} />
          <StateTag state={c.state} />
        </Space>
      }
      extra={<Link to={`/campaigns/${c.campaignId}`}>{t('名单详情', 'Campaign')}</Link>}
    >
      <Alert
        type="info"
        style={{ marginBottom: 12 }}
        title={
          kind === 'campaign-school-list'
            ? t(`学校 ${place(schoolCode)} 的名单：核对每名学生，不符合的移出并说明原因；“通过”确认其余学生。`, `School ${place(schoolCode)}'s list: check each student, take off those who should not be on it with a reason; “Approve” confirms the rest.`)
            : kind === 'campaign-county-list'
              ? t(`区县 ${place(countyCode)} 的名单：各校已确认的学生；可移出个别学生并说明原因，“通过”批准其余学生。`, `County ${place(countyCode)}'s list: the students the schools confirmed; take off any with a reason, “Approve” approves the rest.`)
              : t('市级复核：金额较大或涉及地方救助资金的学生；驳回则这些学生不予安排。', 'Prefecture sign-off: students whose amounts or a local-relief fund need it; rejecting takes them off.')
        }
      />
      <CampaignStudents campaign={c} schoolCode={schoolCode} countyCode={countyCode} review={review} />
    </Card>
  );
}

/** A student's campaign results and each bulk decision about them, on their record. */
export function StudentCampaignTimeline({ studentId }: { studentId: string }) {
  const { t, label, yuan, dateTime } = useI18n();
  const loaded = useLoad(() => ok(api.students.GET('/students/{studentId}/campaign-timeline', { params: { path: { studentId } } })), [studentId]);
  const places = usePlaceNames((loaded.data?.entries ?? []).map((e) => e.listCode));
  const people = usePeopleNames((loaded.data?.entries ?? []).map((e) => (e.actor === 'campaign' ? undefined : e.actor)));
  if (loaded.loading && !loaded.data) return <Spin />;
  if (!loaded.data) return <Problem error={loaded.error} />;
  const { results, entries } = loaded.data;
  if (results.length === 0) return <Typography.Text type="secondary">{t('未列入任何年度资助名单', 'Not in any campaign')}</Typography.Text>;
  return (
    <>
      {results.map((r) => (
        <div key={r.campaignId} style={{ marginBottom: 12 }} data-testid="campaign-timeline">
          <Space wrap style={{ marginBottom: 8 }}>
            <Link to={`/campaigns/${r.campaignId}`}>{r.academicYear}</Link>
            <Tag color={r.status === 'excluded' ? '#a83a0c' : '#1f5fbf'}>{label(RESULT_STATUSES, r.status)}</Tag>
            {r.eligible ? (
              r.lines.map((l) => (
                <span key={l.ruleId}>
                  <SchemeName scheme={l.scheme} /> {yuan(l.amountFen)}
                </span>
              ))
            ) : (
              <Reasons reasons={r.reasonCodes} secondary />
            )}
          </Space>
          <Timeline
            items={entries
              .filter((e) => e.campaignId === r.campaignId)
              .map((e) => ({
                content: (
                  <div>
                    <strong>{label(LEVELS, e.level)}</strong> <Named names={places} code={e.listCode} /> · {label(TIMELINE_ACTIONS, e.action)}
                    {e.reason ? ` · ${label(EXCLUSION_REASONS, e.reason)}` : ''} · {e.actor === 'campaign' ? t('系统', 'the process') : <Person names={people} id={e.actor} />} · {dateTime(e.at)}
                  </div>
                ),
              }))}
          />
        </div>
      ))}
    </>
  );
}
