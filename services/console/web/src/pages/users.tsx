import { Alert, Button, Card, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography, message } from 'antd';
import { useState, type ReactNode } from 'react';
import { api, ok, type CaseworkSchemas } from '../api/client';
import { LEVELS, ROLES, useI18n } from '../i18n';
import { Named, usePlaceNames } from '../names';
import { hasRole, Problem, showFieldErrors, useCaller, useLoad } from '../shared';
import { FilterForm } from './filters';
import { Pager, useCursorPages } from './paging';

type NewUser = CaseworkSchemas['CreateUserDto'];
type UserItem = CaseworkSchemas['UserListItemDto'];
type Role = UserItem['roles'][number];
const CODE_LENGTH: Record<string, number> = { province: 2, prefecture: 4, county: 6, township: 9, school: 10 };

/**
 * 用户: the users inside the caller's jurisdiction (GET /users; programme admins and supervisors),
 * filtered by role and the start of a name, a page at a time, each with their scope by name and their
 * login lockout; a programme admin lifts a lockout here and creates users below.
 */
export function UsersPage() {
  const { t, label, dateTime } = useI18n();
  const caller = useCaller();
  const isAdmin = hasRole(caller, 'programme-admin');
  const [filters, setFilters] = useState<{ role?: Role; name?: string }>({});
  const pages = useCursorPages(JSON.stringify(filters));
  const users = useLoad(() => ok(api.casework.GET('/users', { params: { query: { ...filters, cursor: pages.cursor, limit: 20 } } })), [filters, pages.cursor]);
  const places = usePlaceNames([caller.scope.code, ...(users.data?.items ?? []).map((u) => u.scope.code)]);
  const [filterForm] = Form.useForm<{ role?: Role; name?: string }>();
  const [liftError, setLiftError] = useState<unknown>();
  const lift = async (user: UserItem) => {
    setLiftError(undefined);
    try {
      await ok(api.casework.DELETE('/users/{userId}/lockout', { params: { path: { userId: user.userId } } }));
      void message.success(t(`已解除 ${user.displayName} 的登录锁定`, `Lifted the login lockout of ${user.displayName}`));
      users.reload();
    } catch (e) {
      setLiftError(e);
    }
  };
  const list = (
    <Card size="small" title={t('本辖区用户', 'Users in your jurisdiction')} style={{ marginBottom: 16 }}>
      <FilterForm form={filterForm} name="user-filters" style={{ marginBottom: 12 }} onSearch={setFilters}>
        <Form.Item name="name" label={t('姓名或用户名', 'Name or user name')} tooltip={t('按开头查找', 'Starting with this')} rules={[{ max: 50, message: t('最多 50 个字', 'At most 50 characters') }]}>
          <Input type="search" allowClear style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="role" label={t('角色', 'Role')}>
          <Select allowClear style={{ width: 150 }} options={Object.keys(ROLES).map((r) => ({ value: r, label: label(ROLES, r) }))} />
        </Form.Item>
      </FilterForm>
      <Problem error={users.error} />
      <Problem error={liftError} />
      <Table<UserItem>
        rowKey="userId"
        loading={users.loading}
        dataSource={users.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('没有符合条件的用户', 'No users match') }}
        columns={[
          { title: t('姓名', 'Name'), render: (_, u) => <span title={u.userId}>{u.displayName}</span> },
          { title: t('用户名', 'User name'), dataIndex: 'username' },
          { title: t('角色', 'Roles'), render: (_, u) => u.roles.map((r) => <Tag key={r}>{label(ROLES, r)}</Tag>) },
          {
            title: t('辖区', 'Scope'),
            render: (_, u) => (
              <span>
                {label(LEVELS, u.scope.level)} <Named names={places} code={u.scope.code} />
              </span>
            ),
          },
          {
            title: t('登录状态', 'Sign-in'),
            render: (_, u) =>
              !u.active ? (
                <Tag>{t('已停用', 'Disabled')}</Tag>
              ) : u.lockedOut ? (
                <Space direction="vertical" size={0}>
                  <Tag color="#a83a0c">{t('已锁定', 'Locked out')}</Tag>
                  <Typography.Text type="secondary" style={{ fontSize: '0.85em' }}>
                    {t(`至 ${dateTime(u.lockedUntil)}（失败 ${u.failedLogins} 次）`, `until ${dateTime(u.lockedUntil)} (${u.failedLogins} failures)`)}
                  </Typography.Text>
                </Space>
              ) : (
                <Tag color="#2e7d32">{t('正常', 'Normal')}</Tag>
              ),
          },
          ...(isAdmin
            ? [
                {
                  title: t('操作', 'Actions'),
                  render: (_: unknown, u: UserItem) =>
                    u.lockedOut || u.failedLogins > 0 ? (
                      <Popconfirm title={t(`解除 ${u.displayName} 的登录锁定？`, `Lift the login lockout of ${u.displayName}?`)} okText={t('解除', 'Lift')} cancelText={t('取消', 'Cancel')} onConfirm={() => void lift(u)}>
                        <Button size="small">{t('解除锁定', 'Lift lockout')}</Button>
                      </Popconfirm>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <Pager page={pages.page} nextCursor={users.data?.nextCursor} onNext={pages.next} onBack={pages.back} />
    </Card>
  );
  if (!isAdmin) {
    return (
      <>
        <Typography.Title level={2}>{t('用户', 'Users')}</Typography.Title>
        {list}
      </>
    );
  }
  return <NewUserCard list={list} onCreated={users.reload} />;
}

function NewUserCard({ list, onCreated }: { list: ReactNode; onCreated: () => void }) {
  const { t, label } = useI18n();
  const caller = useCaller();
  const places = usePlaceNames([caller.scope.code]);
  const [form] = Form.useForm<NewUser>();
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<CaseworkSchemas['UserDto']>();
  const level = Form.useWatch('scopeLevel', form);
  const submit = async (values: NewUser) => {
    setError(undefined);
    setCreated(undefined);
    try {
      const user = await ok(api.casework.POST('/users', { body: { ...values, username: values.username.trim(), displayName: values.displayName.trim() } }));
      setCreated(user);
      form.resetFields();
      onCreated();
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(e);
    }
  };
  return (
    <>
      <Typography.Title level={2}>{t('用户与辖区', 'Users and their scopes')}</Typography.Title>
      <Typography.Paragraph>
        {t('您的辖区：', 'Your scope: ')}
        {label(LEVELS, caller.scope.level)} <Named names={places} code={caller.scope.code} />
        {t('。只能在本辖区内、同级或更低层级创建用户。', '. You may create users inside it, at your level or narrower.')}
      </Typography.Paragraph>
      {list}
      <Card size="small" title={t('新建用户', 'New user')} style={{ maxWidth: 560 }}>
        <Problem error={error} />
        {created && <Alert type="success" style={{ marginBottom: 12 }} title={t(`已创建 ${created.username}`, `Created ${created.username}`)} />}
        <Form form={form} name="new-user" layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item name="username" label={t('用户名', 'User name')} rules={[{ required: true, message: t('请输入用户名', 'Enter a user name') }, { pattern: /^[A-Za-z0-9._-]{3,64}$/, message: t('3–64 位字母、数字、点、横线或下划线', '3–64 letters, digits, dots, dashes or underscores') }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t('姓名', 'Display name')} rules={[{ required: true, whitespace: true, message: t('请输入姓名', 'Enter a name') }, { max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="password" label={t('初始密码', 'Initial password')} rules={[{ required: true, message: t('请输入密码', 'Enter a password') }, { min: 12, message: t('至少 12 位', 'At least 12 characters') }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="roles" label={t('角色', 'Roles')} rules={[{ required: true, message: t('至少选择一个角色', 'Choose at least one role') }]}>
            <Select mode="multiple" options={Object.keys(ROLES).map((r) => ({ value: r, label: label(ROLES, r) }))} />
          </Form.Item>
          <Form.Item name="scopeLevel" label={t('辖区层级', 'Scope level')} rules={[{ required: true, message: t('请选择层级', 'Choose a level') }]}>
            <Select options={Object.keys(LEVELS).map((l) => ({ value: l, label: label(LEVELS, l) }))} />
          </Form.Item>
          <Form.Item
            name="scopeCode"
            label={t('辖区代码', 'Scope code')}
            dependencies={['scopeLevel']}
            rules={[
              { required: true, message: t('请输入辖区代码', 'Enter the scope code') },
              {
                validator: (_, value: string | undefined) =>
                  !value || !level || new RegExp(`^\\d{${CODE_LENGTH[level]}}$`).test(value)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t(`${label(LEVELS, level)}代码为 ${CODE_LENGTH[level]} 位数字`, `A ${level} code is ${CODE_LENGTH[level]} digits`))),
              },
            ]}
          >
            <Input inputMode="numeric" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('创建', 'Create')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
