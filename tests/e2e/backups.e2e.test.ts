import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { S3World } from '../support/s3/world.js';
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, startS3World } from '../support/s3/world.js';
import { eventually, startSealbook } from './harness.js';
import type { SealbookUnderTest } from './harness.js';

const OWNER = 'ines';
const PASSWORD = 'Harbor-Quartz-Violin-4417';
const NEW_PASSWORD = 'Meadow-Copper-Lantern-9023';

async function fillConnection(page: Page, prefix: string, world: S3World, bucket: string): Promise<void> {
  await page.locator(`#${prefix}-endpoint`).fill(world.https.url);
  await page.locator(`#${prefix}-bucket`).fill(bucket);
  await page.locator(`#${prefix}-key-id`).fill(ACCESS_KEY_ID);
  await page.locator(`#${prefix}-secret`).fill(SECRET_ACCESS_KEY);
  await page.locator(`#${prefix}-ca`).fill(world.pki.caPem);
  await page.getByLabel('Path-style addressing', { exact: false }).check();
}

describe('backups screens against the S3 test server', () => {
  let world: S3World;
  let sut: SealbookUnderTest;
  let page: Page;
  let vaultId = '';
  let recoveryKey = '';

  beforeAll(async () => {
    world = await startS3World();
    sut = await startSealbook();
    page = sut.page;
    const created = await sut.dispatcher.call('vault.create', { dir: join(sut.workDir, 'studio'), company: 'Studio Brandt', owner: OWNER, password: PASSWORD });
    if (!created.ok) throw new Error(created.error.message);
    ({ vaultId, recoveryKey } = created.value);
    // The second target comes through the same dispatcher; the first is added in the UI.
    const beta = await sut.dispatcher.call('backups.addTarget', { name: 'beta', endpoint: world.faultyUrl, bucket: 'beta', pathStyle: true, allowInsecureLocalhost: true, accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY });
    if (!beta.ok) throw new Error(beta.error.message);
    await page.reload();
  }, 60_000);
  afterAll(async () => {
    await sut.close();
    await world.stop();
  });

  it('adds a target after testing the connection, backs up now and shows the status per target', async () => {
    await page.getByTestId('nav-backups').click();
    await page.getByTestId('backups-view').waitFor();
    await page.getByTestId('target-new').click();
    await page.locator('#target-name').fill('alpha');
    await fillConnection(page, 'target', world, 'alpha');
    await page.getByTestId('target-test-button').click();
    await eventually(() => page.getByTestId('target-test').innerText()).toContain('Write, read, list and delete all work.');
    await sut.shots('backups-add-target');
    await page.getByTestId('target-save').click();
    await eventually(() => page.getByTestId('target-row').count()).toBe(2);

    world.faults.setFault({ kind: 'reset', afterBytes: 0, connections: 10_000 });
    await page.getByTestId('backup-now').click();
    await eventually(() => page.locator('.badge-danger').count()).toBeGreaterThan(0);
    world.faults.setFault({ kind: 'none' });
    const states = await page.getByTestId('target-state').allInnerTexts();
    expect(states[0]).toContain('OK');
    expect(states[1]).toContain('Failed');
    expect(states[1]).toContain('cut the connection');
    await sut.shots('backups-status');

    await page.getByTestId('backup-now').click();
    await eventually(async () => (await page.getByTestId('target-state').allInnerTexts()).every((s) => s.includes('OK'))).toBe(true);
  });

  it('lists snapshots and runs a test-restore', async () => {
    await page.getByTestId('target-snapshots').first().click();
    await eventually(() => page.getByTestId('snapshot-row').count()).toBe(2);
    await page.getByTestId('target-verify-full').first().click();
    await eventually(() => page.locator('.toast').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('alpha verified')]));
    await sut.shots('backups-snapshots');
  });

  it('restores from the Welcome screen with the recovery key into a new folder and opens it', async () => {
    await sut.dispatcher.call('vault.close', {});
    await page.reload();
    await page.getByTestId('welcome-restore').click();
    await page.getByTestId('restore-wizard').waitFor();
    await fillConnection(page, 'restore', world, 'alpha');
    await page.locator('#restore-vault-id').fill(vaultId);
    await page.locator('#restore-key').fill(recoveryKey);
    await sut.shots('backups-restore-wizard');
    await page.getByTestId('restore-find').click();
    await eventually(() => page.getByRole('radio').count()).toBe(2);
    const to = join(sut.workDir, 'restored-studio');
    await page.locator('#restore-to').fill(to);
    await page.getByTestId('restore-submit').click();
    await page.getByTestId('restore-done').waitFor({ timeout: 30_000 });
    expect(existsSync(join(to, 'vault.json'))).toBe(true);
    expect(readdirSync(to).sort()).toEqual(expect.arrayContaining(['blobs', 'vault.db', 'vault.json']));
    await page.locator('#restore-password').fill(NEW_PASSWORD);
    await page.locator('#restore-confirm').fill(NEW_PASSWORD);
    await page.getByTestId('restore-open').click();
    await page.getByTestId('nav-backups').waitFor({ timeout: 30_000 });
    const info = await sut.dispatcher.call('app.info', {});
    expect(info.ok && info.value.vault?.dir).toBe(to);
    expect(info.ok && info.value.session?.user).toBe(OWNER);
    expect(sut.consoleErrors).toEqual([]);
  }, 60_000);
});
