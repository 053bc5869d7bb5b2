import { createCipheriv, createDecipheriv, createHmac, createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import type { KeyRing } from './key-ring';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealed {
  /** iv ‖ auth tag ‖ ciphertext */
  cipher: Buffer;
  keyVersion: number;
}

/** The kinds of protected values; each has its own associated data, so a value cannot be moved to another column. */
export type ProtectedField = 'national-id' | 'bank-account' | 'uploaded-file';

/**
 * AES-256-GCM for personal data at rest. The column's name is bound in as associated data; the key
 * version is stored beside each value, so values under old keys stay readable during a rotation.
 */
export class FieldCipher {
  // Key objects are imported into OpenSSL once, not on every call (bulk imports seal ~10^6 values).
  private readonly dataKeys: Map<number, KeyObject>;
  private readonly indexKey: KeyObject;

  constructor(private readonly keys: KeyRing) {
    this.dataKeys = new Map([...keys.dataKeys].map(([version, key]) => [version, createSecretKey(key)]));
    this.indexKey = createSecretKey(keys.blindIndexKey);
  }

  get currentVersion(): number {
    return this.keys.currentVersion;
  }

  encrypt(field: ProtectedField, plain: string): Sealed {
    return this.encryptBytes(field, Buffer.from(plain, 'utf8'));
  }

  decrypt(field: ProtectedField, sealed: Sealed): string {
    return this.decryptBytes(field, sealed).toString('utf8');
  }

  /** For binary values, such as an uploaded roster file kept until it is imported. */
  encryptBytes(field: ProtectedField, plain: Buffer): Sealed {
    const key = this.dataKeys.get(this.keys.currentVersion) as KeyObject;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(field));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return { cipher: Buffer.concat([iv, cipher.getAuthTag(), body]), keyVersion: this.keys.currentVersion };
  }

  decryptBytes(field: ProtectedField, sealed: Sealed): Buffer {
    const key = this.dataKeys.get(sealed.keyVersion);
    if (!key) throw new Error(`no data key of version ${sealed.keyVersion} is configured; keep old keys until a rotation has finished`);
    const iv = sealed.cipher.subarray(0, IV_BYTES);
    const tag = sealed.cipher.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(field));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.cipher.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  }

  /**
   * Keyed hash for exact-match lookups and uniqueness (blind index): equal inputs give equal
   * digests, but the digest reveals nothing without the key.
   */
  blindIndex(field: ProtectedField, plain: string): Buffer {
    return createHmac('sha256', this.indexKey).update(field).update('\0').update(plain.trim().toUpperCase()).digest();
  }
}
