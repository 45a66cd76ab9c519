import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startSealbook } from './harness.js';
import type { SealbookUnderTest } from './harness.js';

/** The backend runs real scrypt and SQLCipher: give it time on a 2-core machine. */
const OWNER = 'marc';
const PASSWORD = 'Juniper-Anchor-Comet-6120';
const NEW_PASSWORD = 'Tangerine-Basalt-Owl-8845';

describe('welcome: recent vaults, open by folder, recover with the key', () => {
  let sut: SealbookUnderTest;
  let page: Page;
  let dir = '';
  let recoveryKey = '';

  beforeAll(async () => {
    sut = await startSealbook({ locale: 'fr-FR' });
    page = sut.page;
    dir = join(sut.workDir, 'cafe-vault');
    const created = await sut.dispatcher.call('vault.create', { dir, company: 'Café Martin', owner: OWNER, password: PASSWORD });
    if (!created.ok) throw new Error(created.error.message);
    recoveryKey = created.value.recoveryKey;
    await sut.dispatcher.call('vault.close', {});
    await page.reload();
  });
  afterAll(async () => {
    await sut.close();
  });

  it('follows the browser language and lists the recent vault', async () => {
    await page.getByTestId('welcome').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Bienvenue dans Sealbook');
    const recent = page.getByRole('button', { name: /Café Martin/ });
    await recent.waitFor();
    await sut.screenshot('welcome-recent-fr');
    await recent.click();
    await page.getByTestId('unlock').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Déverrouiller Café Martin');
  });

  it('opens a vault by typing its folder', async () => {
    await page.getByRole('button', { name: 'Ouvrir un autre coffre' }).click();
    await page.getByTestId('welcome').waitFor();
    await page.getByLabel('Dossier du coffre').fill(join(sut.workDir, 'no-such-vault'));
    await page.getByRole('button', { name: 'Ouvrir', exact: true }).click();
    // Main's refusal is shown; we stay on the welcome screen.
    await eventually(() => page.locator('.toast-error').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('welcome').isVisible()).toBe(true);
    await page.getByLabel('Dossier du coffre').fill(dir);
    await page.getByRole('button', { name: 'Ouvrir', exact: true }).click();
    await page.getByTestId('unlock').waitFor();
  });

  it('recovers the vault with the recovery key and a new password', async () => {
    await page.getByRole('button', { name: 'Ouvrir un autre coffre' }).click();
    await page.getByTestId('welcome-recover').click();
    await page.getByLabel('Dossier du coffre').fill(dir);
    await page.getByLabel('Clé de récupération').fill(recoveryKey);
    await page.getByLabel('Nouveau mot de passe').fill(NEW_PASSWORD);
    await eventually(() => page.getByTestId('strength-meter').innerText()).toMatch(/solide/i);
    await page.getByLabel('Confirmez le mot de passe').fill(NEW_PASSWORD);
    await sut.screenshot('recover-fr');
    await page.getByRole('button', { name: 'Restaurer le coffre' }).click();
    await page.getByTestId('dashboard-view').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('company-name').innerText()).toBe('Café Martin');

    // The new password now opens the vault.
    await page.getByTestId('lock-button').click();
    await page.getByLabel('Mot de passe', { exact: true }).fill(NEW_PASSWORD);
    await page.getByTestId('unlock-submit').click();
    await page.getByTestId('dashboard-view').waitFor();
  });

  it('logged no console error and no CSP violation', () => {
    expect(sut.consoleErrors).toEqual([]);
  });
});
