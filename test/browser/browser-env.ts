/**
 * Where the browser tests find Debian's chromium, what a page did that it
 * should not have (thrown, or reached for anything but our own server), and
 * the server, browser and page most suites start from.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_HEADLESS_FLAGS } from '../../src/incidents/report-pdf.js';
import type { TrucelineConfig } from '../../src/main.js';
import {
  makeDataDir,
  removeDataDir,
  startTruceline,
  TEST_PASSWORD,
  type TestTruceline,
} from '../integration/http-helpers.js';

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
    args: [...CHROMIUM_HEADLESS_FLAGS],
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

/** How a test's page opens. */
export interface PageOptions {
  /** Default 1280 × 900. */
  viewport?: { width: number; height: number };
  acceptDownloads?: boolean;
  /** Playwright's wait per step, so a step that hangs fails inside the test's own timeout. */
  stepTimeoutMs?: number;
  /** A user of seedTestAccounts to log the page in as (logInBrowser) before it goes anywhere. */
  logInAs?: string;
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  watch: PageWatch;
}

/** A page in a context of its own (no cookies, no storage: a new visitor), watched from the start. */
export async function openWatchedPage(
  browser: Browser,
  origin: string,
  options: PageOptions = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    acceptDownloads: options.acceptDownloads,
  });
  if (options.stepTimeoutMs !== undefined) context.setDefaultTimeout(options.stepTimeoutMs);
  const page = await context.newPage();
  const watch = watchPage(page, origin);
  if (options.logInAs !== undefined) await logInBrowser(page, origin, options.logInAs);
  return { context, page, watch };
}

export interface BrowserSessionOptions extends PageOptions {
  /** A full-page picture saved at close as test-results/<screenshot>, pass or fail. */
  screenshot?: string;
  /** Changes to the server's config: by default the demo scenario, no simulator, warnings logged. */
  truceline?: Partial<Omit<TrucelineConfig, 'port' | 'host' | 'dataDir' | 'scenarioDir'>>;
  /**
   * Fills the data directory before the server first opens it, instead of
   * the test accounts of seedTestAccounts (the app's tokens are then empty).
   */
  seed?: (dataDir: string) => Promise<void>;
}

/** A server on a fresh data directory, chromium, and one watched page on it. */
export interface BrowserSession extends WatchedPage {
  app: TestTruceline;
  browser: Browser;
  dataDir: string;
  /** Closes the page's context and opens another the same way: the next visitor. */
  renewPage(): Promise<void>;
  /** Saves the screenshot, then closes the browser and the server and removes the data directory. */
  close(): Promise<void>;
}

/** What a suite's beforeAll starts; its afterAll calls `close()`. */
export async function openBrowserSession(
  options: BrowserSessionOptions = {},
): Promise<BrowserSession> {
  requireBuiltWebApp();
  const dataDir = makeDataDir('truceline-browser-');
  let app: TestTruceline | undefined;
  let browser: Browser | undefined;
  try {
    if (options.seed !== undefined) await options.seed(dataDir);
    app = await startTruceline(
      dataDir,
      { simulate: false, logLevel: 'warn', ...options.truceline },
      { seedAccounts: options.seed === undefined },
    );
    browser = await launchChromium();
    return await startSession(app, browser, dataDir, options);
  } catch (err) {
    // The suite's afterAll has no session to close: undo what was started.
    await browser?.close();
    await app?.close();
    removeDataDir(dataDir);
    throw err;
  }
}

async function startSession(
  app: TestTruceline,
  browser: Browser,
  dataDir: string,
  options: BrowserSessionOptions,
): Promise<BrowserSession> {
  const session: BrowserSession = {
    app,
    browser,
    dataDir,
    ...(await openWatchedPage(browser, app.url, options)),
    async renewPage() {
      await session.context.close();
      Object.assign(session, await openWatchedPage(browser, app.url, options));
    },
    async close() {
      if (options.screenshot !== undefined) await saveScreenshot(session.page, options.screenshot);
      await browser.close();
      await app.close();
      removeDataDir(dataDir);
    },
  };
  return session;
}

/** Never fails the teardown: a picture of a failed run is a help, not a verdict. */
async function saveScreenshot(page: Page, fileName: string): Promise<void> {
  const file = path.join(REPO_DIR, 'test-results', fileName);
  await mkdir(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true }).catch(() => {});
}
