/**
 * Where the browser tests find Debian's chromium, and what a page did that it
 * should not have: thrown, or reached for anything but our own server.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../integration/http-helpers.js';

export const REPO_DIR = path.resolve(import.meta.dirname, '../..');
export const WEB_INDEX = path.join(REPO_DIR, 'dist/web/index.html');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const BROWSER_MISSING = 'Debian chromium not installed: apt-get install chromium';

export type BrowserAvailability = 'available' | 'skip' | 'required-but-missing';

/** CI sets TRUCELINE_REQUIRE_BROWSER=1 so a missing browser fails instead of skipping. */
export function checkBrowserAvailability(): BrowserAvailability {
  if (existsSync(CHROMIUM_PATH)) return 'available';
  return process.env.TRUCELINE_REQUIRE_BROWSER === '1' ? 'required-but-missing' : 'skip';
}

/**
 * A suite that needs chromium: skipped with a message where it is absent,
 * failed where CI demands it (TRUCELINE_REQUIRE_BROWSER=1).
 */
export function describeInBrowser(title: string, body: () => void): void {
  const availability = checkBrowserAvailability();
  if (availability === 'skip') console.warn(`browser tests skipped: ${BROWSER_MISSING}`);
  if (availability === 'required-but-missing') {
    it('finds chromium, as TRUCELINE_REQUIRE_BROWSER=1 demands', () => {
      expect.fail(`${BROWSER_MISSING} (looked for ${CHROMIUM_PATH})`);
    });
  }
  describe.skipIf(availability !== 'available')(title, body);
}

/** The browser tests serve the built web app: say how to build it rather than fail obscurely. */
export function requireBuiltWebApp(): void {
  if (!existsSync(WEB_INDEX)) {
    throw new Error(`${WEB_INDEX} is missing: run \`npm run build\` before the browser tests`);
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface PageWatch {
  errors: string[];
  /** Requests (HTTP or WebSocket) to anywhere but `origin`, data: or blob:. */
  foreignRequests: string[];
  failedRequests: string[];
  /** Answers with status 400 or above. */
  badResponses: string[];
}

export function watchPage(page: Page, origin: string): PageWatch {
  const watch: PageWatch = {
    errors: [],
    foreignRequests: [],
    failedRequests: [],
    badResponses: [],
  };
  const wsOrigin = origin.replace(/^http/, 'ws');
  const isOwn = (url: string) =>
    url === origin ||
    url.startsWith(`${origin}/`) ||
    url.startsWith(`${wsOrigin}/`) ||
    url.startsWith('data:') ||
    url.startsWith('blob:');
  page.on('pageerror', (err) => watch.errors.push(err.stack ?? err.message));
  page.on('request', (req) => {
    if (!isOwn(req.url())) watch.foreignRequests.push(req.url());
  });
  page.on('websocket', (ws) => {
    if (!isOwn(ws.url())) watch.foreignRequests.push(ws.url());
  });
  page.on('response', (res) => {
    if (res.status() >= 400) watch.badResponses.push(`${res.status()} ${res.url()}`);
  });
  page.on('requestfailed', (req) => {
    watch.failedRequests.push(`${req.url()}: ${req.failure()?.errorText ?? 'failed'}`);
  });
  return watch;
}

/**
 * Logs the page's browser context in through the API, so the session cookie
 * goes with every request the page makes. Users come from seedTestAccounts
 * (test/integration/http-helpers.ts), made before the server starts.
 */
export async function logInBrowser(
  page: Page,
  baseUrl: string,
  username: string,
  password = TEST_PASSWORD,
): Promise<void> {
  const res = await page.request.post(`${baseUrl}/api/login`, { data: { username, password } });
  if (res.status() !== 200) {
    throw new Error(`login as ${username}: ${res.status()} ${await res.text()}`);
  }
}
