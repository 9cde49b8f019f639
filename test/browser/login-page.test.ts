/**
 * The login page in a real browser: an anonymous visitor of the live map is
 * sent to the public reports, a wrong password is told plainly, the right
 * one goes on to `next` (a path of this site only), and logging out from
 * the map's header ends the session.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { SessionBody } from '../../src/api/wire.js';
import type { Truceline } from '../../src/main.js';
import { TEST_PASSWORD } from '../integration/http-helpers.js';
import {
  type BrowserSession,
  describeInBrowser,
  openBrowserSession,
  type PageWatch,
} from './browser-env.js';

describeInBrowser('login page in the browser', () => {
  let env: BrowserSession | undefined;
  let app: Truceline;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    env = await openBrowserSession({ viewport: { width: 1280, height: 800 } });
    app = env.app;
  });

  // Each test is a new visitor: no cookies, no storage.
  beforeEach(async () => {
    await env!.renewPage();
    ({ context, page, watch } = env!);
  });

  afterAll(() => env?.close());

  const session = async (): Promise<SessionBody> =>
    (await (await context.request.get(`${app.url}/api/session`)).json()) as SessionBody;

  async function logIn(username: string, password: string): Promise<void> {
    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
  }

  it('sends an anonymous visitor of the live map to the public reports', async () => {
    await page.goto(app.url);
    await page.waitForURL(`${app.url}/reports.html`);
    expect(watch.errors).toEqual([]);
  });

  it('says a wrong password plainly, then logs in and goes on to next', async () => {
    await page.goto(`${app.url}/login.html?next=${encodeURIComponent('/?from=login')}`);
    await logIn('analyst', 'not the right password');
    const error = page.getByRole('alert');
    await expect.poll(() => error.textContent()).toMatch(/^Wrong user name or password\./);
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect((await session()).user).toBeNull();

    await logIn('analyst', TEST_PASSWORD);
    await page.waitForURL(`${app.url}/?from=login`);
    const nav = page.getByRole('navigation', { name: 'Truceline pages' });
    await expect.poll(() => nav.textContent()).toContain('analyst');
    expect(await nav.getByRole('link', { name: 'Incidents' }).count()).toBe(1);
    expect((await session()).user?.username).toBe('analyst');
    expect(watch.errors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
  });

  it('ignores a next that leaves the site and goes to the role’s own page', async () => {
    await page.goto(`${app.url}/login.html?next=${encodeURIComponent('//evil.example/x')}`);
    await logIn('monitor', TEST_PASSWORD);
    await page.waitForURL(`${app.url}/field-report.html`);
    expect(watch.foreignRequests).toEqual([]);
  });

  it('logs out from the live map’s header and lands on the public reports', async () => {
    await page.goto(`${app.url}/login.html`);
    await logIn('admin', TEST_PASSWORD);
    await page.waitForURL(`${app.url}/`);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${app.url}/reports.html`);
    expect((await session()).user).toBeNull();
    // The old page's way back in is the login page again.
    await page.goto(app.url);
    await page.waitForURL(`${app.url}/reports.html`);
  });

  it('sends the live map back to the login page when its session ends elsewhere', async () => {
    await page.goto(`${app.url}/login.html`);
    await logIn('analyst', TEST_PASSWORD);
    await page.waitForURL(`${app.url}/`);
    await page.locator('#connection-state[data-state="live"]').waitFor();
    // Logged out from another tab: the server closes the socket at its next check.
    const csrfToken = (await session()).csrfToken!;
    await context.request.post(`${app.url}/api/logout`, {
      headers: { 'x-csrf-token': csrfToken },
    });
    await page.waitForURL(`${app.url}/login.html?next=%2F`, { timeout: 20_000 });
  });

  it('offers a logged-in visitor of the login page to go on or log out', async () => {
    await page.goto(`${app.url}/login.html`);
    await logIn('observer', TEST_PASSWORD);
    await page.waitForURL(`${app.url}/reports.html`);
    await page.goto(`${app.url}/login.html`);
    await expect
      .poll(() => page.locator('#login-signed-in-text').textContent())
      .toContain('logged in as observer (observer)');
    expect(await page.locator('#login-form').isHidden()).toBe(true);
  });
});
