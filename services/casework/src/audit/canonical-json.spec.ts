import { canonicalJson, chainHash, GENESIS_HASH } from './canonical-json';

describe('canonical JSON and the audit chain hash', () => {
  it('sorts keys at every depth and drops undefined, so jsonb key order does not change the hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(chainHash(GENESIS_HASH, { a: 1, b: 2 })).toBe(chainHash(GENESIS_HASH, { b: 2, a: 1 }));
  });

  it('changes when the entry or the previous hash changes', () => {
    const h = chainHash(GENESIS_HASH, { action: 'task.decided', after: { decision: 'approve' } });
    expect(chainHash(GENESIS_HASH, { action: 'task.decided', after: { decision: 'reject' } })).not.toBe(h);
    expect(chainHash('1'.repeat(64), { action: 'task.decided', after: { decision: 'approve' } })).not.toBe(h);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
  });
});
