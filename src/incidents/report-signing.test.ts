import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { generateMissionKey, type MissionKey } from './mission-key.js';
import {
  type DetachedSignature,
  type SignedDocument,
  sha256Hex,
  signDetached,
  signDocument,
  signedBytes,
  verifyDetachedSignature,
  verifySignedDocument,
} from './report-signing.js';

const T_MS = Date.UTC(2026, 0, 2, 6, 0, 0);
const mission = generateMissionKey(Date.UTC(2026, 0, 1)).key;
const other = generateMissionKey(Date.UTC(2026, 0, 1)).key;
const REPORT = {
  day: '2026-01-01',
  incidents: [{ id: 'inc-1', zone: 'buffer-north', lonLat: [35.123456, 33.5], verified: true }],
  counts: { total: 1 },
  narrative: 'Calm day; one overflight of the northern buffer zone. Café reopened.',
};

/** As a verifier meets it: written to a file, downloaded, parsed. */
function roundTrip<T>(doc: T): Record<string, unknown> {
  return JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
}

function sign(key: MissionKey = mission): SignedDocument {
  return signDocument(key, 'report/v1', REPORT, T_MS);
}

describe('signDocument and verifySignedDocument', () => {
  it('verifies a signed JSON report after it travels as JSON text, naming key, time and type', () => {
    const doc = sign();
    expect(doc).toMatchObject({
      format: 'truceline-signed/1',
      keyId: mission.keyId,
      signedAt: '2026-01-02T06:00:00.000Z',
      payloadType: 'report/v1',
      payloadEncoding: 'json',
      payloadSha256: sha256Hex(Buffer.from(canonicalJson(REPORT))),
      payload: REPORT,
    });
    expect(verifySignedDocument(roundTrip(doc), [other.publicKey, mission.publicKey])).toEqual({
      ok: true,
      keyId: mission.keyId,
      signedAtMs: T_MS,
      payloadType: 'report/v1',
      sha256: doc.payloadSha256,
    });
  });

  it('does not care how the JSON is laid out or in what order the keys come', () => {
    const doc = sign();
    const { narrative, ...rest } = REPORT;
    const fields = Object.entries({ ...doc, payload: { narrative, ...rest } }).reverse();
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(fields), null, 4));
    expect(verifySignedDocument(reordered, [mission.publicKey]).ok).toBe(true);
  });

  it('signs bytes as base64 and verifies them', () => {
    const csv = Buffer.from('zone,count\nbuffer-north,1\n');
    const doc = signDocument(mission, 'report.csv', csv, T_MS);
    expect(doc.payloadEncoding).toBe('base64');
    expect(Buffer.from(doc.payload as string, 'base64')).toEqual(csv);
    expect(doc.payloadSha256).toBe(sha256Hex(csv));
    expect(verifySignedDocument(roundTrip(doc), [mission.publicKey]).ok).toBe(true);
  });

  it('refuses a payload changed by one character as payload_changed', () => {
    const doc = roundTrip(sign());
    const payload = doc.payload as typeof REPORT;
    payload.narrative = payload.narrative.replace('one', 'two');
    expect(verifySignedDocument(doc, [mission.publicKey])).toMatchObject({
      ok: false,
      failure: 'payload_changed',
      keyId: mission.keyId,
      reason: expect.stringMatching(/^payload changed after signing: its SHA-256 is [0-9a-f]{64}/),
    });
  });

  it('refuses one changed byte of a base64 payload as payload_changed', () => {
    const doc = signDocument(mission, 'report.csv', Buffer.from('zone,count\nb,1\n'), T_MS);
    const bytes = Buffer.from(doc.payload as string, 'base64');
    bytes[bytes.length - 2] = 0x32; // 1 -> 2
    const tampered = { ...roundTrip(doc), payload: bytes.toString('base64') };
    expect(verifySignedDocument(tampered, [mission.publicKey])).toMatchObject({
      ok: false,
      failure: 'payload_changed',
    });
  });

  it('refuses a payload changed together with its digest as bad_signature', () => {
    const doc = roundTrip(sign());
    const payload = { ...REPORT, counts: { total: 0 } };
    const forged = {
      ...doc,
      payload,
      payloadSha256: sha256Hex(Buffer.from(canonicalJson(payload))),
    };
    expect(verifySignedDocument(forged, [mission.publicKey])).toMatchObject({
      ok: false,
      failure: 'bad_signature',
    });
  });

  it('refuses a changed signedAt or payloadType as bad_signature', () => {
    const doc = roundTrip(sign());
    for (const change of [{ signedAt: '2026-01-03T06:00:00.000Z' }, { payloadType: 'report/v2' }]) {
      expect(verifySignedDocument({ ...doc, ...change }, [mission.publicKey])).toMatchObject({
        ok: false,
        failure: 'bad_signature',
        reason: expect.stringContaining(`signature does not verify with key ${mission.keyId}`),
      });
    }
  });

  it('refuses a document signed by another key that claims the mission key id as bad_signature', () => {
    const forged = { ...roundTrip(sign(other)), keyId: mission.keyId };
    expect(verifySignedDocument(forged, [mission.publicKey])).toMatchObject({
      ok: false,
      failure: 'bad_signature',
    });
  });

  it('refuses a document signed by a key it does not know as unknown_key, naming both', () => {
    const result = verifySignedDocument(roundTrip(sign(other)), [mission.publicKey]);
    expect(result).toEqual({
      ok: false,
      failure: 'unknown_key',
      keyId: other.keyId,
      reason: `signed by key ${other.keyId}, which is not known here (the keys given are ${mission.keyId})`,
    });
  });

  it.each([
    ['not an object', () => [1, 2], /expected a JSON object of format "truceline-signed\/1"/],
    [
      'another format',
      (d: Record<string, unknown>) => ({ ...d, format: 'x/1' }),
      /format: expected/,
    ],
    [
      'a missing field',
      ({ payloadSha256: _, ...d }: Record<string, unknown>) => d,
      /payloadSha256: missing/,
    ],
    [
      'an extra field',
      (d: Record<string, unknown>) => ({ ...d, note: 'hi' }),
      /unexpected field "note"/,
    ],
    [
      'a bad key id',
      (d: Record<string, unknown>) => ({ ...d, keyId: 'ABC' }),
      /keyId: expected 16/,
    ],
    [
      'a time that is not ISO UTC',
      (d: Record<string, unknown>) => ({ ...d, signedAt: '2026-01-02 06:00' }),
      /signedAt: expected/,
    ],
    [
      'an impossible date',
      (d: Record<string, unknown>) => ({ ...d, signedAt: '2026-02-30T06:00:00.000Z' }),
      /signedAt: expected/,
    ],
    [
      'a signature of the wrong length',
      (d: Record<string, unknown>) => ({ ...d, signature: 'AAAA' }),
      /signature: expected 64 bytes/,
    ],
    [
      'an unknown encoding',
      (d: Record<string, unknown>) => ({ ...d, payloadEncoding: 'hex' }),
      /payloadEncoding: expected/,
    ],
    [
      'base64 that is not',
      (d: Record<string, unknown>) => ({ ...d, payloadEncoding: 'base64', payload: '%%' }),
      /payload: expected base64/,
    ],
  ])('refuses an envelope with %s as malformed', (_what, change, reason) => {
    const result = verifySignedDocument(change(roundTrip(sign())), [mission.publicKey]);
    expect(result).toMatchObject({ ok: false, failure: 'malformed' });
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('throws on our own misuse: a bad payload type, time or payload', () => {
    expect(() => signDocument(mission, 'a report', REPORT, T_MS)).toThrow(/payloadType: expected/);
    expect(() => signDocument(mission, 'report/v1', REPORT, 1.5)).toThrow(/signedAtMs: expected/);
    expect(() => signDocument(mission, 'report/v1', { x: Number.NaN }, T_MS)).toThrow(
      /finite number/,
    );
  });

  it('signs the format line then the canonical JSON of every field but the signature', () => {
    const doc = sign();
    const { signature: _s, ...body } = doc;
    expect(signedBytes(doc).toString('utf8')).toBe(`truceline-signed/1\n${canonicalJson(body)}`);
  });
});

describe('signDetached and verifyDetachedSignature', () => {
  const pdf = Buffer.from('%PDF-1.7\n% a daily report\n%%EOF\n');

  function detached(): Record<string, unknown> {
    return roundTrip(signDetached(mission, 'report.pdf', pdf, T_MS));
  }

  it('verifies a file against its detached signature', () => {
    const sig: DetachedSignature = signDetached(mission, 'report.pdf', pdf, T_MS);
    expect(sig).toMatchObject({ format: 'truceline-signature/1', sha256: sha256Hex(pdf) });
    expect(verifyDetachedSignature(roundTrip(sig), pdf, [mission.publicKey])).toEqual({
      ok: true,
      keyId: mission.keyId,
      signedAtMs: T_MS,
      payloadType: 'report.pdf',
      sha256: sha256Hex(pdf),
    });
  });

  it('refuses a file with one byte changed as payload_changed', () => {
    const changed = Buffer.from(pdf);
    changed[12] = changed[12]! ^ 1;
    expect(verifyDetachedSignature(detached(), changed, [mission.publicKey])).toMatchObject({
      ok: false,
      failure: 'payload_changed',
      reason: expect.stringMatching(/^file changed after signing/),
    });
  });

  it('refuses a signature file whose digest or time was edited as bad_signature', () => {
    const changed = Buffer.from(pdf);
    changed[12] = changed[12]! ^ 1;
    const edited = { ...detached(), sha256: sha256Hex(changed) };
    expect(verifyDetachedSignature(edited, changed, [mission.publicKey])).toMatchObject({
      failure: 'bad_signature',
    });
    const later = { ...detached(), signedAt: '2027-01-01T00:00:00.000Z' };
    expect(verifyDetachedSignature(later, pdf, [mission.publicKey])).toMatchObject({
      failure: 'bad_signature',
    });
  });

  it('does not take an envelope signature for a detached one, or the reverse', () => {
    const envelope = roundTrip(sign());
    expect(verifyDetachedSignature(envelope, pdf, [mission.publicKey])).toMatchObject({
      failure: 'malformed',
    });
    // The same fields under the other format: the prefix differs, so the signature does not carry over.
    const { payloadEncoding: _e, payloadSha256, payload: _p, ...rest } = envelope;
    const relabelled = { ...rest, format: 'truceline-signature/1', sha256: payloadSha256 };
    expect(
      verifyDetachedSignature(relabelled, Buffer.from(canonicalJson(REPORT)), [mission.publicKey]),
    ).toMatchObject({ failure: 'bad_signature' });
  });

  it('refuses a signature from a key it does not know as unknown_key', () => {
    const sig = roundTrip(signDetached(other, 'report.pdf', pdf, T_MS));
    expect(verifyDetachedSignature(sig, pdf, [mission.publicKey])).toMatchObject({
      failure: 'unknown_key',
      keyId: other.keyId,
    });
  });
});
