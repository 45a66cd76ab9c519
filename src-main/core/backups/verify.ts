import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { VerifyReport, VerifyTier } from '../../../src-shared/backups.js';
import { verifyAudit } from '../audit/verify.js';
import { BlobStore } from '../vault/blobs.js';
import { DB_FILE } from '../vault/folder.js';
import type { BackupContext } from './context.js';
import { assertOpen } from './context.js';
import type { Manifest } from './format.js';
import { openObject, referencedIds, repositoryKeys, zeroKeys } from './format.js';
import type { Repository } from './repository.js';
import { loadManifests, openRepository } from './repository.js';
import { materialize } from './restore-files.js';
import { auditHeadOf, tableCounts } from './source.js';
import { openS3Store } from './store.js';
import type { TargetRecord } from './targets.js';
import { connectionOf, targetByName } from './targets.js';

const SAMPLE_SIZE = 8;

/**
 * A vault whose audit log was cut short, or rewritten, no longer holds the
 * head an earlier backup recorded. Checked before every backup (so a cut log
 * is never backed up over the good copies) and in verify.
 */
export function checkAuditAgainst(ctx: Pick<BackupContext, 'db'>, manifests: readonly Manifest[]): string | null {
  const head = auditHeadOf(ctx.db);
  const row = ctx.db.prepare<[number], { mac: string }>('SELECT mac FROM audit_log WHERE seq = ?');
  for (const manifest of [...manifests].reverse()) {
    const recorded = manifest.audit;
    if (recorded.seq === 0) continue;
    if (head.seq < recorded.seq) {
      return `The audit log ends at row ${String(head.seq)}, but the backup of ${manifest.createdAt} (snapshot ${manifest.snapshotId}) recorded row ${String(recorded.seq)}: rows were removed from this vault. Do not keep working in it; restore that snapshot and compare.`;
    }
    if (row.get(recorded.seq)?.mac !== recorded.mac) {
      return `Audit row ${String(recorded.seq)} differs from the one the backup of ${manifest.createdAt} (snapshot ${manifest.snapshotId}) recorded: the audit log was rewritten. Restore that snapshot and compare.`;
    }
  }
  return null;
}

/** Tier 1: every object the manifest refers to is listed on the target. */
export async function checkExistence(repo: Repository, manifest: Manifest): Promise<{ checked: number; problems: string[] }> {
  const listed = new Set((await repo.store.list(repo.paths.data)).map((o) => o.key.slice(repo.paths.data.length)));
  const ids = referencedIds(manifest);
  const problems = [...ids].filter((id) => !listed.has(id)).map((id) => `Object data/${id} of snapshot ${manifest.snapshotId} is missing on target "${repo.name}".`);
  return { checked: ids.size, problems };
}

async function checkObjects(repo: Repository, ids: readonly string[], usedBy: string): Promise<string[]> {
  const problems: string[] = [];
  for (const id of ids) {
    try {
      const plain = openObject(repo.keys, id, await repo.store.get(repo.paths.dataObject(id)));
      if (!plain) problems.push(`Object data/${id} (${usedBy}) on target "${repo.name}" is damaged (it does not decrypt to its id).`);
    } catch (error) {
      problems.push(`Object data/${id} (${usedBy}) on target "${repo.name}" could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

/** Tier 2: a rotating sample is downloaded, decrypted and checked against its id. */
export async function checkSample(ctx: BackupContext, repo: Repository, target: TargetRecord, manifest: Manifest): Promise<{ checked: number; problems: string[] }> {
  const ids = [...referencedIds(manifest)].sort();
  if (ids.length === 0) return { checked: 0, problems: [] };
  const start = target.sample_cursor % ids.length;
  const sample = Array.from({ length: Math.min(SAMPLE_SIZE, ids.length) }, (_, i) => ids[(start + i) % ids.length] ?? '');
  const problems = await checkObjects(repo, sample, `snapshot ${manifest.snapshotId}`);
  assertOpen(ctx);
  ctx.db.prepare('UPDATE backup_targets SET sample_cursor = ? WHERE id = ?').run((start + sample.length) % ids.length, target.id);
  return { checked: sample.length, problems };
}

/**
 * Tier 3, a full test-restore into a temporary folder: DB bytes equal to the
 * manifest, integrity_check ok, audit chain verifies, counts equal, and every
 * document's hash matches.
 */
export async function checkRestoredVault(db: Database.Database, vaultDir: string, auditKey: Buffer, manifest: Manifest): Promise<string[]> {
  const problems: string[] = [];
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') problems.push(`The restored database of snapshot ${manifest.snapshotId} fails integrity_check: ${String(integrity)}.`);
  const audit = await verifyAudit(db, auditKey);
  if (!audit.ok) problems.push(`The audit chain of snapshot ${manifest.snapshotId} breaks at row ${String(audit.firstBadSeq ?? '?')}.`);
  const counts = tableCounts(db);
  for (const [table, expected] of Object.entries(manifest.counts)) {
    if (counts[table] !== expected) problems.push(`Table ${table} of snapshot ${manifest.snapshotId} has ${String(counts[table] ?? 0)} rows; the backup recorded ${String(expected)}.`);
  }
  const blobs = new BlobStore(vaultDir, () => db);
  for (const { id } of db.prepare<[], { id: string }>('SELECT id FROM blobs').all()) {
    try {
      blobs.get(id);
    } catch (error) {
      problems.push(`Document ${id} of snapshot ${manifest.snapshotId} does not restore: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

async function fullRestoreCheck(ctx: BackupContext, repo: Repository, manifest: Manifest): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sealbook-test-restore-'));
  try {
    const written = await materialize(repo, manifest, dir);
    if (written.length > 0) return written;
    assertOpen(ctx);
    let db: Database.Database;
    try {
      db = ctx.openDatabaseCopy(join(dir, DB_FILE));
    } catch {
      return [`Snapshot ${manifest.snapshotId} was made before the vault key was last rotated; back up again, then verify.`];
    }
    try {
      return await checkRestoredVault(db, dir, ctx.auditKey, manifest);
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function recordVerify(ctx: BackupContext, target: TargetRecord, manifest: Manifest | null, tiers: readonly VerifyTier[], problems: readonly string[], checked: number): VerifyReport {
  const report: VerifyReport = { target: target.name, snapshot: manifest?.snapshotId ?? null, ok: problems.length === 0, tiers, checkedObjects: checked, problems };
  const at = ctx.now().toISOString();
  const message = problems.length === 0 ? `${tiers.join(', ')}: ${String(checked)} objects ok` : problems.slice(0, 3).join(' ');
  ctx.transaction(() => {
    ctx.db
      .prepare(`UPDATE backup_targets SET last_verify_at = ?, last_verify_ok = ?, last_verify_msg = ?${tiers.includes('full') ? ', last_full_verify_at = ?' : ''} WHERE id = ?`)
      .run(...[at, report.ok ? 1 : 0, message, ...(tiers.includes('full') ? [at] : []), target.id]);
    ctx.audit({ action: 'backup.verify', subject: target.name, details: { ok: report.ok, snapshot: report.snapshot, tiers: tiers.join(','), checked, problems: problems.length } });
  });
  return report;
}

/** Verify on demand: every snapshot's objects exist, a sample (or, with `full`, all objects and a test-restore of the latest) checks out. */
export async function verifyTarget(ctx: BackupContext, name: string, full: boolean): Promise<VerifyReport> {
  assertOpen(ctx);
  const target = targetByName(ctx, name);
  const keys = repositoryKeys(ctx.backupKey);
  const store = openS3Store(await connectionOf(target, ctx.keychain), ctx.timeouts);
  try {
    const repo = openRepository(store, target.name, target.prefix, ctx.header().vaultId, keys);
    const { manifests, damaged } = await loadManifests(repo);
    const problems = damaged.map((id) => `Snapshot ${id} on target "${target.name}" is damaged (its manifest does not open).`);
    const latest = manifests.at(-1) ?? null;
    if (!latest) problems.push(`Target "${target.name}" holds no snapshot of this vault yet. Back up first.`);
    const audit = checkAuditAgainst(ctx, manifests);
    if (audit) problems.push(audit);
    let checked = 0;
    for (const manifest of manifests) {
      const existence = await checkExistence(repo, manifest);
      problems.push(...existence.problems);
      checked += existence.checked;
    }
    const tiers: VerifyTier[] = ['exists'];
    if (latest && full) {
      tiers.push('sample', 'full');
      const ids = new Set(manifests.flatMap((m) => [...referencedIds(m)]));
      problems.push(...(await checkObjects(repo, [...ids], `used by ${String(manifests.length)} snapshots`)));
      problems.push(...(await fullRestoreCheck(ctx, repo, latest)));
    } else if (latest) {
      tiers.push('sample');
      problems.push(...(await checkSample(ctx, repo, target, latest)).problems);
    }
    assertOpen(ctx);
    return recordVerify(ctx, target, latest, tiers, [...new Set(problems)], checked);
  } finally {
    store.close();
    zeroKeys(keys);
  }
}
