import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { ConflictError, ValidationError } from '../errors.js';
import { BLOBS_DIR } from '../vault/blobs.js';
import { DB_FILE } from '../vault/folder.js';
import { HEADER_FILE } from '../vault/header.js';
import type { BackupContext } from './context.js';
import { CHUNK_BYTES, objectId } from './format.js';
import type { Manifest, RepositoryKeys } from './format.js';

/** One object to upload: where its plaintext is, and its id. */
export interface ChunkRef {
  readonly id: string;
  readonly file: string;
  readonly offset: number;
  readonly length: number;
}

export interface FilePlan {
  readonly size: number;
  readonly sha256: string;
  readonly chunks: readonly ChunkRef[];
}

/** What a run backs up, prepared once and shared by every target. */
export interface LocalSnapshot {
  readonly header: string;
  readonly db: FilePlan;
  readonly blobs: Readonly<Record<string, FilePlan>>;
  readonly audit: Manifest['audit'];
  readonly counts: Readonly<Record<string, number>>;
  dispose(): void;
}

const COPY_ATTEMPTS = 5;

/**
 * Copies vault.db's raw encrypted bytes (DESIGN §7): checkpoint the WAL into
 * the file, open a read transaction so no checkpoint can change the file
 * under us, and copy it while the WAL is empty (else another process wrote in
 * between and the file alone is not the snapshot: try again). `alsoRead`
 * runs inside the same read transaction, so what it reads matches the copy.
 * Never VACUUM INTO or the backup API: they rewrite every page, and every
 * chunk would change.
 */
export function copyDatabase<T>(db: Database.Database, dbPath: string, dest: string, alsoRead: () => T): T {
  if (db.inTransaction) throw new ConflictError('The vault is in the middle of a change. Back up again in a moment.');
  for (let attempt = 0; attempt < COPY_ATTEMPTS; attempt += 1) {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('BEGIN');
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      if (walSize(dbPath) === 0) {
        copyFileSync(dbPath, dest);
        return alsoRead();
      }
    } finally {
      db.exec('COMMIT');
    }
  }
  throw new ConflictError('Another program keeps writing to the vault. Close it and back up again.');
}

function walSize(dbPath: string): number {
  try {
    return statSync(`${dbPath}-wal`).size;
  } catch {
    return 0;
  }
}

/** Splits a file into 1 MiB chunks (page-aligned: SQLCipher pages are 4 KiB) and names each by its HMAC. */
export function planFile(keys: RepositoryKeys, file: string): FilePlan {
  const size = statSync(file).size;
  const hash = createHash('sha256');
  const chunks: ChunkRef[] = [];
  const buffer = Buffer.alloc(CHUNK_BYTES);
  const fd = openSync(file, 'r');
  try {
    const count = Math.max(1, Math.ceil(size / CHUNK_BYTES));
    for (let index = 0; index < count; index += 1) {
      const offset = index * CHUNK_BYTES;
      const length = readSync(fd, buffer, 0, CHUNK_BYTES, offset);
      const chunk = buffer.subarray(0, length);
      hash.update(chunk);
      chunks.push({ id: objectId(keys, chunk), file, offset, length });
    }
  } finally {
    closeSync(fd);
  }
  return { size, sha256: hash.digest('hex'), chunks };
}

export function readChunk(ref: ChunkRef): Buffer {
  const buffer = Buffer.alloc(ref.length);
  const fd = openSync(ref.file, 'r');
  try {
    readSync(fd, buffer, 0, ref.length, ref.offset);
  } finally {
    closeSync(fd);
  }
  return buffer;
}

/** Row count of every table: the test-restore compares them. Table names come from sqlite_master, not input. */
export function tableCounts(db: Database.Database): Record<string, number> {
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    counts[name] = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`).get()?.n ?? 0;
  }
  return counts;
}

export function auditHeadOf(db: Database.Database): Manifest['audit'] {
  const head = db.prepare<[], { seq: number; mac: string }>('SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1').get();
  return { seq: head?.seq ?? 0, mac: head?.mac ?? '' };
}

/**
 * Takes the DB copy, head, counts and header in one synchronous step
 * (nothing else runs on this connection meanwhile), then plans every blob
 * file: the documents of every blob row, whatever feature stored them.
 */
export function prepareSnapshot(ctx: BackupContext, keys: RepositoryKeys): LocalSnapshot {
  const work = mkdtempSync(join(tmpdir(), 'sealbook-backup-'));
  try {
    const dbCopy = join(work, DB_FILE);
    const { audit, counts, blobIds } = copyDatabase(ctx.db, join(ctx.vaultDir, DB_FILE), dbCopy, () => ({
      audit: auditHeadOf(ctx.db),
      counts: tableCounts(ctx.db),
      blobIds: ctx.db.prepare<[], { id: string }>('SELECT id FROM blobs ORDER BY id').all().map((r) => r.id),
    }));
    const header = readFileSync(join(ctx.vaultDir, HEADER_FILE), 'utf8');
    const db = planFile(keys, dbCopy);
    const blobs: Record<string, FilePlan> = {};
    for (const id of blobIds) {
      const file = join(ctx.vaultDir, BLOBS_DIR, id);
      if (!existsSync(file)) {
        throw new ValidationError(`Document ${id} is in the vault's database but its file is missing from blobs/, so no complete backup can be made. Restore that file (or the vault) from an earlier backup.`);
      }
      blobs[id] = planFile(keys, file);
    }
    return { header, db, blobs, audit, counts, dispose: () => rmSync(work, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}
