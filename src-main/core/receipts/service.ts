import type { ReceiptDetail, ReceiptFile, ReceiptsSettings, RetentionPreset } from '../../../src-shared/contract-receipts.js';
import { today } from '../invoices/context.js';
import { RetentionError } from '../errors.js';
import type { ReceiptsContext } from './context.js';
import { deletableFrom, readPreset, rulesFor, underRetention, writePreset } from './retention.js';
import { receiptDetail, storedReceipt } from './store.js';

/** Reading, opening, exporting and deleting archived receipts; the receipts settings. */
export function getReceipt(ctx: ReceiptsContext, id: string): ReceiptDetail {
  const row = storedReceipt(ctx.db, id);
  return receiptDetail(ctx.db, id, row.size);
}

/**
 * The sealed rendition (the default) or the original bytes as received.
 * `action` is what the audit row says: opening to view and exporting are
 * both sensitive reads (DESIGN §4).
 */
export function receiptFile(ctx: ReceiptsContext, id: string, original: boolean, action: 'receipts.open' | 'receipts.export'): ReceiptFile {
  const row = storedReceipt(ctx.db, id);
  const bytes = ctx.blobs.get(original ? row.original_blob_id : row.rendition_blob_id);
  const base = row.file_name.replace(/^.*› /, '').replace(/[\\/:*?"<>|]+/g, '_');
  const fileName = original ? (row.via_mail === 1 ? (row.file_name.split(' › ')[0] ?? base) : base) : `${base.replace(/\.[^.]+$/, '')}.sealed.pdf`;
  ctx.audit({ action, subject: `receipt:${id}`, details: { original, fileName } });
  return {
    base64: bytes.toString('base64'),
    fileName,
    mime: original ? row.original_mime : 'application/pdf',
    sha256: original ? row.sha256 : '',
  };
}

/**
 * Deletion is refused until the retention period has ended, with the date it
 * becomes possible; the refusal is audited too (issue 7 item 6).
 */
export function deleteReceipt(ctx: ReceiptsContext, id: string): void {
  const row = storedReceipt(ctx.db, id);
  if (underRetention(row.retain_until, today(ctx))) {
    const from = deletableFrom(row.retain_until);
    ctx.audit({ action: 'receipts.delete.refused', subject: `receipt:${id}`, details: { retainUntil: row.retain_until, deletableFrom: from } });
    throw new RetentionError(`${row.file_name} must be kept until ${row.retain_until} (legal retention); it can be deleted from ${from}.`, {
      retainUntil: row.retain_until,
      deletableFrom: from,
    });
  }
  if (row.expense_status === 'confirmed') {
    ctx.audit({ action: 'receipts.delete.refused', subject: `receipt:${id}`, details: { reason: 'confirmed expense' } });
    throw new RetentionError(`${row.file_name} backs a confirmed expense; it stays as long as the books keep that expense.`);
  }
  ctx.transaction(() => {
    ctx.db.prepare('DELETE FROM receipt_search WHERE rowid = (SELECT rowid FROM receipts WHERE id = ?)').run(id);
    ctx.db.prepare('DELETE FROM expense_receipts WHERE receipt_id = ?').run(id);
    if (row.expense_id !== null) {
      ctx.db.prepare(`DELETE FROM expenses WHERE id = ? AND status = 'draft' AND NOT EXISTS (SELECT 1 FROM expense_receipts WHERE expense_id = ?)`).run(row.expense_id, row.expense_id);
    }
    ctx.db.prepare('DELETE FROM receipts WHERE id = ?').run(id);
    ctx.blobs.delete(row.rendition_blob_id);
    // A mail is the original of each of its attachments: it goes with the last one.
    const shared = ctx.db.prepare('SELECT 1 FROM receipts WHERE original_blob_id = ?').get(row.original_blob_id);
    if (!shared) ctx.blobs.delete(row.original_blob_id);
    ctx.audit({ action: 'receipts.delete', subject: `receipt:${id}`, details: { file: row.file_name, retainUntil: row.retain_until } });
  });
}

const WATCH_KEY = 'receipts.watch_folder';

export function readWatchFolder(ctx: Pick<ReceiptsContext, 'db'>): string | null {
  const row = ctx.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(WATCH_KEY);
  return row && row.value !== '' ? row.value : null;
}

export function receiptsSettings(ctx: ReceiptsContext): ReceiptsSettings {
  const preset = readPreset(ctx.db);
  return { watchFolder: readWatchFolder(ctx), retentionPreset: preset, rules: rulesFor(preset) };
}

export function updateReceiptsSettings(ctx: ReceiptsContext, patch: { watchFolder?: string | null | undefined; retentionPreset?: RetentionPreset | undefined }): ReceiptsSettings {
  ctx.transaction(() => {
    if (patch.watchFolder !== undefined) {
      ctx.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(WATCH_KEY, patch.watchFolder ?? '');
    }
    if (patch.retentionPreset !== undefined) writePreset(ctx.db, patch.retentionPreset);
    ctx.audit({ action: 'receipts.updateSettings', subject: 'receipts', details: { watchFolder: patch.watchFolder ?? null, retentionPreset: patch.retentionPreset ?? null } });
  });
  return receiptsSettings(ctx);
}
