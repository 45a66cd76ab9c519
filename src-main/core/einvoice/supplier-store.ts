import { formatMoney } from '../../../src-shared/money.js';
import type { SupplierInvoice, SupplierInvoiceSummary, ValidationReport } from '../../../src-shared/einvoice.js';
import { NotFoundError } from '../errors.js';
import type { InvoicingContext } from '../invoices/context.js';
import type { ParsedEInvoice } from './model.js';
import { RENDITION_BLOB_KIND } from './rendition.js';

/** Rows of supplier_invoices to the shared types; amounts as decimal strings of the invoice currency. */
export interface SupplierRow {
  id: string;
  status: 'to_review' | 'confirmed';
  file_name: string;
  container: 'xml' | 'pdf';
  syntax: SupplierInvoice['syntax'];
  original_blob_id: string;
  original_sha256: string;
  rendition_blob_id: string | null;
  type_code: string;
  number: string;
  issue_date: string;
  due_date: string | null;
  currency: string;
  seller_name: string;
  seller_vat_id: string | null;
  gross: number | bigint;
  data: string;
  report: string;
  valid: number;
  retain_until: string;
  received_at: string;
  confirmed_at: string | null;
  confirmed_by: string | null;
}

/** The parsed model as stored in `data`: every bigint in it is an amount of the invoice currency and becomes a decimal string. */
export function serialiseParsed(parsed: ParsedEInvoice): string {
  return JSON.stringify(parsed, (_key, value: unknown) => (typeof value === 'bigint' ? formatMoney(value, parsed.currency) : value));
}

type StoredData = Pick<SupplierInvoice, 'seller' | 'buyer' | 'sellerIban' | 'buyerReference' | 'lines' | 'vatBreakdown' | 'totals' | 'details'>;

export function toSummary(row: SupplierRow): SupplierInvoiceSummary {
  const { scope } = JSON.parse(row.report) as Pick<ValidationReport, 'scope'>;
  return {
    id: row.id,
    status: row.status,
    fileName: row.file_name,
    container: row.container,
    syntax: row.syntax,
    typeCode: row.type_code,
    number: row.number,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    currency: row.currency,
    sellerName: row.seller_name,
    sellerVatId: row.seller_vat_id,
    gross: formatMoney(BigInt(row.gross), row.currency),
    valid: row.valid === 1,
    ...(scope === undefined ? {} : { scope }),
    receivedAt: row.received_at,
  };
}

export function toSupplierInvoice(row: SupplierRow): SupplierInvoice {
  // Written only by serialiseParsed in this module's transaction: trusted shape.
  const data = JSON.parse(row.data) as StoredData;
  return {
    ...toSummary(row),
    seller: data.seller,
    buyer: data.buyer,
    sellerIban: data.sellerIban,
    buyerReference: data.buyerReference,
    lines: data.lines,
    vatBreakdown: data.vatBreakdown,
    totals: data.totals,
    ...(data.details === undefined ? {} : { details: data.details }),
    hasRendition: row.rendition_blob_id !== null,
    report: JSON.parse(row.report) as ValidationReport,
    originalSha256: row.original_sha256,
    retainUntil: row.retain_until,
    confirmedAt: row.confirmed_at,
    confirmedBy: row.confirmed_by,
  };
}

export function supplierRow(ctx: InvoicingContext, id: string): SupplierRow {
  // The rendition is the blob tagged with this invoice's id (blob meta), so no schema change was needed for it.
  const row = ctx.db
    .prepare(
      `SELECT s.*, (SELECT b.id FROM blobs b WHERE json_extract(b.meta, '$.kind') = @kind AND json_extract(b.meta, '$.supplierInvoiceId') = s.id) AS rendition_blob_id
       FROM supplier_invoices s WHERE s.id = @id`,
    )
    .get({ id, kind: RENDITION_BLOB_KIND }) as SupplierRow | undefined;
  if (!row) throw new NotFoundError('This supplier invoice does not exist (any more). Reload the list.');
  return row;
}
