// The filters above a list: a form in one line whose 查询 button sets the filters, and a select named by
// its placeholder for filters that apply as they change.
import { Button, Form, Select, Space, type FormInstance } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useI18n } from '../i18n';

/** The filters a person gave: text trimmed, empty fields (unset, blank) left out. */
export function givenFilters<F extends object>(values: F): Partial<F> {
  return Object.fromEntries(
    Object.entries(values)
      .map(([key, value]) => [key, typeof value === 'string' ? value.trim() : value] as const)
      .filter(([, value]) => value !== undefined && value !== null && value !== ''),
  ) as Partial<F>;
}

/** A list's filter fields in one line, then 查询 (and `actions` beside it); searching hands `onSearch` the filters given. */
export function FilterForm<F extends object>({
  form,
  name,
  style,
  onSearch,
  actions,
  children,
}: {
  form?: FormInstance<F>;
  name?: string;
  style?: CSSProperties;
  onSearch: (filters: Partial<F>) => void;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const search = (
    <Button type="primary" htmlType="submit">
      {t('查询', 'Search')}
    </Button>
  );
  return (
    <Form<F> form={form} name={name} layout="inline" style={{ marginBottom: 16, rowGap: 8, ...style }} onFinish={(values) => onSearch(givenFilters(values))}>
      {children}
      {actions ? (
        <Space>
          {search}
          {actions}
        </Space>
      ) : (
        search
      )}
    </Form>
  );
}

/** A select that filters as it changes, with no label of its own: its placeholder is also its accessible name. */
export function FilterSelect<V>({ name, width, value, onChange, options }: { name: string; width: number; value: V | undefined; onChange: (value: V | undefined) => void; options: { value: V; label: string }[] }) {
  return <Select<V | undefined, { value: V; label: string }> aria-label={name} placeholder={name} allowClear style={{ width }} value={value} onChange={(v) => onChange(v)} options={options} />;
}
