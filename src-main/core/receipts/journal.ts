import type Database from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import type { ImportOutcome, ImportReport } from '../../../src-shared/contract-receipts.js';
import { REJECT_CODES } from '../../../src-shared/contract-receipts.js';
import { NotFoundError } from '../errors.js';

/**
 * The import journal (issue 7 item 12). An item goes pending -> writing ->
 * done. `writing` is committed with the blob ids about to be written, before
 * any is; `done` commits in the same transaction as the blobs' rows. So
 * after a crash an item is either done (nothing to redo) or its planned ids
 * name every file that may exist without a row: those are removed and the
 * item runs again.
 */
export interface JournalItem {
  readonly seq: number;
  readonly name: string;
  readonly sourcePath: string | null;
  readonly state: 'pending' | 'writing' | 'done';
  readonly plannedBlobs: readonly string[];
}

const outcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('imported'), file: z.string(), receiptId: z.string(), notice: z.string().nullable() }),
  z.object({ status: z.literal('duplicate'), file: z.string(), receiptId: z.string() }),
  z.object({ status: z.literal('rejected'), file: z.string(), code: z.enum(REJECT_CODES), message: z.string() }),
  z.object({ status: z.literal('einvoice'), file: z.string(), supplierInvoiceId: z.string(), number: z.string(), valid: z.boolean(), scope: z.literal('zugferd1-structure').optional() }),
  z.object({ status: z.literal('einvoice-duplicate'), file: z.string(), supplierInvoiceId: z.string(), message: z.string() }),
]);
const outcomesSchema = z.array(outcomeSchema);
const idsSchema = z.array(z.string());

export function createImport(db: Database.Database, id: string, actor: string, at: string): void {
  db.prepare(`INSERT INTO receipt_imports (id, state, started_at, started_by) VALUES (?, 'running', ?, ?)`).run(id, at, actor);
}

export function addItems(db: Database.Database, importId: string, items: readonly { name: string; sourcePath: string | null }[]): number[] {
  const next = (db.prepare('SELECT COALESCE(MAX(seq), -1) + 1 AS n FROM receipt_import_items WHERE import_id = ?').get(importId) as { n: number }).n;
  const insert = db.prepare(`INSERT INTO receipt_import_items (import_id, seq, name, source_path, state) VALUES (?, ?, ?, ?, 'pending')`);
  return db.transaction(() => items.map((item, i) => {
    insert.run(importId, next + i, item.name, item.sourcePath);
    return next + i;
  }))();
}

export function markWriting(db: Database.Database, importId: string, seq: number, plannedBlobs: readonly string[]): void {
  db.prepare(`UPDATE receipt_import_items SET state = 'writing', planned_blobs = ? WHERE import_id = ? AND seq = ?`).run(JSON.stringify(plannedBlobs), importId, seq);
}

/** Inside the transaction that stores the item's receipts. */
export function markDone(db: Database.Database, importId: string, seq: number, outcomes: readonly ImportOutcome[]): void {
  db.prepare(`UPDATE receipt_import_items SET state = 'done', planned_blobs = '[]', outcomes = ? WHERE import_id = ? AND seq = ?`).run(JSON.stringify(outcomes), importId, seq);
}

export function markPending(db: Database.Database, importId: string, seq: number): void {
  db.prepare(`UPDATE receipt_import_items SET state = 'pending', planned_blobs = '[]' WHERE import_id = ? AND seq = ?`).run(importId, seq);
}

export function items(db: Database.Database, importId: string, state?: JournalItem['state']): JournalItem[] {
  const rows = db
    .prepare('SELECT seq, name, source_path, state, planned_blobs FROM receipt_import_items WHERE import_id = ? AND (? IS NULL OR state = ?) ORDER BY seq')
    .all(importId, state ?? null, state ?? null) as { seq: number; name: string; source_path: string | null; state: JournalItem['state']; planned_blobs: string }[];
  return rows.map((r) => ({ seq: r.seq, name: r.name, sourcePath: r.source_path, state: r.state, plannedBlobs: idsSchema.parse(JSON.parse(r.planned_blobs)) }));
}

export function runningImports(db: Database.Database): string[] {
  return (db.prepare(`SELECT id FROM receipt_imports WHERE state = 'running' ORDER BY started_at`).all() as { id: string }[]).map((r) => r.id);
}

export function finishImport(db: Database.Database, importId: string, state: 'done' | 'cancelled', at: string): void {
  db.prepare('UPDATE receipt_imports SET state = ?, finished_at = ? WHERE id = ?').run(state, at, importId);
}

export function importReport(db: Database.Database, importId: string): ImportReport {
  const head = db.prepare('SELECT state FROM receipt_imports WHERE id = ?').get(importId) as { state: ImportReport['state'] } | undefined;
  if (!head) throw new NotFoundError(`There is no import ${importId}.`);
  const rows = db.prepare(`SELECT outcomes FROM receipt_import_items WHERE import_id = ? AND state = 'done' ORDER BY seq`).all(importId) as { outcomes: string }[];
  const imported: ImportReport['imported'][number][] = [];
  const duplicates: ImportReport['duplicates'][number][] = [];
  const rejected: ImportReport['rejected'][number][] = [];
  const einvoices: ImportReport['einvoices'][number][] = [];
  const einvoiceDuplicates: ImportReport['einvoiceDuplicates'][number][] = [];
  for (const row of rows) {
    for (const outcome of outcomesSchema.parse(JSON.parse(row.outcomes))) {
      if (outcome.status === 'imported') imported.push({ file: outcome.file, receiptId: outcome.receiptId, notice: outcome.notice });
      else if (outcome.status === 'duplicate') duplicates.push({ file: outcome.file, receiptId: outcome.receiptId });
      else if (outcome.status === 'rejected') rejected.push({ file: outcome.file, code: outcome.code, message: outcome.message });
      else if (outcome.status === 'einvoice') {
        const { status: _status, ...filed } = outcome;
        einvoices.push(filed);
      }
      else einvoiceDuplicates.push({ file: outcome.file, supplierInvoiceId: outcome.supplierInvoiceId, message: outcome.message });
    }
  }
  return { importId, state: head.state, imported, duplicates, rejected, einvoices, einvoiceDuplicates };
}

/** The final report as CSV (RFC 4180 quoting), one row per file. */
export function reportCsv(report: ImportReport): string {
  const cell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  // `id` is the receipt, or the supplier invoice on e-invoice rows.
  const lines = ['file,outcome,id,code,message'];
  for (const r of report.imported) lines.push([r.file, 'imported', r.receiptId, '', r.notice ?? ''].map(cell).join(','));
  for (const r of report.duplicates) lines.push([r.file, 'duplicate', r.receiptId, '', 'Already archived'].map(cell).join(','));
  for (const r of report.rejected) lines.push([r.file, 'rejected', '', r.code, r.message].map(cell).join(','));
  for (const r of report.einvoices) {
    const verdict = r.scope === 'zugferd1-structure' ? 'ZUGFeRD 1.0, checked for structure only' : r.valid ? 'valid' : 'breaks EN 16931 rules: see its validation report';
    const note = `E-invoice ${r.number}, ${verdict}`;
    lines.push([r.file, 'einvoice', r.supplierInvoiceId, '', note].map(cell).join(','));
  }
  for (const r of report.einvoiceDuplicates) lines.push([r.file, 'einvoice-duplicate', r.supplierInvoiceId, '', r.message].map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
