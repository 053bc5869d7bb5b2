import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { api, ok, type CaseworkSchemas } from '../api/client';
import { LEVELS, ROLES, useI18n } from '../i18n';
import { Problem, showFieldErrors, useCaller } from '../shared';

type NewUser = CaseworkSchemas['CreateUserDto'];
const CODE_LENGTH: Record<string, number> = { province: 2, prefecture: 4, county: 6, township: 9, school: 10 };

export function UsersPage() {
  const { t, label } = useI18n();
  const caller = useCaller();
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
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(e);
    }
  };
  return (
    <>
      <Typography.Title level={2}>{t('用户与辖区', 'Users and their scopes')}</Typography.Title>
      <Typography.Paragraph>
        {t(
          `您的辖区：${label(LEVELS, caller.scope.level)} ${caller.scope.code}。只能在本辖区内、同级或更低层级创建用户。`,
          `Your scope: ${label(LEVELS, caller.scope.level)} ${caller.scope.code}. You may create users inside it, at your level or narrower.`,
        )}
      </Typography.Paragraph>
      <Card size="small" title={t('新建用户', 'New user')} style={{ maxWidth: 560 }}>
        <Problem error={error} />
        {created && <Alert type="success" style={{ marginBottom: 12 }} title={t(`已创建 ${created.username}`, `Created ${created.username}`)} />}
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
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
      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
        {t('用户列表尚无接口（casework 只提供创建、解锁与吊销令牌）。', 'There is no user list API yet (casework offers create, lift lockout and revoke tokens).')}
      </Typography.Paragraph>
    </>
  );
}
