// Names instead of codes and user ids: divisions and schools (schools service GET /names: any place or
// school, names are public) and staff (casework GET /users/names: people within the caller's
// jurisdiction or above it; the rest are left out); a code without a name is shown as it
// is. Answers are kept for the session (names change rarely), so a list asks once per new code.
import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ok } from './api/client';
import { useI18n } from './i18n';
import { hasRole, useCaller } from './shared';

const places = new Map<string, string | null>();
const people = new Map<string, string | null>();

async function lookUp(cache: Map<string, string | null>, keys: string[], fetch: (keys: string[]) => Promise<{ key: string; name: string }[]>): Promise<void> {
  const missing = [...new Set(keys)].filter((k) => k && !cache.has(k));
  for (let i = 0; i < missing.length; i += 100) {
    const chunk = missing.slice(i, i + 100);
    const found = await fetch(chunk);
    for (const k of chunk) cache.set(k, null);
    for (const f of found) cache.set(f.key, f.name);
  }
}

function useLookup(cache: Map<string, string | null>, keys: (string | null | undefined)[], fetch: (keys: string[]) => Promise<{ key: string; name: string }[]>, allowed: boolean): Map<string, string> {
  const wanted = keys.filter((k): k is string => typeof k === 'string' && k.length > 0);
  const key = [...new Set(wanted)].sort().join(',');
  const [, setRound] = useState(0);
  useEffect(() => {
    if (!allowed || !key) return;
    let live = true;
    // A failed lookup leaves the codes showing; the screen's own data is unaffected.
    lookUp(cache, key.split(','), fetch).then(
      () => live && setRound((r) => r + 1),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [key, allowed]);
  const names = new Map<string, string>();
  for (const k of wanted) {
    const name = cache.get(k);
    if (name) names.set(k, name);
  }
  return names;
}

const STAFF = ['caseworker', 'approver', 'supervisor', 'programme-admin', 'auditor'] as const;

/** Names of division and school codes (staff only; others see codes). */
export function usePlaceNames(codes: (string | null | undefined)[]): Map<string, string> {
  const caller = useCaller();
  const fetch = async (keys: string[]) => (await ok(api.schools.GET('/names', { params: { query: { codes: keys.join(',') } } }))).items.map((i) => ({ key: i.code, name: i.name }));
  return useLookup(places, codes, fetch, hasRole(caller, ...STAFF));
}

/** Display names of user ids (staff only; the caller's own name is known without asking). */
export function usePeopleNames(ids: (string | null | undefined)[]): Map<string, string> {
  const caller = useCaller();
  people.set(caller.userId, caller.displayName);
  const fetch = async (keys: string[]) => (await ok(api.casework.GET('/users/names', { params: { query: { ids: keys.join(',') } } }))).items.map((i) => ({ key: i.userId, name: i.displayName }));
  return useLookup(people, ids, fetch, hasRole(caller, ...STAFF));
}

/** A name with its code as secondary text, or the code alone when no name is known. */
export function Named({ names, code }: { names: Map<string, string>; code: string | null | undefined }) {
  if (!code) return <>—</>;
  const name = names.get(code);
  if (!name) return <>{code}</>;
  return (
    <span>
      {name}{' '}
      <Typography.Text type="secondary" style={{ fontSize: '0.85em' }}>
        {code}
      </Typography.Text>
    </span>
  );
}

/** A person's name (their user id in the tooltip), or the id when no name is known. */
export function Person({ names, id }: { names: Map<string, string>; id: string | null | undefined }) {
  const { t } = useI18n();
  if (!id) return <>—</>;
  // What the services record for their own acts (imports, workflows) rather than a person.
  if (id === 'system') return <>{t('系统', 'system')}</>;
  const name = names.get(id);
  return name ? <span title={id}>{name}</span> : <>{id}</>;
}
