/**
 * The Verify panel in a real browser against the real server: files signed
 * with the server's own mission key (an envelope, a CSV with its detached
 * signature) are valid; one changed byte, another key, an edited signing
 * time or an extra field are not, each for its reason. On every file the
 * page agrees with the server's verifier (report-signing.ts), whose checks
 * it mirrors in web/src/verify-signature.ts.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MissionKeyBody } from '../../src/api/wire.js';
import type { JsonValue } from '../../src/incidents/canonical-json.js';
import { type MissionKey, parseMissionPrivateKeyPem } from '../../src/incidents/mission-key.js';
import {
  type SignatureCheck,
  signDetached,
  signDocument,
  verifyDetachedSignature,
  verifySignedDocument,
} from '../../src/incidents/report-signing.js';
import { loadOrCreateMissionKey } from '../../src/incidents/signing-key-file.js';
import type { Truceline } from '../../src/main.js';
import { formatUtcDateTime } from '../../web/src/format.js';
import {
  type BrowserSession,
  describeInBrowser,
  openBrowserSession,
  type PageWatch,
  REPO_DIR,
} from './browser-env.js';

const SCREENSHOT = path.join(REPO_DIR, 'test-results/verify-report.png');
const SIGNED_AT_MS = Date.parse('2026-01-02T06:00:00.000Z');
const SIGNED_AT_SHOWN = '2026-01-02 06:00:00 UTC';

/** A report with what canonical JSON must get right: key order, non-ASCII, tiny and huge numbers. */
const REPORT: JsonValue = {
  day: '2026-01-01',
  incidents: 2,
  zones: [
    { id: 'buffer-north', incidents: 1, note: 'Überflug — ✈ drone at 0.00001° offset' },
    { id: 'corridor-west', incidents: 1, shareOfDay: 0.5 },
  ],
  tinyDeg: 1e-7,
  hugeCount: 1e21,
  é: true,
  z: null,
  a: [],
};
const CSV = 'zone,incidents\nbuffer-north,1\ncorridor-west,1\n';

/** One byte of `text` changed (the first `from` to `to`); fails if that is not one byte. */
function changeOneByte(text: string, from: string, to: string): string {
  const changed = text.replace(from, to);
  const a = Buffer.from(text);
  const b = Buffer.from(changed);
  const diff = a.reduce((n, byte, i) => n + (byte === b[i] ? 0 : 1), 0);
  if (a.length !== b.length || diff !== 1) throw new Error(`not a one-byte change: ${from}`);
  return changed;
}

/** A key nobody publishes, made with node:crypto. */
function makeOtherKey(): MissionKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return parseMissionPrivateKeyPem(
    privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    SIGNED_AT_MS,
  );
}

interface ShownVerdict {
  verdict: string;
  failure: string;
  file: string;
  text: string;
}

describeInBrowser('verify panel in the browser', () => {
  let env: BrowserSession | undefined;
  let app: Truceline;
  let page: Page;
  let watch: PageWatch;
  let filesDir: string | undefined;
  let key: MissionKey;
  let otherKey: MissionKey;
  /** File paths by role, and what the server's verifier says of each. */
  const files: Record<string, string> = {};
  const serverSays: Record<string, SignatureCheck> = {};

  beforeAll(async () => {
    env = await openBrowserSession({
      viewport: { width: 1440, height: 900 },
      // The panel sits on the live map, which needs live:read.
      logInAs: 'analyst',
    });
    ({ app, page, watch } = env);
    filesDir = await mkdtemp(path.join(tmpdir(), 'truceline-verify-files-'));
    // The key the server made at its first start, from its files.
    key = await loadOrCreateMissionKey(env.dataDir);
    otherKey = makeOtherKey();
    const keys = [key.publicKey];

    const envelope = signDocument(key, 'report/v1', REPORT, SIGNED_AT_MS);
    const envelopeText = JSON.stringify(envelope, null, 2);
    const csvSig = JSON.stringify(signDetached(key, 'report.csv', Buffer.from(CSV), SIGNED_AT_MS));
    const write = async (role: string, name: string, text: string) => {
      const dir = path.join(filesDir!, role);
      await mkdir(dir, { recursive: true });
      files[role] = path.join(dir, name);
      await writeFile(files[role], text);
    };
    const envelopeCase = async (role: string, name: string, text: string) => {
      await write(role, name, text);
      serverSays[role] = verifySignedDocument(JSON.parse(text), keys);
    };
    const detachedCase = async (role: string, name: string, text: string, sig = csvSig) => {
      await write(role, name, text);
      await write(`${role}.sig`, `${name}.sig.json`, sig);
      serverSays[role] = verifyDetachedSignature(JSON.parse(sig), Buffer.from(text), keys);
    };
    await envelopeCase('envelope', 'report-2026-01-01.signed.json', envelopeText);
    await envelopeCase(
      'envelope-changed',
      'report-2026-01-01.signed.json',
      changeOneByte(envelopeText, '"incidents": 2', '"incidents": 3'),
    );
    await envelopeCase(
      'other-key',
      'report-2026-01-01.signed.json',
      JSON.stringify(signDocument(otherKey, 'report/v1', REPORT, SIGNED_AT_MS)),
    );
    await envelopeCase(
      'time-edited',
      'report-2026-01-01.signed.json',
      envelopeText.replace('2026-01-02T06:00:00.000Z', '2026-01-01T06:00:00.000Z'),
    );
    await envelopeCase(
      'extra-field',
      'report-2026-01-01.signed.json',
      JSON.stringify({ ...envelope, comment: 'added later' }),
    );
    await detachedCase('csv', 'report-2026-01-01.csv', CSV);
    await detachedCase(
      'csv-changed',
      'report-2026-01-01.csv',
      changeOneByte(CSV, 'north,1', 'north,7'),
    );
    await detachedCase(
      'csv-other-key',
      'report-2026-01-01.csv',
      CSV,
      JSON.stringify(signDetached(otherKey, 'report.csv', Buffer.from(CSV), SIGNED_AT_MS)),
    );
    // A second download renamed by the browser: its signature still pairs with it.
    await write('renamed', 'report-2026-01-01 (1).csv', CSV);
    await write(
      'lonely-sig',
      'report-2026-01-02.pdf.sig.json',
      JSON.stringify(signDetached(key, 'report.pdf', Buffer.from('%PDF-1.7'), SIGNED_AT_MS)),
    );
    await write('unsigned', 'notes.txt', 'nothing signed here\n');

    await page.goto(app.url);
  });

  afterAll(async () => {
    await env?.close();
    if (filesDir) await rm(filesDir, { recursive: true, force: true });
  });

  async function openPanel(): Promise<void> {
    if (await page.locator('#verify-panel').isHidden()) await page.locator('#verify-open').click();
    await page.locator('#verify-key-id').waitFor();
  }

  /** Chooses these files in the panel and reads the verdicts once all `count` are shown. */
  async function choose(roles: string[], count: number): Promise<ShownVerdict[]> {
    await openPanel();
    await page.locator('#verify-files').setInputFiles(roles.map((r) => files[r]!));
    await expect
      .poll(() => page.locator('#verify-results > .verify-item').count(), { timeout: 10_000 })
      .toBe(count);
    return page.locator('#verify-results > .verify-item').evaluateAll((items) =>
      items.map((li) => ({
        verdict: (li as HTMLElement).dataset.verdict ?? '',
        failure: (li as HTMLElement).dataset.failure ?? '',
        file: (li as HTMLElement).dataset.file ?? '',
        text: li.querySelector('.verify-verdict')?.textContent ?? '',
      })),
    );
  }

  it('opens from the header by keyboard, shows the served key, and closes with Escape back to the button', async () => {
    const toggle = page.locator('#verify-open');
    expect(await toggle.getAttribute('aria-controls')).toBe('verify-panel');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await page.locator('#verify-panel').waitFor({ state: 'visible' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('verify-title');

    const served = (await (
      await fetch(`${app.url}/.well-known/truceline/mission-key`)
    ).json()) as MissionKeyBody;
    await page.locator('#verify-key-id').waitFor();
    expect(await page.locator('#verify-key-id').textContent()).toBe(key.keyId);
    expect(await page.locator('#verify-key-created').textContent()).toBe(
      formatUtcDateTime(Date.parse(served.createdAt)),
    );
    expect(await page.locator('.verify-proves').textContent()).toContain(
      'That this file was signed with the key this server publishes, and has not changed since',
    );

    await page.keyboard.press('Escape');
    await page.locator('#verify-panel').waitFor({ state: 'hidden' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('verify-open');
  });

  it('shares its place with the What-if and Agreement panels: opening one closes the others', async () => {
    await page.locator('#verify-open').click();
    await page.locator('#what-if-open').click();
    await page.locator('#what-if-panel').waitFor({ state: 'visible' });
    expect(await page.locator('#verify-panel').isHidden()).toBe(true);
    expect(await page.locator('#verify-open').getAttribute('aria-expanded')).toBe('false');
    await page.locator('#verify-open').click();
    expect(await page.locator('#what-if-panel').isHidden()).toBe(true);
    await page.locator('#agreement-open').click();
    await page.locator('#agreement-panel').waitFor({ state: 'visible' });
    expect(await page.locator('#verify-panel').isHidden()).toBe(true);
    await page.locator('#verify-open').click();
    expect(await page.locator('#agreement-panel').isHidden()).toBe(true);
    expect(await page.locator('#verify-panel').isVisible()).toBe(true);
  });

  it('says Valid for an envelope signed with the server’s key, with its type and a preview of the payload', async () => {
    const [v] = await choose(['envelope'], 1);
    expect(v).toMatchObject({ verdict: 'valid', failure: '' });
    expect(v!.text).toBe(
      `Valid: signed by the mission key ${key.keyId} at ${SIGNED_AT_SHOWN} (report/v1)`,
    );
    const item = page.locator('#verify-results > .verify-item');
    expect(await item.locator('.verify-facts').textContent()).toContain('report/v1');
    const preview = await item.locator('.verify-preview pre').textContent();
    expect(preview).toContain('"day": "2026-01-01"');
    expect(await item.locator('.verify-preview summary').textContent()).toContain('(JSON)');
  });

  it('says Valid for a file chosen together with its detached signature, and for a renamed copy', async () => {
    const [v] = await choose(['csv', 'csv.sig'], 1);
    expect(v).toMatchObject({ verdict: 'valid', file: 'report-2026-01-01.csv' });
    expect(v!.text).toBe(
      `Valid: signed by the mission key ${key.keyId} at ${SIGNED_AT_SHOWN} (report.csv)`,
    );
    expect(await page.locator('#verify-results .verify-preview pre').textContent()).toContain(
      'buffer-north,1',
    );

    const [renamed] = await choose(['renamed', 'csv.sig'], 1);
    expect(renamed).toMatchObject({ verdict: 'valid', file: 'report-2026-01-01 (1).csv' });
    expect(await page.locator('#verify-results .verify-item').textContent()).toContain(
      'although the names differ',
    );
  });

  it('says NOT valid, naming the payload change, when one byte of the payload is changed', async () => {
    const [envelope] = await choose(['envelope-changed'], 1);
    expect(envelope).toMatchObject({ verdict: 'invalid', failure: 'payload_changed' });
    expect(envelope!.text).toMatch(
      /^NOT valid: payload changed after signing: its SHA-256 is [0-9a-f]{64}, the signature covers [0-9a-f]{64}$/,
    );
    expect(await page.locator('#verify-results .verify-preview summary').textContent()).toContain(
      'not verified',
    );

    const [csv] = await choose(['csv-changed', 'csv-changed.sig'], 1);
    expect(csv).toMatchObject({ verdict: 'invalid', failure: 'payload_changed' });
    expect(csv!.text).toMatch(/^NOT valid: file changed after signing/);
  });

  it('says NOT valid, naming the unknown key, for files signed by another key', async () => {
    const verdicts = await choose(['other-key', 'csv-other-key', 'csv-other-key.sig'], 2);
    for (const v of verdicts) {
      expect(v).toMatchObject({ verdict: 'invalid', failure: 'unknown_key' });
      expect(v.text).toBe(
        `NOT valid: signed by key ${otherKey.keyId}, which is not known here (the key this server publishes is ${key.keyId})`,
      );
    }
  });

  it('agrees with the server’s verifier on every file', async () => {
    const cases = Object.keys(serverSays);
    expect(cases.length).toBe(8);
    for (const role of cases) {
      const chosen = files[`${role}.sig`] ? [role, `${role}.sig`] : [role];
      const [v] = await choose(chosen, 1);
      const server = serverSays[role]!;
      expect({ role, verdict: v!.verdict, failure: v!.failure }).toEqual({
        role,
        verdict: server.ok ? 'valid' : 'invalid',
        failure: server.ok ? '' : server.failure,
      });
      // The same words as `truceline report verify`, but for the list of keys it names.
      if (!server.ok && server.failure !== 'unknown_key') {
        expect(v!.text).toBe(`NOT valid: ${server.reason}`);
      }
    }
    expect(serverSays['time-edited']).toMatchObject({ ok: false, failure: 'bad_signature' });
    expect(serverSays['extra-field']).toMatchObject({ ok: false, failure: 'malformed' });
  });

  it('checks several files at once, pairing signatures by name, and says what is missing', async () => {
    const verdicts = await choose(['envelope', 'lonely-sig', 'csv', 'csv.sig'], 3);
    expect(verdicts.map((v) => [v.file, v.verdict, v.failure])).toEqual([
      ['report-2026-01-01.signed.json', 'valid', ''],
      ['report-2026-01-02.pdf.sig.json', 'invalid', 'malformed'],
      ['report-2026-01-01.csv', 'valid', ''],
    ]);
    expect(verdicts[1]!.text).toBe(
      'NOT valid: no file to check: report-2026-01-02.pdf.sig.json is a detached signature; choose report-2026-01-02.pdf together with it',
    );
    expect(await page.locator('.verify-progress').textContent()).toBe('2 of 3 valid.');

    const [unsigned] = await choose(['unsigned'], 1);
    expect(unsigned!.text).toBe(
      'NOT valid: no signature: notes.txt is not a signed envelope, and its signature notes.txt.sig.json was not chosen with it',
    );

    // The picture to check by eye: a valid verdict and two reasons, the key and the caveats.
    await choose(['envelope', 'csv-changed', 'csv-changed.sig', 'other-key'], 3);
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  it('raises no page errors, asks nothing of the internet and nothing it is refused', () => {
    expect(watch.errors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.failedRequests).toEqual([]);
    expect(watch.badResponses).toEqual([]);
  });
});
