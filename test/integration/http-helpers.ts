/**
 * What the integration tests share: JSON over HTTP against a running
 * Truceline, polling the API until the picture shows what a test waits for,
 * and a Truceline on a free local port with its data in a fresh temporary
 * directory. Not a test file itself (no `.test.ts`), so vitest only imports it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTruceline,
  DEFAULT_SCENARIO_DIR,
  type Truceline,
  type TrucelineConfig,
} from '../../src/main.js';

export async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

/** POSTs `body` as JSON; a string is sent as it is, so tests can send broken JSON. */
export async function postJson<T>(
  url: string,
  body: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

export interface WaitOptions {
  /** Default 15 s. */
  timeoutMs?: number;
  /** Default 100 ms. */
  pollMs?: number;
}

/** Calls `fn` until it returns something other than undefined, or throws naming `what`. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  { timeoutMs = 15_000, pollMs = 100 }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A fresh data directory under the OS temp dir, named `<prefix>XXXXXX`. */
export function makeDataDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}

/** Truceline on 127.0.0.1 at a free port with the demo scenario and silent logs. */
export function startTruceline(
  dataDir: string,
  config: Omit<TrucelineConfig, 'port' | 'host' | 'dataDir' | 'scenarioDir'>,
): Promise<Truceline> {
  return createTruceline({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    scenarioDir: DEFAULT_SCENARIO_DIR,
    logLevel: 'silent',
    ...config,
  });
}
