import { Button, Card, Col, DatePicker, Descriptions, Form, Input, Modal, Row, Select, Space, Spin, Table, Tag, Timeline, Typography, message } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, ApiProblem, ok, type StudentsSchemas } from '../api/client';
import { APPLICATION_STATES, HOUSEHOLD_STATES, STAGES, useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { hasRole, Problem, showFieldErrors, useCaller, useLoad } from '../shared';
import { Named, Person, usePeopleNames, usePlaceNames } from '../names';
import { PaymentsTable } from './aid-parts';
import { StudentCampaignTimeline } from './campaigns';
import { FilterForm } from './filters';
import { Pager, useCursorPages } from './paging';

/** The reason the students service gives a household's first status (its registration by a roster import), in words. */
const REGISTERED_BY_IMPORT = 'registered by roster import';

type Student = StudentsSchemas['StudentSummaryDto'];
type Stage = NonNullable<Student['enrolment']>['stage'];

export function StudentsPage() {
  const { t, label } = useI18n();
  const [filters, setFilters] = useState<{ name?: string; schoolCode?: string; divisionCode?: string; stage?: Stage }>({});
  const pages = useCursorPages(JSON.stringify(filters));
  const students = useLoad(() => ok(api.students.GET('/students', { params: { query: { ...filters, after: pages.cursor, limit: 20 } } })), [filters, pages.cursor]);
  const [form] = Form.useForm<{ name?: string; schoolCode?: string; divisionCode?: string; stage?: Stage }>();
  const schools = usePlaceNames((students.data?.items ?? []).map((s) => s.enrolment?.schoolCode));
  return (
    <>
      <Typography.Title level={2}>{t('学生', 'Students')}</Typography.Title>
      <FilterForm form={form} name="student-filters" onSearch={setFilters}>
        <Form.Item name="name" label={t('姓名', 'Name')} tooltip={t('按姓名开头查找，如“张”', 'Names starting with this, e.g. 张')} rules={[{ max: 30, message: t('最多 30 个字', 'At most 30 characters') }]}>
          <Input type="search" allowClear style={{ width: 160 }} placeholder={t('姓名开头', 'Start of the name')} />
        </Form.Item>
        <Form.Item name="schoolCode" label={t('学校代码', 'School code')} rules={[{ pattern: /^\d{10}$/, message: t('10 位数字', '10 digits') }]}>
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="divisionCode" label={t('区划代码', 'Division code')} rules={[{ pattern: /^\d{2,12}$/, message: t('区划代码为数字', 'Digits only') }]}>
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="stage" label={t('学段', 'Stage')}>
          <Select allowClear style={{ width: 150 }} options={Object.keys(STAGES).map((s) => ({ value: s, label: label(STAGES, s) }))} />
        </Form.Item>
      </FilterForm>
      <Problem error={students.error} />
      <Table<Student>
        rowKey="id"
        loading={students.loading}
        dataSource={students.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('您的辖区内没有符合条件的学生', 'No students in your jurisdiction match') }}
        columns={[
          { title: t('姓名', 'Name'), render: (_, s) => <Link to={`/students/${s.id}`}>{s.name}</Link> },
          { title: t('身份证号', 'National ID'), dataIndex: 'nationalIdMasked' },
          { title: t('出生年份', 'Born'), dataIndex: 'birthYear' },
          { title: t('学校', 'School'), render: (_, s) => <Named names={schools} code={s.enrolment?.schoolCode} /> },
          { title: t('学段', 'Stage'), render: (_, s) => (s.enrolment ? `${label(STAGES, s.enrolment.stage)} ${s.enrolment.grade}` : '—') },
          { title: t('学年', 'Year'), render: (_, s) => s.enrolment?.academicYear ?? '—' },
        ]}
      />
      <Pager page={pages.page} nextCursor={students.data?.nextCursor} onNext={pages.next} onBack={pages.back} />
    </>
  );
}

/** The student's applications: one per academic year, found by their business key. */
async function applicationsOf(student: StudentsSchemas['StudentDetailDto']) {
  const years = [...new Set(student.enrolments.map((e) => e.academicYear))].sort().reverse();
  const found = await Promise.all(
    years.map((year) =>
      ok(api.students.GET('/aid-applications/{applicationId}', { params: { path: { applicationId: `aid-application:${student.id}:${year}` } } })).catch((e: unknown) => {
        if (e instanceof ApiProblem && e.status === 404) return undefined;
        throw e;
      }),
    ),
  );
  return found.filter((a): a is StudentsSchemas['AidApplicationDto'] => a !== undefined);
}

export function StudentPage({ studentId }: { studentId: string }) {
  const { t, label, yuan, date } = useI18n();
  const caller = useCaller();
  const loaded = useLoad(async () => {
    const student = await ok(api.students.GET('/students/{studentId}', { params: { path: { studentId } } }));
    const [household, applications] = await Promise.all([
      ok(api.students.GET('/households/{householdId}', { params: { path: { householdId: student.householdId } } })).catch(() => undefined),
      applicationsOf(student),
    ]);
    return { student, household, applications };
  }, [studentId]);
  const [revealing, setRevealing] = useState(false);
  const [revealed, setRevealed] = useState<string>();
  const [changingStatus, setChangingStatus] = useState(false);
  const places = usePlaceNames([loaded.data?.student.villageCode, ...(loaded.data?.student.enrolments ?? []).map((e) => e.schoolCode)]);
  const people = usePeopleNames((loaded.data?.household?.statusHistory ?? []).map((h) => h.recordedBy));
  if (loaded.loading && !loaded.data) return <Spin />;
  if (!loaded.data) return <Problem error={loaded.error} />;
  const { student, household, applications } = loaded.data;
  const canReveal = hasRole(caller, 'caseworker', 'approver', 'supervisor');
  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={2}>
          {t('学生档案：', 'Student record: ')}
          {student.name}
        </Typography.Title>
        <Space wrap>
          {hasRole(caller, 'caseworker') && (
            <Button type="primary" onClick={() => navigate(`/apply?studentId=${student.id}`)}>
              {t('发起资助申请', 'Apply for aid')}
            </Button>
          )}
          {/* Job assistance: a student in higher education is registered as a graduate. */}
          {hasRole(caller, 'caseworker', 'supervisor') && (student.enrolment?.stage === 'higher-vocational' || student.enrolment?.stage === 'undergraduate') && (
            <Button onClick={() => navigate(`/graduates/register?studentId=${student.id}`)}>{t('登记为毕业生', 'Register as a graduate')}</Button>
          )}
        </Space>
      </Space>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t('基本信息', 'Student')} size="small" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('身份证号', 'National ID')}>
                <Space>
                  <span data-testid="national-id">{revealed ?? student.nationalIdMasked}</span>
                  {canReveal && !revealed && (
                    <Button size="small" onClick={() => setRevealing(true)}>
                      {t('查看完整号码', 'Reveal')}
                    </Button>
                  )}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('性别', 'Sex')}>{student.sex === 'female' ? t('女', 'Female') : t('男', 'Male')}</Descriptions.Item>
              <Descriptions.Item label={t('出生年份', 'Born')}>{student.birthYear}</Descriptions.Item>
              <Descriptions.Item label={t('村（社区）', 'Village')}>
                <Named names={places} code={student.villageCode} />
              </Descriptions.Item>
              <Descriptions.Item label={t('标记', 'Flags')}>
                <Space wrap>
                  {student.flags.disability && <Tag color="#6a3fb5">{t('残疾', 'Disability')}</Tag>}
                  {student.flags.leftBehind && <Tag color="#6a3fb5">{t('留守儿童', 'Left behind')}</Tag>}
                  {student.flags.migrantChild && <Tag color="#6a3fb5">{t('随迁子女', 'Migrant child')}</Tag>}
                  {student.flags.specialHardship && <Tag color="#6a3fb5">{t('特困', 'Special hardship')}</Tag>}
                  {!Object.values(student.flags).some(Boolean) && t('无', 'None')}
                </Space>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('家庭（建档立卡）', 'Household (registered poor)')} size="small" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('户编号', 'Household no.')}>{student.householdNo}</Descriptions.Item>
              <Descriptions.Item label={t('状态', 'Status')}>
                {label(HOUSEHOLD_STATES, student.householdStatus)}
                {household ? ` · ${t('自', 'since')} ${date(household.statusSince)}` : ''}
              </Descriptions.Item>
              {household && (
                <Descriptions.Item label={t('家庭成员', 'Members')}>{household.members.map((m) => `${m.name}（${m.relation}）`).join('、') || '—'}</Descriptions.Item>
              )}
              {household && (
                <Descriptions.Item label={t('在读子女', 'Students')}>
                  <Space wrap>
                    {household.students.map((s) => (
                      <Link key={s.id} to={`/students/${s.id}`}>
                        {s.name}
                      </Link>
                    ))}
                  </Space>
                </Descriptions.Item>
              )}
            </Descriptions>
            {household && household.statusHistory.length > 0 && (
              <>
                <Typography.Title level={3} style={{ fontSize: 14, marginTop: 12 }}>
                  {t('状态变化', 'Status changes')}
                </Typography.Title>
                <Timeline
                  data-testid="household-status-history"
                  items={household.statusHistory.map((h) => ({
                    content: (
                      <div>
                        <strong>{label(HOUSEHOLD_STATES, h.status)}</strong> · {t('自', 'from')} {date(h.effectiveDate)} · <Person names={people} id={h.recordedBy} />
                        <div style={{ whiteSpace: 'pre-wrap' }}>{h.reason === REGISTERED_BY_IMPORT ? t('由名册导入登记', h.reason) : h.reason}</div>
                      </div>
                    ),
                  }))}
                />
              </>
            )}
            {household && hasRole(caller, 'caseworker', 'supervisor') && (
              <Button size="small" onClick={() => setChangingStatus(true)}>
                {t('记录家庭状态变化', 'Record a household status change')}
              </Button>
            )}
          </Card>
        </Col>
      </Row>
      {changingStatus && household && (
        <HouseholdStatusChange
          householdId={household.id}
          current={household.status}
          onClose={() => setChangingStatus(false)}
          onDone={() => {
            setChangingStatus(false);
            loaded.reload();
          }}
        />
      )}
      <Card title={t('就读记录', 'Enrolment history')} size="small" style={{ marginBottom: 16 }}>
        <Table
          rowKey={(e) => `${e.academicYear}:${e.schoolCode}`}
          size="small"
          pagination={false}
          dataSource={student.enrolments}
          columns={[
            { title: t('学年', 'Year'), dataIndex: 'academicYear' },
            { title: t('学校', 'School'), dataIndex: 'schoolCode', render: (code: string) => <Named names={places} code={code} /> },
            { title: t('学段', 'Stage'), render: (_, e) => label(STAGES, e.stage) },
            { title: t('年级', 'Grade'), dataIndex: 'grade' },
            { title: t('寄宿', 'Boarding'), render: (_, e) => (e.boarding ? t('是', 'Yes') : t('否', 'No')) },
          ]}
        />
      </Card>
      <Card title={t('资助申请与发放', 'Aid applications and payments')} size="small">
        {applications.length === 0 && <Typography.Text type="secondary">{t('尚无资助申请', 'No aid applications yet')}</Typography.Text>}
        {applications.map((a) => (
          <div key={a.applicationId} style={{ marginBottom: 16 }}>
            <Space wrap style={{ marginBottom: 8 }}>
              <Link to={`/applications/${encodeURIComponent(a.applicationId)}`}>{a.academicYear}</Link>
              <Tag color="#1f5fbf">{label(APPLICATION_STATES, a.state)}</Tag>
              <span>
                {t('现金合计', 'Cash total')} {yuan(a.cashFen)}
              </span>
            </Space>
            <PaymentsTable payments={a.payments} />
          </div>
        ))}
      </Card>
      <Card title={t('年度资助名单', 'Annual campaigns')} size="small" style={{ marginTop: 16 }}>
        <StudentCampaignTimeline studentId={student.id} />
      </Card>
      <Card title={t('转学与迁移', 'Transfers')} size="small" style={{ marginTop: 16 }}>
        <Transfers studentId={student.id} canTransfer={hasRole(caller, 'caseworker', 'supervisor')} onMoved={loaded.reload} />
      </Card>
      <RevealDialog
        open={revealing}
        studentId={student.id}
        onClose={() => setRevealing(false)}
        onRevealed={(id) => {
          setRevealed(id);
          setRevealing(false);
        }}
      />
    </>
  );
}

function RevealDialog({ open, studentId, onClose, onRevealed }: { open: boolean; studentId: string; onClose: () => void; onRevealed: (id: string) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<unknown>();
  const submit = async () => {
    setError(undefined);
    try {
      const { reason } = await form.validateFields();
      const answer = await ok(api.students.POST('/students/{studentId}/national-id/reveal', { params: { path: { studentId } }, body: { reason: reason.trim() } }));
      onRevealed(answer.nationalId);
    } catch (e) {
      if ((e as { errorFields?: unknown }).errorFields) return;
      if (!showFieldErrors(form, e)) setError(e);
    }
  };
  return (
    <Modal open={open} title={t('查看完整身份证号', 'Reveal the national ID')} onCancel={onClose} onOk={() => void submit()} okText={t('查看', 'Reveal')} cancelText={t('取消', 'Cancel')} destroyOnHidden>
      <Typography.Paragraph>{t('每次查看都会连同理由记入查阅记录，供审计。', 'Every reveal is written to the access log with its reason, for the auditors.')}</Typography.Paragraph>
      <Problem error={error} />
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('查看理由', 'Reason')} rules={[{ required: true, whitespace: true, message: t('请说明理由', 'Give a reason') }, { min: 10, message: t('理由至少 10 个字符', 'At least 10 characters') }, { max: 500 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// Transfers (h14-console-campaign): the only way a record leaves a jurisdiction, with a reason both sides read.
type Transfer = StudentsSchemas['TransferDto'];

function Transfers({ studentId, canTransfer, onMoved }: { studentId: string; canTransfer: boolean; onMoved: () => void }) {
  const { t, dateTime } = useI18n();
  const list = useLoad(() => ok(api.students.GET('/students/{studentId}/transfers', { params: { path: { studentId } } })), [studentId]);
  const moves = list.data?.items ?? [];
  const places = usePlaceNames(moves.flatMap((x) => [x.fromSchoolCode, x.fromVillageCode, x.toSchoolCode, x.toVillageCode]));
  const people = usePeopleNames(moves.map((x) => x.transferredBy));
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ to: 'school' | 'village'; code: string; reason: string }>();
  const [error, setError] = useState<unknown>();
  const to = Form.useWatch('to', form) ?? 'school';
  const send = async () => {
    setError(undefined);
    try {
      const v = await form.validateFields();
      const code = v.code.trim();
      await ok(
        api.students.POST('/students/{studentId}/transfers', {
          params: { path: { studentId } },
          body: { ...(v.to === 'school' ? { toSchoolCode: code } : { toVillageCode: code }), reason: v.reason.trim() },
        }),
      );
      void message.success(t('已转出', 'Transferred'));
      setOpen(false);
      form.resetFields();
      list.reload();
      onMoved();
    } catch (e) {
      if ((e as { errorFields?: unknown }).errorFields) return;
      if (!showFieldErrors(form, e, { toSchoolCode: ['code'], toVillageCode: ['code'] })) setError(e);
    }
  };
  return (
    <>
      <Problem error={list.error} />
      <Table<Transfer>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('没有转学或迁移记录', 'No transfers') }}
        columns={[
          { title: t('时间', 'When'), render: (_, x) => dateTime(x.transferredAt) },
          {
            title: t('转出', 'From'),
            render: (_, x) => (
              <span>
                <Named names={places} code={x.fromSchoolCode} /> · <Named names={places} code={x.fromVillageCode} />
              </span>
            ),
          },
          {
            title: t('转入', 'To'),
            render: (_, x) => (
              <span>
                <Named names={places} code={x.toSchoolCode} /> · <Named names={places} code={x.toVillageCode} />
              </span>
            ),
          },
          { title: t('全户迁移', 'Household moved'), render: (_, x) => (x.householdMoved ? t('是', 'Yes') : t('否', 'No')) },
          { title: t('理由', 'Reason'), dataIndex: 'reason' },
          { title: t('经办人', 'By'), render: (_, x) => <Person names={people} id={x.transferredBy} /> },
        ]}
      />
      {canTransfer && (
        <Button style={{ marginTop: 12 }} onClick={() => setOpen(true)}>
          {t('办理转学或迁移', 'Transfer the student')}
        </Button>
      )}
      <Modal open={open} title={t('转学或迁移', 'Transfer')} onCancel={() => setOpen(false)} onOk={() => void send()} okText={t('转出', 'Transfer')} cancelText={t('取消', 'Cancel')} destroyOnHidden>
        <Typography.Paragraph type="secondary">
          {t('转学：学生的在读记录转到新学校（学段年级不变）。迁移：全户迁到新村（社区），户内其他学生一并迁移。', 'A school transfer moves the current enrolment to the new school (same stage and grade); a village move moves the whole household, with its other students.')}
        </Typography.Paragraph>
        <Problem error={error} />
        <Form form={form} layout="vertical" initialValues={{ to: 'school' }}>
          <Form.Item name="to" label={t('类型', 'Kind')}>
            <Select
              options={[
                { value: 'school', label: t('转学（新学校）', 'To another school') },
                { value: 'village', label: t('迁移（新村、社区）', 'Household to another village') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="code"
            label={to === 'school' ? t('新学校代码', 'New school code') : t('新村（社区）代码', 'New village code')}
            dependencies={['to']}
            rules={[
              { required: true, message: t('请输入代码', 'Enter the code') },
              to === 'school' ? { pattern: /^\d{10}$/, message: t('学校代码为 10 位数字', 'A school code is 10 digits') } : { pattern: /^\d{12}$/, message: t('村代码为 12 位数字', 'A village code is 12 digits') },
            ]}
          >
            <Input inputMode="numeric" />
          </Form.Item>
          <Form.Item name="reason" label={t('理由', 'Reason')} rules={[{ required: true, whitespace: true, message: t('请说明理由', 'Give a reason') }, { min: 10, message: t('理由至少 10 个字符', 'At least 10 characters') }, { max: 500 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/**
 * A household's status change from the registry's annual verification (lifted out of poverty, returned
 * to it): the status, the date it took effect and why. Applications are not changed by it: a change to
 * an application is reported on the application (报告情况变化).
 */
function HouseholdStatusChange({ householdId, current, onClose, onDone }: { householdId: string; current: string; onClose: () => void; onDone: () => void }) {
  const { t, label } = useI18n();
  type Values = { status: 'poor' | 'lifted-out' | 'returned-to-poverty'; effectiveDate?: Dayjs; reason: string };
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: Values) => {
    setError(undefined);
    setBusy(true);
    try {
      await ok(api.students.POST('/households/{householdId}/status', { params: { path: { householdId } }, body: { status: v.status, effectiveDate: v.effectiveDate?.format('YYYY-MM-DD') ?? '', reason: v.reason.trim() } }));
      void message.success(t(`已记录：${label(HOUSEHOLD_STATES, v.status)}`, `Recorded: ${label(HOUSEHOLD_STATES, v.status)}`));
      onDone();
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(e instanceof ApiProblem && e.status === 409 ? new ApiProblem(e.status, e.code, t('该户已是这个状态。', 'The household has this status already.'), e.errors) : e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('记录家庭状态变化', 'Record a household status change')} onCancel={onClose} footer={null} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        {t('按年度核查结果记录。已有的资助申请不会自动调整：请在申请中“报告情况变化”。', 'As the annual verification found. Applications are not changed by it: report the change on the application.')}
      </Typography.Paragraph>
      <Problem error={error} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="status" label={t('新状态', 'New status')} rules={[{ required: true, message: t('请选择新状态', 'Choose the new status') }]}>
          <Select options={Object.keys(HOUSEHOLD_STATES).filter((k) => k !== current).map((k) => ({ value: k, label: label(HOUSEHOLD_STATES, k) }))} />
        </Form.Item>
        <Form.Item name="effectiveDate" label={t('生效日期', 'Took effect on')} rules={[{ required: true, message: t('请选择生效日期', 'Choose the date it took effect') }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('原因', 'Reason')} rules={[{ required: true, whitespace: true, min: 5, max: 500, message: t('请说明原因（5–500 字）', 'Say why (5–500 characters)') }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('记录', 'Record')}
          </Button>
          <Button onClick={onClose}>{t('取消', 'Cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}
