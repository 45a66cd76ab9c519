import { createHash, randomUUID } from 'node:crypto';
import type { ReceiveOutcome, SupplierInvoice, SupplierInvoiceStatus, SupplierInvoiceSummary } from '../../../src-shared/einvoice.js';
import { ConflictError, NotFoundError, RetentionError, SealbookError, ValidationError } from '../errors.js';
import { postPurchasePayments, postSource } from '../books/sources/index.js';
import type { InvoicingContext } from '../invoices/context.js';
import { nowIso } from '../invoices/context.js';
import type { ParsedEInvoice } from './model.js';
import { expandFile } from '../receipts/content.js';
import { classify } from '../receipts/sniff.js';
import { isEInvoice, readEInvoice } from './read.js';
import type { ReadEInvoice } from './read.js';
import { RENDITION_BLOB_KIND, sealedRendition } from './rendition.js';
import { sharedPool } from '../workers/pool.js';
import { serialiseParsed, supplierRow, toSummary, toSupplierInvoice } from './supplier-store.js';
import type { SupplierRow } from './supplier-store.js';

/**
 * Receiving e-invoices (issue 10 items 5-7). The original file is kept
 * byte-exact as the legal original; its row, its blob and the audit entry
 * commit together, so a failure stores nothing half. Invoices that break
 * EN 16931 rules are still filed (they were received) but marked invalid
 * and cannot be confirmed until the sender corrects them.
 */
export const RETENTION_YEARS = 10;

/** The first invoice with the same seller and number, or the same bytes. */
export class DuplicateEInvoiceError extends ConflictError {
  constructor(
    fileName: string,
    readonly existingId: string,
    why: 'bytes' | 'number',
  ) {
    super(
      why === 'bytes'
        ? `${fileName} was already received (same file); see supplier invoice ${existingId}.`
        : `${fileName} repeats an invoice number this seller already sent; see supplier invoice ${existingId}.`,
      { existingId },
    );
  }
}

/** 10 years from the end of the calendar year the invoice was received in (GoBD, § 147 AO). */
export function retentionDate(receivedAt: Date): string {
  return `${receivedAt.getUTCFullYear() + RETENTION_YEARS}-12-31`;
}

/** Who the seller is for duplicate checks: VAT id, else legal id, else name. */
function sellerKey(parsed: ParsedEInvoice): string {
  const id = parsed.seller.vatId ?? parsed.seller.legalId;
  return id !== null ? id.replace(/\s+/g, '').toUpperCase() : `name:${parsed.seller.name.trim().toLowerCase()}`;
}

function findDuplicate(ctx: InvoicingContext, sha256: string, key: string, number: string): { id: string; why: 'bytes' | 'number' } | null {
  const same = ctx.db.prepare('SELECT id FROM supplier_invoices WHERE original_sha256 = ?').get(sha256) as { id: string } | undefined;
  if (same) return { id: same.id, why: 'bytes' };
  const numbered = ctx.db.prepare('SELECT id FROM supplier_invoices WHERE seller_key = ? AND number = ?').get(key, number) as { id: string } | undefined;
  return numbered ? { id: numbered.id, why: 'number' } : null;
}

/** How a caller with its own journal (receipts intake) joins the receive: its blob ids, and its writes in the same transaction. */
export interface ReceiveHooks {
  readonly blobId?: string;
  /** For the sealed rendition a pure XML invoice gets. */
  readonly renditionBlobId?: string;
  readonly inTransaction?: (invoice: SupplierInvoice) => void;
  /** The file already being read and validated (receiveMany reads ahead), used unless the bytes are a duplicate. */
  readonly read?: Promise<ReadEInvoice>;
}

export async function receiveEInvoice(ctx: InvoicingContext, bytes: Uint8Array, fileName: string, hooks: ReceiveHooks = {}): Promise<SupplierInvoice> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const early = ctx.db.prepare('SELECT id FROM supplier_invoices WHERE original_sha256 = ?').get(sha256) as { id: string } | undefined;
  // Same bytes: no need to validate again.
  if (early) throw new DuplicateEInvoiceError(fileName, early.id, 'bytes');
  const read = await (hooks.read ?? readEInvoice(bytes, fileName));
  const { parsed, report } = read;
  const key = sellerKey(parsed);
  const id = randomUUID();
  const receivedAt = ctx.now();
  // A PDF is its own human-readable form; an XML invoice gets a sealed rendition beside it (issue 10 item 6).
  const rendition = read.container === 'xml' ? await sealedRendition(ctx, { parsed, report, fileName, sha256, receivedAt }) : null;
  return ctx.transaction(() => {
    // Checked again inside the transaction: another import may have filed it meanwhile.
    const duplicate = findDuplicate(ctx, sha256, key, parsed.number);
    if (duplicate) throw new DuplicateEInvoiceError(fileName, duplicate.id, duplicate.why);
    const blob = ctx.blobs.put(bytes, { kind: 'supplier_invoice_original', fileName }, hooks.blobId);
    ctx.db
      .prepare(
        `INSERT INTO supplier_invoices (id, status, file_name, container, syntax, original_blob_id, original_sha256, type_code, number,
           issue_date, due_date, currency, seller_name, seller_vat_id, seller_key, gross, data, report, valid, retain_until, received_at, received_by)
         VALUES (@id, 'to_review', @fileName, @container, @syntax, @blobId, @sha256, @typeCode, @number,
           @issueDate, @dueDate, @currency, @sellerName, @sellerVatId, @key, @gross, @data, @report, @valid, @retainUntil, @receivedAt, @actor)`,
      )
      .run({
        id,
        fileName,
        container: read.container,
        syntax: parsed.syntax,
        blobId: blob.id,
        sha256,
        typeCode: parsed.typeCode,
        number: parsed.number,
        issueDate: parsed.issueDate,
        dueDate: parsed.dueDate,
        currency: parsed.currency,
        sellerName: parsed.seller.name,
        sellerVatId: parsed.seller.vatId,
        key,
        gross: parsed.totals.gross,
        data: serialiseParsed(parsed),
        report: JSON.stringify(report),
        valid: report.valid ? 1 : 0,
        retainUntil: retentionDate(receivedAt),
        receivedAt: receivedAt.toISOString(),
        actor: ctx.actor,
      });
    if (rendition !== null) ctx.blobs.put(rendition, { kind: RENDITION_BLOB_KIND, supplierInvoiceId: id }, hooks.renditionBlobId);
    ctx.audit({
      action: 'einvoice.receive',
      subject: `supplier_invoice:${id}`,
      details: { fileName, number: parsed.number, seller: parsed.seller.name, valid: report.valid, errors: report.errors.length, sha256, rendition: rendition !== null },
    });
    const invoice = toSupplierInvoice(supplierRow(ctx, id));
    hooks.inTransaction?.(invoice);
    return invoice;
  });
}

/**
 * A batch: each file on its own, so a bad file rejects that file, not the
 * batch. Files are read and validated a few at a time (the validator's
 * threads stay busy) but filed strictly in the given order, so which of two
 * duplicates wins does not depend on timing.
 */
interface NamedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * A mail dropped here stands for the e-invoices attached to it ("mail.eml ›
 * invoice.xml"), each received like a dropped file, the attachment being
 * its legal original as on the Receipts page. Its other attachments are
 * receipts: refused here, with where to drop them.
 */
async function withMailsOpened(files: readonly NamedFile[], rejected: ReceiveOutcome['rejected'][number][]): Promise<NamedFile[]> {
  const opened: NamedFile[] = [];
  for (const file of files) {
    if (classify(file.bytes).kind !== 'eml') {
      opened.push(file);
      continue;
    }
    const mail = await expandFile(file.name, file.bytes, isEInvoice);
    opened.push(...mail.einvoices);
    for (const refusal of mail.rejected) rejected.push(refusal);
    for (const receipt of mail.contents) {
      rejected.push({ file: receipt.name, code: 'NOT_AN_EINVOICE', message: `${receipt.name} is not an e-invoice. To archive it as a receipt, drop ${file.name} on the Receipts page.` });
    }
  }
  return opened;
}

export async function receiveMany(ctx: InvoicingContext, dropped: readonly NamedFile[]): Promise<ReceiveOutcome> {
  const received: ReceiveOutcome['received'][number][] = [];
  const duplicates: { file: string; existingId: string }[] = [];
  const rejected: ReceiveOutcome['rejected'][number][] = [];
  const files = await withMailsOpened(dropped, rejected);
  const ahead = sharedPool().size * 2;
  const reads: Promise<ReadEInvoice>[] = [];
  const readAhead = (upTo: number): void => {
    for (let index = reads.length; index < Math.min(upTo, files.length); index += 1) {
      const file = files[index];
      if (file === undefined) break;
      const read = readEInvoice(file.bytes, file.name);
      // Awaited (and its error reported) when the file's turn comes.
      read.catch(() => undefined);
      reads.push(read);
    }
  };
  for (const [index, file] of files.entries()) {
    readAhead(index + 1 + ahead);
    try {
      const invoice = await receiveEInvoice(ctx, file.bytes, file.name, { ...(reads[index] ? { read: reads[index] } : {}) });
      received.push({ file: file.name, id: invoice.id, valid: invoice.valid, ...(invoice.scope === undefined ? {} : { scope: invoice.scope }) });
    } catch (error) {
      if (error instanceof DuplicateEInvoiceError) duplicates.push({ file: file.name, existingId: error.existingId });
      else if (error instanceof SealbookError) rejected.push({ file: file.name, code: error.code, message: error.message });
      else throw error;
    }
  }
  return { received, duplicates, rejected };
}

export function listSupplierInvoices(ctx: InvoicingContext, status?: SupplierInvoiceStatus): SupplierInvoiceSummary[] {
  const rows = (
    status === undefined
      ? ctx.db.prepare('SELECT * FROM supplier_invoices ORDER BY received_at DESC, number').all()
      : ctx.db.prepare('SELECT * FROM supplier_invoices WHERE status = ? ORDER BY received_at DESC, number').all(status)
  ) as SupplierRow[];
  return rows.map(toSummary);
}

export function getSupplierInvoice(ctx: InvoicingContext, id: string): SupplierInvoice {
  return toSupplierInvoice(supplierRow(ctx, id));
}

/** The legal original, byte-exact; reading it is audited like opening any document. */
export function supplierOriginal(ctx: InvoicingContext, id: string): { bytes: Buffer; fileName: string; sha256: string } {
  return ctx.transaction(() => {
    const row = supplierRow(ctx, id);
    const bytes = ctx.blobs.get(row.original_blob_id);
    ctx.audit({ action: 'einvoice.original', subject: `supplier_invoice:${id}`, details: { fileName: row.file_name } });
    return { bytes, fileName: row.file_name, sha256: row.original_sha256 };
  });
}

/** The sealed, human-readable rendition of a pure XML invoice; opening it is audited like the original. */
export function supplierRendition(ctx: InvoicingContext, id: string): { bytes: Buffer; fileName: string } {
  return ctx.transaction(() => {
    const row = supplierRow(ctx, id);
    if (row.rendition_blob_id === null) {
      throw new NotFoundError(`${row.file_name} arrived as a PDF, which is its own readable form: open the original instead.`);
    }
    const bytes = ctx.blobs.get(row.rendition_blob_id);
    ctx.audit({ action: 'einvoice.rendition', subject: `supplier_invoice:${id}`, details: { fileName: row.file_name } });
    return { bytes, fileName: `${row.file_name.replace(/\.xml$/i, '')}.sealed.pdf` };
  });
}

/** Reviewed like an expense: confirmed once, by someone allowed to; an invalid invoice must be corrected first. */
export function confirmSupplierInvoice(ctx: InvoicingContext, id: string): SupplierInvoice {
  return ctx.transaction(() => {
    const row = supplierRow(ctx, id);
    if (row.status === 'confirmed') throw new ConflictError(`Supplier invoice ${row.number} is already confirmed.`);
    if (row.valid !== 1) {
      throw new ValidationError(
        `Supplier invoice ${row.number} breaks EN 16931 rules (see its validation report); ask ${row.seller_name} for a corrected invoice instead of confirming it.`,
      );
    }
    ctx.db.prepare("UPDATE supplier_invoices SET status = 'confirmed', confirmed_at = ?, confirmed_by = ? WHERE id = ?").run(nowIso(ctx), ctx.actor, id);
    ctx.audit({ action: 'einvoice.confirm', subject: `supplier_invoice:${id}`, details: { number: row.number, gross: String(row.gross) } });
    // Into the books in the same transaction (a no-op while the books are off; a closed period refuses the confirmation).
    postSource(ctx, 'supplier_invoice', id);
    // A bank line matched to it while it waited for review is its payment.
    postPurchasePayments(ctx, 'supplier_invoice', id);
    return toSupplierInvoice(supplierRow(ctx, id));
  });
}

/** Deleting the legal original before its retention date is refused (GoBD). */
export function deleteSupplierInvoice(ctx: InvoicingContext, id: string): void {
  ctx.transaction(() => {
    const row = supplierRow(ctx, id);
    const today = nowIso(ctx).slice(0, 10);
    if (today <= row.retain_until) {
      throw new RetentionError(`Supplier invoice ${row.number} must be kept until ${row.retain_until} (legal retention); it cannot be deleted before.`);
    }
    ctx.db.prepare('DELETE FROM supplier_invoices WHERE id = ?').run(id);
    ctx.audit({ action: 'einvoice.delete', subject: `supplier_invoice:${id}`, details: { number: row.number } });
  });
}
