import type Database from 'better-sqlite3-multiple-ciphers';
import type { ReceiptDetail, ReceiptKind, ReceiptSummary, TextState } from '../../../src-shared/contract-receipts.js';
import { NotFoundError } from '../errors.js';

/** Rows of archived receipts and their search index (FTS5). */
export interface NewReceipt {
  readonly id: string;
  readonly fileName: string;
  readonly kind: ReceiptKind;
  readonly viaMail: boolean;
  readonly partIndex: number | null;
  readonly sha256: string;
  readonly size: number;
  readonly originalBlobId: string;
  readonly originalMime: string;
  readonly renditionBlobId: string;
  readonly pages: number;
  readonly renderNote: string | null;
  readonly documentClass: string;
  readonly retainUntil: string;
  readonly panMasked: boolean;
  readonly importedAt: string;
  readonly importedBy: string;
  readonly importId: string | null;
}

export function insertReceipt(db: Database.Database, r: NewReceipt): void {
  const info = db
    .prepare(
      `INSERT INTO receipts (id, file_name, kind, via_mail, part_index, sha256, size, original_blob_id, original_mime, rendition_blob_id, pages,
         render_note, document_class, retain_until, pan_masked, imported_at, imported_by, import_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(r.id, r.fileName, r.kind, r.viaMail ? 1 : 0, r.partIndex, r.sha256, r.size, r.originalBlobId, r.originalMime, r.renditionBlobId, r.pages,
      r.renderNote, r.documentClass, r.retainUntil, r.panMasked ? 1 : 0, r.importedAt, r.importedBy, r.importId);
  db.prepare('INSERT INTO receipt_search (rowid, receipt_id, file_name, body) VALUES (?, ?, ?, ?)').run(info.lastInsertRowid, r.id, r.fileName, '');
}

export function receiptIdBySha(db: Database.Database, sha256: string): string | null {
  const row = db.prepare('SELECT id FROM receipts WHERE sha256 = ?').get(sha256) as { id: string } | undefined;
  return row?.id ?? null;
}

export interface StoredReceipt {
  readonly id: string;
  readonly file_name: string;
  readonly kind: ReceiptKind;
  readonly via_mail: number;
  readonly part_index: number | null;
  readonly sha256: string;
  readonly size: number;
  readonly original_blob_id: string;
  readonly original_mime: string;
  readonly rendition_blob_id: string;
  readonly pages: number;
  readonly render_note: string | null;
  readonly document_class: string;
  readonly retain_until: string;
  readonly text_state: TextState;
  readonly text_method: string | null;
  readonly pan_masked: number;
  readonly imported_at: string;
  readonly imported_by: string;
  readonly expense_id: string | null;
  readonly expense_status: 'draft' | 'confirmed' | null;
}

const SELECT = `SELECT r.*, e.id AS expense_id, e.status AS expense_status FROM receipts r
  LEFT JOIN expense_receipts x ON x.receipt_id = r.id LEFT JOIN expenses e ON e.id = x.expense_id`;

export function storedReceipt(db: Database.Database, id: string): StoredReceipt {
  const row = db.prepare(`${SELECT} WHERE r.id = ?`).get(id) as StoredReceipt | undefined;
  if (!row) throw new NotFoundError(`There is no receipt ${id} in this vault.`);
  return row;
}

function summary(row: StoredReceipt, snippet?: string): ReceiptSummary {
  return {
    id: row.id,
    fileName: row.file_name,
    kind: row.kind,
    viaMail: row.via_mail === 1,
    pages: row.pages,
    sha256: row.sha256,
    importedAt: row.imported_at,
    importedBy: row.imported_by,
    retainUntil: row.retain_until,
    documentClass: row.document_class,
    textState: row.text_state,
    panMasked: row.pan_masked === 1,
    renderNote: row.render_note,
    expenseId: row.expense_id,
    expenseStatus: row.expense_status,
    ...(snippet === undefined ? {} : { snippet }),
  };
}

/** Search words become FTS5 prefix terms, all required; punctuation never reaches the query syntax. */
export function ftsQuery(search: string): string | null {
  const words = search.match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  return words.slice(0, 12).map((word) => `"${word}"*`).join(' ');
}

export function listReceipts(db: Database.Database, search: string | undefined, offset: number, limit: number): { rows: ReceiptSummary[]; total: number } {
  const query = search === undefined ? null : ftsQuery(search);
  if (query === null) {
    const rows = db.prepare(`${SELECT} ORDER BY r.imported_at DESC, r.rowid DESC LIMIT ? OFFSET ?`).all(limit, offset) as StoredReceipt[];
    const total = (db.prepare('SELECT count(*) AS n FROM receipts').get() as { n: number }).n;
    return { rows: rows.map((row) => summary(row)), total };
  }
  const hits = db
    .prepare(`SELECT receipt_id, snippet(receipt_search, 2, '«', '»', '…', 12) AS snip FROM receipt_search WHERE receipt_search MATCH ? ORDER BY rank LIMIT ? OFFSET ?`)
    .all(query, limit, offset) as { receipt_id: string; snip: string }[];
  const total = (db.prepare('SELECT count(*) AS n FROM receipt_search WHERE receipt_search MATCH ?').get(query) as { n: number }).n;
  return { rows: hits.map((hit) => summary(storedReceipt(db, hit.receipt_id), hit.snip)), total };
}

export function receiptDetail(db: Database.Database, id: string, size: number): ReceiptDetail {
  const row = storedReceipt(db, id);
  const text = db.prepare('SELECT body FROM receipt_search WHERE receipt_id = ?').get(id) as { body: string } | undefined;
  return { ...summary(row), text: text?.body ?? '', textMethod: row.text_method, originalMime: row.original_mime, size };
}

export function storeText(db: Database.Database, id: string, text: string, method: string, panMasked: boolean): void {
  db.prepare(`UPDATE receipts SET text_state = 'done', text_method = ?, pan_masked = MAX(pan_masked, ?) WHERE id = ?`).run(method, panMasked ? 1 : 0, id);
  db.prepare('UPDATE receipt_search SET body = ? WHERE rowid = (SELECT rowid FROM receipts WHERE id = ?)').run(text, id);
}
