import { CipherGCM, createCipheriv, createDecipheriv, createHmac, createSecretKey, KeyObject, randomFillSync } from 'node:crypto';
import type { KeyRing } from './key-ring';
import { SealOpener } from './sealed-box';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** IVs drawn from the CSPRNG this many at a time: one call per IV costs as much as the encryption itself. */
const IV_POOL_SIZE = 4096;

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
  private readonly associatedData = new Map<ProtectedField, Buffer>();
  private readonly ivPool = Buffer.alloc(IV_BYTES * IV_POOL_SIZE);
  private ivPoolUsed = this.ivPool.length;

  constructor(private readonly keys: KeyRing) {
    this.dataKeys = new Map([...keys.dataKeys].map(([version, key]) => [version, createSecretKey(key)]));
    this.indexKey = createSecretKey(keys.blindIndexKey);
  }

  get currentVersion(): number {
    return this.keys.currentVersion;
  }

  encrypt(field: ProtectedField, plain: string): Sealed {
    return this.seal(field, (cipher) => cipher.update(plain, 'utf8'));
  }

  decrypt(field: ProtectedField, sealed: Sealed): string {
    return this.decryptBytes(field, sealed).toString('utf8');
  }

  /** For binary values, such as an uploaded roster file kept until it is imported. */
  encryptBytes(field: ProtectedField, plain: Buffer): Sealed {
    return this.seal(field, (cipher) => cipher.update(plain));
  }

  private seal(field: ProtectedField, encryptBody: (cipher: CipherGCM) => Buffer): Sealed {
    const key = this.dataKeys.get(this.keys.currentVersion) as KeyObject;
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(this.aad(field));
    const body = encryptBody(cipher);
    const rest = cipher.final(); // empty for GCM, which is a stream mode
    return { cipher: Buffer.concat([iv, cipher.getAuthTag(), body, rest]), keyVersion: this.keys.currentVersion };
  }

  /** A fresh random 96-bit IV (a view into the pool; createCipheriv and concat copy it before the pool is refilled). */
  private nextIv(): Buffer {
    if (this.ivPoolUsed === this.ivPool.length) {
      randomFillSync(this.ivPool);
      this.ivPoolUsed = 0;
    }
    const iv = this.ivPool.subarray(this.ivPoolUsed, this.ivPoolUsed + IV_BYTES);
    this.ivPoolUsed += IV_BYTES;
    return iv;
  }

  private aad(field: ProtectedField): Buffer {
    let aad = this.associatedData.get(field);
    if (!aad) this.associatedData.set(field, (aad = Buffer.from(field)));
    return aad;
  }

  decryptBytes(field: ProtectedField, sealed: Sealed): Buffer {
    const key = this.dataKeys.get(sealed.keyVersion);
    if (!key) throw new Error(`no data key of version ${sealed.keyVersion} is configured; keep old keys until a rotation has finished`);
    const iv = sealed.cipher.subarray(0, IV_BYTES);
    const tag = sealed.cipher.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(this.aad(field));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.cipher.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  }

  /**
   * Keyed hash for exact-match lookups and uniqueness (blind index): equal inputs give equal
   * digests, but the digest reveals nothing without the key.
   */
  blindIndex(field: ProtectedField, plain: string): Buffer {
    return createHmac('sha256', this.indexKey).update(`${field}\0${plain.trim().toUpperCase()}`).digest();
  }

  /**
   * The key that opens values sealed to this service in transit (see sealed-box.ts), derived from
   * the blind-index key: that key never rotates, so a value sealed before a data-key rotation still opens.
   */
  sealOpener(purpose: string): SealOpener {
    return new SealOpener(this.keys.blindIndexKey, purpose);
  }
}
