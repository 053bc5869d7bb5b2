// Simplified Chinese by default, English as a choice (kept in localStorage). Texts sit beside each
// other where they are used: t('收件箱', 'Inbox'). Dates and money follow the chosen locale.
import { Segmented } from 'antd';
import { createContext, useContext } from 'react';

export type Lang = 'zh' | 'en';
export const LANG_KEY = 'eduaid.lang';
export const initialLang = (): Lang => (localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh');

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (zh: string, en: string) => string;
  /** Integer fen as yuan in the locale: 125000 → ¥1,250.00 */
  yuan: (fen: number | undefined | null) => string;
  date: (iso: string | undefined | null) => string;
  dateTime: (iso: string | undefined | null) => string;
  label: (table: Record<string, [string, string]>, key: string | undefined) => string;
}

export const I18nContext = createContext<I18n | null>(null);

export function makeI18n(lang: Lang, setLang: (lang: Lang) => void): I18n {
  const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const moment = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    lang,
    setLang,
    t: (zh, en) => (lang === 'zh' ? zh : en),
    // Fen are integers; dividing by 100 only for display is exact to the cent.
    yuan: (fen) => (fen === undefined || fen === null ? '—' : money.format(fen / 100)),
    date: (iso) => (iso ? day.format(new Date(iso)) : '—'),
    dateTime: (iso) => (iso ? moment.format(new Date(iso)) : '—'),
    label: (table, key) => (key === undefined ? '—' : table[key] ? table[key][lang === 'zh' ? 0 : 1] : key),
  };
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nContext');
  return i18n;
}

/** The language switch (中文 / English); `short` names English EN, where room is scarce (the sign-in card). */
export function LanguageSwitch({ short = false }: { short?: boolean }) {
  const { t, lang, setLang } = useI18n();
  return (
    <Segmented<Lang>
      size="small"
      aria-label={t('界面语言', 'Language')}
      value={lang}
      onChange={setLang}
      options={[
        { label: '中文', value: 'zh' },
        { label: short ? 'EN' : 'English', value: 'en' },
      ]}
    />
  );
}

export const ROLES: Record<string, [string, string]> = {
  caseworker: ['经办人', 'Caseworker'],
  approver: ['审批人', 'Approver'],
  supervisor: ['主管', 'Supervisor'],
  mentor: ['帮扶导师', 'Mentor'],
  graduate: ['毕业生', 'Graduate'],
  'programme-admin': ['项目管理员', 'Programme admin'],
  auditor: ['审计员', 'Auditor'],
};

export const LEVELS: Record<string, [string, string]> = {
  province: ['省', 'Province'],
  prefecture: ['市（州）', 'Prefecture'],
  county: ['县（区）', 'County'],
  township: ['乡镇', 'Township'],
  school: ['学校', 'School'],
};

export const STEPS: Record<string, [string, string]> = {
  'school-check': ['学校核查', 'School check'],
  'county-approval': ['县级审批', 'County approval'],
  'prefecture-sign-off': ['市级复核', 'Prefecture sign-off'],
  'more-information': ['补充材料', 'More information'],
  'appeal-county': ['县级申诉', 'County appeal'],
  'appeal-prefecture': ['市级申诉', 'Prefecture appeal'],
  'appeal-province': ['省级申诉', 'Province appeal'],
  'bank-details': ['银行账户', 'Bank details'],
  approval: ['审批', 'Approval'],
  application: ['申请', 'Application'],
  eligibility: ['资格核验', 'Eligibility'],
  payments: ['发放', 'Payments'],
  // Annual campaigns (h14-console-campaign)
  'school-list': ['学校名单审核', 'School list review'],
  change: ['情况变化', 'Change'],
  // Tuition compensation (graduate-compensation workflow)
  'verify-commitment': ['服务承诺核实', 'Commitment check'],
};

export const APPLICATION_STATES: Record<string, [string, string]> = {
  checking: ['资格核验中', 'Checking'],
  'in-review': ['审批中', 'In review'],
  'more-information-requested': ['待补充材料', 'More information requested'],
  rejected: ['已驳回', 'Rejected'],
  'in-appeal': ['申诉中', 'In appeal'],
  approved: ['已批准', 'Approved'],
  'awaiting-bank-details': ['待补银行账户', 'Awaiting bank details'],
  paying: ['发放中', 'Paying'],
  completed: ['已完成', 'Completed'],
  withdrawn: ['已撤回', 'Withdrawn'],
  ineligible: ['不符合条件', 'Ineligible'],
  cancelled: ['已取消', 'Cancelled'],
  unrecorded: ['未记录', 'Unrecorded'],
};

export const STAGES: Record<string, [string, string]> = {
  'pre-school': ['学前教育', 'Pre-school'],
  primary: ['小学', 'Primary'],
  'junior-secondary': ['初中', 'Junior secondary'],
  'senior-high': ['普通高中', 'Senior high'],
  'secondary-vocational': ['中职', 'Secondary vocational'],
  'higher-vocational': ['高职', 'Higher vocational'],
  undergraduate: ['本科', 'Undergraduate'],
};

export const PAYMENT_STATES: Record<string, [string, string]> = {
  planned: ['待发放', 'Planned'],
  sending: ['发送中', 'Sending'],
  paid: ['已发放', 'Paid'],
  failed: ['发放失败', 'Failed'],
  cancelled: ['已取消', 'Cancelled'],
};

export const TASK_STATES: Record<string, [string, string]> = {
  open: ['待领取', 'Open'],
  claimed: ['已领取', 'Claimed'],
  deciding: ['处理中', 'Deciding'],
  completed: ['已完成', 'Completed'],
  cancelled: ['已取消', 'Cancelled'],
};

export const DECISIONS: Record<string, [string, string]> = {
  submit: ['提交', 'Submitted'],
  approve: ['通过', 'Approve'],
  withdraw: ['撤回', 'Withdrawn'],
  appeal: ['申诉', 'Appealed'],
  reject: ['驳回', 'Reject'],
  return: ['退回补充', 'Return'],
  resubmit: ['已补充', 'Resubmitted'],
  approved: ['已批准', 'Approved'],
  planned: ['已安排发放', 'Planned'],
  given: ['已提供', 'Given'],
  // Changes reported after a decision (h14-console-campaign)
  'school-changed': ['转学（学校变更）', 'School changed'],
  'stage-changed': ['学段变更', 'Stage changed'],
  'household-left-poverty': ['家庭已脱贫', 'Household left poverty'],
  'dropped-out': ['辍学', 'Dropped out'],
  'cancel-future': ['取消未发放学期', 'Unpaid semesters cancelled'],
  'adjust-future': ['重新安排未发放学期', 'Unpaid semesters re-planned'],
  unchanged: ['无需调整', 'Nothing to change'],
};

export const HOUSEHOLD_STATES: Record<string, [string, string]> = {
  poor: ['建档立卡贫困户', 'Registered poor'],
  'lifted-out': ['已脱贫', 'Lifted out'],
  'returned-to-poverty': ['返贫', 'Returned to poverty'],
};

export const CYCLE_STATES: Record<string, [string, string]> = {
  selecting: ['筛选中', 'Selecting'],
  running: ['进行中', 'Running'],
  paused: ['已暂停', 'Paused'],
  cancelling: ['取消中', 'Cancelling'],
  completed: ['已完成', 'Completed'],
  cancelled: ['已取消', 'Cancelled'],
  waiting: ['等待中', 'Waiting'],
  done: ['已完成', 'Done'],
};
