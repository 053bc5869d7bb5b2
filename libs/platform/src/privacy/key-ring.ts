import { readFileSync } from 'node:fs';
import { ConfigurationError } from '../config/service-config';

/**
 * The keys that protect personal data at rest: versioned data-encryption keys (one is current and
 * encrypts new values; older ones still decrypt until a rotation has re-encrypted everything) and
 * one blind-index key for exact-match lookups and uniqueness.
 */
export interface KeyRing {
  currentVersion: number;
  dataKeys: ReadonlyMap<number, Buffer>;
  blindIndexKey: Buffer;
}

/**
 * Where keys come from. Development and tests use a file or the environment; production puts a KMS
 * behind this same interface (unwrap data keys at start), and nothing else changes.
 */
export interface KeyProvider {
  load(): KeyRing;
}

interface KeyFile {
  current?: number;
  dataKeys: Record<string, string>;
  blindIndexKey: string;
}

function decodeKey(name: string, base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new ConfigurationError([`${name} must be 32 bytes, base64-encoded (got ${key.length} bytes)`]);
  return key;
}

export function keyRingFrom(source: KeyFile, origin: string): KeyRing {
  const dataKeys = new Map<number, Buffer>();
  for (const [version, key] of Object.entries(source.dataKeys ?? {})) {
    const v = Number(version.replace(/^v/, ''));
    if (!Number.isInteger(v) || v < 1) throw new ConfigurationError([`${origin}: data key version '${version}' must be a positive whole number`]);
    dataKeys.set(v, decodeKey(`${origin} data key v${v}`, key));
  }
  if (dataKeys.size === 0) throw new ConfigurationError([`${origin} holds no data keys`]);
  const currentVersion = source.current ?? Math.max(...dataKeys.keys());
  if (!dataKeys.has(currentVersion)) throw new ConfigurationError([`${origin}: the current key version ${currentVersion} has no key`]);
  if (!source.blindIndexKey) throw new ConfigurationError([`${origin} holds no blind-index key`]);
  return { currentVersion, dataKeys, blindIndexKey: decodeKey(`${origin} blind-index key`, source.blindIndexKey) };
}

/**
 * Keys from `EDUAID_KEYS_FILE` (JSON: `{"current": 2, "dataKeys": {"1": "<base64>", "2": "<base64>"},
 * "blindIndexKey": "<base64>"}`) or from `EDUAID_DATA_KEYS` ("1:<base64>,2:<base64>"),
 * `EDUAID_DATA_KEY_CURRENT` and `EDUAID_BLIND_INDEX_KEY`.
 */
export class ConfiguredKeyProvider implements KeyProvider {
  constructor(private readonly env: Record<string, string | undefined>) {}

  load(): KeyRing {
    const file = this.env.EDUAID_KEYS_FILE;
    if (file) {
      let parsed: KeyFile;
      try {
        parsed = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
      } catch (error) {
        throw new ConfigurationError([`EDUAID_KEYS_FILE=${file} cannot be read as JSON: ${(error as Error).message}`]);
      }
      return keyRingFrom(parsed, 'EDUAID_KEYS_FILE');
    }
    const keys = this.env.EDUAID_DATA_KEYS;
    if (!keys || !this.env.EDUAID_BLIND_INDEX_KEY) {
      throw new ConfigurationError(['personal data needs keys: set EDUAID_KEYS_FILE, or EDUAID_DATA_KEYS and EDUAID_BLIND_INDEX_KEY']);
    }
    const dataKeys = Object.fromEntries(
      keys.split(',').map((pair) => {
        const [version, key] = pair.split(':');
        if (!key) throw new ConfigurationError(['EDUAID_DATA_KEYS must look like "1:<base64>,2:<base64>"']);
        return [version.trim(), key.trim()];
      }),
    );
    const current = this.env.EDUAID_DATA_KEY_CURRENT ? Number(this.env.EDUAID_DATA_KEY_CURRENT) : undefined;
    if (current !== undefined && !Number.isInteger(current)) throw new ConfigurationError(['EDUAID_DATA_KEY_CURRENT must be a key version number']);
    return keyRingFrom({ current, dataKeys, blindIndexKey: this.env.EDUAID_BLIND_INDEX_KEY }, 'EDUAID_DATA_KEYS');
  }
}
