/** Shared by the benchmarks: a throw-away SQLCipher vault context and the median. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { appendAudit } from '../../src-main/core/audit/chain.js';
import { migrate } from '../../src-main/core/db/migrate.js';
import { openEncryptedDb } from '../../src-main/core/db/open.js';
import type { InvoicingContext } from '../../src-main/core/invoices/context.js';
import { BlobStore } from '../../src-main/core/vault/blobs.js';

export interface BenchVault {
  readonly ctx: InvoicingContext;
  readonly db: Database.Database;
  close(): void;
}

/** A migrated, encrypted vault DB with a blob store and an audit chain, in a temporary folder. */
export function openBenchVault(prefix: string): BenchVault {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = openEncryptedDb(join(dir, 'vault.db'), randomBytes(32));
  migrate(db);
  const auditKey = randomBytes(32);
  const ctx: InvoicingContext = {
    db,
    blobs: new BlobStore(dir, () => db),
    now: () => new Date(),
    actor: 'bench',
    transaction: (fn) => db.transaction(fn)(),
    audit: (entry) => {
      appendAudit(db, auditKey, { ...entry, actor: 'bench', at: new Date() });
    },
  };
  return { ctx, db, close: () => { db.close(); rmSync(dir, { recursive: true, force: true }); } };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
