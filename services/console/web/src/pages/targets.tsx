import { Card, Col, Form, Input, Button, Row, Typography } from 'antd';
import { useState } from 'react';
import { api, ok } from '../api/client';
import { useI18n } from '../i18n';
import { Problem, useCaller, useLoad } from '../shared';
import { BarChart } from './charts';

const PROGRAMMES: Record<string, [string, string]> = {
  'weak-school-renovation': ['全面改薄', 'Weak-school renovation'],
  'kindergartens-built': ['新建幼儿园', 'Kindergartens built'],
  'teaching-points-linked': ['教学点联网', 'Teaching points linked'],
  'training-national-provincial': ['国培省培', 'National/provincial training'],
  'training-vocational-teachers': ['职教教师培训', 'Vocational teacher training'],
  'training-rotation': ['轮岗培训', 'Rotation training'],
};

export function TargetsPage() {
  const { t, label } = useI18n();
  const caller = useCaller();
  const [county, setCounty] = useState<string | undefined>(caller.scope.level === 'county' ? caller.scope.code : undefined);
  const report = useLoad(
    () => (county ? ok(api.schools.GET('/progress/counties/{countyCode}', { params: { path: { countyCode: county } } })) : ok(api.schools.GET('/progress/province'))),
    [county],
  );
  const [form] = Form.useForm<{ county?: string }>();
  return (
    <>
      <Typography.Title level={2}>{t('规划目标与进展', 'The plan’s targets and progress')}</Typography.Title>
      <Form form={form} layout="inline" style={{ marginBottom: 16 }} onFinish={(v) => setCounty(v.county || undefined)} initialValues={{ county }}>
        <Form.Item name="county" label={t('区县代码（留空为全省）', 'County code (empty: province)')} rules={[{ pattern: /^\d{6}$/, message: t('6 位数字', '6 digits') }]}>
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Button htmlType="submit">{t('查看', 'Show')}</Button>
      </Form>
      <Problem error={report.error} />
      {report.data && (
        <>
          <Typography.Paragraph type="secondary">
            {report.data.scope.name} · {t('规划版本', 'Plan version')} {report.data.planVersion}
          </Typography.Paragraph>
          <Card size="small" title={t('各项目完成率（实际完成占规划目标）', 'Each programme: share of its target done')} style={{ marginBottom: 16 }}>
            <BarChart
              label={t('各项目实际完成与规划目标', 'Actual against target per programme')}
              unit="%"
              bars={report.data.programmes.map((p) => {
                const target = p.target ?? p.plannedTotal;
                return { key: p.programme, label: label(PROGRAMMES, p.programme), value: target ? Math.round((p.actualTotal / target) * 1000) / 10 : 0, target: 100 };
              })}
            />
          </Card>
          <Row gutter={16}>
            {report.data.programmes
              .filter((p) => p.batches.length > 0)
              .map((p) => (
                <Col xs={24} lg={12} key={p.programme}>
                  <Card size="small" title={`${label(PROGRAMMES, p.programme)}（${p.unit}）`} style={{ marginBottom: 16 }}>
                    <BarChart
                      label={t(`${label(PROGRAMMES, p.programme)}各批次`, `${label(PROGRAMMES, p.programme)} by batch`)}
                      bars={p.batches.map((b) => ({ key: String(b.sequence), label: `${t('第', 'Batch ')}${b.sequence}${t('批', '')}${b.year ? ` (${b.year})` : ''}`, value: b.actual ?? 0, target: b.planned }))}
                    />
                  </Card>
                </Col>
              ))}
          </Row>
        </>
      )}
    </>
  );
}
