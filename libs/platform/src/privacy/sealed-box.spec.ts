import { randomBytes } from 'node:crypto';
import { SealOpener, Sealer } from './sealed-box';

describe('sealed box', () => {
  const secret = randomBytes(32);

  it('opens with the receiver’s key what a sender sealed in the same context, and nothing else', () => {
    const receiver = new SealOpener(secret, 'graduate-import');
    expect(new SealOpener(secret, 'graduate-import').publicKey).toBe(receiver.publicKey); // derived, stable
    const sealer = new Sealer(receiver.publicKey, 'graduate-import:a');
    const sealed = sealer.seal('42010219900101123X');
    expect(sealed).not.toContain('1234');
    expect(receiver.opener(sealer.senderKey, 'graduate-import:a')(sealed)).toBe('42010219900101123X');
    // Another context, another receiver, or a changed byte: nothing.
    expect(receiver.opener(sealer.senderKey, 'graduate-import:b')(sealed)).toBeUndefined();
    expect(new SealOpener(randomBytes(32), 'graduate-import').opener(sealer.senderKey, 'graduate-import:a')(sealed)).toBeUndefined();
    const bytes = Buffer.from(sealed, 'base64url');
    bytes[bytes.length - 1] ^= 1;
    expect(receiver.opener(sealer.senderKey, 'graduate-import:a')(bytes.toString('base64url'))).toBeUndefined();
    expect(receiver.opener(sealer.senderKey, 'graduate-import:a')('short')).toBeUndefined();
  });

  it('seals the same value differently each time', () => {
    const receiver = new SealOpener(secret, 'p');
    const sealer = new Sealer(receiver.publicKey, 'c');
    expect(sealer.seal('x')).not.toBe(sealer.seal('x'));
  });
});
