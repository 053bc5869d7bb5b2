import { Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiProblem, ok, session } from '../api/client';
import { LanguageSwitch, useI18n } from '../i18n';
import { Link } from '../router';
import { Problem, showFieldErrors, type Caller } from '../shared';

export function LoginPage({ onSignedIn }: { onSignedIn: (caller: Caller) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const token = await ok(api.casework.POST('/auth/login', { body: values }));
      session.set(token.accessToken);
      onSignedIn(await ok(api.casework.GET('/auth/me')));
    } catch (e) {
      if (!showFieldErrors(form, e)) {
        setError(
          e instanceof ApiProblem && e.code === 'auth.login-failed'
            ? new Error(t('用户名或密码不正确。', 'The user name or password is wrong.'))
            : e,
        );
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#eef2f8', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
            {t('eduaid 教育扶贫工作台', 'eduaid console')}
          </Typography.Title>
          <LanguageSwitch short />
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('请使用您的工作账号登录。', 'Sign in with your work account.')}
        </Typography.Paragraph>
        <Problem error={error} />
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item name="username" label={t('用户名', 'User name')} rules={[{ required: true, message: t('请输入用户名', 'Enter your user name') }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('密码', 'Password')} rules={[{ required: true, message: t('请输入密码', 'Enter your password') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('登录', 'Sign in')}
          </Button>
        </Form>
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
          {t('毕业生首次使用？', 'A graduate signing in for the first time?')} <Link to="/activate" style={{ textDecoration: 'underline' }}>{t('激活账号', 'Activate your account')}</Link>
        </Typography.Paragraph>
      </Card>
    </main>
  );
}
