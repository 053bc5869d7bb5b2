import { Alert, Button, Card, Form, Input, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, ok, type CaseworkSchemas, type StudentsSchemas } from '../api/client';
import { ROLES, useI18n } from '../i18n';
import { Named, Person, usePeopleNames, usePlaceNames } from '../names';
import { Problem, useCaller, useLoad } from '../shared';
import { FilterForm } from './filters';
import { Pager, useCursorPages } from './paging';

export function AuditPage() {
  const { t, dateTime } = useI18n();
  const caller = useCaller();
  const [filters, setFilters] = useState<{ subjectType?: 'application' | 'case'; subjectId?: string; action?: string }>({});
  const pages = useCursorPages(JSON.stringify(filters));
  const entries = useLoad(() => ok(api.casework.GET('/audit/entries', { params: { query: { ...filters, cursor: pages.cursor, limit: 25 } } })), [filters, pages.cursor]);
  // People by name (not `system` or a workflow), places by name; the id or code stays beside or under it.
  const people = usePeopleNames((entries.data?.items ?? []).map((e) => (isUserId(e.actor) ? e.actor : undefined)));
  const places = usePlaceNames((entries.data?.items ?? []).map((e) => e.divisionCode));
  const [verification, setVerification] = useState<CaseworkSchemas['AuditVerificationDto']>();
  const [verifyError, setVerifyError] = useState<unknown>();
  const verify = async () => {
    setVerifyError(undefined);
    try {
      setVerification(await ok(api.casework.GET('/audit/verification')));
    } catch (e) {
      setVerifyError(e);
    }
  };
  const [form] = Form.useForm();
  return (
    <>
      <Typography.Title level={2}>{t('审计日志', 'Audit trail')}</Typography.Title>
      {caller.scope.level === 'province' && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Button onClick={() => void verify()}>{t('校验哈希链', 'Verify the hash chain')}</Button>
          <Problem error={verifyError} />
          {verification && (
            <Alert
              style={{ marginTop: 12 }}
              type={verification.intact ? 'success' : 'error'}
              title={
                verification.intact
                  ? t(`完整：已校验 ${verification.entriesChecked} 条`, `Intact: ${verification.entriesChecked} entries checked`)
                  : t(`第 ${verification.firstAlteredSeq} 条被改动`, `Entry ${verification.firstAlteredSeq} was altered`)
              }
              description={verification.problem ?? verification.lastHash}
            />
          )}
        </Card>
      )}
      <FilterForm<typeof filters> form={form} onSearch={setFilters}>
        <Form.Item name="action" label={t('动作', 'Action')}>
          <Input style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="subjectType" label={t('对象类型', 'Subject type')}>
          <Select
            allowClear
            style={{ width: 140 }}
            options={[
              { value: 'application', label: t('申请', 'Application') },
              { value: 'case', label: t('案件', 'Case') },
            ]}
          />
        </Form.Item>
        <Form.Item name="subjectId" label={t('对象', 'Subject')}>
          <Input style={{ width: 260 }} />
        </Form.Item>
      </FilterForm>
      <Problem error={entries.error} />
      <Table
        rowKey="entryId"
        size="small"
        loading={entries.loading}
        dataSource={entries.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: '#', dataIndex: 'seq' },
          { title: t('时间', 'When'), render: (_, e) => dateTime(e.at) },
          { title: t('操作人', 'Actor'), render: (_, e) => <Person names={people} id={e.actor} /> },
          { title: t('动作', 'Action'), dataIndex: 'action' },
          { title: t('对象', 'Subject'), render: (_, e) => (e.subjectType ? `${e.subjectType}:${e.subjectId ?? ''}` : '—') },
          { title: t('辖区', 'Place'), render: (_, e) => <Named names={places} code={e.divisionCode} /> },
          { title: t('理由', 'Reason'), render: (_, e) => e.reason ?? '—' },
        ]}
      />
      <Pager page={pages.page} nextCursor={entries.data?.nextCursor} onNext={pages.next} onBack={pages.back} />
    </>
  );
}

/** An actor that is a person's user id (not `system`, `unknown-user` or `workflow:<id>`). */
const isUserId = (actor: string) => actor !== 'system' && actor !== 'unknown-user' && !actor.startsWith('workflow:') && /^[A-Za-z0-9._:@-]{1,100}$/.test(actor);

type AccessEntry = StudentsSchemas['AccessLogEntryDto'];

export function AccessLogPage() {
  const { t, dateTime, label } = useI18n();
  const [filters, setFilters] = useState<{ studentId?: string; actorUserId?: string; kind?: 'reveal' | 'lookup' }>({});
  const pages = useCursorPages(JSON.stringify(filters));
  const entries = useLoad(
    () => ok(api.students.GET('/privacy/access-log', { params: { query: { ...filters, after: pages.cursor === undefined ? undefined : Number(pages.cursor), limit: 25 } } })),
    [filters, pages.cursor],
  );
  const people = usePeopleNames((entries.data?.items ?? []).map((e) => e.actorUserId));
  const [form] = Form.useForm();
  return (
    <>
      <Typography.Title level={2}>{t('个人信息查阅记录', 'Access log')}</Typography.Title>
      <FilterForm<typeof filters> form={form} onSearch={setFilters}>
        <Form.Item name="kind" label={t('类型', 'Kind')}>
          <Select
            allowClear
            style={{ width: 140 }}
            options={[
              { value: 'reveal', label: t('查看完整号码', 'Reveal') },
              { value: 'lookup', label: t('按号码查找', 'Lookup') },
            ]}
          />
        </Form.Item>
        <Form.Item name="actorUserId" label={t('查阅人', 'Who')}>
          <Input style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="studentId" label={t('学生 ID', 'Student id')} rules={[{ pattern: /^[0-9a-f-]{36}$/i, message: t('应为 UUID', 'A UUID') }]}>
          <Input style={{ width: 300 }} />
        </Form.Item>
      </FilterForm>
      <Problem error={entries.error} />
      <Table<AccessEntry>
        rowKey="id"
        size="small"
        loading={entries.loading}
        dataSource={entries.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('时间', 'When'), render: (_, e) => dateTime(e.at) },
          { title: t('类型', 'Kind'), render: (_, e) => (e.kind === 'reveal' ? t('查看完整号码', 'Reveal') : t('按号码查找', 'Lookup')) },
          {
            title: t('查阅人', 'Who'),
            render: (_, e) => (
              <span>
                <Person names={people} id={e.actorUserId} /> ({e.actorRoles.map((r) => label(ROLES, r)).join('、')})
              </span>
            ),
          },
          { title: t('学生', 'Student'), render: (_, e) => e.studentId ?? '—' },
          { title: t('理由', 'Reason'), dataIndex: 'reason' },
        ]}
      />
      <Pager page={pages.page} nextCursor={entries.data?.nextCursor} onNext={pages.next} onBack={pages.back} />
    </>
  );
}
