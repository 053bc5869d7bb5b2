import { Badge, Button, ConfigProvider, Layout, Menu, Space, Spin, Typography, type MenuProps } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect, useMemo, useState, type ComponentType, type ReactNode } from 'react';
import { api, ok, session } from './api/client';
import { I18nContext, initialLang, LANG_KEY, LanguageSwitch, makeI18n, ROLES, useI18n, type Lang } from './i18n';
import { LoginPage } from './pages/login';
import { Link, match, navigate, useLocation } from './router';
import { CallerContext, hasRole, useCaller, type Caller, type Role } from './shared';

/**
 * Code splitting: each area's screens load when first opened (React.lazy), so the first load carries
 * the shell and the sign-in only. `page(load, name)` turns a module's named export into a lazy one.
 */
function page<M, K extends keyof M>(load: () => Promise<M>, name: K): M[K] {
  return lazy(async () => ({ default: (await load())[name] as unknown as ComponentType<object> })) as unknown as M[K];
}
const pages = {
  audit: () => import('./pages/audit'),
  applications: () => import('./pages/applications'),
  campaigns: () => import('./pages/campaigns'),
  compensations: () => import('./pages/compensations'),
  cycles: () => import('./pages/cycles'),
  inbox: () => import('./pages/inbox'),
  mentoring: () => import('./pages/mentoring'),
  mentoringStaff: () => import('./pages/mentoring-staff'),
  notifications: () => import('./pages/notifications'),
  roster: () => import('./pages/roster'),
  students: () => import('./pages/students'),
  targets: () => import('./pages/targets'),
  task: () => import('./pages/task'),
  users: () => import('./pages/users'),
  workload: () => import('./pages/workload'),
};
const AccessLogPage = page(pages.audit, 'AccessLogPage');
const AuditPage = page(pages.audit, 'AuditPage');
const ApplicationPage = page(pages.applications, 'ApplicationPage');
const ApplicationsPage = page(pages.applications, 'ApplicationsPage');
const ApplyPage = page(pages.applications, 'ApplyPage');
const CyclesPage = page(pages.cycles, 'CyclesPage');
const InboxPage = page(pages.inbox, 'InboxPage');
const ActivatePage = page(pages.mentoring, 'ActivatePage');
const CaseloadPage = page(pages.mentoring, 'CaseloadPage');
const JobCasesPage = page(pages.mentoring, 'JobCasesPage');
const MentorCasePage = page(pages.mentoring, 'MentorCasePage');
const MyCasePage = page(pages.mentoring, 'MyCasePage');
const GraduateImportPage = page(pages.mentoringStaff, 'GraduateImportPage');
const GraduatePage = page(pages.mentoringStaff, 'GraduatePage');
const GraduatesPage = page(pages.mentoringStaff, 'GraduatesPage');
const MentoringReportsPage = page(pages.mentoringStaff, 'MentoringReportsPage');
const MentorsPage = page(pages.mentoringStaff, 'MentorsPage');
const RegisterGraduatePage = page(pages.mentoringStaff, 'RegisterGraduatePage');
const StaffCasePage = page(pages.mentoringStaff, 'StaffCasePage');
const NotificationsPage = page(pages.notifications, 'NotificationsPage');
const RosterPage = page(pages.roster, 'RosterPage');
const StudentPage = page(pages.students, 'StudentPage');
const StudentsPage = page(pages.students, 'StudentsPage');
const TargetsPage = page(pages.targets, 'TargetsPage');
const TaskPage = page(pages.task, 'TaskPage');
const UsersPage = page(pages.users, 'UsersPage');
const WorkloadPage = page(pages.workload, 'WorkloadPage');
// Annual campaigns (h14-console-campaign)
const CampaignsPage = page(pages.campaigns, 'CampaignsPage');
const CampaignPage = page(pages.campaigns, 'CampaignPage');
const CompensationsPage = page(pages.compensations, 'CompensationsPage');
const CompensationPage = page(pages.compensations, 'CompensationPage');

interface Screen {
  path: string;
  zh: string;
  en: string;
  roles: Role[];
  render: (params: Record<string, string>) => ReactNode;
  /** Shown in the menu (detail screens are not). */
  menu?: boolean;
  /** Menu screens of one group share a submenu (zh, en), so the header's menu does not overflow. */
  group?: [string, string];
}

const WORKERS: Role[] = ['caseworker', 'approver', 'supervisor'];
const READERS: Role[] = ['caseworker', 'approver', 'supervisor', 'programme-admin', 'auditor'];
const MENTORING_STAFF: Role[] = ['caseworker', 'supervisor', 'programme-admin', 'auditor'];
const JOB_ASSISTANCE: [string, string] = ['就业帮扶', 'Job assistance'];

const SCREENS: Screen[] = [
  { path: '/inbox', zh: '收件箱', en: 'Inbox', roles: WORKERS, render: () => <InboxPage />, menu: true },
  { path: '/tasks/:id', zh: '任务', en: 'Task', roles: WORKERS, render: (p) => <TaskPage taskId={p.id} /> },
  { path: '/students', zh: '学生', en: 'Students', roles: READERS, render: () => <StudentsPage />, menu: true },
  { path: '/students/:id', zh: '学生档案', en: 'Student record', roles: READERS, render: (p) => <StudentPage studentId={p.id} /> },
  { path: '/apply', zh: '发起资助申请', en: 'Apply for aid', roles: ['caseworker'], render: () => <ApplyPage /> },
  { path: '/applications', zh: '资助申请', en: 'Applications', roles: READERS, render: () => <ApplicationsPage />, menu: true },
  { path: '/applications/:id', zh: '资助申请', en: 'Application', roles: READERS, render: (p) => <ApplicationPage applicationId={p.id} /> },
  { path: '/roster', zh: '名册导入', en: 'Roster import', roles: ['caseworker', 'supervisor', 'programme-admin'], render: () => <RosterPage />, menu: true },
  { path: '/workload', zh: '工作量', en: 'Workloads', roles: ['supervisor'], render: () => <WorkloadPage />, menu: true },
  { path: '/campaigns', zh: '年度名单', en: 'Campaigns', roles: READERS, render: () => <CampaignsPage />, menu: true },
  { path: '/campaigns/:id', zh: '年度名单', en: 'Campaign', roles: READERS, render: (p) => <CampaignPage campaignId={p.id} /> },
  { path: '/cycles', zh: '学期发放', en: 'Payment cycles', roles: ['supervisor', 'programme-admin', 'auditor'], render: () => <CyclesPage />, menu: true },
  { path: '/targets', zh: '规划目标', en: 'Targets', roles: ['programme-admin', 'supervisor', 'auditor'], render: () => <TargetsPage />, menu: true },
  { path: '/users', zh: '用户', en: 'Users', roles: ['programme-admin', 'supervisor'], render: () => <UsersPage />, menu: true },
  { path: '/audit', zh: '审计日志', en: 'Audit trail', roles: ['auditor', 'programme-admin'], render: () => <AuditPage />, menu: true },
  { path: '/access-log', zh: '查阅记录', en: 'Access log', roles: ['auditor'], render: () => <AccessLogPage />, menu: true },
  { path: '/caseload', zh: '帮扶对象', en: 'Caseload', roles: ['mentor'], render: () => <CaseloadPage />, menu: true },
  { path: '/caseload/:id', zh: '帮扶个案', en: 'Case', roles: ['mentor'], render: (p) => <MentorCasePage graduateId={p.id} canWork /> },
  { path: '/my-case', zh: '我的帮扶', en: 'My case', roles: ['graduate'], render: () => <MyCasePage />, menu: true },
  // Job assistance for staff (cases, graduates, mentors, the university list, reports), one submenu.
  { path: '/job-cases', zh: '帮扶个案', en: 'Cases', roles: MENTORING_STAFF, render: () => <JobCasesCaller />, menu: true, group: JOB_ASSISTANCE },
  { path: '/job-cases/:id', zh: '就业帮扶个案', en: 'Job-assistance case', roles: MENTORING_STAFF, render: (p) => <StaffCasePage graduateId={p.id} /> },
  { path: '/graduates', zh: '毕业生', en: 'Graduates', roles: MENTORING_STAFF, render: () => <GraduatesPage />, menu: true, group: JOB_ASSISTANCE },
  { path: '/graduates/register', zh: '登记毕业生', en: 'Register a graduate', roles: ['caseworker', 'supervisor'], render: () => <RegisterGraduatePage /> },
  { path: '/graduates/:id', zh: '毕业生', en: 'Graduate', roles: MENTORING_STAFF, render: (p) => <GraduatePage graduateId={p.id} /> },
  { path: '/graduate-imports', zh: '毕业生名单导入', en: 'Graduates list upload', roles: ['caseworker', 'supervisor'], render: () => <GraduateImportPage /> },
  { path: '/compensations', zh: '学费补偿', en: 'Tuition compensation', roles: MENTORING_STAFF, render: () => <CompensationsPage />, menu: true, group: JOB_ASSISTANCE },
  { path: '/compensations/:id', zh: '学费补偿', en: 'Tuition compensation', roles: MENTORING_STAFF, render: (p) => <CompensationPage graduateId={p.id} /> },
  { path: '/mentors', zh: '帮扶导师', en: 'Mentors', roles: MENTORING_STAFF, render: () => <MentorsPage />, menu: true, group: JOB_ASSISTANCE },
  { path: '/mentoring-reports', zh: '就业统计', en: 'Job-assistance reports', roles: ['supervisor', 'programme-admin', 'auditor'], render: () => <MentoringReportsPage />, menu: true, group: JOB_ASSISTANCE },
  { path: '/notifications', zh: '通知', en: 'Notifications', roles: ['caseworker', 'approver', 'supervisor', 'mentor', 'graduate', 'programme-admin', 'auditor'], render: () => <NotificationsPage /> },
];

function JobCasesCaller() {
  const caller = useCaller();
  return <JobCasesPage canIssue={hasRole(caller, 'caseworker', 'supervisor')} />;
}

type MenuItem = NonNullable<MenuProps['items']>[number];

/** The menu: a screen's entry, or its group's submenu (made where the group's first screen stands). */
function menuItems(screens: Screen[], t: (zh: string, en: string) => string): MenuItem[] {
  const items: MenuItem[] = [];
  const groups = new Map<string, MenuItem[]>();
  for (const s of screens.filter((x) => x.menu)) {
    const item: MenuItem = { key: s.path, label: <Link to={s.path}>{t(s.zh, s.en)}</Link> };
    if (!s.group) {
      items.push(item);
      continue;
    }
    const key = `group:${s.group[1]}`;
    const children = groups.get(key);
    if (children) {
      children.push(item);
      continue;
    }
    const first = [item];
    groups.set(key, first);
    items.push({ key, label: t(...s.group), children: first });
  }
  return items;
}

function homeOf(caller: Caller): string {
  return SCREENS.find((s) => s.menu && hasRole(caller, ...s.roles))?.path ?? '/notifications';
}

/**
 * Whether the person asked their system for less motion (WCAG 2.3.3). Then Ant Design's animations are
 * off: no sliding, zooming or collapsing, and nothing a screen reader could catch half-way, such as a
 * button's loading icon that on a starved machine never finished collapsing and kept the button's name
 * "loading 开案" (the browser journeys run with reduced motion for that reason).
 */
const prefersReducedMotion = (): boolean => typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = (next: Lang) => {
    localStorage.setItem(LANG_KEY, next);
    setLangState(next);
  };
  const i18n = useMemo(() => makeI18n(lang, setLang), [lang]);
  useEffect(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} button={{ autoInsertSpace: false }} theme={{ token: { motion: !prefersReducedMotion(), colorPrimary: '#1f5fbf', colorTextDescription: 'rgba(0,0,0,0.65)', colorTextTertiary: 'rgba(0,0,0,0.6)', colorTextPlaceholder: 'rgba(0,0,0,0.6)', colorTextDisabled: 'rgba(0,0,0,0.56)', colorLink: '#1f5fbf', colorInfo: '#1f5fbf', colorError: '#c42b2b', colorPrimaryHover: '#174a94', colorLinkHover: '#174a94', colorErrorHover: '#9f1f1f' } }}>
      <I18nContext.Provider value={i18n}>
        <Session />
      </I18nContext.Provider>
    </ConfigProvider>
  );
}

function Session() {
  const [caller, setCaller] = useState<Caller | null | undefined>(undefined);
  const { path } = useLocation();
  useEffect(() => {
    session.onSignedOut(() => setCaller(null));
    if (!session.token()) {
      setCaller(null);
      return;
    }
    ok(api.casework.GET('/auth/me')).then(setCaller, () => setCaller(null));
  }, []);
  if (caller === undefined) return <Spin fullscreen />;
  if (caller === null && path === '/activate')
    return (
      <Suspense fallback={<Spin fullscreen />}>
        <ActivatePage onBack={() => navigate('/')} />
      </Suspense>
    );
  if (caller === null) return <LoginPage onSignedIn={setCaller} />;
  return (
    <CallerContext.Provider value={caller}>
      <Shell caller={caller} onSignedOut={() => setCaller(null)} />
    </CallerContext.Provider>
  );
}

function Shell({ caller, onSignedOut }: { caller: Caller; onSignedOut: () => void }) {
  const { t, label } = useI18n();
  const { path } = useLocation();
  const [unseen, setUnseen] = useState(0);
  useEffect(() => {
    // The badge is a hint: a failed count keeps the last one (the rejection is handled here). Only
    // roles with an inbox may read its counts; others count their unseen notifications, so the
    // console never asks for what the role may not have (each denial is audited).
    const hasInbox = hasRole(caller, 'caseworker', 'approver', 'supervisor', 'mentor');
    const count = () =>
      hasInbox
        ? ok(api.casework.GET('/tasks/counts')).then((c) => c.unseenNotifications)
        : ok(api.casework.GET('/notifications', { params: { query: { unseenOnly: true, limit: 100 } } })).then((page) => page.items.length);
    const load = () => void count().then(setUnseen, () => undefined);
    load();
    const timer = setInterval(load, 30_000);
    return () => clearInterval(timer);
  }, [path, caller]);
  const mine = SCREENS.filter((s) => hasRole(caller, ...s.roles));
  let content: ReactNode = null;
  let activeMenu = '';
  for (const screen of mine) {
    const params = match(screen.path, path);
    if (params) {
      content = screen.render(params);
      activeMenu = screen.menu ? screen.path : (mine.find((m) => m.menu && screen.path.startsWith(m.path))?.path ?? '');
      break;
    }
  }
  useEffect(() => {
    if (path === '/' || path === '/login') navigate(homeOf(caller));
  }, [path, caller]);
  const signOut = async () => {
    await api.casework.POST('/auth/logout').catch(() => undefined);
    session.clear();
    onSignedOut();
    navigate('/');
  };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: 24, rowGap: 4, background: '#12315f', paddingInline: 16, height: 'auto', minHeight: 64, lineHeight: '64px' }}>
        <Link to={homeOf(caller)} style={{ color: '#fff', fontWeight: 600, fontSize: 18, whiteSpace: 'nowrap' }}>
          {t('eduaid 教育扶贫', 'eduaid')}
        </Link>
        <nav aria-label={t('主菜单', 'Main menu')} style={{ flex: 1, minWidth: 0 }}>
          <Menu
            theme="dark"
            mode="horizontal"
            selectedKeys={[activeMenu]}
            style={{ background: 'transparent' }}
            items={menuItems(mine, t)}
          />
        </nav>
        <Space size="middle" wrap style={{ lineHeight: 'normal', paddingBlock: 8 }}>
          <Link to="/notifications" aria-label={t(`通知，${unseen} 条未读`, `Notifications, ${unseen} unseen`)} style={{ color: '#fff', marginRight: 12 }}>
            <Badge count={unseen} size="small" offset={[6, -2]}>
              <span style={{ color: '#fff' }}>{t('通知', 'Notifications')}</span>
            </Badge>
          </Link>
          <Typography.Text style={{ color: '#fff' }} data-testid="whoami">
            {caller.displayName} · {caller.roles.map((r) => label(ROLES, r)).join('、')}
          </Typography.Text>
          <LanguageSwitch />
          <Button size="small" onClick={() => void signOut()}>
            {t('退出', 'Sign out')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 'clamp(12px, 3vw, 24px)', maxWidth: 1280, width: '100%', margin: '0 auto' }}>
        <main>
          <Suspense fallback={<Spin />}>{content ?? <Typography.Paragraph>{t('没有这个页面，或您的角色无权查看。', 'No such page, or your role may not see it.')}</Typography.Paragraph>}</Suspense>
        </main>
      </Layout.Content>
    </Layout>
  );
}
