import type { PruneResult } from '../../../src-shared/backups.js';
import type { BackupContext } from './context.js';
import type { Manifest } from './format.js';
import { referencedIds } from './format.js';
import type { Repository } from './repository.js';
import { acquireLock, loadManifests } from './repository.js';

/** DESIGN §7 / issue 9: 7 daily, 4 weekly, 12 monthly, and yearly for 10 years. */
export const RETENTION = { daily: 7, weekly: 4, monthly: 12, yearly: 10 } as const;
/** Every snapshot of the last day is kept too, so "Back up now" twice never forgets the first at once. */
const KEEP_WITHIN_MS = 24 * 60 * 60 * 1000;
/** An unreferenced object younger than this may belong to a run still uploading elsewhere: prune leaves it. */
export const PRUNE_SAFETY_MARGIN_MS = 24 * 60 * 60 * 1000;

function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return `${String(d.getUTCFullYear())}-W${String(Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7))}`;
}

/**
 * Which snapshots to keep (restic's keep-daily/weekly/monthly/yearly): for
 * each bucket kind, the newest snapshot of each of the last N periods that
 * have one. The newest snapshot, and all of the day before it, are always kept.
 */
export function snapshotsToKeep(createdAt: readonly string[]): Set<number> {
  const order = createdAt.map((at, index) => ({ at: new Date(at), index })).sort((a, b) => b.at.getTime() - a.at.getTime());
  const keep = new Set<number>();
  const newest = order[0]?.at.getTime() ?? 0;
  for (const { at, index } of order) if (newest - at.getTime() < KEEP_WITHIN_MS) keep.add(index);
  const rules: [number, (d: Date) => string][] = [
    [RETENTION.daily, (d) => d.toISOString().slice(0, 10)],
    [RETENTION.weekly, isoWeek],
    [RETENTION.monthly, (d) => d.toISOString().slice(0, 7)],
    [RETENTION.yearly, (d) => d.toISOString().slice(0, 4)],
  ];
  for (const [count, period] of rules) {
    const seen = new Set<string>();
    for (const { at, index } of order) {
      const key = period(at);
      if (seen.has(key)) continue;
      if (seen.size >= count) break;
      seen.add(key);
      keep.add(index);
    }
  }
  return keep;
}

/** Deletes the manifests retention does not keep; returns how many went. */
export async function applyRetention(_ctx: BackupContext, repo: Repository, manifests: readonly Manifest[]): Promise<number> {
  const keep = snapshotsToKeep(manifests.map((m) => m.createdAt));
  let forgotten = 0;
  for (const [index, manifest] of manifests.entries()) {
    if (keep.has(index)) continue;
    await repo.store.delete(repo.paths.snapshot(manifest.snapshotId));
    forgotten += 1;
  }
  return forgotten;
}

/**
 * Deletes data objects no snapshot refers to, under an exclusive lock and
 * only when older than the safety margin, and drops them from the local record.
 */
export async function pruneRepository(ctx: BackupContext, repo: Repository, targetId: string): Promise<PruneResult> {
  const lock = await acquireLock(repo, 'prune', ctx.now());
  try {
    const { manifests, damaged } = await loadManifests(repo);
    // A manifest that does not open might still reference objects: deleting on a partial picture could lose data.
    if (damaged.length > 0) return { snapshotsForgotten: 0, objectsDeleted: 0, skipped: `Snapshots ${damaged.join(', ')} do not open; prune deletes nothing until they are removed.` };
    const forgotten = await applyRetention(ctx, repo, manifests);
    const kept = (await loadManifests(repo)).manifests;
    const referenced = new Set(kept.flatMap((m) => [...referencedIds(m)]));
    const cutoff = ctx.now().getTime() - PRUNE_SAFETY_MARGIN_MS;
    const forget = ctx.db.prepare('DELETE FROM backup_objects WHERE target_id = ? AND object_id = ?');
    let deleted = 0;
    for (const object of await repo.store.list(repo.paths.data)) {
      const id = object.key.slice(repo.paths.data.length);
      if (referenced.has(id) || object.lastModified.getTime() > cutoff) continue;
      forget.run(targetId, id);
      await repo.store.delete(object.key);
      deleted += 1;
    }
    ctx.audit({ action: 'backup.prune', subject: repo.name, details: { snapshotsForgotten: forgotten, objectsDeleted: deleted } });
    return { snapshotsForgotten: forgotten, objectsDeleted: deleted };
  } finally {
    await lock.release().catch(() => undefined);
  }
}
