import type { BackupRunResult, TargetRunResult } from '../../../src-shared/backups.js';
import { SealbookError, UnavailableError, ValidationError } from '../errors.js';
import type { BackupContext } from './context.js';
import { assertOpen } from './context.js';
import type { Manifest, RepositoryKeys } from './format.js';
import { repositoryKeys, sealManifest, sealObject, zeroKeys, REPOSITORY_FORMAT } from './format.js';
import type { Repository } from './repository.js';
import { acquireLock, ensureKeyObject, loadManifests, newObjectName, openRepository } from './repository.js';
import { applyRetention, pruneRepository } from './retention.js';
import type { ChunkRef, LocalSnapshot } from './source.js';
import { prepareSnapshot, readChunk } from './source.js';
import { openS3Store } from './store.js';
import type { TargetRecord } from './targets.js';
import { connectionOf, listTargetRows, targetByName } from './targets.js';
import { checkExistence, checkSample, checkAuditAgainst, recordVerify } from './verify.js';

const UPLOAD_CONCURRENCY = 8;
/** A listing of data/ replaces the local record when it is older than this. */
const RECONCILE_EVERY_MS = 7 * 24 * 60 * 60 * 1000;

export interface RunProgress {
  (targetName: string, uploaded: number, total: number): void;
}

/** Objects the local record says this target holds. */
function knownObjects(ctx: BackupContext, targetId: string): Set<string> {
  return new Set(ctx.db.prepare<[string], { object_id: string }>('SELECT object_id FROM backup_objects WHERE target_id = ?').all(targetId).map((r) => r.object_id));
}

/** Replaces the local record with what a listing of data/ shows. */
async function reconcile(ctx: BackupContext, repo: Repository, target: TargetRecord): Promise<Set<string>> {
  const listed = await repo.store.list(repo.paths.data);
  assertOpen(ctx);
  const ids = new Set<string>();
  ctx.transaction(() => {
    ctx.db.prepare('DELETE FROM backup_objects WHERE target_id = ?').run(target.id);
    const insert = ctx.db.prepare('INSERT OR REPLACE INTO backup_objects (target_id, object_id, size) VALUES (?, ?, ?)');
    for (const object of listed) {
      const id = object.key.slice(repo.paths.data.length);
      ids.add(id);
      insert.run(target.id, id, object.size);
    }
    ctx.db.prepare('UPDATE backup_targets SET reconciled_at = ? WHERE id = ?').run(ctx.now().toISOString(), target.id);
  });
  return ids;
}

function manifestOf(ctx: BackupContext, snapshot: LocalSnapshot, snapshotId: string): Manifest {
  const entry = (plan: LocalSnapshot['db']) => ({ size: plan.size, sha256: plan.sha256, chunks: plan.chunks.map((c) => c.id) });
  return {
    format: REPOSITORY_FORMAT,
    snapshotId,
    vaultId: ctx.header().vaultId,
    createdAt: ctx.now().toISOString(),
    header: snapshot.header,
    db: entry(snapshot.db),
    blobs: Object.fromEntries(Object.entries(snapshot.blobs).map(([id, plan]) => [id, entry(plan)])),
    audit: snapshot.audit,
    counts: snapshot.counts,
  };
}

/** Uploads what the target does not hold yet, a few at a time; each object is recorded as soon as it is stored. */
async function uploadMissing(ctx: BackupContext, repo: Repository, target: TargetRecord, refs: readonly ChunkRef[], known: Set<string>, progress?: RunProgress) {
  const pending = new Map<string, ChunkRef>();
  for (const ref of refs) if (!known.has(ref.id)) pending.set(ref.id, ref);
  const queue = [...pending.values()];
  const record = ctx.db.prepare('INSERT OR REPLACE INTO backup_objects (target_id, object_id, size) VALUES (?, ?, ?)');
  let objects = 0;
  let bytes = 0;
  const worker = async (): Promise<void> => {
    for (let ref = queue.shift(); ref; ref = queue.shift()) {
      assertOpen(ctx);
      const body = sealObject(repo.keys, ref.id, readChunk(ref));
      await repo.store.put(repo.paths.dataObject(ref.id), body);
      assertOpen(ctx);
      record.run(target.id, ref.id, body.length);
      known.add(ref.id);
      objects += 1;
      bytes += body.length;
      progress?.(target.name, objects, pending.size);
    }
  };
  await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, queue.length) }, worker));
  return { objects, bytes };
}

function allRefs(snapshot: LocalSnapshot): ChunkRef[] {
  return [...snapshot.db.chunks, ...Object.values(snapshot.blobs).flatMap((b) => b.chunks)];
}

interface TargetRun {
  readonly snapshot: string;
  readonly objectsUploaded: number;
  readonly bytesUploaded: number;
}

/** Under the run's lock: key object, audit check, missing objects, the manifest (commit point), then the post-backup checks. */
async function writeSnapshot(ctx: BackupContext, repo: Repository, target: TargetRecord, shared: () => LocalSnapshot, progress?: RunProgress) {
  await ensureKeyObject(repo, ctx.header(), ctx.backupKey);
  const { manifests } = await loadManifests(repo);
  assertOpen(ctx);
  const problem = checkAuditAgainst(ctx, manifests);
  if (problem) throw new ValidationError(problem);
  const reconcileDue = target.reconciled_at === null || ctx.now().getTime() - Date.parse(target.reconciled_at) > RECONCILE_EVERY_MS;
  const known = reconcileDue ? await reconcile(ctx, repo, target) : knownObjects(ctx, target.id);
  const snapshot = shared();
  const uploaded = await uploadMissing(ctx, repo, target, allRefs(snapshot), known, progress);
  const snapshotId = newObjectName();
  const manifest = manifestOf(ctx, snapshot, snapshotId);
  // The commit point: until this object exists the run left only orphans, which the next run reuses.
  const body = sealManifest(repo.keys, manifest);
  await repo.store.put(repo.paths.snapshot(snapshotId), body);
  const existence = await checkExistence(repo, manifest);
  const sample = await checkSample(ctx, repo, target, manifest);
  recordVerify(ctx, target, manifest, ['exists', 'sample'], [...existence.problems, ...sample.problems], existence.checked + sample.checked);
  const forgotten = await applyRetention(ctx, repo, [...manifests, manifest]);
  const run: TargetRun = { snapshot: snapshotId, objectsUploaded: uploaded.objects + 1, bytesUploaded: uploaded.bytes + body.length };
  return { run, forgotten };
}

async function backupTo(ctx: BackupContext, target: TargetRecord, keys: RepositoryKeys, shared: () => LocalSnapshot, progress?: RunProgress): Promise<TargetRun> {
  const store = openS3Store(await connectionOf(target, ctx.keychain), ctx.timeouts);
  const repo = openRepository(store, target.name, target.prefix, ctx.header().vaultId, keys);
  try {
    const lock = await acquireLock(repo, 'backup', ctx.now());
    let outcome: Awaited<ReturnType<typeof writeSnapshot>>;
    try {
      outcome = await writeSnapshot(ctx, repo, target, shared, progress);
    } finally {
      // A lock that cannot be removed now goes stale after STALE_LOCK_MS; the snapshot is committed either way.
      await lock.release().catch(() => undefined);
    }
    // Retention forgot snapshots: their objects go too, unless another device holds a lock (then next time).
    if (outcome.forgotten > 0) {
      await pruneRepository(ctx, repo, target.id).catch((error: unknown) => {
        if (!(error instanceof UnavailableError)) throw error;
      });
    }
    return outcome.run;
  } finally {
    store.close();
  }
}

function messageOf(error: unknown): string {
  return error instanceof SealbookError ? error.message : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Backs up to every target (or the named one) in parallel; one failing never
 * stops another. Each target's state and its audit row commit together.
 */
export async function runBackups(ctx: BackupContext, options: { target?: string | undefined; names?: readonly string[]; progress?: RunProgress } = {}): Promise<BackupRunResult> {
  assertOpen(ctx);
  const wanted = options.target === undefined ? options.names : [options.target];
  const targets = wanted === undefined ? listTargetRows(ctx) : wanted.map((name) => targetByName(ctx, name));
  if (targets.length === 0) throw new ValidationError('There is no backup target yet. Add one first (Backups, or `sealbook backup target add`).');
  const keys = repositoryKeys(ctx.backupKey);
  let snapshot: LocalSnapshot | null = null;
  // Prepared on first use, inside a run, so a vault with only unreachable targets copies nothing.
  const shared = (): LocalSnapshot => (snapshot ??= prepareSnapshot(ctx, keys));
  try {
    const results = await Promise.all(
      targets.map(async (target): Promise<TargetRunResult> => {
        const startedAt = ctx.now().toISOString();
        try {
          const run = await backupTo(ctx, target, keys, shared, options.progress);
          const size = snapshot ? snapshot.db.size + Object.values(snapshot.blobs).reduce((s, b) => s + b.size, 0) : 0;
          const objects = snapshot ? new Set(allRefs(snapshot).map((r) => r.id)).size : 0;
          ctx.transaction(() => {
            ctx.db
              .prepare('UPDATE backup_targets SET last_run_at = ?, last_ok_at = ?, last_snapshot = ?, last_size = ?, last_objects = ?, last_error = NULL WHERE id = ?')
              .run(startedAt, ctx.now().toISOString(), run.snapshot, size, objects, target.id);
            ctx.audit({ action: 'backup.run', subject: target.name, details: { ok: true, ...run } });
          });
          return { name: target.name, ok: true, ...run };
        } catch (error) {
          const message = messageOf(error);
          if (ctx.isOpen()) {
            ctx.transaction(() => {
              ctx.db.prepare('UPDATE backup_targets SET last_run_at = ?, last_error = ? WHERE id = ?').run(startedAt, message, target.id);
              ctx.audit({ action: 'backup.run', subject: target.name, details: { ok: false, error: message } });
            });
          }
          return { name: target.name, ok: false, snapshot: null, objectsUploaded: 0, bytesUploaded: 0, error: message };
        }
      }),
    );
    return { targets: results };
  } finally {
    (snapshot as LocalSnapshot | null)?.dispose();
    zeroKeys(keys);
  }
}
