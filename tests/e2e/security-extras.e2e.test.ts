import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startSealbook } from './harness.js';
import type { SealbookUnderTest } from './harness.js';

/** The backend runs real scrypt and SQLCipher: give it time on a 2-core machine. */
const OWNER = 'nadia';
const PASSWORD = 'Cobalt-Willow-Fjord-7310';
const RECOVERED_PASSWORD = 'Amber-Falcon-Quarry-4482';

describe('security extras: audit filters from the log, replacing the recovery key', () => {
  let sut: SealbookUnderTest;
  let page: Page;
  let dir = '';
  let oldKey = '';
  let newKey = '';

  beforeAll(async () => {
    sut = await startSealbook();
    page = sut.page;
    dir = join(sut.workDir, 'vault');
    // Set up through the dispatcher: the wizard has its own test.
    const created = await sut.dispatcher.call('vault.create', { dir, company: 'Atelier Nadia', owner: OWNER, password: PASSWORD });
    if (!created.ok) throw new Error(created.error.message);
    oldKey = created.value.recoveryKey;
    await page.reload();
    await page.getByTestId('dashboard-view').waitFor();
  });
  afterAll(async () => {
    await sut.close();
  });

  it('asks before replacing the recovery key, and Cancel changes nothing', async () => {
    await page.getByTestId('nav-security').click();
    await page.getByTestId('recovery-key-card').waitFor();
    await page.getByTestId('recovery-key-replace').click();
    const dialog = page.getByTestId('recovery-key-dialog');
    await eventually(() => dialog.isVisible()).toBe(true);
    const body = await dialog.innerText();
    expect(body).toContain('stop working');
    expect(body).toContain('vault key is rotated');
    await sut.shots('security-recovery-key-confirm');
    await page.getByTestId('recovery-key-dialog-cancel').click();
    await eventually(() => dialog.isVisible()).toBe(false);
    expect(await page.getByTestId('new-recovery-key').count()).toBe(0);
  });

  it('shows the new key once with a real Recovery Kit PDF and requires confirming it was saved', async () => {
    await page.getByTestId('recovery-key-replace').click();
    await page.getByTestId('recovery-key-dialog-confirm').click();
    const shown = page.getByTestId('new-recovery-key-value');
    await shown.waitFor({ timeout: 60_000 });
    newKey = (await shown.innerText()).trim();
    expect(newKey).not.toBe('');
    expect(newKey).not.toBe(oldKey);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('new-kit-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^Sealbook Recovery Kit .*\.pdf$/);
    const pdf = readFileSync(await download.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The kit prints the key that is on screen, not the old one.
    const text = execFileSync('pdftotext', [await download.path(), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(newKey.split(/[\s-]+/)[0]);
    expect(text).not.toContain(oldKey.split(/[\s-]+/).slice(0, 2).join(' '));

    await sut.shots('security-recovery-key-new');
    const done = page.getByTestId('new-kit-done');
    expect(await done.isDisabled()).toBe(true);
    await page.getByTestId('new-kit-saved').check();
    await done.click();
    await eventually(() => page.getByTestId('new-recovery-key').count()).toBe(0);
    expect(await page.getByTestId('recovery-key-card').innerText()).not.toContain(newKey);
    await eventually(() => page.getByTestId('toasts').innerText()).toContain('recovery key was replaced');
  });

  it('filters the audit log by an action chosen from the list', async () => {
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-view').waitFor();
    const actions = page.getByLabel('Action');
    // Opening the view loads the actions the log holds, including the replacement just made.
    await eventually(() => actions.locator('option').allInnerTexts()).toContain('vault.recoveryKeyReplaced');
    const options = await actions.locator('option').allInnerTexts();
    expect(options[0]).toBe('All');
    expect(options).not.toContain('audit.verified');

    // Verifying is audited too: its action joins the list without reopening the view.
    await page.getByTestId('audit-verify').click();
    await eventually(() => page.getByTestId('audit-verdict').innerText()).toMatch(/intact/);
    await eventually(() => actions.locator('option').allInnerTexts()).toContain('audit.verified');
    // Unfiltered, the log has more than the one row the filter will keep.
    await page.getByTestId('audit-apply').click();
    await eventually(() => page.getByTestId('audit-row').count()).toBeGreaterThan(2);

    await actions.selectOption('vault.recoveryKeyReplaced');
    await page.getByTestId('audit-apply').click();
    await eventually(() => page.getByTestId('audit-row').allInnerTexts()).toEqual([expect.stringContaining('vault.recoveryKeyReplaced')]);
    expect(await page.getByTestId('audit-row').innerText()).toContain(OWNER);
  });

  it('after locking, only the new key recovers the vault', async () => {
    await page.getByTestId('lock-button').click();
    await page.getByTestId('unlock').waitFor();
    const withOld = await sut.dispatcher.invoke('vault.recover', { dir, recoveryKey: oldKey, newPassword: RECOVERED_PASSWORD });
    expect(withOld.ok).toBe(false);
    if (!withOld.ok) expect(withOld.error.code).not.toBe('VALIDATION');
    const withNew = await sut.dispatcher.invoke('vault.recover', { dir, recoveryKey: newKey, newPassword: RECOVERED_PASSWORD });
    expect(withNew).toMatchObject({ ok: true, value: { user: OWNER, role: 'owner' } });
  });

  it('logged no console error and no CSP violation', () => {
    expect(sut.consoleErrors).toEqual([]);
  });
});
