import type { PruneResult, SnapshotInfo } from '../../../src-shared/backups.js';
import type { BackupContext } from './context.js';
import { assertOpen } from './context.js';
import { repositoryKeys, zeroKeys } from './format.js';
import type { Repository } from './repository.js';
import { loadManifests, openRepository } from './repository.js';
import { snapshotInfo } from './restore.js';
import { pruneRepository } from './retention.js';
import { openS3Store } from './store.js';
import type { TargetRecord } from './targets.js';
import { connectionOf, targetByName } from './targets.js';

/** Opens the named target's repository for the duration of `fn`. */
async function withTarget<T>(ctx: BackupContext, name: string, fn: (repo: Repository, target: TargetRecord) => Promise<T>): Promise<T> {
  assertOpen(ctx);
  const target = targetByName(ctx, name);
  const keys = repositoryKeys(ctx.backupKey);
  const store = openS3Store(await connectionOf(target, ctx.keychain), ctx.timeouts);
  try {
    return await fn(openRepository(store, target.name, target.prefix, ctx.header().vaultId, keys), target);
  } finally {
    store.close();
    zeroKeys(keys);
  }
}

/** Newest first. */
export function listSnapshots(ctx: BackupContext, name: string): Promise<SnapshotInfo[]> {
  return withTarget(ctx, name, async (repo) => (await loadManifests(repo)).manifests.map(snapshotInfo).reverse());
}

export function pruneTarget(ctx: BackupContext, name: string): Promise<PruneResult> {
  return withTarget(ctx, name, (repo, target) => pruneRepository(ctx, repo, target.id));
}
