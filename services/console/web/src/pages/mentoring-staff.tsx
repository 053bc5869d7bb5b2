// Job assistance for staff: the graduates' real-name base (register, filter, a graduate's record with
// mentor suggestions, assignment and its history, opening the case, the activation code), mentors,
// a case as staff see it (outcome verification, job lost), the university's CSV upload and the reports.
// Mentors and graduates are shown by name everywhere; ids only where nothing else names them.
import { Alert, Button, Card, Checkbox, Col, Descriptions, Form, Input, InputNumber, List, Modal, Row, Segmented, Select, Space, Switch, Table, Tag, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiProblem, download, ok } from '../api/client';
import type { components } from '../api/generated/mentoring';
import { CsvImport } from './csv-import';
import { useI18n } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { hasRole, Problem, showFieldErrors, useCaller, useLoad } from '../shared';
import { Named, Person, usePeopleNames, usePlaceNames } from '../names';
import { BarChart } from './charts';
import { CASE_EVENT_KINDS, CASE_PHASES, CaseOutcome, EventNote, OUTCOMES } from './mentoring';
import { useActivationCode } from './activation-code';
import { CompensationLink } from './compensations';
import { Pager, useCursorPages } from './paging';

type Schemas = components['schemas'];
type Graduate = Schemas['GraduateDto'];
type Mentor = Schemas['MentorDto'];

export const INTENTIONS: Record<string, [string, string]> = {
  job: ['就业', 'Employment'],
  'own-business': ['自主创业', 'Own business'],
  'further-study': ['升学', 'Further study'],
  'military-service': ['参军', 'Military service'],
  'civil-service': ['考公', 'Civil service'],
};

export const DEGREE_LEVELS: Record<string, [string, string]> = {
  'higher-vocational': ['高职（专科）', 'Higher vocational'],
  undergraduate: ['本科', 'Undergraduate'],
};

export const MENTOR_KINDS: Record<string, [string, string]> = {
  teacher: ['教师', 'Teacher'],
  alumnus: ['校友', 'Alumnus'],
  'enterprise-volunteer': ['企业志愿者', 'Enterprise volunteer'],
};

const MATCHES: Record<string, [string, string]> = {
  intention: ['意向相符', 'intention'],
  region: ['地区相近', 'region'],
  major: ['专业相关', 'major'],
};

/** The service's conflict codes in words a caseworker acts on (the code stays beside them). */
export function explained(error: unknown, t: (zh: string, en: string) => string): unknown {
  if (!(error instanceof ApiProblem)) return error;
  const words: Record<string, string> = {
    'case.no-mentors': t('请先为该毕业生分配帮扶导师，再开案。', 'Assign a mentor to this graduate before opening the case.'),
    'case.already-open': t('该毕业生已有帮扶个案。', 'This graduate already has a case.'),
    'case.wrong-phase': t('个案当前所处阶段不能做这一步。', 'The case is not at a stage where this can be done.'),
    'case.closed': t('个案已结案。', 'The case is closed.'),
    'mentor.at-capacity': t('所选导师已满额，请另选导师或先调整其名额。', 'A chosen mentor is at capacity: choose another or raise their capacity.'),
    'mentor.inactive': t('所选导师已停用。', 'A chosen mentor is no longer active.'),
    'mentor.capacity-below-load': t('名额不能少于该导师当前帮扶的人数。', 'Capacity cannot be below the graduates the mentor has now.'),
    'mentor.user-taken': t('该用户已是另一位导师的账号。', 'That user already belongs to another mentor.'),
    'assignment.lead-not-in-team': t('牵头导师须在所选导师之中。', 'The lead must be one of the chosen mentors.'),
    'graduate.not-in-higher-education': t('该学生不在高职或本科阶段，不能登记为毕业生。', 'This student is not in higher vocational or undergraduate study.'),
    'graduate.student-not-found': t('学籍库中没有这个学生编号。', 'No student with this id in the registry.'),
    'user.not-a-graduate': t('该账号不是毕业生账号。', 'That account is not a graduate’s.'),
  };
  const text = words[error.code];
  return text ? new ApiProblem(error.status, error.code, text, error.errors) : error;
}

const h2 = (text: string) => (
  <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
    {text}
  </Typography.Title>
);

// ——— graduates ———

interface GraduateFilters {
  countyCode?: string;
  universityCode?: string;
  intention?: string;
  cohort?: number;
}

/** The real-name base in the caller's jurisdiction, filtered, a page at a time. */
export function GraduatesPage() {
  const { t, label } = useI18n();
  const caller = useCaller();
  const [form] = Form.useForm<GraduateFilters>();
  const [filters, setFilters] = useState<GraduateFilters>({});
  const pages = useCursorPages(JSON.stringify(filters));
  const { data, error, loading } = useLoad(
    () => ok(api.mentoring.GET('/graduates', { params: { query: { ...filters, intention: filters.intention as Graduate['intention'] | undefined, after: pages.cursor, limit: 20 } } })),
    [filters, pages.cursor],
  );
  const places = usePlaceNames((data?.items ?? []).flatMap((g) => [g.universityCode, g.countyCode]));
  const canRegister = hasRole(caller, 'caseworker', 'supervisor');
  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('毕业生', 'Graduates')}
        </Typography.Title>
        {canRegister ? (
          <Space wrap>
            <Button type="primary" onClick={() => navigate('/graduates/register')}>
              {t('登记毕业生', 'Register a graduate')}
            </Button>
            <Button onClick={() => navigate('/graduate-imports')}>{t('导入高校名单', 'Upload a university list')}</Button>
          </Space>
        ) : null}
      </Space>
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(v) => setFilters({ countyCode: v.countyCode || undefined, universityCode: v.universityCode || undefined, intention: v.intention || undefined, cohort: v.cohort || undefined })}
      >
        <Form.Item name="countyCode" label={t('户籍县', 'County')} rules={[{ pattern: /^\d{6}$/, message: t('县代码为 6 位数字', 'A county code is 6 digits') }]}>
          <Input style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="universityCode" label={t('高校代码', 'University')} rules={[{ pattern: /^\d{10}$/, message: t('学校代码为 10 位数字', 'A school code is 10 digits') }]}>
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="intention" label={t('毕业去向意向', 'Intention')}>
          <Select allowClear style={{ width: 140 }} options={Object.keys(INTENTIONS).map((k) => ({ value: k, label: label(INTENTIONS, k) }))} />
        </Form.Item>
        <Form.Item name="cohort" label={t('毕业年份', 'Cohort')}>
          <InputNumber min={1990} max={2099} style={{ width: 100 }} />
        </Form.Item>
        <Button htmlType="submit">{t('筛选', 'Filter')}</Button>
      </Form>
      <Problem error={error} />
      <Table
        rowKey="id"
        loading={loading}
        pagination={false}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('您的辖区内没有符合条件的毕业生', 'No graduates in your jurisdiction match') }}
        columns={[
          { title: t('姓名', 'Name'), dataIndex: 'name', render: (name: string, g) => <Link to={`/graduates/${g.id}`}>{name}</Link> },
          { title: t('高校', 'University'), dataIndex: 'universityCode', render: (code: string) => <Named names={places} code={code} /> },
          { title: t('户籍县', 'County'), dataIndex: 'countyCode', render: (code: string) => <Named names={places} code={code} /> },
          { title: t('专业', 'Major'), dataIndex: 'major' },
          { title: t('层次', 'Level'), dataIndex: 'degreeLevel', render: (d: string) => label(DEGREE_LEVELS, d) },
          { title: t('毕业年份', 'Cohort'), dataIndex: 'cohort' },
          { title: t('意向', 'Intention'), dataIndex: 'intention', render: (i: string) => label(INTENTIONS, i) },
        ]}
      />
      <Pager page={pages.page} nextCursor={data?.nextCursor} onNext={pages.next} onBack={pages.back} />
    </>
  );
}

interface Registration {
  studentId: string;
  major: string;
  degreeLevel: 'undergraduate' | 'higher-vocational';
  expectedGraduation: string;
  intention: NonNullable<Graduate['intention']>;
  preferredRegions?: string;
  consentToContact: boolean;
}

/** Registers a student in higher education as a graduate (the registry is read by the service). */
export function RegisterGraduatePage() {
  const { t, label } = useI18n();
  const { query } = useLocation();
  const [form] = Form.useForm<Registration>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: Registration) => {
    setError(undefined);
    setBusy(true);
    try {
      const regions = (v.preferredRegions ?? '').split(/[\s,;，；、]+/).filter(Boolean);
      const g = await ok(
        api.mentoring.POST('/graduates', {
          body: { studentId: v.studentId.trim(), major: v.major.trim(), degreeLevel: v.degreeLevel, expectedGraduation: v.expectedGraduation, intention: v.intention, preferredRegions: regions, consentToContact: !!v.consentToContact },
        }),
      );
      void message.success(t(`已登记：${g.name}`, `Registered: ${g.name}`));
      navigate(`/graduates/${g.id}`);
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(explained(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('登记毕业生', 'Register a graduate')}
      </Typography.Title>
      <Card size="small" style={{ maxWidth: 640 }}>
        <Typography.Paragraph type="secondary">
          {t('从学籍库读取姓名、高校和户籍（不含身份证号）。学生须在高职或本科阶段，且在您的辖区内。', 'Name, university and home are read from the registry (never the national ID). The student must be in higher vocational or undergraduate study, in your jurisdiction.')}
        </Typography.Paragraph>
        <Problem error={error} />
        <Form form={form} layout="vertical" initialValues={{ studentId: query.get('studentId') ?? '', degreeLevel: 'undergraduate', intention: 'job', consentToContact: true }} onFinish={(v) => void submit(v)}>
          <Form.Item name="studentId" label={t('学生编号', 'Student id')} rules={[{ required: true, message: t('请输入学生编号', 'Enter the student id') }, { pattern: /^\s*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s*$/i, message: t('学生编号形如 3f2b…（学生档案中的编号）', 'A student id looks like 3f2b… (from the student record)') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="major" label={t('专业', 'Major')} rules={[{ required: true, whitespace: true, message: t('请输入专业', 'Enter the major') }, { max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="degreeLevel" label={t('层次', 'Level')} rules={[{ required: true }]}>
            <Select options={Object.keys(DEGREE_LEVELS).map((k) => ({ value: k, label: label(DEGREE_LEVELS, k) }))} />
          </Form.Item>
          <Form.Item name="expectedGraduation" label={t('预计毕业日期', 'Expected graduation')} rules={[{ required: true, message: t('请输入日期', 'Enter the date') }, { pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('日期格式为 2027-06-30', 'A date like 2027-06-30') }]}>
            <Input placeholder="2027-06-30" />
          </Form.Item>
          <Form.Item name="intention" label={t('毕业去向意向', 'Intention')} rules={[{ required: true }]}>
            <Select options={Object.keys(INTENTIONS).map((k) => ({ value: k, label: label(INTENTIONS, k) }))} />
          </Form.Item>
          <Form.Item name="preferredRegions" label={t('意向地区（区划代码，可多个）', 'Preferred regions (division codes)')} rules={[{ pattern: /^[\s,;，；、]*((\d{2}|\d{4}|\d{6})[\s,;，；、]*){0,10}$/, message: t('区划代码为 2、4 或 6 位数字，最多 10 个', '2, 4 or 6-digit division codes, up to 10') }]}>
            <Input placeholder="4201, 420102" />
          </Form.Item>
          <Form.Item name="consentToContact" valuePropName="checked">
            <Checkbox>{t('本人同意导师和用人单位联系', 'The graduate agrees to be contacted by mentors and employers')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('登记', 'Register')}
          </Button>
        </Form>
      </Card>
    </>
  );
}

/** A graduate's record: details, mentors now and before, suggestions and assignment, the case, the code. */
export function GraduatePage({ graduateId }: { graduateId: string }) {
  const { t, label, date, dateTime } = useI18n();
  const caller = useCaller();
  const canAct = hasRole(caller, 'caseworker', 'supervisor');
  const [round, setRound] = useState(0);
  const loaded = useLoad(async () => {
    const path = { graduateId };
    const [graduate, team, history, kase] = await Promise.all([
      ok(api.mentoring.GET('/graduates/{graduateId}', { params: { path } })),
      ok(api.mentoring.GET('/graduates/{graduateId}/mentors', { params: { path } })),
      ok(api.mentoring.GET('/graduates/{graduateId}/mentors/history', { params: { path } })),
      ok(api.mentoring.GET('/job-assistance-cases/{graduateId}', { params: { path } })).catch((e: unknown) => {
        if (e instanceof ApiProblem && e.code === 'case.not-found') return undefined;
        throw e;
      }),
    ]);
    return { graduate, team, history, kase };
  }, [graduateId, round]);
  const code = useActivationCode();
  const [openError, setOpenError] = useState<unknown>();
  const [cadence, setCadence] = useState<number>(14);
  const [opening, setOpening] = useState(false);
  const [notice, setNotice] = useState<string>();
  const reload = () => setRound((r) => r + 1);
  // While a just-opened case is at intake (its account is being made), look again shortly.
  const phase = loaded.data?.kase?.phase;
  useEffect(() => {
    if (phase !== 'intake') return;
    const timer = setTimeout(reload, 1500);
    return () => clearTimeout(timer);
  }, [phase, round]);
  const places = usePlaceNames([loaded.data?.graduate.universityCode, loaded.data?.graduate.countyCode, loaded.data?.graduate.villageCode]);
  const people = usePeopleNames((loaded.data?.history.assignments ?? []).flatMap((a) => [a.assignedBy, a.endedBy]));
  if (!loaded.data) return <Problem error={loaded.error} />;
  const { graduate, team, history, kase } = loaded.data;
  const openCase = async () => {
    setOpenError(undefined);
    setOpening(true);
    try {
      await ok(api.mentoring.POST('/job-assistance-cases', { body: { graduateId, cadenceDays: cadence } }));
      setNotice(t('已开案：系统正在为毕业生创建账号。', 'Case opened: the graduate’s account is being made.'));
      reload();
    } catch (e) {
      setOpenError(explained(e, t));
    } finally {
      setOpening(false);
    }
  };
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t(`毕业生：${graduate.name}`, `Graduate: ${graduate.name}`)}
      </Typography.Title>
      {notice ? <Alert role="status" type="success" showIcon title={notice} style={{ marginBottom: 16 }} /> : null}
      <Problem error={loaded.error ?? code.error} />
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('姓名', 'Name')}>{graduate.name}</Descriptions.Item>
        <Descriptions.Item label={t('学籍档案', 'Registry record')}>
          {hasRole(caller, 'caseworker', 'approver', 'supervisor', 'programme-admin', 'auditor') ? <Link to={`/students/${graduate.studentId}`}>{t('查看学生档案', 'Open the student record')}</Link> : graduate.studentId}
        </Descriptions.Item>
        <Descriptions.Item label={t('高校', 'University')}>
          <span data-testid="graduate-university">
            <Named names={places} code={graduate.universityCode} />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('户籍（县 / 村）', 'Home (county / village)')}>
          <span data-testid="graduate-home">
            <Named names={places} code={graduate.countyCode} /> / <Named names={places} code={graduate.villageCode} />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('专业', 'Major')}>{graduate.major ?? t('待高校名单补充', 'to come from the university list')}</Descriptions.Item>
        <Descriptions.Item label={t('层次', 'Level')}>{label(DEGREE_LEVELS, graduate.degreeLevel)}</Descriptions.Item>
        <Descriptions.Item label={t('预计毕业', 'Expected graduation')}>{date(graduate.expectedGraduation)}</Descriptions.Item>
        <Descriptions.Item label={t('毕业去向意向', 'Intention')}>{label(INTENTIONS, graduate.intention)}</Descriptions.Item>
        <Descriptions.Item label={t('意向地区', 'Preferred regions')}>{graduate.preferredRegions.join('、') || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('同意联系', 'Consent to contact')}>{graduate.consentToContact ? t('是', 'Yes') : t('否', 'No')}</Descriptions.Item>
      </Descriptions>
      <Space wrap style={{ marginBottom: 16 }}>
        <CompensationLink graduateId={graduateId} />
      </Space>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={h2(t('帮扶导师', 'Mentors'))} style={{ marginBottom: 16 }}>
            {team.mentors.length === 0 ? (
              <Typography.Paragraph>{t('尚未分配导师。', 'No mentor assigned yet.')}</Typography.Paragraph>
            ) : (
              <>
                <Typography.Paragraph>{team.mode === 'team' ? t('多对一帮扶', 'Many-to-one (a team)') : t('一对一帮扶', 'One-on-one')}</Typography.Paragraph>
                <List
                  size="small"
                  dataSource={team.mentors}
                  renderItem={(m) => (
                    <List.Item>
                      <Space wrap>
                        <Typography.Text strong>{m.mentorName}</Typography.Text>
                        {m.lead ? <Tag color="blue">{t('牵头', 'Lead')}</Tag> : null}
                        <span>
                          {t('自', 'since')} {date(m.startedAt)}
                        </span>
                      </Space>
                    </List.Item>
                  )}
                />
              </>
            )}
          </Card>
          {canAct ? <AssignMentors
              graduateId={graduateId}
              current={team.mentors.map((m) => ({ id: m.mentorId, name: m.mentorName, lead: m.lead }))}
              onDone={() => {
                // "Assign a mentor first" no longer holds once one is assigned.
                setOpenError(undefined);
                reload();
              }}
            /> : null}
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={h2(t('就业帮扶个案', 'Job-assistance case'))} style={{ marginBottom: 16 }}>
            {kase ? (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label={t('阶段', 'Phase')}>
                    <span data-testid="graduate-case-phase">{label(CASE_PHASES, kase.phase)}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('开案日期', 'Opened')}>{dateTime(kase.openedAt)}</Descriptions.Item>
                </Descriptions>
                <Space wrap>
                  <Link to={`/job-cases/${graduateId}`}>{t('查看个案', 'Open the case')}</Link>
                  {canAct && kase.phase !== 'intake' && kase.phase !== 'closed' ? (
                    <Button onClick={() => void code.issue(graduateId, graduate.name)}>{t('发放激活码', 'Issue activation code')}</Button>
                  ) : null}
                </Space>
              </Space>
            ) : (
              <>
                <Typography.Paragraph>{t('尚未开案。开案需先分配导师；开案后系统为毕业生创建账号。', 'No case yet. A case needs a mentor; opening it makes the graduate’s account.')}</Typography.Paragraph>
                <Problem error={openError} />
                {canAct ? (
                  <Space wrap>
                    <label htmlFor="cadence">{t('联系周期（天）', 'Check-in every (days)')}</label>
                    <InputNumber id="cadence" min={1} max={90} value={cadence} onChange={(v) => setCadence(v ?? 14)} />
                    <Button type="primary" loading={opening} onClick={() => void openCase()}>
                      {t('开案', 'Open the case')}
                    </Button>
                  </Space>
                ) : null}
              </>
            )}
          </Card>
        </Col>
      </Row>
      <Card size="small" title={h2(t('导师分配记录', 'Assignment history'))}>
        <Table
          size="small"
          rowKey={(a) => `${a.mentorId}:${a.startedAt}`}
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={history.assignments}
          locale={{ emptyText: t('暂无分配记录', 'No assignments yet') }}
          columns={[
            { title: t('导师', 'Mentor'), dataIndex: 'mentorName', render: (n: string, a) => (a.lead ? `${n}（${t('牵头', 'lead')}）` : n) },
            { title: t('分配人', 'Assigned by'), dataIndex: 'assignedBy', render: (id: string) => <Person names={people} id={id} /> },
            { title: t('理由', 'Reason'), dataIndex: 'reason' },
            { title: t('开始', 'From'), dataIndex: 'startedAt', render: (at: string) => dateTime(at) },
            { title: t('结束', 'Until'), dataIndex: 'endedAt', render: (at?: string) => (at ? dateTime(at) : t('至今', 'now')) },
            { title: t('结束理由', 'Why ended'), dataIndex: 'endReason', render: (r: string | undefined, a) => (r ? <>{r}{a.endedBy ? <> · <Person names={people} id={a.endedBy} /></> : null}</> : '—') },
          ]}
        />
      </Card>
      {code.dialog}
    </>
  );
}

/** Suggestions (intention, region, major within capacity) and the assignment form: one mentor or a team with a lead. */
function AssignMentors({ graduateId, current, onDone }: { graduateId: string; current: { id: string; name: string; lead: boolean }[]; onDone: () => void }) {
  const { t, label } = useI18n();
  const suggestions = useLoad(() => ok(api.mentoring.GET('/graduates/{graduateId}/mentor-suggestions', { params: { path: { graduateId } } })), [graduateId, current.map((m) => m.id).join()]);
  type Values = { mentorIds: string[]; leadMentorId?: string; reason: string };
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const chosen = Form.useWatch('mentorIds', form) ?? [];
  const names = new Map<string, string>([...current.map((m) => [m.id, m.name] as const), ...(suggestions.data?.suggestions ?? []).map((s) => [s.mentorId, s.name] as const)]);
  useEffect(() => {
    form.setFieldsValue({ mentorIds: current.map((m) => m.id), leadMentorId: current.find((m) => m.lead)?.id });
  }, [current.map((m) => m.id).join()]);
  const submit = async (v: Values) => {
    setError(undefined);
    setBusy(true);
    try {
      const lead = v.mentorIds.length === 1 ? v.mentorIds[0] : v.leadMentorId;
      if (!lead || !v.mentorIds.includes(lead)) {
        form.setFields([{ name: 'leadMentorId', errors: [t('请从所选导师中指定牵头导师', 'Choose the lead among the chosen mentors')] }]);
        return;
      }
      const team = await ok(api.mentoring.PUT('/graduates/{graduateId}/mentors', { params: { path: { graduateId } }, body: { mentorIds: v.mentorIds, leadMentorId: lead, reason: v.reason.trim() } }));
      void message.success(t(`已分配：${team.mentors.map((m) => m.mentorName).join('、')}`, `Assigned: ${team.mentors.map((m) => m.mentorName).join(', ')}`));
      form.setFieldValue('reason', '');
      onDone();
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(explained(e, t));
    } finally {
      setBusy(false);
    }
  };
  const add = (id: string) => form.setFieldValue('mentorIds', Array.from(new Set([...(form.getFieldValue('mentorIds') as string[] | undefined ?? []), id])));
  return (
    <Card size="small" title={h2(current.length ? t('调整导师', 'Reassign mentors') : t('分配导师', 'Assign mentors'))} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('推荐：在岗且有名额的导师，按意向、地区、专业匹配排序。', 'Suggested: active mentors with room, best match first (intention, region, major).')}</Typography.Paragraph>
      <Problem error={suggestions.error} />
      <Table
        size="small"
        rowKey="mentorId"
        pagination={false}
        loading={suggestions.loading}
        dataSource={suggestions.data?.suggestions ?? []}
        locale={{ emptyText: t('没有有名额的导师', 'No mentor with room') }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('导师', 'Mentor'), dataIndex: 'name' },
          { title: t('匹配', 'Matches'), dataIndex: 'matches', render: (m: string[]) => (m.length ? m.map((k) => <Tag key={k}>{label(MATCHES, k)}</Tag>) : '—') },
          { title: t('在帮 / 名额', 'Load / capacity'), key: 'load', render: (_: unknown, s) => `${s.load} / ${s.capacity}` },
          { title: t('地区', 'Region'), dataIndex: 'regionCode' },
          {
            title: t('操作', 'Action'),
            key: 'add',
            render: (_: unknown, s) => (
              <Button size="small" disabled={chosen.includes(s.mentorId)} onClick={() => add(s.mentorId)} aria-label={t(`选择 ${s.name}`, `Choose ${s.name}`)}>
                {chosen.includes(s.mentorId) ? t('已选', 'Chosen') : t('选择', 'Choose')}
              </Button>
            ),
          },
        ]}
      />
      <Problem error={error} />
      <Form form={form} layout="vertical" style={{ marginTop: 12 }} onFinish={(v) => void submit(v)}>
        <Form.Item name="mentorIds" label={t('所选导师（一位为一对一，多位为团队）', 'Chosen mentors (one: one-on-one; several: a team)')} rules={[{ required: true, type: 'array', min: 1, message: t('请至少选择一位导师', 'Choose at least one mentor') }, { type: 'array', max: 5, message: t('最多 5 位导师', 'At most 5 mentors') }]}>
          <Select mode="multiple" options={[...names].map(([value, name]) => ({ value, label: name }))} />
        </Form.Item>
        {chosen.length > 1 ? (
          <Form.Item name="leadMentorId" label={t('牵头导师', 'Lead mentor')} rules={[{ required: true, message: t('请指定牵头导师', 'Choose the lead') }]}>
            <Select options={chosen.map((id) => ({ value: id, label: names.get(id) ?? id }))} />
          </Form.Item>
        ) : null}
        <Form.Item name="reason" label={t('分配理由', 'Reason')} rules={[{ required: true, whitespace: true, message: t('请填写理由', 'Give a reason') }, { max: 200 }]}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('保存分配', 'Save the assignment')}
        </Button>
      </Form>
    </Card>
  );
}

// ——— a case as staff see it ———

type Task = NonNullable<Awaited<ReturnType<typeof findVerificationTask>>>;

/** The open outcome-verification task of a case the caller could work on (theirs first, then the group's). */
async function findVerificationTask(graduateId: string) {
  for (const view of ['mine', 'group'] as const) {
    const page = await ok(api.casework.GET('/tasks', { params: { query: { view, subjectType: 'case', subjectId: graduateId, kind: 'job-outcome-verification', limit: 5 } } }));
    const task = page.items.find((x) => x.status === 'open' || x.status === 'claimed');
    if (task) return task;
  }
  return undefined;
}

/** Staff: one case: phase, team, cadence, next check-in, the outcome claim to verify, job lost, the events. */
export function StaffCasePage({ graduateId }: { graduateId: string }) {
  const { t, label, date, dateTime } = useI18n();
  const caller = useCaller();
  const canAct = hasRole(caller, 'caseworker', 'supervisor');
  const [round, setRound] = useState(0);
  const [waiting, setWaiting] = useState<string>();
  const loaded = useLoad(async () => {
    const path = { graduateId };
    const [c, events] = await Promise.all([
      ok(api.mentoring.GET('/job-assistance-cases/{graduateId}', { params: { path } })),
      ok(api.mentoring.GET('/job-assistance-cases/{graduateId}/events', { params: { path, query: { limit: 200 } } })),
    ]);
    const task = canAct && c.phase === 'verifying' ? await findVerificationTask(graduateId).catch(() => undefined) : undefined;
    return { c, events: [...events.items].reverse(), task };
  }, [graduateId, round]);
  const code = useActivationCode();
  // Staff in the events are user ids (mentors and the graduate are named by the API).
  const people = usePeopleNames(
    (loaded.data?.events ?? []).flatMap((e) => [...(e.byName ? [] : [e.by]), ...(e.noteCode?.mentorUserIds ?? [])]),
  );
  const reload = () => setRound((r) => r + 1);
  // After a decision or a job lost, the case moves a moment later: look again until it has.
  const phase = loaded.data?.c.phase;
  useEffect(() => {
    if (!waiting || !phase) return;
    if (phase !== waiting) {
      setWaiting(undefined);
      return;
    }
    const timer = setTimeout(reload, 1000);
    return () => clearTimeout(timer);
  }, [waiting, phase, round]);
  if (!loaded.data) return <Problem error={loaded.error} />;
  const { c, events, task } = loaded.data;
  const team = c.mentors.map((m) => (m.lead ? `${m.name}（${t('牵头', 'lead')}）` : m.name)).join('、');
  // A change of mentors names its team: the case's own mentors by their mentoring names, anyone else by casework's.
  const mentorNames = new Map([...people, ...c.mentors.map((m) => [m.userId, m.name] as const)]);
  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t(`就业帮扶个案：${c.graduateName}`, `Job-assistance case: ${c.graduateName}`)}
        </Typography.Title>
        <Space wrap>
          <Link to={`/graduates/${graduateId}`}>{t('毕业生档案', 'Graduate record')}</Link>
          {canAct && c.phase !== 'intake' && c.phase !== 'closed' ? <Button onClick={() => void code.issue(graduateId, c.graduateName)}>{t('发放激活码', 'Issue activation code')}</Button> : null}
        </Space>
      </Space>
      <Problem error={loaded.error ?? code.error} />
      {waiting ? <Alert role="status" type="info" showIcon title={t('已提交，个案正在更新……', 'Sent; the case is updating…')} style={{ marginBottom: 16 }} /> : null}
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('阶段', 'Phase')}>
          <span data-testid="case-phase">{label(CASE_PHASES, c.phase)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('下次联系', 'Next check-in')}>
          <Space size={4} wrap>
            {c.nextCheckInDueAt ? dateTime(c.nextCheckInDueAt) : '—'}
            {c.overdue ? <Tag color="red">{t('已逾期', 'Overdue')}</Tag> : null}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('帮扶团队', 'Team')}>
          <span data-testid="case-team">{team || '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('联系周期', 'Cadence')}>{t(`每 ${c.cadenceDays} 天`, `every ${c.cadenceDays} days`)}</Descriptions.Item>
        <Descriptions.Item label={t('联系 / 逾期', 'Check-ins / missed')}>
          {c.checkIns} / {c.missed}
        </Descriptions.Item>
        <Descriptions.Item label={t('重新开案次数', 'Reopened')}>{c.reopened}</Descriptions.Item>
        <Descriptions.Item label={t('开案日期', 'Opened')}>{date(c.openedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('落实日期 / 结案日期', 'Placed / closed')}>
          {date(c.placedAt)} / {date(c.closedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('去向', 'Outcome')}>
          <CaseOutcome outcome={c.outcome} claimedOutcome={c.claimedOutcome} />
        </Descriptions.Item>
      </Descriptions>
      {c.phase === 'verifying' && canAct ? <VerifyOutcome task={task} onSent={() => { setWaiting('verifying'); reload(); }} /> : null}
      {c.phase === 'follow-up' && canAct ? <JobLost graduateId={graduateId} onSent={() => { setWaiting('follow-up'); reload(); }} /> : null}
      <Card size="small" title={h2(t('帮扶记录', 'Case events'))}>
        <List
          size="small"
          dataSource={events}
          locale={{ emptyText: t('暂无记录', 'Nothing logged yet') }}
          renderItem={(e) => (
            <List.Item>
              <div>
                <Typography.Text strong>{label(CASE_EVENT_KINDS, e.kind)}</Typography.Text> · {dateTime(e.at)} · {e.byName ?? <Person names={people} id={e.by} />}
                <EventNote note={e.note} noteCode={e.noteCode} people={mentorNames} />
              </div>
            </List.Item>
          )}
        />
      </Card>
      {code.dialog}
    </>
  );
}

/** The claimed outcome and the caller's verification task: verify, or refuse with a reason. */
function VerifyOutcome({ task, onSent }: { task?: Task; onSent: () => void }) {
  const { t, label, dateTime } = useI18n();
  const caller = useCaller();
  const [form] = Form.useForm<{ comment?: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  if (!task) {
    return (
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('去向待核实', 'Outcome waiting for verification')}
        description={t('核实任务不在您的待办中（由另一位经办人核实，或申报人本人不能核实）。', 'The verification task is not one you can take (another caseworker holds it, or you made the claim).')}
      />
    );
  }
  const data = task.data as { outcome?: string; employer?: string | null; claimedBy?: string; claimedAs?: string; note?: string | null };
  const decide = async (decision: 'approve' | 'reject') => {
    setError(undefined);
    const comment = ((form.getFieldValue('comment') as string | undefined) ?? '').trim();
    if (decision === 'reject' && !comment) {
      form.setFields([{ name: 'comment', errors: [t('不予核实须说明理由', 'Refusing needs a reason')] }]);
      return;
    }
    setBusy(true);
    try {
      if (task.status === 'open') await ok(api.casework.POST('/tasks/{taskId}/claim', { params: { path: { taskId: task.taskId } } }));
      await ok(api.casework.POST('/tasks/{taskId}/decision', { params: { path: { taskId: task.taskId } }, body: { decision, ...(comment ? { comment } : {}) } }));
      void message.success(decision === 'approve' ? t('去向已核实', 'Outcome verified') : t('已退回申报', 'Claim refused'));
      onSent();
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={h2(t('核实去向', 'Verify the outcome'))} style={{ marginBottom: 16 }}>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('申报去向', 'Claimed outcome')}>{label(OUTCOMES, data.outcome)}</Descriptions.Item>
        <Descriptions.Item label={t('单位或学校', 'Employer or school')}>{data.employer || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('申报人', 'Claimed by')}>{data.claimedAs === 'graduate' ? t('毕业生本人', 'the graduate') : t('导师', 'a mentor')}</Descriptions.Item>
        <Descriptions.Item label={t('核实期限', 'Due')}>{dateTime(task.dueAt)}</Descriptions.Item>
        <Descriptions.Item label={t('说明', 'Note')}>{data.note || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('办理人', 'Holder')}>{task.assigneeId === caller.userId ? t('我', 'me') : (task.assigneeId ?? t('未领取', 'unclaimed'))}</Descriptions.Item>
      </Descriptions>
      <Problem error={error} />
      <Form form={form} layout="vertical">
        <Form.Item name="comment" label={t('核实意见（不予核实时必填）', 'Comment (needed to refuse)')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space wrap>
          <Button type="primary" loading={busy} onClick={() => void decide('approve')}>
            {t('核实通过', 'Verify')}
          </Button>
          <Button danger loading={busy} onClick={() => void decide('reject')}>
            {t('不予核实', 'Refuse')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

/** In the follow-up window: the graduate lost the job, the case reopens. */
function JobLost({ graduateId, onSent }: { graduateId: string; onSent: () => void }) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const send = async () => {
    setError(undefined);
    try {
      await ok(api.mentoring.POST('/job-assistance-cases/{graduateId}/job-lost', { params: { path: { graduateId } }, body: { note: note.trim() || undefined } }));
      setConfirming(false);
      onSent();
    } catch (e) {
      setConfirming(false);
      setError(explained(e, t));
    }
  };
  return (
    <Card size="small" title={h2(t('跟踪回访', 'Follow-up'))} style={{ marginBottom: 16 }}>
      <Typography.Paragraph>{t('回访期内毕业生失去工作的，重新开案，导师恢复定期联系。', 'If the graduate lost the job during follow-up, the case reopens and check-ins resume.')}</Typography.Paragraph>
      <Problem error={error} />
      <Space.Compact style={{ width: '100%' }}>
        <Input aria-label={t('失业情况说明', 'What happened')} placeholder={t('失业情况说明（可选）', 'What happened (optional)')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
        <Button danger onClick={() => setConfirming(true)}>
          {t('报告失业并重新开案', 'Job lost: reopen')}
        </Button>
      </Space.Compact>
      <Modal open={confirming} title={t('确认重新开案？', 'Reopen the case?')} okText={t('重新开案', 'Reopen')} cancelText={t('取消', 'Cancel')} onOk={() => void send()} onCancel={() => setConfirming(false)}>
        {t('个案将回到定期联系阶段。', 'The case goes back to check-ins.')}
      </Modal>
    </Card>
  );
}

// ——— mentors ———

interface MentorValues {
  userId?: string;
  name: string;
  kind: Mentor['kind'];
  capacity: number;
  expertise: string[];
  regionCode: string;
  active?: boolean;
}

/** Mentors in the region with their load; supervisors and programme admins add and edit them. */
export function MentorsPage() {
  const { t, label } = useI18n();
  const caller = useCaller();
  const canEdit = hasRole(caller, 'supervisor', 'programme-admin');
  const [active, setActive] = useState<'all' | 'true' | 'false'>('all');
  const pages = useCursorPages(active);
  const [round, setRound] = useState(0);
  const { data, error, loading } = useLoad(
    () => ok(api.mentoring.GET('/mentors', { params: { query: { active: active === 'all' ? undefined : active === 'true', after: pages.cursor, limit: 20 } } })),
    [active, pages.cursor, round],
  );
  const [editing, setEditing] = useState<Mentor | 'new'>();
  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('帮扶导师', 'Mentors')}
        </Typography.Title>
        {canEdit ? (
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('新增导师', 'Add a mentor')}
          </Button>
        ) : null}
      </Space>
      <div style={{ marginBottom: 12 }}>
        <Segmented
          aria-label={t('在岗状态', 'Status')}
          value={active}
          onChange={(v) => setActive(v as typeof active)}
          options={[
            { value: 'all', label: t('全部', 'All') },
            { value: 'true', label: t('在岗', 'Active') },
            { value: 'false', label: t('已停用', 'Inactive') },
          ]}
        />
      </div>
      <Problem error={error} />
      <Table
        rowKey="id"
        loading={loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('没有导师', 'No mentors') }}
        columns={[
          { title: t('姓名', 'Name'), dataIndex: 'name' },
          { title: t('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => label(MENTOR_KINDS, k) },
          { title: t('地区', 'Region'), dataIndex: 'regionCode' },
          { title: t('在帮 / 名额', 'Load / capacity'), key: 'load', render: (_: unknown, m) => `${m.load} / ${m.capacity}` },
          { title: t('专长', 'Expertise'), dataIndex: 'expertise', render: (e: string[]) => e.map((x) => <Tag key={x}>{INTENTIONS[x] ? label(INTENTIONS, x) : x}</Tag>) },
          { title: t('状态', 'Status'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="#1d6b33">{t('在岗', 'Active')}</Tag> : <Tag>{t('已停用', 'Inactive')}</Tag>) },
          { title: t('登录账号', 'User'), dataIndex: 'userId', render: (u?: string) => u ?? '—' },
          ...(canEdit
            ? [
                {
                  title: t('操作', 'Action'),
                  key: 'edit',
                  render: (_: unknown, m: Mentor) => (
                    <Button size="small" onClick={() => setEditing(m)} aria-label={t(`编辑 ${m.name}`, `Edit ${m.name}`)}>
                      {t('编辑', 'Edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Pager page={pages.page} nextCursor={data?.nextCursor} onNext={pages.next} onBack={pages.back} />
      {editing ? (
        <MentorForm
          mentor={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            setRound((r) => r + 1);
          }}
        />
      ) : null}
    </>
  );
}

function MentorForm({ mentor, onClose, onSaved }: { mentor?: Mentor; onClose: () => void; onSaved: () => void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<MentorValues>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setError(undefined);
    let v: MentorValues;
    try {
      v = await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    setBusy(true);
    try {
      const expertise = (v.expertise ?? []).map((x) => x.trim()).filter(Boolean);
      if (mentor) {
        await ok(api.mentoring.PATCH('/mentors/{mentorId}', { params: { path: { mentorId: mentor.id } }, body: { capacity: v.capacity, expertise, regionCode: v.regionCode, active: v.active } }));
        void message.success(t(`已保存：${mentor.name}`, `Saved: ${mentor.name}`));
      } else {
        const created = await ok(api.mentoring.POST('/mentors', { body: { userId: v.userId?.trim() || undefined, name: v.name.trim(), kind: v.kind, capacity: v.capacity, expertise, regionCode: v.regionCode } }));
        void message.success(t(`已新增：${created.name}`, `Added: ${created.name}`));
      }
      onSaved();
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(explained(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={mentor ? t(`编辑导师：${mentor.name}`, `Edit mentor: ${mentor.name}`) : t('新增导师', 'Add a mentor')} onCancel={onClose} onOk={() => void save()} okText={t('保存', 'Save')} cancelText={t('取消', 'Cancel')} confirmLoading={busy}>
      <Problem error={error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={mentor ? { capacity: mentor.capacity, expertise: mentor.expertise, regionCode: mentor.regionCode, active: mentor.active } : { kind: 'teacher', capacity: 10, expertise: [] }}
      >
        {mentor ? null : (
          <>
            <Form.Item name="name" label={t('姓名', 'Name')} rules={[{ required: true, whitespace: true, message: t('请输入姓名', 'Enter the name') }, { max: 50 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="kind" label={t('类型', 'Kind')} rules={[{ required: true }]}>
              <Select options={Object.keys(MENTOR_KINDS).map((k) => ({ value: k, label: label(MENTOR_KINDS, k) }))} />
            </Form.Item>
            <Form.Item name="userId" label={t('登录账号（导师角色的用户编号，可选）', 'User id (a mentor-role user; optional)')} rules={[{ pattern: /^[A-Za-z0-9._:-]{1,100}$/, message: t('用户编号只含字母、数字和 . _ : -', 'Letters, digits and . _ : - only') }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </>
        )}
        <Form.Item name="capacity" label={t('名额（同时帮扶人数）', 'Capacity (graduates at once)')} rules={[{ required: true, message: t('请输入名额', 'Enter the capacity') }, { type: 'integer', min: 1, max: 200, message: t('名额为 1–200', 'Capacity is 1–200') }]}>
          <InputNumber min={1} max={200} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="expertise" label={t('专长（意向或专业，回车添加）', 'Expertise (intentions or majors; Enter adds)')} rules={[{ type: 'array', max: 20 }]}>
          <Select mode="tags" tokenSeparators={[',', '，']} options={Object.keys(INTENTIONS).map((k) => ({ value: k, label: label(INTENTIONS, k) }))} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('所在地区（区划代码）', 'Region (division code)')} rules={[{ required: true, message: t('请输入区划代码', 'Enter the division code') }, { pattern: /^(\d{2}|\d{4}|\d{6})$/, message: t('区划代码为 2、4 或 6 位数字', 'A 2, 4 or 6-digit division code') }]}>
          <Input style={{ width: 160 }} />
        </Form.Item>
        {mentor ? (
          <Form.Item name="active" label={t('在岗', 'Active')} valuePropName="checked" extra={t('停用后，请用推荐为其帮扶的毕业生调整导师。', 'When a mentor leaves, reassign their graduates with the suggestions.')}>
            <Switch />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

// ——— the university's list ———

const readGraduateImport = (importId: string) => ok(api.mentoring.GET('/graduate-imports/{importId}', { params: { path: { importId } } }));
const readGraduateImportErrors = (importId: string) => ok(api.mentoring.GET('/graduate-imports/{importId}/errors', { params: { path: { importId } } }));

/** A university's graduates list as CSV: upload, progress, the error report (the same screen as the roster upload). */
export function GraduateImportPage() {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('高校毕业生名单导入', 'University graduates list')}
      </Typography.Title>
      <CsvImport
        apiPath="/api/mentoring/graduate-imports"
        storageKey="eduaid.lastGraduateImport"
        intro={t(
            '上传高校报送的毕业生名单（CSV，UTF-8 或 GBK，中英文表头均可）：学生编号或身份证号、专业、学历层次、预计毕业时间、毕业去向意向、意向地区（可选，用 ; 分隔）、同意联系。每行按学籍库核对；不在您辖区、不在高职或本科阶段的学生列入错误报告。重复上传同一文件不会重复登记。',
            'Upload the list a university sends (CSV, UTF-8 or GBK, English or Chinese headers): student_id or national_id, major, degree_level, expected_graduation, intention, preferred_regions (optional, ; separated), consent. Each row is checked against the registry; students outside your jurisdiction or not in higher education are listed in the error report. Uploading the same file again registers nobody twice.',
          )}
        read={readGraduateImport}
        readErrors={readGraduateImportErrors}
        acceptedLabel={['已登记', 'Accepted']}
        showChunks
        statusTestId="graduate-import-status"
        afterCompleted={(status) => (status.rowsAccepted > 0 ? <Link to="/graduates">{t('查看毕业生名单', 'See the graduates')}</Link> : null)}
        maxWidth={760}
      />
    </>
  );
}

// ——— reports ———

const GROUPS: Record<string, [string, string]> = {
  cohort: ['毕业年份', 'Cohort'],
  university: ['高校', 'University'],
  county: ['户籍县', 'County'],
  intention: ['毕业去向意向', 'Intention'],
};

/** Employment rate by cohort, university, county or intention; caseload and overdue per mentor; time to placement. */
export function MentoringReportsPage() {
  const { t, label } = useI18n();
  const [by, setBy] = useState<'cohort' | 'university' | 'county' | 'intention'>('county');
  const [cohort, setCohort] = useState<number | null>(null);
  const [downloadError, setDownloadError] = useState<unknown>();
  const employment = useLoad(() => ok(api.mentoring.GET('/reports/employment', { params: { query: { by, cohort: cohort ?? undefined } } })), [by, cohort]);
  const mentors = useLoad(() => ok(api.mentoring.GET('/reports/mentor-caseload')), []);
  const groupName = (g: string) => (by === 'intention' ? label(INTENTIONS, g) : g);
  const percent = (r: number) => `${(r * 100).toFixed(1)}%`;
  const days = (d?: number) => (d === undefined || d === null ? '—' : t(`${Math.round(d)} 天`, `${Math.round(d)} days`));
  const lines = employment.data ? [...employment.data.lines, { ...employment.data.total, group: t('合计', 'Total') }] : [];
  const csvQuery = new URLSearchParams({ by, format: 'csv', ...(cohort ? { cohort: String(cohort) } : {}) }).toString();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('就业帮扶统计', 'Job-assistance reports')}
      </Typography.Title>
      <Problem error={downloadError} />
      <Card size="small" title={h2(t('就业率', 'Employment rate'))} style={{ marginBottom: 16 }}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented aria-label={t('分组', 'Group by')} value={by} onChange={(v) => setBy(v as typeof by)} options={Object.keys(GROUPS).map((k) => ({ value: k, label: label(GROUPS, k) }))} />
          <label htmlFor="report-cohort">{t('毕业年份', 'Cohort')}</label>
          <InputNumber id="report-cohort" min={1990} max={2099} value={cohort} onChange={(v) => setCohort(v)} placeholder={t('全部', 'All')} />
          <Button onClick={() => void download(`/api/mentoring/reports/employment?${csvQuery}`, `employment-by-${by}.csv`).catch((e: unknown) => setDownloadError(e))}>{t('下载 CSV', 'Download CSV')}</Button>
        </Space>
        <Problem error={employment.error} />
        <BarChart
          label={t(`各${label(GROUPS, by)}就业率（%）`, `Employment rate by ${label(GROUPS, by).toLowerCase()} (%)`)}
          unit="%"
          bars={(employment.data?.lines ?? []).map((l) => ({ key: l.group, label: groupName(l.group), value: Math.round(l.employmentRate * 1000) / 10 }))}
        />
        <Table
          size="small"
          rowKey="group"
          pagination={false}
          loading={employment.loading}
          scroll={{ x: 'max-content' }}
          style={{ marginTop: 12 }}
          dataSource={lines}
          columns={[
            { title: label(GROUPS, by), dataIndex: 'group', render: (g: string) => groupName(g) },
            { title: t('毕业生', 'Graduates'), dataIndex: 'graduates' },
            { title: t('已开案', 'With a case'), dataIndex: 'withCase' },
            { title: t('已落实', 'Placed'), dataIndex: 'placed' },
            { title: t('就业率', 'Employment rate'), dataIndex: 'employmentRate', render: percent },
            { title: t('在帮扶', 'Open cases'), dataIndex: 'openCases' },
            { title: t('平均落实用时', 'Average time to placement'), dataIndex: 'avgDaysToPlacement', render: days },
            { title: t('落实用时中位数', 'Median time to placement'), dataIndex: 'medianDaysToPlacement', render: days },
          ]}
        />
      </Card>
      <Card size="small" title={h2(t('导师帮扶量', 'Mentors’ caseload'))}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Button onClick={() => void download('/api/mentoring/reports/mentor-caseload?format=csv', 'mentor-caseload.csv').catch((e: unknown) => setDownloadError(e))}>{t('下载 CSV', 'Download CSV')}</Button>
        </Space>
        <Problem error={mentors.error} />
        <BarChart
          label={t('各导师在帮扶个案数与名额', 'Open cases per mentor against capacity')}
          bars={(mentors.data?.mentors ?? []).map((m) => ({ key: m.mentorId, label: m.name, value: m.openCases, target: m.capacity }))}
        />
        <Table
          size="small"
          rowKey="mentorId"
          pagination={{ pageSize: 20 }}
          loading={mentors.loading}
          scroll={{ x: 'max-content' }}
          style={{ marginTop: 12 }}
          dataSource={mentors.data?.mentors ?? []}
          columns={[
            { title: t('导师', 'Mentor'), dataIndex: 'name' },
            { title: t('地区', 'Region'), dataIndex: 'regionCode' },
            { title: t('状态', 'Status'), dataIndex: 'active', render: (a: boolean) => (a ? t('在岗', 'Active') : t('已停用', 'Inactive')) },
            { title: t('名额', 'Capacity'), dataIndex: 'capacity' },
            { title: t('在帮扶', 'Open cases'), dataIndex: 'openCases' },
            { title: t('逾期未联系', 'Overdue'), dataIndex: 'overdue', render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : n) },
            { title: t('累计漏联系', 'Missed check-ins'), dataIndex: 'missed' },
          ]}
        />
      </Card>
    </>
  );
}
