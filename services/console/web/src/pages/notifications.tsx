import { Button, List, Tag, Typography } from 'antd';
import { api, ok } from '../api/client';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { Problem, useLoad } from '../shared';
import { Pager, useCursorPages } from './paging';

export function NotificationsPage() {
  const { t, dateTime } = useI18n();
  const pages = useCursorPages('notifications');
  const list = useLoad(() => ok(api.casework.GET('/notifications', { params: { query: { cursor: pages.cursor, limit: 20 } } })), [pages.cursor]);
  const seen = async (notificationId: string) => {
    await ok(api.casework.POST('/notifications/{notificationId}/seen', { params: { path: { notificationId } } })).catch(() => undefined);
    list.reload();
  };
  return (
    <>
      <Typography.Title level={2}>{t('通知', 'Notifications')}</Typography.Title>
      <Problem error={list.error} />
      <List
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('没有通知', 'No notifications') }}
        renderItem={(n) => (
          <List.Item actions={n.seenAt ? [] : [<Button key="seen" size="small" onClick={() => void seen(n.notificationId)}>{t('标为已读', 'Mark seen')}</Button>]}>
            <List.Item.Meta
              title={n.taskId ? <Link to={`/tasks/${n.taskId}`}>{n.title}</Link> : n.title}
              description={
                <span>
                  {dateTime(n.createdAt)} {!n.seenAt && <Tag color="#1f5fbf">{t('未读', 'New')}</Tag>}
                </span>
              }
            />
          </List.Item>
        )}
      />
      <Pager page={pages.page} nextCursor={list.data?.nextCursor} onNext={pages.next} onBack={pages.back} />
    </>
  );
}
