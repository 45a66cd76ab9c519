import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { eventually, startSealbook } from './harness.js';
import type { SealbookUnderTest } from './harness.js';

/** The backend runs real scrypt and SQLCipher: give it time on a 2-core machine. */
const OWNER = 'olivia';
const PASSWORD = 'Saffron-Tundra-Pelican-4471';
const EXTRA_ROWS = 100_000;

/** The DOM bits these tests touch (the node tsconfig has no DOM lib). */
interface Scrollable {
  scrollTop: number;
  readonly scrollHeight: number;
}
interface RowElement {
  querySelector(selector: string): { readonly textContent: string | null } | null;
}

async function unlock(page: Page, password: string): Promise<void> {
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByTestId('unlock-submit').click();
}

describe('sessions, re-authentication and a 100,000-row audit log', () => {
  let sut: SealbookUnderTest;
  let page: Page;

  beforeAll(async () => {
    sut = await startSealbook({ colorScheme: 'dark' });
    page = sut.page;
    // Set up through the dispatcher: the wizard has its own test.
    const created = await sut.dispatcher.call('vault.create', {
      dir: join(sut.workDir, 'vault'),
      company: 'Bakery Dupont',
      owner: OWNER,
      password: PASSWORD,
    });
    expect(created.ok).toBe(true);
    await page.reload();
    await page.getByTestId('dashboard-view').waitFor();
  });
  afterAll(async () => {
    await sut.close();
  });

  it('offers a skip link first and moves focus with the navigation', async () => {
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.innerText()).toBe('Skip to content');
    expect(await focused.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.locator(':focus').getAttribute('id')).toBe('main-content');
    // Sidebar entries are buttons: reachable and operable from the keyboard.
    await page.getByTestId('nav-security').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('security-view').waitFor();
    expect(await page.locator(':focus').getAttribute('id')).toBe('main-content');
  });

  it('scrolls a 100,000-row audit log while keeping only a screenful in the DOM', async () => {
    const session = sut.app.session;
    if (!session) throw new Error('no session');
    session.transaction(() => {
      for (let i = 0; i < EXTRA_ROWS; i++) session.audit({ action: 'test.bulk', subject: `row ${i}` });
    });
    const total = session.auditHead();
    expect(total).toBeGreaterThan(EXTRA_ROWS);

    await page.getByTestId('nav-audit').click();
    await eventually(() => page.getByTestId('audit-table').innerText()).toContain(`${total.toLocaleString('en-US')} entries`);
    const scroller = page.getByTestId('audit-scroller');
    expect(await page.getByTestId('audit-row').count()).toBeLessThan(60);
    await sut.screenshot('audit-100k-dark');

    // Jump to the far end: the oldest row (seq 1) appears once its page arrives.
    const started = Date.now();
    await scroller.evaluate((el: Scrollable) => {
      el.scrollTop = el.scrollHeight;
    });
    await eventually(() => page.getByTestId('audit-row').last().innerText()).toMatch(/^1\s/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await page.getByTestId('audit-row').count()).toBeLessThan(60);

    // And the middle: the rows shown are the rows at that position.
    await scroller.evaluate((el: Scrollable) => {
      el.scrollTop = 50_000 * 36;
    });
    await eventually(() => page.getByTestId('audit-row').nth(10).innerText()).toMatch(/test\.bulk/);
    // Rows whose page is still on its way show a placeholder (no number yet): read the rows in one go once none does.
    const shown = (): Promise<number[]> => page.getByTestId('audit-row').evaluateAll((rows: RowElement[]) => rows.map((r) => Number(r.querySelector('.c-seq')?.textContent)));
    let seqs: number[] = [];
    await eventually(async () => {
      seqs = await shown();
      return seqs.every(Number.isFinite);
    }).toBe(true);
    // Newest first, consecutive, around the middle of the log.
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe((seqs[i - 1] ?? 0) - 1);
    expect(Math.abs((seqs[0] ?? 0) - (total - 50_000))).toBeLessThan(20);
  });

  it('asks for the password again for a sensitive action after 5 minutes, then retries it', async () => {
    // Move the backend's clock 6 minutes ahead: the last password proof is now stale.
    const realNow = sut.app.now;
    Object.assign(sut.app, { now: () => new Date(realNow().getTime() + 6 * 60_000) });
    onTestFinished(() => {
      Object.assign(sut.app, { now: realNow });
    });
    await page.getByTestId('nav-users').click();
    await page.getByLabel('Name', { exact: true }).fill('carol');
    await page.getByLabel('Role', { exact: true }).selectOption('auditor');
    await page.getByLabel('One-time password').fill('Marble-Falcon-Orchard-93');
    await page.getByTestId('add-user-submit').click();

    const dialog = page.getByTestId('reauth-dialog');
    await dialog.getByLabel('Password').waitFor();
    await sut.screenshot('reauth-dark');
    await dialog.getByLabel('Password').fill('not-my-password-at-all');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await eventually(() => page.locator('#reauth-error').isVisible()).toBe(true);
    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    // The add went through on the retry, without a second click.
    await page.getByTestId('user-row-carol').waitFor();
    expect(await dialog.isVisible()).toBe(false);
  });

  it('shows a running job in the tray and cancels it from there', async () => {
    const { result } = sut.app.jobs.start('jobs.auditVerify', 40, async (job) => {
      job.progress(12, 'scan-0012.pdf');
      job.itemFailed('scan-0007.pdf', 'Password-protected PDF.');
      await new Promise<void>((resolve) => {
        job.signal.addEventListener('abort', () => {
          resolve();
        });
      });
    });
    const tray = page.getByTestId('jobs-tray');
    await eventually(() => tray.innerText()).toContain('Verifying the audit log');
    expect(await tray.innerText()).toContain('12 of 40');
    expect(await tray.innerText()).toContain('scan-0012.pdf');
    expect(await tray.innerText()).toContain('1 failed');
    expect(await tray.getByRole('progressbar', { name: 'Progress of Verifying the audit log' }).getAttribute('value')).toBe('12');
    await sut.screenshot('jobs-tray-dark');
    await tray.getByRole('button', { name: 'Cancel Verifying the audit log' }).click();
    await result;
    await eventually(() => tray.innerText()).toContain('Cancelled');
  });

  it('goes to the unlock screen with the reason when main locks the session', async () => {
    sut.app.lockSession('idle');
    await page.getByTestId('unlock').waitFor();
    expect(await page.getByTestId('unlock-notice').innerText()).toContain('without activity');
  });

  it('says when to try again after too many failed unlocks', async () => {
    for (let attempt = 0; attempt < 6; attempt++) {
      await unlock(page, `Wrong-Guess-${attempt}-xyz`);
      await eventually(() => page.getByTestId('unlock-submit').isEnabled()).toBe(true);
    }
    const error = page.getByTestId('unlock-error');
    await eventually(() => error.innerText()).toMatch(/Try again after/);
    expect(await error.innerText()).toMatch(/You can try again at/);
    await sut.screenshot('unlock-locked-out-dark');
  });

  it('logged no console error and no CSP violation', () => {
    expect(sut.consoleErrors).toEqual([]);
  });
});
