import { formatMoney } from '../../../src-shared/money.js';
import type { SupplierInvoice, SupplierInvoiceSummary, ValidationReport } from '../../../src-shared/einvoice.js';
import { NotFoundError } from '../errors.js';
import type { InvoicingContext } from '../invoices/context.js';
import type { ParsedEInvoice } from './model.js';

/** Rows of supplier_invoices to the shared types; amounts as decimal strings of the invoice currency. */
export interface SupplierRow {
  id: string;
  status: 'to_review' | 'confirmed';
  file_name: string;
  container: 'xml' | 'pdf';
  syntax: SupplierInvoice['syntax'];
  original_blob_id: string;
  original_sha256: string;
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

/** The parsed model as stored in `data`: bigint amounts become decimal strings. */
export function serialiseParsed(parsed: ParsedEInvoice): string {
  const money = (value: bigint): string => formatMoney(value, parsed.currency);
  return JSON.stringify({
    ...parsed,
    lines: parsed.lines.map((line) => ({ ...line, net: money(line.net) })),
    vatBreakdown: parsed.vatBreakdown.map((row) => ({ ...row, taxable: money(row.taxable), vat: money(row.vat) })),
    totals: {
      lineTotal: money(parsed.totals.lineTotal),
      net: money(parsed.totals.net),
      vat: money(parsed.totals.vat),
      gross: money(parsed.totals.gross),
      due: money(parsed.totals.due),
    },
  });
}

type StoredData = Pick<SupplierInvoice, 'seller' | 'buyer' | 'sellerIban' | 'buyerReference' | 'lines' | 'vatBreakdown' | 'totals'>;

export function toSummary(row: SupplierRow): SupplierInvoiceSummary {
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
    report: JSON.parse(row.report) as ValidationReport,
    originalSha256: row.original_sha256,
    retainUntil: row.retain_until,
    confirmedAt: row.confirmed_at,
    confirmedBy: row.confirmed_by,
  };
}

export function supplierRow(ctx: InvoicingContext, id: string): SupplierRow {
  const row = ctx.db.prepare('SELECT * FROM supplier_invoices WHERE id = ?').get(id) as SupplierRow | undefined;
  if (!row) throw new NotFoundError('This supplier invoice does not exist (any more). Reload the list.');
  return row;
}
