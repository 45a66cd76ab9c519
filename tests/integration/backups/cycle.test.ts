import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../../src-main/core/audit/verify.js';
import { openManifest, referencedIds, repositoryKeys } from '../../../src-main/core/backups/format.js';
import type { Manifest } from '../../../src-main/core/backups/format.js';
import { tableCounts } from '../../../src-main/core/backups/source.js';
import { readVaultFolder } from '../../../src-main/core/vault/folder.js';
import { systemKeychain } from '../../../src-main/core/vault/keychain.js';
import type { Harness } from '../handlers/harness.js';
import type { S3World } from '../../support/s3/world.js';
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, startS3World } from '../../support/s3/world.js';
import { invoicing, issueOne, populatedVault, session, storedDataObjects, targetInput } from './setup.js';

let world: S3World;
let h: Harness;
let recoveryKey: string;

beforeAll(async () => {
  world = await startS3World();
  ({ h, recoveryKey } = await populatedVault(4000));
}, 120_000);

afterAll(async () => {
  await h.cleanup();
  await world.stop();
});

function manifestFile(bucket: string, snapshot: string): Manifest {
  const vaultId = h.app.vault?.header.vaultId ?? '';
  const body = readFileSync(join(world.s3rver.directory, bucket, 'sealbook', vaultId, 'snapshots', `${snapshot}._S3rver_object`));
  const manifest = openManifest(repositoryKeys(session(h).vault.keys.backup), vaultId, snapshot, body);
  if (!manifest) throw new Error('manifest does not open');
  return manifest;
}

describe('backups: a full cycle to two targets through the SigV4 proxy', () => {
  it('adds an HTTPS target with a throw-away CA and a plain loopback target, and backs up to both', async () => {
    await h.ok('backups.addTarget', targetInput(world, 'alpha'));
    await h.ok('backups.addTarget', targetInput(world, 'beta'));
    const test = await h.ok('backups.testTarget', { name: 'alpha' });
    expect(test.steps.map((s) => [s.step, s.ok])).toEqual([['write', true], ['read', true], ['list', true], ['delete', true]]);

    const run = await h.ok('backups.run', {});
    expect(run.targets.map((t) => [t.name, t.ok, t.error])).toEqual([['alpha', true, undefined], ['beta', true, undefined]]);
    const manifest = manifestFile('alpha', run.targets[0]?.snapshot ?? '');
    expect(manifest.db.chunks.length).toBeGreaterThanOrEqual(4);
    // Everything once, plus the manifest; both targets hold the same objects.
    expect(run.targets[0]?.objectsUploaded).toBe(referencedIds(manifest).size + 1);
    expect(run.targets[1]?.objectsUploaded).toBe(referencedIds(manifest).size + 1);
    expect(storedDataObjects(world, 'alpha')).toHaveLength(referencedIds(manifest).size);
    expect(world.https.refused).toBe(0);

    const status = await h.ok('backups.targets', {});
    expect(status.map((t) => [t.name, t.lastSnapshot !== null, t.lastError, t.lastVerifyOk])).toEqual([['alpha', true, null, true], ['beta', true, null, true]]);
  });

  it('server sees random names and sizes only: no company, user or header text in any stored object', () => {
    const files = [...storedDataObjects(world, 'alpha')];
    for (const file of files.slice(0, 50)) {
      const text = readFileSync(file).toString('latin1');
      expect(text).not.toContain('Acme Trading');
      expect(text).not.toContain('anna');
    }
  });

  it('an incremental run after one new document uploads only its object, the changed DB chunks and the manifest', async () => {
    const before = (await h.ok('backups.targets', {})).find((t) => t.name === 'alpha')?.lastSnapshot ?? '';
    const old = manifestFile('alpha', before);
    const objectsBefore = storedDataObjects(world, 'alpha').length;
    // Stand-in for "one new receipt" (receipts are not on this branch): an issued invoice stores one sealed PDF blob.
    h.advance(60 * 60 * 1000);
    await issueOne(invoicing(h));
    const run = await h.ok('backups.run', { target: 'alpha' });
    const alpha = run.targets[0];
    expect(alpha?.ok).toBe(true);
    const next = manifestFile('alpha', alpha?.snapshot ?? '');
    const newBlobs = Object.keys(next.blobs).filter((id) => !(id in old.blobs));
    expect(newBlobs).toHaveLength(1);
    const oldIds = referencedIds(old);
    const changedDbChunks = new Set(next.db.chunks.filter((id) => !oldIds.has(id))).size;
    const blobChunks = next.blobs[newBlobs[0] ?? '']?.chunks.length ?? 0;
    expect(blobChunks).toBe(1);
    expect(changedDbChunks).toBeGreaterThan(0);
    expect(changedDbChunks).toBeLessThan(next.db.chunks.length);
    expect(alpha?.objectsUploaded).toBe(changedDbChunks + blobChunks + 1);
    expect(storedDataObjects(world, 'alpha').length - objectsBefore).toBe(changedDbChunks + blobChunks);
  });

  it('restores on a "new machine" with the recovery key into a new folder: a vault equal to the source', async () => {
    const to = join(mkdtempSync(join(tmpdir(), 'sealbook-restore-')), 'restored');
    const vaultId = h.app.vault?.header.vaultId ?? '';
    const source = session(h).vault;
    const remote = { endpoint: world.https.url, bucket: 'alpha', prefix: 'sealbook', pathStyle: true, caPem: world.pki.caPem, accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY, vaultId, recoveryKey };
    const snapshots = await h.ok('backups.remoteSnapshots', remote);
    expect(snapshots.length).toBe(2);
    const result = await h.ok('backups.restore', { ...remote, to });
    expect(result).toMatchObject({ vaultId, company: 'Acme Trading', verified: true, snapshot: snapshots.at(-1)?.id });

    // Equal to the source as the latest snapshot saw it: every table's count, every document byte.
    const restored = await readVaultFolder(to).unlockWithRecoveryKey(recoveryKey, systemKeychain());
    try {
      const counts = tableCounts(restored.db);
      const sourceCounts = tableCounts(source.db);
      expect(counts.invoices).toBe(sourceCounts.invoices);
      expect(counts.customers).toBe(sourceCounts.customers);
      expect(counts.blobs).toBe(sourceCounts.blobs);
      const ids = restored.db.prepare<[], { id: string }>('SELECT id FROM blobs').all();
      for (const { id } of ids) expect(restored.blobs.get(id).equals(source.blobs.get(id))).toBe(true);
      expect((await verifyAudit(restored.db, restored.keys.audit)).ok).toBe(true);
    } finally {
      restored.lock();
    }
    // Never over an existing vault.
    const again = await h.err('backups.restore', { ...remote, to });
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toContain('never overwrites');
    rmSync(join(to, '..'), { recursive: true, force: true });
  });
});
