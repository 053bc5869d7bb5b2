// A graduate's activation code (casework): issued by a caseworker or supervisor, shown once, printable.
import { Button, Descriptions, Modal, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { api, ApiProblem, ok } from '../api/client';
import { useI18n } from '../i18n';

interface Issued {
  name: string;
  username: string;
  activationCode: string;
  expiresAt: string;
}

/** Issues a graduate's activation code (casework) and shows it in a dialog that can be printed. */
export function useActivationCode(): { issue: (graduateId: string, name: string) => Promise<void>; error: unknown; dialog: ReactNode } {
  const { t, dateTime } = useI18n();
  const [issued, setIssued] = useState<Issued>();
  const [error, setError] = useState<unknown>();
  const issue = async (graduateId: string, name: string) => {
    setError(undefined);
    try {
      const graduate = await ok(api.mentoring.GET('/graduates/{graduateId}', { params: { path: { graduateId } } }));
      if (!graduate.userId) throw new Error(t('该毕业生尚无账号：开案后由系统创建。', 'This graduate has no account yet: it is made when the case opens.'));
      const code = await ok(api.casework.POST('/users/{userId}/activation-code', { params: { path: { userId: graduate.userId } } })).catch((e: unknown) => {
        if (e instanceof ApiProblem && e.status === 404) throw new Error(t('账号正在创建，请稍后再试。', 'The account is still being made; try again in a moment.'));
        throw e;
      });
      setIssued({ name, ...code });
    } catch (e) {
      setError(e instanceof ApiProblem && e.code === 'user.not-a-graduate' ? new ApiProblem(e.status, e.code, t('该账号不是毕业生账号。', 'That account is not a graduate’s.')) : e);
    }
  };
  const close = () => setIssued(undefined);
  const dialog = (
    <Modal
      open={!!issued}
      title={t('激活码（只显示这一次）', 'Activation code (shown once)')}
      onCancel={close}
      footer={
        <Space>
          <Button onClick={() => window.print()}>{t('打印', 'Print')}</Button>
          <Button type="primary" onClick={close}>
            {t('关闭', 'Close')}
          </Button>
        </Space>
      }
    >
      {issued ? (
        <>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('毕业生', 'Graduate')}>{issued.name}</Descriptions.Item>
            <Descriptions.Item label={t('用户名', 'User name')}>
              <span data-testid="activation-username">{issued.username}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('激活码', 'Activation code')}>
              <Typography.Text strong copyable data-testid="activation-code" style={{ fontSize: 18, letterSpacing: 1 }}>
                {issued.activationCode}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('有效期至', 'Valid until')}>{dateTime(issued.expiresAt)}</Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('请当面交给毕业生或读给其听：在登录页点“激活账号”，输入用户名和激活码并设置密码。', 'Hand it over or read it out: on the sign-in page, “Activate your account”, enter the user name and code, and choose a password.')}
          </Typography.Paragraph>
        </>
      ) : null}
    </Modal>
  );
  return { issue, error, dialog };
}
