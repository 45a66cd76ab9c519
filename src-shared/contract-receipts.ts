import { z } from 'zod';
import { channel, returns } from './channel.js';

/**
 * Receipts and expenses channels (issue 7). Spread into CONTRACT in
 * contract.ts. Amounts cross as decimal strings in the expense's currency;
 * main keeps integer minor units. The renderer imports only types from here.
 */

export const REJECT_CODES = ['EMPTY', 'TOO_LARGE', 'UNSUPPORTED_TYPE', 'DAMAGED', 'UNREADABLE', 'NO_ATTACHMENT', 'INTERRUPTED', 'EINVOICE_REJECTED'] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

export type ImportOutcome =
  | { readonly status: 'imported'; readonly file: string; readonly receiptId: string; readonly notice: string | null }
  | { readonly status: 'duplicate'; readonly file: string; readonly receiptId: string }
  | { readonly status: 'rejected'; readonly file: string; readonly code: RejectCode; readonly message: string }
  /** Routed by content to e-invoices (issue 10 item 5): filed as a supplier invoice, valid or not. */
  | { readonly status: 'einvoice'; readonly file: string; readonly supplierInvoiceId: string; readonly number: string; readonly valid: boolean; readonly scope?: 'zugferd1-structure' }
  /** An e-invoice already received: `supplierInvoiceId` is the first one. */
  | { readonly status: 'einvoice-duplicate'; readonly file: string; readonly supplierInvoiceId: string; readonly message: string };

export interface ImportReport {
  readonly importId: string;
  readonly state: 'running' | 'done' | 'cancelled';
  readonly imported: readonly { readonly file: string; readonly receiptId: string; readonly notice: string | null }[];
  /** `receiptId` is the receipt already archived with the same content. */
  readonly duplicates: readonly { readonly file: string; readonly receiptId: string }[];
  readonly rejected: readonly { readonly file: string; readonly code: RejectCode; readonly message: string }[];
  /** E-invoices dropped with the receipts, filed in the E-invoices view. */
  /** `scope` as in the e-invoice's report: set for ZUGFeRD 1.0, checked for structure only. */
  readonly einvoices: readonly { readonly file: string; readonly supplierInvoiceId: string; readonly number: string; readonly valid: boolean; readonly scope?: 'zugferd1-structure' }[];
  readonly einvoiceDuplicates: readonly { readonly file: string; readonly supplierInvoiceId: string; readonly message: string }[];
}

export type ReceiptKind = 'jpeg' | 'png' | 'pdf' | 'heic' | 'webp' | 'tiff';
export type TextState = 'pending' | 'done' | 'failed';

export interface ReceiptSummary {
  readonly id: string;
  readonly fileName: string;
  readonly kind: ReceiptKind;
  readonly viaMail: boolean;
  readonly pages: number;
  readonly sha256: string;
  readonly importedAt: string;
  readonly importedBy: string;
  /** Last day of retention (ISO date); deletion is possible from the day after. */
  readonly retainUntil: string;
  readonly documentClass: string;
  readonly textState: TextState;
  /** A card number was found and stored masked to its last 4 digits. */
  readonly panMasked: boolean;
  /** Why the rendition shows no pages of the original (password-protected PDF ...). */
  readonly renderNote: string | null;
  readonly expenseId: string | null;
  readonly expenseStatus: 'draft' | 'confirmed' | null;
  /** A snippet of the text around the search words, when listed by search. */
  readonly snippet?: string;
}

export interface ReceiptDetail extends ReceiptSummary {
  readonly text: string;
  readonly textMethod: string | null;
  readonly originalMime: string;
  readonly size: number;
}

export interface ReceiptFile {
  readonly base64: string;
  readonly fileName: string;
  readonly mime: string;
  readonly sha256: string;
}

export const RETENTION_PRESETS = ['default', 'DE', 'FR', 'AT', 'CH'] as const;
export type RetentionPreset = (typeof RETENTION_PRESETS)[number];

export interface RetentionRule {
  readonly documentClass: string;
  readonly years: number;
  readonly basis: 'end-of-calendar-year';
}

export interface ReceiptsSettings {
  /** Files put here are imported and moved to its `imported/` subfolder. */
  readonly watchFolder: string | null;
  readonly retentionPreset: RetentionPreset;
  readonly rules: readonly RetentionRule[];
}

export interface UploadSession {
  readonly uploadId: string;
  readonly importId: string;
  readonly jobId: string;
  /** Send each file in base64 chunks of at most this many raw bytes. */
  readonly chunkBytes: number;
}

export type ExpenseStatus = 'draft' | 'confirmed';

export interface ExpenseCategory {
  readonly id: string;
  readonly name: string;
}

export interface ExpenseLine {
  readonly categoryId: string | null;
  readonly categoryName: string | null;
  readonly description: string;
  readonly net: string;
  readonly vatRate: string;
  readonly vat: string;
}

export interface Expense {
  readonly id: string;
  readonly status: ExpenseStatus;
  readonly date: string | null;
  readonly supplier: string;
  readonly currency: string;
  readonly gross: string;
  readonly net: string;
  readonly vat: string;
  readonly vatId: string;
  readonly notes: string;
  readonly source: 'receipt' | 'manual';
  readonly lines: readonly ExpenseLine[];
  readonly receiptIds: readonly string[];
  /** Fields were read from the receipt's text. */
  readonly prefilled: boolean;
  readonly panMasked: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly confirmedAt: string | null;
  readonly confirmedBy: string | null;
}

const id = z.string().min(1).max(64);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-24.');
const text = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`);
const decimal = z.string().trim().regex(/^-?\d{1,12}(\.\d{1,4})?$/, 'Enter an amount like 12.50.');
const rate = z.string().trim().regex(/^\d{1,3}(\.\d{1,2})?$/, 'Enter a rate like 19 or 5.5.');
const currency = z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'Use a currency code like EUR.');
const base64 = z.string().max(12_000_000).regex(/^[A-Za-z0-9+/=]*$/, 'Not base64 data.');
/** Upload chunks stay far below the host's 64 MiB body limit. */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;

const lineInput = z
  .object({ categoryId: id.nullable().default(null), description: text(300).default(''), net: decimal, vatRate: rate.default('0') })
  .strict();

const expenseFields = {
  date: isoDate.nullable().optional(),
  supplier: text(200).optional(),
  currency: currency.optional(),
  gross: decimal.optional(),
  /** With `gross` and no `lines`: one line at this rate (net and VAT split from the gross). */
  vatRate: rate.optional(),
  categoryId: id.nullable().optional(),
  vatId: text(30).optional(),
  notes: text(2000).optional(),
  /** Replaces the lines: one line per category for a split receipt. */
  lines: z.array(lineInput).max(50).optional(),
  /** Replaces the linked receipts: several receipts on one expense. */
  receiptIds: z.array(id).max(100).optional(),
};

const page = { offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) };

export const RECEIPTS_CONTRACT = {
  /** Paths on this machine (CLI, Electron drops, folders walked). `wait` returns the report when done. */
  'receipts.import': channel(
    z.object({ paths: z.array(z.string().min(1).max(4096)).min(1, 'Choose at least one file.').max(20_000), wait: z.boolean().default(false) }).strict(),
    returns<{ readonly jobId: string; readonly importId: string; readonly report: ImportReport | null }>(),
    { access: 'receipts.import', audited: true },
  ),
  /** A browser upload of `count` files: each file is sent in chunks, then imported while the rest arrive. */
  'receipts.uploadBegin': channel(z.object({ count: z.number().int().min(1).max(20_000) }).strict(), returns<UploadSession>(), {
    access: 'receipts.import',
    audited: true,
  }),
  'receipts.uploadChunk': channel(
    z
      .object({ uploadId: id, index: z.number().int().min(0), name: text(500).min(1), dataBase64: base64, last: z.boolean() })
      .strict(),
    returns<null>(),
    { access: 'receipts.import', audited: false },
  ),
  /** A file the renderer could not read (vanished, unreadable): counted as rejected. */
  'receipts.uploadSkip': channel(
    z.object({ uploadId: id, index: z.number().int().min(0), name: text(500).min(1), message: text(500) }).strict(),
    returns<null>(),
    { access: 'receipts.import', audited: false },
  ),
  'receipts.report': channel(z.object({ importId: id }).strict(), returns<ImportReport>(), { access: 'receipts.read', audited: false }),
  'receipts.reportCsv': channel(z.object({ importId: id }).strict(), returns<{ readonly csv: string }>(), {
    access: 'receipts.read',
    audited: false,
  }),
  'receipts.list': channel(
    z.object({ search: text(200).optional(), ...page }).strict(),
    returns<{ readonly rows: readonly ReceiptSummary[]; readonly total: number }>(),
    { access: 'receipts.read', audited: false },
  ),
  'receipts.get': channel(z.object({ id }).strict(), returns<ReceiptDetail>(), { access: 'receipts.read', audited: false }),
  /** Opens the sealed rendition (or the original) to view: a sensitive read, audited. */
  'receipts.open': channel(z.object({ id, original: z.boolean().default(false) }).strict(), returns<ReceiptFile>(), {
    access: 'receipts.read',
    audited: true,
  }),
  'receipts.export': channel(z.object({ id, original: z.boolean().default(false) }).strict(), returns<ReceiptFile>(), {
    access: 'receipts.export',
    audited: true,
  }),
  /** Refused under retention with the date it becomes possible; every attempt is audited. */
  'receipts.delete': channel(z.object({ id }).strict(), returns<null>(), { access: 'receipts.delete', audited: true, reauth: true }),
  'receipts.settings': channel(z.object({}).strict(), returns<ReceiptsSettings>(), { access: 'receipts.read', audited: false }),
  'receipts.updateSettings': channel(
    z.object({ watchFolder: z.string().trim().max(4096).nullable().optional(), retentionPreset: z.enum(RETENTION_PRESETS).optional() }).strict(),
    returns<ReceiptsSettings>(),
    { access: 'settings.write', audited: true },
  ),

  'expenses.list': channel(
    z.object({ status: z.enum(['draft', 'confirmed']).optional(), ...page }).strict(),
    returns<{ readonly rows: readonly Expense[]; readonly total: number }>(),
    { access: 'expenses.read', audited: false },
  ),
  'expenses.get': channel(z.object({ id }).strict(), returns<Expense>(), { access: 'expenses.read', audited: false }),
  /** An expense entered by hand (no receipt, or receipts linked later). */
  'expenses.create': channel(z.object(expenseFields).strict(), returns<Expense>(), { access: 'expenses.draft', audited: true }),
  'expenses.update': channel(z.object({ id, ...expenseFields }).strict(), returns<Expense>(), { access: 'expenses.draft', audited: true }),
  'expenses.confirm': channel(z.object({ id }).strict(), returns<Expense>(), { access: 'expenses.confirm', audited: true }),
  'expenses.categories': channel(z.object({}).strict(), returns<readonly ExpenseCategory[]>(), { access: 'expenses.read', audited: false }),
  'expenses.createCategory': channel(z.object({ name: text(100).min(1, 'Enter a category name.') }).strict(), returns<ExpenseCategory>(), {
    access: 'expenses.draft',
    audited: true,
  }),
} as const;
