import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startSealbook } from './harness.js';
import type { SealbookUnderTest } from './harness.js';

/** The backend runs real scrypt and SQLCipher: give it time on a 2-core machine. */
const OWNER = 'alice';
const OWNER_PASSWORD = 'Velvet-Mango-Harbor-1987!';
const BOB_ONE_TIME = 'Quartz-Lantern-Meadow-55';
const BOB_PASSWORD = 'Copper-Violin-Glacier-2031';

async function typeNewPassword(page: Page, label: string, password: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).fill(password);
  // The verdict comes from main's `password.check`, debounced.
  await eventually(() => page.getByTestId('strength-meter').first().innerText()).toMatch(/Strong|Very strong/);
}

async function unlock(page: Page, user: string, password: string): Promise<void> {
  await page.getByLabel('User', { exact: true }).selectOption(user);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByTestId('unlock-submit').click();
}

describe('vault screens through the real UI', () => {
  let sut: SealbookUnderTest;
  let page: Page;
  let mfaSecret = '';
  let lastTotpCounter = -1;

  beforeAll(async () => {
    sut = await startSealbook();
    page = sut.page;
  });
  afterAll(async () => {
    await sut.close();
  });

  it('shows the welcome screen with create, recover and open', async () => {
    await eventually(() => page.getByTestId('welcome').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Welcome to Sealbook');
    expect(await page.getByRole('button', { name: /Create a vault/ }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: /Recover a vault/ }).isVisible()).toBe(true);
    expect(await page.getByLabel('Vault folder').isVisible()).toBe(true);
    await sut.shots('welcome');
  });

  it('creates a vault with the wizard and hands over the Recovery Kit once', async () => {
    await page.getByTestId('welcome-create').click();
    await page.getByLabel('Vault folder').fill(join(sut.workDir, 'acme-vault'));
    await page.getByLabel('Company name').fill('Acme Trading SARL');
    await page.getByLabel('Your user name').fill(OWNER);
    // A weak password is refused by main's estimator and the button stays off.
    await page.getByLabel('Password', { exact: true }).fill('password1234');
    await eventually(() => page.getByTestId('strength-meter').innerText()).toMatch(/weak/i);
    await typeNewPassword(page, 'Password', OWNER_PASSWORD);
    await page.getByLabel('Confirm password').fill(OWNER_PASSWORD);
    await page.getByTestId('password-only').check();
    expect(await page.getByRole('alert').filter({ hasText: 'guess your password offline' }).isVisible()).toBe(true);
    await page.getByTestId('password-only').uncheck();
    await sut.shots('create');
    expect(await page.getByTestId('create-submit').isEnabled()).toBe(true);
    await page.getByTestId('create-submit').click();

    await page.getByTestId('recovery-kit').waitFor({ timeout: 60_000 });
    const key = await page.getByTestId('recovery-key').innerText();
    expect(key.replace(/[\s-]/g, '').length).toBeGreaterThanOrEqual(40);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-kit').click()]);
    expect(download.suggestedFilename()).toMatch(/Recovery Kit.*\.pdf$/);
    const pdf = readFileSync(await download.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await page.getByTestId('kit-continue').isEnabled()).toBe(false);
    await sut.shots('recovery-kit');
    await page.getByTestId('kit-saved').check();
    await page.getByTestId('kit-continue').click();

    // Everyone lands on the first section they may see: the dashboard.
    await page.getByTestId('dashboard-view').waitFor();
    await page.getByTestId('nav-users').click();
    await page.getByTestId('users-view').waitFor();
    expect(await page.getByTestId('company-name').innerText()).toBe('Acme Trading SARL');
    expect(await page.getByTestId('current-user').innerText()).toContain(OWNER);
    expect(await page.getByTestId('current-user').innerText()).toContain('Owner');
  });

  it('adds a user, changes the role and shows validation from main next to the field', async () => {
    await page.getByLabel('Name', { exact: true }).fill('bad name!');
    await page.getByLabel('One-time password').fill(BOB_ONE_TIME);
    await page.getByTestId('add-user-submit').click();
    await page.locator('#add-user-name-error').waitFor();
    expect(await page.locator('#add-user-name-error').innerText()).toMatch(/letters, digits/);

    await page.getByLabel('Name', { exact: true }).fill('bob');
    await page.getByLabel('Role', { exact: true }).selectOption('accountant');
    await page.getByTestId('add-user-submit').click();
    await page.getByTestId('user-row-bob').waitFor();
    expect(await page.getByTestId('user-row-bob').innerText()).toContain('Must set password');

    await page.getByLabel('Role of bob').selectOption('bookkeeper');
    await eventually(() => page.getByTestId('toasts').innerText()).toContain('bob is now Bookkeeper');
    await sut.shots('users');
  });

  it('changes auto-lock and enrolls TOTP with the QR code and ten recovery codes', async () => {
    await page.getByTestId('nav-security').click();
    await page.getByTestId('security-view').waitFor();
    await page.getByLabel(/Minutes without activity/).fill('5');
    await page.getByTestId('autolock-save').click();
    await eventually(() => page.getByTestId('toasts').innerText()).toContain('after 5 minutes');

    await page.getByTestId('mfa-begin').click();
    await page.getByTestId('mfa-secret').waitFor();
    mfaSecret = (await page.getByTestId('mfa-secret').innerText()).trim();
    const qr = page.getByRole('img', { name: /QR code/ });
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(await qr.evaluate((img: { readonly naturalWidth: number }) => img.naturalWidth)).toBeGreaterThan(0);
    await sut.shots('security-mfa-enroll');

    const totp = new TOTP({ secret: mfaSecret });
    lastTotpCounter = totp.counter();
    await page.getByLabel('Code from the app').fill(totp.generate());
    await page.getByTestId('mfa-confirm').click();
    await page.getByTestId('recovery-codes').waitFor();
    expect(await page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
    await sut.shots('security');
  });

  it('rotates the vault key after an explicit confirmation', async () => {
    await page.getByTestId('rotate-start').click();
    await sut.shots('security-rotate-confirm');
    await page.getByTestId('rotate-confirm').click();
    await eventually(() => page.getByTestId('toasts').innerText()).toContain('The vault key was rotated');
    expect(await page.getByTestId('rotate-confirm').count()).toBe(0);
  });

  it('filters, verifies and exports the audit log', async () => {
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-view').waitFor();
    await eventually(() => page.getByTestId('audit-row').count()).toBeGreaterThan(3);

    // The choices come from the log itself (audit.facets).
    const actions = page.getByLabel('Action');
    await eventually(() => actions.locator('option').allInnerTexts()).toContain('users.added');
    expect(await page.getByLabel('User', { exact: true }).locator('option').allInnerTexts()).toEqual(['All', OWNER]);
    await actions.selectOption('users.added');
    await page.getByTestId('audit-apply').click();
    await eventually(() => page.getByTestId('audit-row').count()).toBe(1);
    const row = await page.getByTestId('audit-row').innerText();
    expect(row).toContain(OWNER);
    expect(row).toContain('users.added');

    await actions.selectOption('vault.keyRotated');
    await page.getByTestId('audit-apply').click();
    await eventually(() => page.getByTestId('audit-row').allInnerTexts()).toEqual([expect.stringContaining('vault.keyRotated')]);
    await actions.selectOption('');
    await page.getByLabel('User', { exact: true }).selectOption(OWNER);
    await page.getByTestId('audit-apply').click();
    await eventually(() => page.getByTestId('audit-row').count()).toBeGreaterThan(3);
    await page.getByRole('button', { name: 'Clear' }).click();
    await eventually(() => page.getByTestId('audit-row').count()).toBeGreaterThan(3);

    await page.getByTestId('audit-verify').click();
    await eventually(() => page.getByTestId('audit-verdict').innerText()).toMatch(/intact/);
    // Verification runs as a job: the tray shows its translated title and progress.
    await eventually(() => page.getByTestId('jobs-tray').innerText()).toContain('Verifying the audit log');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain('users.added');
    await sut.shots('audit');
  });

  it('locks, then unlocks with password and TOTP', async () => {
    await page.getByTestId('lock-button').click();
    await page.getByTestId('unlock').waitFor();
    expect(await page.getByTestId('unlock-notice').innerText()).toContain('locked');

    await unlock(page, OWNER, 'Wrong-Password-000');
    await eventually(() => page.getByTestId('unlock-error').isVisible()).toBe(true);
    await sut.shots('unlock');

    await unlock(page, OWNER, OWNER_PASSWORD);
    await page.getByLabel('Authentication code').waitFor();
    const totp = new TOTP({ secret: mfaSecret });
    // A code is accepted once: wait for the next 30 s window if needed.
    while (totp.counter() === lastTotpCounter) await page.waitForTimeout(1000);
    await page.getByLabel('Authentication code').fill(totp.generate());
    await page.getByTestId('unlock-submit').click();
    await page.getByTestId('dashboard-view').waitFor();
  });

  it('makes a new user choose a password and hides what the role cannot use', async () => {
    await page.getByTestId('lock-button').click();
    await page.getByTestId('unlock').waitFor();
    await unlock(page, 'bob', BOB_ONE_TIME);
    await page.getByTestId('forced-password-change').waitFor();
    await typeNewPassword(page, 'New password', BOB_PASSWORD);
    await page.getByLabel('Confirm password').fill(BOB_PASSWORD);
    await sut.shots('forced-password-change');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByTestId('dashboard-view').waitFor();
    expect(await page.getByTestId('current-user').innerText()).toContain('Bookkeeper');
    // Bookkeepers have neither users.read nor audit.read.
    expect(await page.getByTestId('nav-users').count()).toBe(0);
    expect(await page.getByTestId('nav-audit').count()).toBe(0);
    expect(await page.getByTestId('rotate-key').count()).toBe(0);
  });

  it('switches the language to French from Settings', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-select').selectOption('fr');
    await eventually(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Paramètres');
    expect(await page.getByTestId('lock-button').innerText()).toContain('Verrouiller');
    await sut.shots('settings-fr');
    await page.getByTestId('language-select').selectOption('en');
  });

  it('logged no console error and no CSP violation', () => {
    expect(sut.consoleErrors).toEqual([]);
  });
});
