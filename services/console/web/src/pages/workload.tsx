import { Card, Table, Tag, Typography } from 'antd';
import { api, ok, type CaseworkSchemas } from '../api/client';
import { ROLES, STEPS, useI18n } from '../i18n';
import { Link } from '../router';
import { Problem, useLoad } from '../shared';
import { BarChart } from './charts';
import { Pager, useCursorPages } from './paging';

type Entry = CaseworkSchemas['WorkloadEntryDto'];

export function WorkloadPage() {
  const { t, label, dateTime } = useI18n();
  const pages = useCursorPages('workload');
  const workload = useLoad(() => ok(api.casework.GET('/workload', { params: { query: { cursor: pages.cursor, limit: 50 } } })), [pages.cursor]);
  const overdue = useLoad(() => ok(api.casework.GET('/tasks', { params: { query: { view: 'all', due: 'overdue', limit: 20, sort: 'dueAt' } } })), []);
  const items = workload.data?.items ?? [];
  return (
    <>
      <Typography.Title level={2}>{t('工作量', 'Workloads')}</Typography.Title>
      <Problem error={workload.error} />
      <Card size="small" title={t('各人在办任务数', 'Tasks each person holds')}>
        <BarChart label={t('各人在办任务数', 'Tasks each person holds')} bars={items.map((w) => ({ key: w.userId, label: w.displayName, value: w.holding }))} />
      </Card>
      <Table<Entry>
        rowKey="userId"
        loading={workload.loading}
        dataSource={items}
        pagination={false}
        style={{ marginTop: 16 }}
        columns={[
          { title: t('姓名', 'Name'), dataIndex: 'displayName' },
          { title: t('角色', 'Roles'), render: (_, w) => w.roles.map((r) => label(ROLES, r)).join('、') },
          { title: t('辖区', 'Scope'), dataIndex: 'scopeCode' },
          { title: t('在办', 'Holding'), dataIndex: 'holding' },
          { title: t('逾期', 'Overdue'), render: (_, w) => (w.overdue ? <Tag color="#c42b2b">{w.overdue}</Tag> : 0) },
          { title: t('已升级', 'Escalated'), render: (_, w) => (w.escalated ? <Tag color="#a83a0c">{w.escalated}</Tag> : 0) },
          { title: t('最近期限', 'Next due'), render: (_, w) => dateTime(w.nextDue) },
        ]}
      />
      <Pager page={pages.page} nextCursor={workload.data?.nextCursor} onNext={pages.next} onBack={pages.back} />
      <Typography.Title level={3} style={{ fontSize: 18, marginTop: 24 }}>
        {t('逾期任务（可打开后改派）', 'Overdue tasks (open one to reassign it)')}
      </Typography.Title>
      <Problem error={overdue.error} />
      <Table
        rowKey="taskId"
        size="small"
        dataSource={overdue.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('没有逾期任务', 'Nothing overdue') }}
        columns={[
          { title: t('任务', 'Task'), render: (_, task) => <Link to={`/tasks/${task.taskId}`}>{label(STEPS, task.step)}</Link> },
          { title: t('办理人', 'Assignee'), render: (_, task) => task.assigneeId ?? t('未领取', 'Unclaimed') },
          { title: t('期限', 'Due'), render: (_, task) => dateTime(task.dueAt) },
          { title: t('已升级', 'Escalated'), render: (_, task) => (task.escalatedAt ? t('是', 'Yes') : t('否', 'No')) },
        ]}
      />
    </>
  );
}
