/**
 * The admin page (web/admin.html) in a real browser: an admin adds a monitor,
 * sees the generated password once, and the monitor logs in with it; the
 * admin disables the monitor from the keyboard, which ends the monitor's
 * session; creates an ingest token, which works until revoked; and verifies
 * the audit chain, whose newest entries name the admin.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SessionBody } from '../../src/api/wire.js';
import type { AuditPageBody } from '../../src/api/wire-accounts.js';
import { type BrowserSession, describeInBrowser, openBrowserSession } from './browser-env.js';

describeInBrowser('admin page in the browser', () => {
  let env: BrowserSession;
  let page: Page;
  /** The monitor's own browser, logged in with the password the admin was shown. */
  let monitorPage: Page | undefined;

  beforeAll(async () => {
    env = await openBrowserSession({
      logInAs: 'admin',
      stepTimeoutMs: 15_000,
      screenshot: 'admin-page.png',
    });
    page = env.page;
    await page.goto(`${env.app.url}/admin.html`);
    await page.locator('#users-table [data-username="observer"]').waitFor();
  }, 60_000);

  afterAll(() => env?.close());

  const userRow = (name: string) => page.locator(`#users-table [data-username="${name}"]`);

  it('is in the admin’s navigation and lists the users', async () => {
    const nav = page.getByRole('navigation', { name: 'Truceline pages' });
    await expect
      .poll(() => nav.getByRole('link', { name: 'Users and tokens' }).getAttribute('aria-current'))
      .toBe('page');
    expect(await page.locator('#users-table [data-testid="user-row"]').count()).toBe(4);
    // The admin's own account cannot be disabled from here.
    expect(await userRow('admin').getByTestId('user-disable').isDisabled()).toBe(true);
  });

  it('adds a monitor, shows the generated password once, and the monitor logs in with it', async () => {
    await page.getByLabel('User name').fill('mon-east');
    await page.getByLabel('Role').selectOption('monitor');
    // No password typed: one is generated.
    await page.getByLabel('User name').press('Enter');
    const box = page.locator('#user-once');
    await box.waitFor({ state: 'visible' });
    expect(await box.textContent()).toContain('Shown once');
    const password = await page.locator('#user-once-value').inputValue();
    expect(password).toMatch(/^\S{20}$/);
    await expect.poll(() => userRow('mon-east').getAttribute('data-state')).toBe('enabled');
    expect(await userRow('mon-east').textContent()).toContain('monitor');

    await page.locator('#user-once-done').click();
    await box.waitFor({ state: 'hidden' });
    expect(await page.locator('#user-once-value').inputValue()).toBe('');
    await page.reload();
    await userRow('mon-east').waitFor();
    expect(await page.content()).not.toContain(password);

    const monitorContext = await env.browser.newContext();
    monitorPage = await monitorContext.newPage();
    await monitorPage.goto(`${env.app.url}/login.html`);
    await monitorPage.getByLabel('User name').fill('mon-east');
    await monitorPage.getByLabel('Password').fill(password);
    await monitorPage.getByRole('button', { name: 'Log in' }).click();
    await monitorPage.waitForURL(`${env.app.url}/field-report.html`);
    expect((await monitorSession()).user).toMatchObject({ username: 'mon-east', role: 'monitor' });
  });

  it('disables the monitor from the keyboard after a confirm, which ends their session', async () => {
    const disable = userRow('mon-east').getByTestId('user-disable');
    await disable.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('#confirm-dialog');
    await dialog.waitFor();
    // Escape cancels; the safe answer has the focus.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirm-cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await userRow('mon-east').getAttribute('data-state')).toBe('enabled');

    await disable.focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => userRow('mon-east').getAttribute('data-state')).toBe('disabled');
    expect((await monitorSession()).user).toBeNull();
  });

  it('creates an ingest token, shows its secret once, and revokes it: the sensor is refused', async () => {
    await page.getByLabel('Token name').fill('ais-east');
    await page.getByLabel(/^ingest/).check();
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.locator('#token-once').waitFor({ state: 'visible' });
    const secret = await page.locator('#token-once-value').inputValue();
    expect(secret).toMatch(/^tl_[A-Za-z0-9_-]{43}$/);
    const row = page.locator('#tokens-table [data-token-name="ais-east"]');
    await expect.poll(() => row.getAttribute('data-state')).toBe('active');
    expect(await row.textContent()).toContain('ingest');
    expect(await sendObservations(secret)).toBe(200);

    await row.getByTestId('token-revoke').click();
    await page.locator('#confirm-ok').click();
    await expect.poll(() => row.getAttribute('data-state')).toBe('revoked');
    expect(await row.getByTestId('token-revoke').count()).toBe(0);
    // The secret of a revoked token is of no use to anyone: it leaves the page.
    await page.locator('#token-once').waitFor({ state: 'hidden' });
    expect(await sendObservations(secret)).toBe(401);
  });

  it('shows the newest audit entries under the admin’s name and verifies the chain', async () => {
    const newest = page.locator('#audit-table [data-testid="audit-row"]').first();
    await expect.poll(() => newest.textContent()).toContain('token.revoked');
    expect(await newest.textContent()).toContain('admin');

    await page.getByRole('button', { name: 'Verify chain' }).click();
    const verdict = page.getByTestId('audit-verify-result');
    await expect.poll(() => verdict.getAttribute('data-state')).toBe('ok');
    const res = await env.context.request.get(`${env.app.url}/api/audit?limit=1`);
    const { head } = (await res.json()) as AuditPageBody;
    expect(await verdict.textContent()).toBe(
      `The chain holds: ${head.seq} entries, head ${head.hash}`,
    );
    expect(env.watch.errors).toEqual([]);
    expect(env.watch.foreignRequests).toEqual([]);
    expect(env.watch.badResponses).toEqual([]);
  });

  async function monitorSession(): Promise<SessionBody> {
    const res = await monitorPage!.request.get(`${env.app.url}/api/session`);
    return (await res.json()) as SessionBody;
  }

  /** What a receiver with this token hears when it posts (an empty batch). */
  async function sendObservations(secret: string): Promise<number> {
    const res = await fetch(`${env.app.url}/api/observations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'ais-east', observations: [] }),
    });
    return res.status;
  }
});
