import { Button, Card, Space, Statistic, Table, Tabs, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { api, ok, type CaseworkSchemas } from '../api/client';
import { STEPS, TASK_STATES, useI18n } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { hasRole, Problem, useCaller, useLoad } from '../shared';
import { FilterSelect } from './filters';
import { Pager, useCursorPages } from './paging';

type Task = CaseworkSchemas['TaskDto'];
type View = 'mine' | 'group' | 'all';

export const TASK_KINDS: Record<string, [string, string]> = {
  'aid-approval': ['资助审批', 'Aid approval'],
  'aid-appeal': ['申诉', 'Appeal'],
  'aid-more-information': ['补充材料', 'More information'],
  'aid-bank-details': ['银行账户', 'Bank details'],
  // Annual campaigns (h14-console-campaign)
  'campaign-school-list': ['年度名单（学校）', 'Campaign school list'],
  'campaign-county-list': ['年度名单（县级）', 'Campaign county list'],
  'campaign-sign-off': ['年度名单（市级复核）', 'Campaign sign-off'],
  // Tuition compensation and loan repayment
  'graduate-commitment-verification': ['学费补偿（服务承诺核实）', 'Compensation: commitment check'],
  'graduate-compensation-approval': ['学费补偿审批', 'Compensation approval'],
};

export function DueTag({ task }: { task: Pick<Task, 'dueAt' | 'overdue' | 'escalatedAt'> }) {
  const { t, dateTime } = useI18n();
  return (
    <Space size={4} wrap>
      <span>{dateTime(task.dueAt)}</span>
      {task.overdue && <Tag color="#c42b2b">{t('已逾期', 'Overdue')}</Tag>}
      {!task.overdue && new Date(task.dueAt).getTime() - Date.now() < 24 * 3600_000 && <Tag color="#a65300">{t('即将到期', 'Due soon')}</Tag>}
      {task.escalatedAt && <Tag color="#a83a0c">{t('已升级', 'Escalated')}</Tag>}
    </Space>
  );
}

export function InboxPage() {
  const { t, label } = useI18n();
  const caller = useCaller();
  // The view is in the address, so a reload or a shared link keeps it.
  const { query } = useLocation();
  const asked = query.get('view');
  const view: View = asked === 'group' || asked === 'all' ? asked : 'mine';
  const setView = (next: View) => navigate(`/inbox?view=${next}`);
  const [due, setDue] = useState<'overdue' | 'due-soon' | undefined>();
  const [kind, setKind] = useState<string | undefined>();
  const [escalated, setEscalated] = useState<boolean | undefined>();
  const pages = useCursorPages(`${view}|${due}|${kind}|${escalated}`);
  const counts = useLoad(() => ok(api.casework.GET('/tasks/counts')), []);
  const tasks = useLoad(
    () => ok(api.casework.GET('/tasks', { params: { query: { view, due, kind, escalated, cursor: pages.cursor, limit: 20, sort: 'dueAt' } } })),
    [view, due, kind, escalated, pages.cursor],
  );
  const claim = async (task: Task) => {
    try {
      await ok(api.casework.POST('/tasks/{taskId}/claim', { params: { path: { taskId: task.taskId } } }));
      void message.success(t('已领取', 'Claimed'));
      navigate(`/tasks/${task.taskId}`);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
      tasks.reload();
    }
  };
  const c = counts.data;
  return (
    <>
      <Typography.Title level={2}>{t('收件箱', 'Inbox')}</Typography.Title>
      {c && (
        <Space size="large" style={{ marginBottom: 16 }} wrap>
          <Card size="small"><Statistic title={t('我的任务', 'Mine')} value={c.mine} /></Card>
          <Card size="small"><Statistic title={t('组内待领', 'Group')} value={c.group} /></Card>
          <Card size="small"><Statistic title={t('已逾期', 'Overdue')} value={c.overdue} valueStyle={{ color: c.overdue ? '#b42318' : undefined }} /></Card>
          <Card size="small"><Statistic title={t('即将到期', 'Due soon')} value={c.dueSoon} /></Card>
          <Card size="small"><Statistic title={t('已升级', 'Escalated')} value={c.escalated} /></Card>
        </Space>
      )}
      <Tabs
        activeKey={view}
        onChange={(k) => setView(k as View)}
        items={[
          { key: 'mine', label: t('我的', 'Mine') },
          { key: 'group', label: t('本组', 'My group') },
          ...(hasRole(caller, 'supervisor') ? [{ key: 'all', label: t('全部', 'All') }] : []),
        ]}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <FilterSelect
          name={t('期限', 'Due')}
          width={160}
          value={due}
          onChange={setDue}
          options={[
            { value: 'overdue', label: t('已逾期', 'Overdue') },
            { value: 'due-soon', label: t('即将到期', 'Due soon') },
          ]}
        />
        <FilterSelect name={t('任务类型', 'Kind')} width={180} value={kind} onChange={setKind} options={Object.keys(TASK_KINDS).map((k) => ({ value: k, label: label(TASK_KINDS, k) }))} />
        <FilterSelect
          name={t('是否升级', 'Escalated')}
          width={160}
          value={escalated}
          onChange={setEscalated}
          options={[
            { value: true, label: t('仅已升级', 'Escalated only') },
            { value: false, label: t('未升级', 'Not escalated') },
          ]}
        />
      </Space>
      <Problem error={tasks.error} />
      <Table<Task>
        rowKey="taskId"
        loading={tasks.loading}
        dataSource={tasks.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('没有任务', 'No tasks') }}
        columns={[
          { title: t('步骤', 'Step'), render: (_, task) => <Link to={`/tasks/${task.taskId}`}>{label(STEPS, task.step)}</Link> },
          { title: t('类型', 'Kind'), render: (_, task) => label(TASK_KINDS, task.kind) },
          { title: t('事项', 'Subject'), render: (_, task) => <Typography.Text code>{task.subject.id.replace(/^aid-application:/, '')}</Typography.Text> },
          { title: t('地区', 'Division'), dataIndex: 'divisionCode' },
          { title: t('期限', 'Due'), render: (_, task) => <DueTag task={task} /> },
          { title: t('状态', 'Status'), render: (_, task) => label(TASK_STATES, task.status) },
          {
            title: t('操作', 'Actions'),
            render: (_, task) => (
              <Space>
                {task.status === 'open' && task.canAct !== false && (
                  <Button size="small" type="primary" onClick={() => void claim(task)} aria-label={t(`领取 ${label(STEPS, task.step)}`, `Claim ${label(STEPS, task.step)}`)}>
                    {t('领取', 'Claim')}
                  </Button>
                )}
                <Button size="small" onClick={() => navigate(`/tasks/${task.taskId}`)}>
                  {t('打开', 'Open')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Pager page={pages.page} nextCursor={tasks.data?.nextCursor} onNext={pages.next} onBack={pages.back} />
    </>
  );
}
