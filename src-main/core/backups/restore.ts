import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RestoreResult, SnapshotInfo } from '../../../src-shared/backups.js';
import { ConflictError, NotFoundError, UnauthenticatedError, ValidationError } from '../errors.js';
import { readVaultFolder } from '../vault/folder.js';
import { parseHeader } from '../vault/header.js';
import type { Keychain } from '../vault/keychain.js';
import { zero } from '../vault/keys.js';
import { parseRecoveryKey, recoveryKeyPair } from '../vault/recovery-key.js';
import type { Manifest } from './format.js';
import { keyObjectName, manifestBytes, openBackupKey, referencedIds, repositoryKeys, repositoryPaths, zeroKeys } from './format.js';
import type { Repository } from './repository.js';
import { loadManifest, loadManifests, openRepository } from './repository.js';
import { materialize } from './restore-files.js';
import type { Connection, Timeouts } from './store.js';
import { openS3Store } from './store.js';
import { checkRestoredVault } from './verify.js';

export interface RestoreSource {
  readonly connection: Connection;
  readonly prefix: string;
  readonly vaultId: string;
  readonly recoveryKey: string;
  readonly timeouts?: Timeouts;
}

export function snapshotInfo(manifest: Manifest): SnapshotInfo {
  return {
    id: manifest.snapshotId,
    createdAt: manifest.createdAt,
    size: manifestBytes(manifest),
    objects: referencedIds(manifest).size,
    documents: Object.keys(manifest.blobs).length,
    auditSeq: manifest.audit.seq,
  };
}

/** Opens the repository with the recovery key alone: keys/<name> holds the backup key sealed to it. */
async function withRecoveredRepository<T>(source: RestoreSource, fn: (repo: Repository) => Promise<T>): Promise<T> {
  const secret = parseRecoveryKey(source.recoveryKey);
  const pair = recoveryKeyPair(secret);
  zero(secret);
  const store = openS3Store(source.connection, source.timeouts);
  try {
    const paths = repositoryPaths(source.prefix, source.vaultId);
    const name = paths.key(keyObjectName(pair.publicKey));
    const listed = await store.list(paths.keys);
    if (!listed.some((o) => o.key === name)) {
      throw new NotFoundError(
        listed.length === 0
          ? `Target "${source.connection.name}" holds no backup of vault ${source.vaultId} under this prefix. Check the bucket, prefix and vault id (it is on the Recovery Kit).`
          : 'This recovery key does not open the backups of this vault. Use the Recovery Kit that belongs to it.',
      );
    }
    const backupKey = openBackupKey(source.vaultId, pair.privateKey, await store.get(name));
    if (!backupKey) throw new UnauthenticatedError('This recovery key does not open the backups of this vault. Use the Recovery Kit that belongs to it.');
    const keys = repositoryKeys(backupKey);
    zero(backupKey);
    try {
      return await fn(openRepository(store, source.connection.name, source.prefix, source.vaultId, keys));
    } finally {
      zeroKeys(keys);
    }
  } finally {
    zero(pair.privateKey);
    store.close();
  }
}

export function listRemoteSnapshots(source: RestoreSource): Promise<SnapshotInfo[]> {
  return withRecoveredRepository(source, async (repo) => (await loadManifests(repo)).manifests.map(snapshotInfo));
}

/** Never writes into a vault or a non-empty folder. */
function prepareTarget(dir: string): void {
  if (existsSync(dir)) {
    if (readdirSync(dir).length > 0) {
      throw new ConflictError(`${dir} is not empty. Restore into a new, empty folder; Sealbook never overwrites an existing vault.`, {});
    }
  } else {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
}

/**
 * Restores a snapshot (the latest unless named) into a new vault folder, then
 * opens the copy with the recovery key and checks it as a test-restore does.
 * On any problem the folder is emptied again, so a half restore never looks like a vault.
 */
export async function restoreVault(source: RestoreSource & { readonly snapshot?: string; readonly to: string; readonly keychain: Keychain }): Promise<RestoreResult> {
  const dir = resolve(source.to);
  prepareTarget(dir);
  const cleanup = (): void => {
    for (const entry of readdirSync(dir)) rmSync(resolve(dir, entry), { recursive: true, force: true });
  };
  try {
    const manifest = await withRecoveredRepository(source, async (repo) => {
      const chosen = source.snapshot === undefined ? (await loadManifests(repo)).manifests.at(-1) : await loadManifest(repo, source.snapshot);
      if (!chosen) throw new NotFoundError(`Target "${repo.name}" holds no snapshot of vault ${source.vaultId} yet.`);
      const problems = await materialize(repo, chosen, dir);
      if (problems.length > 0) throw new ValidationError(`Restore stopped: ${problems.join(' ')} Try another target or snapshot.`);
      return chosen;
    });
    const vault = await readVaultFolder(dir).unlockWithRecoveryKey(source.recoveryKey, source.keychain);
    try {
      const problems = await checkRestoredVault(vault.db, dir, vault.keys.audit, manifest);
      if (problems.length > 0) throw new ValidationError(`The restored vault does not check out: ${problems.join(' ')} Try another target or snapshot.`);
    } finally {
      vault.lock();
    }
    const header = parseHeader(manifest.header, 'vault.json');
    const info = snapshotInfo(manifest);
    return { dir, vaultId: header.vaultId, company: header.company, snapshot: info.id, createdAt: info.createdAt, documents: info.documents, bytes: info.size, verified: true };
  } catch (error) {
    cleanup();
    throw error;
  }
}
