import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth and no whitespace, so the same entry always hashes
 * the same however PostgreSQL's jsonb reorders its keys.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The chain link: SHA-256 over the previous entry's hash and this entry's canonical JSON. */
export function chainHash(previousHash: string, entry: unknown): string {
  return createHash('sha256').update(previousHash).update(canonicalJson(entry)).digest('hex');
}
