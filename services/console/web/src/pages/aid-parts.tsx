// Parts of an aid application shown on several screens: entitlement lines, timeline, payments.
import { Descriptions, Table, Tag, Timeline, Typography } from 'antd';
import type { StudentsSchemas } from '../api/client';
import { Named, Person, usePeopleNames, usePlaceNames } from '../names';
import { aidSchemeName } from '../../../../../libs/policy/src/scheme-names';
import { APPLICATION_STATES, DECISIONS, HOUSEHOLD_STATES, LEVELS, PAYMENT_STATES, ROLES, STAGES, STEPS, useI18n } from '../i18n';

type Application = StudentsSchemas['AidApplicationDto'];
type Line = StudentsSchemas['EntitlementLineDto'];
type Payment = StudentsSchemas['PaymentDto'];
export type ReasonCode = StudentsSchemas['ReasonCodeDto'];

/** A reason as a sentence in the chosen language from its code; the stored text stays in the tooltip. */
export function reasonSentence(r: ReasonCode, i18n: Pick<ReturnType<typeof useI18n>, 't' | 'label' | 'lang'>): string {
  const { t, label, lang } = i18n;
  const p = r.params;
  switch (r.code) {
    case 'household-not-poor':
      return t(`家庭状态为“${label(HOUSEHOLD_STATES, p.status)}”，不是建档立卡贫困户`, `The household is ${label(HOUSEHOLD_STATES, p.status).toLowerCase()}, not registered poor`);
    case 'no-confirmed-enrolment':
      return t(`${p.academicYear} 学年没有已确认的在读记录`, `No confirmed enrolment for ${p.academicYear}`);
    case 'no-such-student':
      return t('没有该学生', 'No such student');
    case 'no-scheme-applies':
      return t(`没有适用于${p.attendance === 'boarding' ? '寄宿' : '走读'}${label(STAGES, p.stage)}学生的资助项目`, `No scheme applies to a ${p.attendance === 'boarding' ? 'boarding' : 'day'} student in ${label(STAGES, p.stage).toLowerCase()}`);
    case 'already-paid':
      return t(`${aidSchemeName(p.scheme, lang)}（${p.semester}）已由其他申请发放或安排`, `${aidSchemeName(p.scheme, lang)} for ${p.semester} is already paid or planned by another application`);
    case 'grade-not-in-stage':
      return t(`${label(STAGES, p.stage)}没有 ${p.grade} 年级（1–${p.grades}）`, `Grade ${p.grade} does not exist in ${label(STAGES, p.stage).toLowerCase()} (1–${p.grades})`);
    case 'no-standards':
      return t(`没有覆盖 ${p.academicYear} 学年的资助标准`, `No aid standards cover ${p.academicYear}`);
    case 'commitment-not-verified':
      return t(`服务承诺未通过核实：${p.comment === 'no reason given' ? '未说明理由' : p.comment}`, `Commitment not verified: ${p.comment}`);
    case 'rejected-at-step':
      return t(`在“${label(STEPS, p.step)}”被驳回：${p.comment === 'no reason given' ? '未说明理由' : p.comment}`, `Rejected at ${label(STEPS, p.step).toLowerCase()}: ${p.comment}`);
    default:
      return r.text;
  }
}

/** Reasons in the chosen language (a reviewer's own words as written), joined; the stored sentences in the tooltip. */
export function Reasons({ reasons, secondary }: { reasons: ReasonCode[]; secondary?: boolean }) {
  const i18n = useI18n();
  if (reasons.length === 0) return null;
  return (
    <Typography.Text type={secondary ? 'secondary' : undefined} title={reasons.map((r) => r.text).join('; ')} data-testid="reasons">
      {reasons.map((r) => reasonSentence(r, i18n)).join(i18n.t('；', '; '))}
    </Typography.Text>
  );
}

/** A scheme by its name in the chosen language (libs/policy); the id stays in the tooltip. */
export function SchemeName({ scheme }: { scheme: string }) {
  const { lang } = useI18n();
  return <span title={scheme}>{aidSchemeName(scheme, lang)}</span>;
}

export const FUNDS: Record<string, [string, string]> = {
  national: ['中央资金', 'National'],
  provincial: ['省级资金', 'Provincial'],
  'local-relief': ['地方救助资金', 'Local relief'],
};
export const DISBURSEMENTS: Record<string, [string, string]> = {
  'bank-transfer': ['银行转账', 'Bank transfer'],
  'fee-waiver': ['减免', 'Fee waiver'],
};

export function EntitlementTable({ lines, standardsVersion }: { lines: Line[]; standardsVersion?: string }) {
  const { t, yuan, label } = useI18n();
  return (
    <>
      <Table<Line>
        rowKey={(l) => `${l.scheme}:${l.ruleId}`}
        size="small"
        pagination={false}
        dataSource={lines}
        locale={{ emptyText: t('暂无资助项目', 'No entitlement yet') }}
        columns={[
          { title: t('资助项目', 'Scheme'), render: (_, l) => <SchemeName scheme={l.scheme} /> },
          { title: t('依据规则', 'Rule'), render: (_, l) => <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{l.ruleId}</Typography.Text> },
          { title: t('资金来源', 'Fund'), render: (_, l) => label(FUNDS, l.fund) },
          { title: t('方式', 'Paid as'), render: (_, l) => label(DISBURSEMENTS, l.disbursement) },
          { title: t('金额', 'Amount'), align: 'right', render: (_, l) => yuan(l.amountFen) },
          { title: t('各学期', 'Per semester'), render: (_, l) => l.semesters.map((s) => `${s.semester} ${yuan(s.amountFen)}`).join('；') },
        ]}
      />
      {standardsVersion && (
        <Typography.Text type="secondary">
          {t('资助标准版本：', 'Standards version: ')}
          {standardsVersion}
        </Typography.Text>
      )}
    </>
  );
}

export function ApplicationTimeline({ entries }: { entries: Application['timeline'] }) {
  const { t, dateTime, label } = useI18n();
  const people = usePeopleNames(entries.map((e) => e.actor));
  if (entries.length === 0) return <Typography.Text type="secondary">{t('暂无记录', 'Nothing yet')}</Typography.Text>;
  return (
    <Timeline
      items={entries.map((e) => ({
        content: (
          <div>
            <strong>{label(STEPS, e.step)}</strong> · {label(DECISIONS, e.action)} · <Person names={people} id={e.actor} /> · <span>{dateTime(e.at)}</span>
            {e.comment && <div style={{ whiteSpace: 'pre-wrap' }}>“{e.comment}”</div>}
          </div>
        ),
      }))}
    />
  );
}

export function PaymentsTable({ payments }: { payments: Payment[] }) {
  const { t, yuan, label, dateTime } = useI18n();
  return (
    <Table<Payment>
      rowKey={(p) => `${p.semester}:${p.scheme}`}
      size="small"
      pagination={false}
      dataSource={payments}
      locale={{ emptyText: t('暂无发放记录', 'No payments yet') }}
      columns={[
        { title: t('学期', 'Semester'), dataIndex: 'semester' },
        { title: t('资助项目', 'Scheme'), render: (_, p) => <SchemeName scheme={p.scheme} /> },
        { title: t('金额', 'Amount'), align: 'right', render: (_, p) => yuan(p.amountFen) },
        {
          title: t('状态', 'Status'),
          render: (_, p) => <Tag color={p.status === 'paid' ? '#2e7d32' : p.status === 'failed' ? '#c42b2b' : undefined}>{label(PAYMENT_STATES, p.status)}</Tag>,
        },
        { title: t('银行流水号', 'Bank reference'), render: (_, p) => p.bankReference ?? p.reason ?? '—' },
        { title: t('发放时间', 'Paid at'), render: (_, p) => dateTime(p.paidAt) },
      ]}
    />
  );
}

export function ApplicationSummary({ application }: { application: Application }) {
  const { t, yuan, label, dateTime } = useI18n();
  const people = usePeopleNames([application.holder?.assigneeId]);
  const places = usePlaceNames([application.holder?.divisionCode]);
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, xxl: 3 }} bordered>
      <Descriptions.Item label={t('状态', 'State')}>
        <Tag color="#1f5fbf">{label(APPLICATION_STATES, application.state)}</Tag>
      </Descriptions.Item>
      <Descriptions.Item label={t('学年', 'Academic year')}>{application.academicYear}</Descriptions.Item>
      <Descriptions.Item label={t('学段', 'Stage')}>{label(STAGES, application.stage)}</Descriptions.Item>
      <Descriptions.Item label={t('当前步骤', 'Current step')}>{label(STEPS, application.currentStep)}</Descriptions.Item>
      <Descriptions.Item label={t('办理人', 'Held by')}>
        {application.holder ? (
          <>
            {application.holder.assigneeId ? <Person names={people} id={application.holder.assigneeId} /> : label(ROLES, application.holder.candidateRole)} · {label(LEVELS, application.holder.level)}{' '}
            <Named names={places} code={application.holder.divisionCode} />
          </>
        ) : (
          (application.heldBy ?? '—')
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('期限', 'Due')}>{dateTime(application.dueAt)}</Descriptions.Item>
      <Descriptions.Item label={t('现金合计', 'Cash total')}>{yuan(application.cashFen)}</Descriptions.Item>
      <Descriptions.Item label={t('需市级复核', 'Needs prefecture sign-off')}>{application.needsHigherSignOff ? t('是', 'Yes') : t('否', 'No')}</Descriptions.Item>
      <Descriptions.Item label={t('银行账户', 'Bank account')}>{application.bankAccount ?? t('未登记', 'None on file')}</Descriptions.Item>
      {application.reasonCodes.length > 0 && (
        <Descriptions.Item label={t('原因', 'Reasons')} span={3}>
          <Reasons reasons={application.reasonCodes} />
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}
