import { randomBytes } from 'node:crypto';
import { ConfigurationError } from '../config/service-config';
import { FieldCipher } from './field-cipher';
import { ConfiguredKeyProvider, keyRingFrom } from './key-ring';

const k = () => randomBytes(32).toString('base64');

describe('field encryption and blind index', () => {
  const v1 = k();
  const v2 = k();
  const index = k();
  const ringV1 = keyRingFrom({ dataKeys: { '1': v1 }, blindIndexKey: index }, 'test');
  const ringV2 = keyRingFrom({ current: 2, dataKeys: { '1': v1, '2': v2 }, blindIndexKey: index }, 'test');

  it('round-trips, and never stores the same ciphertext twice for one value', () => {
    const cipher = new FieldCipher(ringV1);
    const a = cipher.encrypt('national-id', '11010519491231002X');
    const b = cipher.encrypt('national-id', '11010519491231002X');
    expect(a.cipher.equals(b.cipher)).toBe(false);
    expect(a.cipher.toString('latin1')).not.toContain('11010519491231002X');
    expect(cipher.decrypt('national-id', a)).toBe('11010519491231002X');
  });

  it('reads values under an old key after the current key moves on, and writes with the new one', () => {
    const old = new FieldCipher(ringV1).encrypt('national-id', '11010519491231002X');
    const rotated = new FieldCipher(ringV2);
    expect(rotated.decrypt('national-id', old)).toBe('11010519491231002X');
    expect(rotated.encrypt('national-id', 'x').keyVersion).toBe(2);
  });

  it('refuses a value moved to another column or tampered with', () => {
    const cipher = new FieldCipher(ringV1);
    const sealed = cipher.encrypt('national-id', '11010519491231002X');
    expect(() => cipher.decrypt('bank-account', sealed)).toThrow();
    const tampered = Buffer.from(sealed.cipher);
    tampered[tampered.length - 1] ^= 1;
    expect(() => cipher.decrypt('national-id', { ...sealed, cipher: tampered })).toThrow();
  });

  it('gives equal blind indexes for equal values, across key versions, and different ones otherwise', () => {
    const a = new FieldCipher(ringV1).blindIndex('national-id', '11010519491231002x ');
    const b = new FieldCipher(ringV2).blindIndex('national-id', '11010519491231002X');
    expect(a.equals(b)).toBe(true);
    expect(a.equals(new FieldCipher(ringV1).blindIndex('national-id', '110105194912310011'))).toBe(false);
  });

  it('reads keys from the environment and names what is wrong', () => {
    const ring = new ConfiguredKeyProvider({ EDUAID_DATA_KEYS: `1:${v1},2:${v2}`, EDUAID_DATA_KEY_CURRENT: '1', EDUAID_BLIND_INDEX_KEY: index }).load();
    expect(ring.currentVersion).toBe(1);
    expect(() => new ConfiguredKeyProvider({}).load()).toThrow(ConfigurationError);
    expect(() => new ConfiguredKeyProvider({ EDUAID_DATA_KEYS: '1:c2hvcnQ=', EDUAID_BLIND_INDEX_KEY: index }).load()).toThrow(/must be 32 bytes/);
  });
});
