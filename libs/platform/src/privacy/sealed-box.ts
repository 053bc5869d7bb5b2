import { KeyObject, createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Values sealed for one service in transit (an anonymous "sealed box": X25519 key agreement with an
 * ephemeral sender key, HKDF-SHA-256, AES-256-GCM). A service that must pass a personal value to
 * another through places that keep what they see (its own schema, Temporal histories) seals it to the
 * receiver's public key: only the receiver's private key opens it, and the sender keeps nothing that can.
 * One sender key seals many values (a file's worth); each value has its own IV, and the context
 * (e.g. `graduate-import:<id>`) is bound in, so a sealed value cannot be moved to another context.
 */

// PKCS #8 prefix of a raw 32-byte X25519 private key (RFC 8410).
const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const IV_BYTES = 12;
const TAG_BYTES = 16;

function spki(publicKey: string): KeyObject {
  return createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
}

function exportSpki(key: KeyObject): string {
  return (key.type === 'public' ? key : createPublicKey(key)).export({ type: 'spki', format: 'der' }).toString('base64');
}

function boxKey(shared: Buffer, senderKey: string, receiverKey: string, context: string): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.from(`${senderKey}.${receiverKey}`), `eduaid sealed-box v1 ${context}`, 32));
}

/** The sending side: one ephemeral key pair; its private half lives only as long as this object. */
export class Sealer {
  readonly senderKey: string;
  private readonly key: Buffer;
  private readonly aad: Buffer;

  constructor(receiverPublicKey: string, context: string) {
    const pair = generateKeyPairSync('x25519');
    this.senderKey = exportSpki(pair.publicKey);
    const shared = diffieHellman({ privateKey: pair.privateKey, publicKey: spki(receiverPublicKey) });
    this.key = boxKey(shared, this.senderKey, receiverPublicKey, context);
    this.aad = Buffer.from(context);
  }

  /** base64url of iv ‖ tag ‖ ciphertext. */
  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(this.aad);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }
}

/** The receiving side: a static X25519 key derived from a secret the receiver already holds. */
export class SealOpener {
  readonly publicKey: string;
  private readonly privateKey: KeyObject;

  constructor(secret: Buffer, purpose: string) {
    const seed = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `eduaid x25519 ${purpose}`, 32));
    this.privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_X25519, seed]), format: 'der', type: 'pkcs8' });
    this.publicKey = exportSpki(this.privateKey);
  }

  /** Opens the values one sender sealed in one context; a value that does not open gives undefined. */
  opener(senderKey: string, context: string): (sealed: string) => string | undefined {
    const shared = diffieHellman({ privateKey: this.privateKey, publicKey: spki(senderKey) });
    const key = boxKey(shared, senderKey, this.publicKey, context);
    const aad = Buffer.from(context);
    return (sealed) => {
      const bytes = Buffer.from(sealed, 'base64url');
      if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
        decipher.setAAD(aad);
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    };
  }
}
