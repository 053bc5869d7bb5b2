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

/** A failure worth asking again for: the console's 502, a service's 503 (e.g. its token check could not reach casework), a dropped connection. */
function transient(error: unknown): boolean {
  return error instanceof ApiProblem ? [502, 503, 504].includes(error.status) : error instanceof TypeError;
}

/** Tries `load` again after a transient failure (after 1 s, then 2 s), while the screen still wants it. */
async function withRetries<T>(load: () => Promise<T>, wanted: () => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await load();
    } catch (error) {
      if (attempt >= 2 || !transient(error) || !wanted()) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * (attempt + 1)));
    }
  }
}

/**
 * Loads data for a screen; `reload` fetches again. A transient failure is asked again (twice); an
 * error is kept for <Problem>. A failed re-read keeps what the screen showed (with the error beside
 * it) rather than blanking the screen: a record that went blank after one failed re-read, with nothing
 * reading it again, was the "stale graduate record" after a second mentor assignment.
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): { data?: T; error?: unknown; loading: boolean; reload: () => void } {
  // `of` is the loader (one per set of deps) the data came from: only a re-read of the same thing keeps it.
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean; of?: unknown }>({ loading: true });
  const [round, setRound] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    withRetries(run, () => live).then(
      (data) => live && setState({ data, loading: false, of: run }),
      (error: unknown) => live && setState((s) => (s.of === run ? { data: s.data, error, loading: false, of: run } : { error, loading: false })),
    );
    return () => {
      live = false;
    };
  }, [run, round]);
  return { data: state.data, error: state.error, loading: state.loading, reload: () => setRound((r) => r + 1) };
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
