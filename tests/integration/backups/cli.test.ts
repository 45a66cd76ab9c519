import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupRunResult, RestoreResult, SnapshotInfo, VerifyReport } from '../../../src-shared/backups.js';
import { sealbook } from '../cli/run-cli.js';
import type { S3World } from '../../support/s3/world.js';
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, startS3World } from '../../support/s3/world.js';

const PASSWORD = 'correct horse battery staple 42';
const NEW_PASSWORD = 'amber tractor umbrella 1987 new';

/**
 * The "done when" story through the real `sealbook` bin: two targets, a
 * backup, the laptop lost, a restore on a new machine (another app-data
 * folder, no keychain entry) with the recovery key, documents and audit intact.
 */
describe('sealbook backup CLI: add two targets, back up, restore on a new machine', () => {
  const work = mkdtempSync(join(tmpdir(), 'sealbook-backup-cli-'));
  const dir = join(work, 'acme');
  const caFile = join(work, 'ca.pem');
  let world: S3World;
  let vaultId = '';
  let recoveryKey = '';
  const s3 = { SEALBOOK_S3_ACCESS_KEY_ID: ACCESS_KEY_ID, SEALBOOK_S3_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY };
  const run = (args: string[], env: Record<string, string> = {}, dataDir = join(work, 'laptop')) =>
    sealbook(args, { SEALBOOK_PASSWORD: PASSWORD, ...s3, ...env }, dataDir);

  beforeAll(async () => {
    world = await startS3World();
    writeFileSync(caFile, world.pki.caPem);
  }, 60_000);
  afterAll(async () => {
    await world.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('creates a vault with one sealed invoice and adds two targets', async () => {
    const created = await run(['vault', 'create', dir, '--owner', 'alice', '--company', 'Acme GmbH', '--kit', join(work, 'kit.pdf'), '--json']);
    expect(created.code).toBe(0);
    ({ vaultId, recoveryKey } = JSON.parse(created.stdout) as { vaultId: string; recoveryKey: string });
    const draftFile = join(work, 'draft.json');
    writeFileSync(draftFile, JSON.stringify({ customer: { name: 'Client SARL', address: '1 rue de la Paix, Paris' }, lines: [{ description: 'Work', quantity: '1', unitPrice: '100', vatRate: '19' }] }));
    const draft = await run(['invoice', 'create', dir, '--json-file', draftFile, '--user', 'alice', '--json']);
    expect(draft.code).toBe(0);
    expect((await run(['invoice', 'issue', dir, (JSON.parse(draft.stdout) as { id: string }).id, '--user', 'alice', '--json'])).code).toBe(0);

    const alpha = await run(['backup', 'target', 'add', dir, '--name', 'alpha', '--endpoint', world.https.url, '--bucket', 'alpha', '--prefix', 'books', '--path-style', '--ca-file', caFile, '--user', 'alice', '--json']);
    expect(alpha.stderr).toBe('');
    expect(alpha.code).toBe(0);
    const beta = await run(['backup', 'target', 'add', dir, '--name', 'beta', '--endpoint', world.faultyUrl, '--bucket', 'beta', '--path-style', '--allow-insecure-localhost', '--user', 'alice', '--json']);
    expect(beta.code).toBe(0);
    const insecure = await run(['backup', 'target', 'add', dir, '--name', 'gamma', '--endpoint', world.faultyUrl, '--bucket', 'beta', '--path-style', '--user', 'alice', '--json']);
    expect(insecure.code).toBe(6);
  });

  it('backs up to both (JSON as the issue specifies) and exits 1 naming a failed target', async () => {
    const result = await run(['backup', 'run', dir, '--user', 'alice', '--json']);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as BackupRunResult;
    expect(out.targets.map((t) => [t.name, t.ok])).toEqual([['alpha', true], ['beta', true]]);
    for (const t of out.targets) expect(Object.keys(t).sort()).toEqual(['bytesUploaded', 'name', 'objectsUploaded', 'ok', 'snapshot']);

    world.faults.setFault({ kind: 'reset', afterBytes: 0, connections: 10_000 });
    const failed = await run(['backup', 'run', dir, '--user', 'alice']);
    world.faults.setFault({ kind: 'none' });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('beta: FAILED');
    expect(failed.stdout).toMatch(/alpha: snapshot [a-f0-9]{32}/);
  }, 120_000);

  it('lists snapshots and verifies (full)', async () => {
    const snapshots = JSON.parse((await run(['backup', 'snapshots', dir, '--target', 'alpha', '--user', 'alice', '--json'])).stdout) as SnapshotInfo[];
    expect(snapshots).toHaveLength(2);
    expect(snapshots[0]?.documents).toBeGreaterThanOrEqual(1);
    const verify = await run(['backup', 'verify', dir, '--target', 'alpha', '--full', '--user', 'alice', '--json']);
    expect(verify.code).toBe(0);
    expect((JSON.parse(verify.stdout) as VerifyReport).tiers).toEqual(['exists', 'sample', 'full']);
  }, 60_000);

  it('restores on a new machine with the recovery key; the vault opens, its document and audit chain intact', async () => {
    const newMachine = join(work, 'new-machine');
    const to = join(work, 'restored');
    const restore = await run(
      ['backup', 'restore', '--endpoint', world.https.url, '--bucket', 'alpha', '--prefix', 'books', '--path-style', '--ca-file', caFile, '--vault-id', vaultId, '--to', to, '--json'],
      { SEALBOOK_RECOVERY_KEY: recoveryKey },
      newMachine,
    );
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    const restored = JSON.parse(restore.stdout) as RestoreResult;
    expect(restored).toMatchObject({ vaultId, company: 'Acme GmbH', verified: true, documents: 1 });
    expect(readdirSync(join(to, 'blobs'))).toHaveLength(1);

    const wrongKey = await run(['backup', 'restore', '--endpoint', world.https.url, '--bucket', 'alpha', '--prefix', 'books', '--path-style', '--ca-file', caFile, '--vault-id', vaultId, '--to', join(work, 'other')], { SEALBOOK_RECOVERY_KEY: 'AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA' }, newMachine);
    expect(wrongKey.code).toBe(6);
    expect(existsSync(join(work, 'other', 'vault.json'))).toBe(false);

    const recover = await run(['vault', 'recover', to], { SEALBOOK_RECOVERY_KEY: recoveryKey, SEALBOOK_NEW_PASSWORD: NEW_PASSWORD }, newMachine);
    expect(recover.stderr).toBe('');
    expect(recover.code).toBe(0);
    const audit = await run(['audit', 'verify', to, '--user', 'alice', '--json'], { SEALBOOK_PASSWORD: NEW_PASSWORD }, newMachine);
    expect(audit.code).toBe(0);
    expect((JSON.parse(audit.stdout) as { ok: boolean }).ok).toBe(true);
    const rows = JSON.parse((await run(['audit', 'list', to, '--user', 'alice', '--json'], { SEALBOOK_PASSWORD: NEW_PASSWORD }, newMachine)).stdout) as { action: string }[];
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['invoices.issue', 'backup.targetAdded', 'vault.recovered']));
  }, 120_000);
});
