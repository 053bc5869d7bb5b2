// Small pieces every screen uses: the signed-in caller, loading data, showing problems.
import { Alert, type FormInstance } from 'antd';
import { createContext, useCallback, useContext, useEffect, useState, type DependencyList } from 'react';
import { ApiProblem, type CaseworkSchemas } from './api/client';
import { useI18n } from './i18n';

export type Caller = CaseworkSchemas['CallerDto'];
export type Role = Caller['roles'][number];

export const CallerContext = createContext<Caller | null>(null);
export function useCaller(): Caller {
  const caller = useContext(CallerContext);
  if (!caller) throw new Error('useCaller outside a signed-in page');
  return caller;
}
export const hasRole = (caller: Caller, ...roles: Role[]) => caller.roles.some((r) => roles.includes(r));

/** Loads data for a screen; `reload` fetches again. Errors are kept for <Problem>. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): { data?: T; error?: unknown; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [run, round]);
  return { ...state, reload: () => setRound((r) => r + 1) };
}

/** A problem from the API (or anything thrown) as an alert a person can act on. */
export function Problem({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const message = error instanceof ApiProblem ? `${error.message} (${error.code})` : error instanceof Error ? error.message : String(error);
  const title =
    error instanceof ApiProblem && error.status === 403
      ? t('无权执行此操作', 'Not allowed')
      : error instanceof ApiProblem && error.status === 404
        ? t('未找到', 'Not found')
        : t('操作未成功', 'That did not work');
  return <Alert role="alert" type="error" showIcon title={title} description={message} style={{ marginBottom: 16 }} />;
}

/**
 * Puts a 400's field errors beside the form's fields (the API names them as the DTO does, e.g.
 * `bankAccount.accountNumber`); answers whether any field matched, so the caller can show the rest.
 */
export function showFieldErrors(form: FormInstance, error: unknown, fieldMap: Record<string, (string | number)[]> = {}): boolean {
  if (!(error instanceof ApiProblem) || error.errors.length === 0) return false;
  const known = new Set(Object.keys(form.getFieldsValue(true) as object));
  const fields = error.errors
    .filter((e) => fieldMap[e.field] !== undefined || known.has(e.field.split('.')[0]))
    .map((e) => ({ name: fieldMap[e.field] ?? e.field.split('.'), errors: [e.message] }));
  form.setFields(fields);
  return fields.length > 0;
}
