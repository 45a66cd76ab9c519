import { randomBytes } from 'node:crypto';
import { UnavailableError, ValidationError } from '../errors.js';
import { unb64 } from '../vault/unlockers.js';
import type { VaultHeader } from '../vault/header.js';
import type { Manifest, RepositoryKeys, RepositoryPaths } from './format.js';
import { keyObjectName, openLock, openManifest, repositoryPaths, sealBackupKey, sealLock } from './format.js';
import type { ObjectStore } from './store.js';

/** One target's repository for one vault: the store, where things are, and the keys. */
export interface Repository {
  readonly store: ObjectStore;
  readonly paths: RepositoryPaths;
  readonly keys: RepositoryKeys;
  readonly vaultId: string;
  readonly name: string;
}

export function openRepository(store: ObjectStore, name: string, prefix: string, vaultId: string, keys: RepositoryKeys): Repository {
  return { store, name, keys, vaultId, paths: repositoryPaths(prefix, vaultId) };
}

const SNAPSHOT_NAME = /^[a-f0-9]{32}$/;

export function newObjectName(): string {
  return randomBytes(16).toString('hex');
}

/** Every snapshot manifest, oldest first. A manifest that does not open is reported, not skipped silently. */
export async function loadManifests(repo: Repository): Promise<{ manifests: Manifest[]; damaged: string[] }> {
  const listed = await repo.store.list(repo.paths.snapshots);
  const manifests: Manifest[] = [];
  const damaged: string[] = [];
  for (const object of listed) {
    const name = object.key.slice(repo.paths.snapshots.length);
    if (!SNAPSHOT_NAME.test(name)) continue;
    const manifest = openManifest(repo.keys, repo.vaultId, name, await repo.store.get(object.key));
    if (manifest) manifests.push(manifest);
    else damaged.push(name);
  }
  manifests.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return { manifests, damaged };
}

export async function loadManifest(repo: Repository, snapshotId: string): Promise<Manifest> {
  if (!SNAPSHOT_NAME.test(snapshotId)) throw new ValidationError(`"${snapshotId}" is not a snapshot id (32 hex digits).`, { snapshot: 'Not a snapshot id.' });
  const body = await repo.store.get(repo.paths.snapshot(snapshotId));
  const manifest = openManifest(repo.keys, repo.vaultId, snapshotId, body);
  if (!manifest) throw new ValidationError(`Snapshot ${snapshotId} on target "${repo.name}" is damaged or was altered; choose another snapshot.`);
  return manifest;
}

/** The recovery unlocker's public key: the backup key is sealed to it so the recovery key alone restores. */
export function recoveryPublicKey(header: VaultHeader): Buffer {
  const recovery = header.unlockers.find((u) => u.kind === 'recovery');
  if (!recovery) throw new ValidationError('This vault has no recovery key, so a backup could never be restored. Make a new Recovery Kit first.');
  return unb64(recovery.publicKey);
}

/** Writes keys/<name> for the current recovery key unless it is there (a new Recovery Kit adds one). */
export async function ensureKeyObject(repo: Repository, header: VaultHeader, backupKey: Buffer): Promise<void> {
  const recoveryPublic = recoveryPublicKey(header);
  const key = repo.paths.key(keyObjectName(recoveryPublic));
  const existing = await repo.store.list(key);
  if (existing.some((o) => o.key === key)) return;
  await repo.store.put(key, sealBackupKey(repo.vaultId, recoveryPublic, backupKey));
}

/** Locks older than this are left from a crash and ignored. */
export const STALE_LOCK_MS = 6 * 60 * 60 * 1000;

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * A backup run holds a shared lock, prune an exclusive one: prune runs only
 * when no other lock younger than STALE_LOCK_MS exists, so it never deletes
 * an object a running backup has just uploaded and is about to reference.
 */
export async function acquireLock(repo: Repository, kind: 'backup' | 'prune', now: Date): Promise<HeldLock> {
  const name = newObjectName();
  const key = repo.paths.lock(name);
  await repo.store.put(key, sealLock(repo.keys, repo.vaultId, name, { kind, createdAt: now.toISOString() }));
  const release = async (): Promise<void> => {
    await repo.store.delete(key);
  };
  const others = (await repo.store.list(repo.paths.locks)).filter((o) => o.key !== key);
  for (const other of others) {
    const lock = openLock(repo.keys, repo.vaultId, other.key.slice(repo.paths.locks.length), await repo.store.get(other.key));
    if (!lock || now.getTime() - Date.parse(lock.createdAt) > STALE_LOCK_MS) continue;
    if (kind === 'prune' || lock.kind === 'prune') {
      await release();
      throw new UnavailableError(
        kind === 'prune'
          ? `Target "${repo.name}" is being backed up by another device right now; prune will run next time.`
          : `Target "${repo.name}" is being pruned by another device right now; back up again in a few minutes.`,
        { target: repo.name },
      );
    }
  }
  return { release };
}
