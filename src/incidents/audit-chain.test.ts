import { describe, expect, it } from 'vitest';
import {
  AUDIT_HASH_PREFIX,
  AuditChainVerifier,
  type AuditEntry,
  chainAuditEntry,
  EMPTY_AUDIT_HEAD,
  GENESIS_HASH,
  hashAuditEntry,
  type NewAuditEntry,
  sha256Hex,
  verifyAuditChain,
} from './audit-chain.js';

const T0_MS = Date.UTC(2026, 0, 1);

function change(i: number): NewAuditEntry {
  return {
    tMs: T0_MS + i * 1000,
    actor: i % 2 === 0 ? 'system' : 'analyst:ana',
    action: 'incident.updated',
    subjectType: 'incident',
    subjectId: `inc-${i}`,
    details: { state: 'under review', n: i, tags: ['a', 'b'] },
  };
}

/** A chain of n entries, built the way the store builds it. */
function buildChain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let head = EMPTY_AUDIT_HEAD;
  for (let i = 1; i <= n; i++) {
    const e = chainAuditEntry(head, change(i));
    out.push(e);
    head = e;
  }
  return out;
}

describe('the audit chain', () => {
  it('numbers entries from 1 and links each to the hash of the one before', () => {
    const chain = buildChain(3);
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(chain[0]!.prevHash).toBe(GENESIS_HASH);
    expect(chain[1]!.prevHash).toBe(chain[0]!.hash);
    expect(chain[2]!.prevHash).toBe(chain[1]!.hash);
    expect(verifyAuditChain(chain)).toEqual({
      ok: true,
      count: 3,
      head: { seq: 3, hash: chain[2]!.hash },
    });
  });

  it('hashes the prefix and the canonical entry without its hash, exactly as documented', () => {
    const e = chainAuditEntry(EMPTY_AUDIT_HEAD, {
      tMs: 1767225600000,
      actor: 'system',
      action: 'agreement.loaded',
      subjectType: 'agreement',
      subjectId: 'demo',
      details: { versions: [1, 2], agreementId: 'demo' },
    });
    const text =
      'truceline-audit/1\n' +
      '{"action":"agreement.loaded","actor":"system","details":{"agreementId":"demo","versions":[1,2]},' +
      `"prevHash":"${GENESIS_HASH}","seq":1,"subjectId":"demo","subjectType":"agreement","tMs":1767225600000}`;
    expect(AUDIT_HASH_PREFIX).toBe('truceline-audit/1\n');
    expect(e.hash).toBe(sha256Hex(text));
    // Pinned so that a change to the recipe cannot pass unnoticed (docs/audit.md has it too).
    expect(e.hash).toBe('41a230518802cf4acc92753197919dcfbe519c0070171a2bae574e9fc5c63570');
  });

  it('verifies an empty chain, with the genesis hash as its head', () => {
    expect(verifyAuditChain([])).toEqual({ ok: true, count: 0, head: EMPTY_AUDIT_HEAD });
  });

  it('finds an edited field at the entry that was edited', () => {
    const chain = buildChain(5);
    chain[2] = { ...chain[2]!, details: { ...chain[2]!.details, state: 'dismissed' } };
    const r = verifyAuditChain(chain);
    expect(r).toMatchObject({ ok: false, count: 2, head: { seq: 2 } });
    expect(!r.ok && r.broken).toMatchObject({ seq: 3, kind: 'edited' });
    expect(!r.ok && r.broken.reason).toMatch(/does not match its hash/);
  });

  it('finds an edit to any field, the time and the actor included', () => {
    for (const edit of [
      { tMs: T0_MS },
      { actor: 'someone else' },
      { action: 'incident.deleted' },
      { subjectId: 'inc-x' },
      { hash: 'f'.repeat(64) },
    ]) {
      const chain = buildChain(3);
      chain[1] = { ...chain[1]!, ...edit };
      const r = verifyAuditChain(chain);
      expect(!r.ok && r.broken.seq).toBe(2);
    }
  });

  it('finds an edited entry that was re-hashed at the next entry, whose link no longer holds', () => {
    const chain = buildChain(4);
    const { hash: _old, ...rest } = chain[1]!;
    const forged = { ...rest, actor: 'nobody' };
    chain[1] = { ...forged, hash: hashAuditEntry(forged) };
    const r = verifyAuditChain(chain);
    expect(!r.ok && r.broken).toMatchObject({ seq: 3, kind: 'relinked' });
    expect(!r.ok && r.broken.reason).toMatch(/#2 was rewritten and re-hashed, or #3 was inserted/);
  });

  it('finds a deleted entry, naming the first one missing', () => {
    const chain = buildChain(6);
    chain.splice(3, 2); // #4 and #5
    const r = verifyAuditChain(chain);
    expect(!r.ok && r.broken).toEqual({
      seq: 4,
      kind: 'missing',
      reason: 'missing (deleted?): #4 to #5 absent, the next entry present is #6',
    });
  });

  it('finds a deleted first entry', () => {
    const r = verifyAuditChain(buildChain(3).slice(1));
    expect(!r.ok && r.broken).toMatchObject({ seq: 1, kind: 'missing' });
  });

  it('finds two entries swapped in place', () => {
    const chain = buildChain(5);
    [chain[1], chain[2]] = [chain[2]!, chain[1]!];
    const r = verifyAuditChain(chain);
    expect(!r.ok && r.broken).toMatchObject({ seq: 2, kind: 'missing' });
  });

  it('finds two entries whose contents were swapped under their seqs', () => {
    const chain = buildChain(5);
    const a = chain[1]!;
    const b = chain[2]!;
    chain[1] = { ...b, seq: a.seq };
    chain[2] = { ...a, seq: b.seq };
    const r = verifyAuditChain(chain);
    expect(!r.ok && r.broken).toMatchObject({ seq: 2, kind: 'edited' });
  });

  it('finds an entry inserted with a valid hash but a link to nowhere', () => {
    const chain = buildChain(3);
    const forged = chainAuditEntry({ seq: 1, hash: 'a'.repeat(64) }, change(9));
    chain.splice(1, 0, forged);
    const r = verifyAuditChain(chain.slice(0, 2));
    expect(!r.ok && r.broken).toMatchObject({ seq: 2, kind: 'relinked' });
  });

  it('finds an entry repeated', () => {
    const chain = buildChain(3);
    chain.splice(2, 0, chain[1]!);
    const r = verifyAuditChain(chain);
    expect(!r.ok && r.broken).toMatchObject({ seq: 3, kind: 'out_of_order' });
  });

  it('reports rather than throws for an entry edited into something that cannot be hashed', () => {
    const chain = buildChain(2);
    chain[1] = { ...chain[1]!, details: '{not json' as unknown as AuditEntry['details'] };
    expect(verifyAuditChain(chain)).toMatchObject({
      ok: false,
      broken: { seq: 2, kind: 'edited' },
    });
    chain[1] = { ...chain[1]!, details: { x: 0.5 } };
    expect(verifyAuditChain(chain)).toMatchObject({
      ok: false,
      broken: { seq: 2, kind: 'edited' },
    });
  });

  it('still verifies after more entries are appended to a verified chain', () => {
    const chain = buildChain(3);
    const first = verifyAuditChain(chain);
    expect(first.ok).toBe(true);
    let head = first.head;
    for (let i = 4; i <= 6; i++) {
      const e = chainAuditEntry(head, change(i));
      chain.push(e);
      head = e;
    }
    expect(verifyAuditChain(chain)).toMatchObject({ ok: true, count: 6, head: { seq: 6 } });
    // …and from the earlier head, only the new entries need checking.
    expect(verifyAuditChain(chain.slice(3), first.head)).toMatchObject({ ok: true, count: 3 });
  });

  it('verifies page by page as it does in one go, and stops at the first break', () => {
    const chain = buildChain(10);
    chain[6] = { ...chain[6]!, actor: 'x' };
    chain[8] = { ...chain[8]!, actor: 'y' };
    const v = new AuditChainVerifier();
    for (let i = 0; i < chain.length; i += 3) {
      for (const e of chain.slice(i, i + 3)) v.push(e);
    }
    expect(v.result()).toEqual(verifyAuditChain(chain));
    expect(v.result()).toMatchObject({ ok: false, count: 6, broken: { seq: 7 } });
  });

  it('refuses entries that cannot be hashed reproducibly, naming the field', () => {
    const ok = change(1);
    const bad: [Partial<NewAuditEntry>, RegExp][] = [
      [{ details: { ratio: 0.5 } }, /details\.ratio: expected an integer/],
      [{ details: { é: 1 } }, /details: expected keys of printable ASCII/],
      [{ details: { list: [{ big: 2 ** 60 }] } }, /details\.list\[0\]\.big/],
      [{ details: [] as unknown as NewAuditEntry['details'] }, /details: expected a JSON object/],
      [{ tMs: 1.5 }, /tMs: expected epoch ms/],
      [{ actor: ' ' }, /actor: expected a non-empty string/],
      [{ action: 'Reloaded' }, /action: expected subject\.verb/],
      [{ subjectType: 'zone' as NewAuditEntry['subjectType'] }, /subjectType: expected one of/],
      [{ subjectId: 'x\udc00' }, /lone UTF-16 surrogate/],
    ];
    for (const [edit, message] of bad) {
      expect(() => chainAuditEntry(EMPTY_AUDIT_HEAD, { ...ok, ...edit })).toThrow(message);
    }
  });
});
