import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { CsvMapping, ImportRejection, ImportResult, ReconciliationNote } from '../../../src-shared/bank.js';
import type { WorkerPool } from '../workers/pool.js';
import { sharedPool } from '../workers/pool.js';
import type { BankContext } from './context.js';
import { nowIso } from './context.js';
import type { AccountRow } from './accounts.js';
import { accountRow } from './accounts.js';
import { withBulkWrite } from './bulk.js';
import { compactId } from './ids.js';
import type { StatementFormat } from './parsers/index.js';
import { detectFormat, streamStatementFile } from './parsers/index.js';
import { detectCsvMapping } from './parsers/csv-detect.js';
import { profileForFile, profileMapping } from './profiles.js';
import type { ReadingPart } from './reading.js';
import { readStatementFile } from './reading.js';
import type { ReadingJob } from './reading-thread.js';
import { readOnThread } from './reading-thread.js';
import { reconcile } from './reconcile.js';
import { loadRules } from './rules.js';

export interface ImportInput {
  readonly accountId: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly format?: StatementFormat | 'auto' | undefined;
  readonly profile?: string | undefined;
  readonly mapping?: CsvMapping | undefined;
}

function mappingFor(ctx: BankContext, input: ImportInput): CsvMapping | undefined {
  if (input.mapping) return input.mapping;
  if (input.profile) return profileMapping(ctx, input.profile);
  return profileForFile(ctx, input.bytes)?.mapping ?? detectCsvMapping(input.bytes);
}

/** Below this size the reading half runs on the caller's thread: handing it to another costs more than it saves. */
const THREAD_FROM_BYTES = 1024 * 1024;

export interface ImportOptions {
  /** Where a large file is read while the lines are stored; null reads on the caller's thread. */
  readonly pool?: WorkerPool | null;
}

/**
 * Imports one statement file into one account: parse, mask card numbers,
 * dedup, categorise by rules, reconcile, all in one transaction with its
 * audit row. A bad row is reported with its line; the rest is imported.
 * A large file is read on a worker thread while its first lines are stored.
 */
export function importStatement(ctx: BankContext, input: ImportInput, options: ImportOptions = {}): ImportResult {
  const format = input.format === undefined || input.format === 'auto' ? detectFormat(input.bytes) : input.format;
  const pool = options.pool === undefined ? sharedPool() : options.pool;
  // Only a CSV is read as it streams; the other formats are parsed whole before their first line, so a large one
  // would keep this thread waiting without a sign of life for as long as the parse takes.
  const onThread = pool !== null && format === 'csv' && input.bytes.byteLength >= THREAD_FROM_BYTES;
  // The thread starts while the mapping is found here.
  if (onThread) pool.warm();
  const account = accountRow(ctx, input.accountId);
  const job: ReadingJob = {
    bytes: input.bytes,
    format,
    csvMapping: format === 'csv' ? mappingFor(ctx, input) : undefined,
    account: { name: account.name, iban: account.iban, currency: account.currency },
    rules: loadRules(ctx),
  };
  const threaded = onThread ? readOnThread(pool, job) : null;
  const parts = threaded?.parts ?? readStatementFile(streamStatementFile(job.bytes, job), job.account, job.rules);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  try {
    return withBulkWrite(ctx.db, () => storeParts(ctx, input, account, format, parts, sha256));
  } finally {
    threaded?.close();
  }
}

/**
 * The dedup keys the account already holds, read by booking date range as
 * the batches of a file reach new dates (one indexed range scan each; a
 * statement's batches mostly follow on). Only ranges not read before are
 * read, so the set never takes in the lines this import adds. A line with a
 * bank id booked on another date than before is not in it; the unique
 * index catches that one on insert.
 */
class KnownKeys {
  private readonly keys = new Set<string>();
  private from: string | null = null;
  private to: string | null = null;
  private readonly between: Database.Statement;
  private readonly below: Database.Statement;
  private readonly above: Database.Statement;

  constructor(db: Database.Database, private readonly accountId: string) {
    const read = (range: string): Database.Statement => db.prepare(`SELECT dedup_key FROM bank_transactions WHERE account_id = ? AND ${range}`).pluck();
    this.between = read('booking_date BETWEEN ? AND ?');
    this.below = read('booking_date >= ? AND booking_date < ?');
    this.above = read('booking_date > ? AND booking_date <= ?');
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  cover(from: string, to: string): void {
    if (this.from === null || this.to === null) {
      this.take(this.between, from, to);
      this.from = from;
      this.to = to;
      return;
    }
    if (from < this.from) {
      this.take(this.below, from, this.from);
      this.from = from;
    }
    if (to > this.to) {
      this.take(this.above, this.to, to);
      this.to = to;
    }
  }

  private take(statement: Database.Statement, from: string, to: string): void {
    for (const key of statement.all(this.accountId, from, to) as string[]) this.keys.add(key);
  }
}

/** The writing half of an import: rows, search index, statements and the audit row in one transaction. */
function storeParts(ctx: BankContext, input: ImportInput, account: AccountRow, format: StatementFormat, parts: Iterable<ReadingPart>, sha256: string): ImportResult {
  return ctx.transaction(() => {
    const earlier = ctx.db
      .prepare('SELECT created_at FROM bank_imports WHERE account_id = ? AND sha256 = ? ORDER BY created_at LIMIT 1')
      .get(account.id, sha256) as { created_at: string } | undefined;
    const importId = compactId();
    // Rowids only grow (INTEGER PRIMARY KEY): the rows added here are those above this one.
    let indexedUpTo = (ctx.db.prepare('SELECT coalesce(max(id), 0) AS id FROM bank_transactions').get() as { id: number }).id;
    let newestId = indexedUpTo;
    // The search index takes each batch's new rows in one statement (not one FTS write per row), while the
    // next batch is still being read; FTS5 keeps the terms in memory and writes them at the commit.
    const index = ctx.db.prepare('INSERT INTO bank_transactions_fts (rowid, payee, text, reference) SELECT id, payee, text, reference FROM bank_transactions WHERE id > ? AND id <= ?');
    const insert = ctx.db.prepare(
      `INSERT OR IGNORE INTO bank_transactions (account_id, import_id, booking_date, value_date, amount, payee, text, reference, bank_id, dedup_key, category_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    ctx.db
      .prepare("INSERT INTO bank_imports (id, account_id, file_name, sha256, format, new_count, duplicates, rejected, created_at, created_by) VALUES (?, ?, ?, ?, ?, 0, 0, '[]', ?, ?)")
      .run(importId, account.id, input.fileName, sha256, format, nowIso(ctx), ctx.actor);
    let added = 0;
    let duplicates = 0;
    let rejected: readonly ImportRejection[] = [];
    const notes: ReconciliationNote[] = [];
    const known = new KnownKeys(ctx.db, account.id);
    for (const part of parts) {
      if (part.kind === 'lines') {
        const b = part.batch;
        known.cover(b.firstDate, b.lastDate);
        for (let i = 0; i < b.key.length; i += 1) {
          const key = b.key[i] ?? '';
          // A line seen before costs a set lookup, not a failed insert; the unique index still decides the rest.
          if (known.has(key)) {
            duplicates += 1;
            continue;
          }
          const stored = insert.run(account.id, importId, b.bookingDate[i], b.valueDate[i], b.amount[i], b.payee[i], b.text[i], b.reference[i], b.bankId[i], key, b.category[i]);
          if (stored.changes === 1) {
            added += 1;
            newestId = Number(stored.lastInsertRowid);
          } else {
            duplicates += 1;
          }
        }
        if (newestId > indexedUpTo) {
          index.run(indexedUpTo, newestId);
          indexedUpTo = newestId;
        }
      } else if (part.kind === 'statement') {
        const f = part.figures;
        if (f && !earlier) {
          const note = reconcile(ctx, account.id, account.currency, f);
          notes.push(note);
          ctx.db
            .prepare('INSERT INTO bank_statements (import_id, account_id, stated_account, opening, opening_date, closing, closing_date, lines, total, ok, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
            .run(importId, account.id, f.statedAccount, f.opening, f.openingDate, f.closing, f.closingDate, f.lines, f.total, note.ok ? 1 : 0, note.message);
        }
      } else {
        rejected = part.rejected;
      }
    }
    if (earlier && added === 0) {
      // Nothing changed: no import row stays behind for a file seen before.
      ctx.db.prepare('DELETE FROM bank_imports WHERE id = ?').run(importId);
    } else {
      ctx.db.prepare('UPDATE bank_imports SET new_count = ?, duplicates = ?, rejected = ? WHERE id = ?').run(added, duplicates, JSON.stringify(rejected), importId);
    }
    const message = earlier && added === 0
      ? `This file was already imported on ${earlier.created_at.slice(0, 10)}: nothing was added (${String(duplicates)} lines known).`
      : `${String(added)} new line${added === 1 ? '' : 's'}, ${String(duplicates)} already known${rejected.length > 0 ? `, ${String(rejected.length)} rejected` : ''}.`;
    ctx.audit({
      action: 'bank.import',
      subject: `bank-account:${account.id}`,
      details: { file: input.fileName, sha256, format, new: added, duplicates, rejected: rejected.length, alreadyImported: earlier !== undefined },
    });
    return {
      importId: earlier && added === 0 ? null : importId,
      format,
      new: added,
      duplicates,
      rejected,
      alreadyImported: earlier !== undefined,
      importedBefore: earlier?.created_at.slice(0, 10) ?? null,
      reconciliation: notes,
      message,
    };
  });
}
