/**
 * Bank types and constants shared by main and the renderer (no zod here, so
 * the renderer bundle stays small). Amounts cross the boundary as decimal
 * strings of the account's currency ("-12.50"); main keeps minor units.
 */

export const STATEMENT_FORMATS = ['csv', 'ofx', 'qif', 'camt', 'mt940'] as const;
export type StatementFormatName = (typeof STATEMENT_FORMATS)[number];

export const CSV_ENCODINGS = ['auto', 'utf-8', 'windows-1252', 'latin1'] as const;
export const CSV_DELIMITER_NAMES = [';', ',', '\t', '|'] as const;
export const DATE_ORDER_NAMES = ['DMY', 'MDY', 'YMD'] as const;

/** How the columns of one bank's CSV export are read; saved per bank as a profile. */
export interface CsvMapping {
  readonly encoding: (typeof CSV_ENCODINGS)[number];
  readonly delimiter: (typeof CSV_DELIMITER_NAMES)[number];
  readonly decimal: ',' | '.';
  readonly dateOrder: (typeof DATE_ORDER_NAMES)[number];
  /** 0-based record index of the header row, or null when the file has none. */
  readonly headerRow: number | null;
  /** 0-based record index of the first data row. */
  readonly firstDataRow: number;
  readonly date: number;
  readonly valueDate: number | null;
  /** One signed amount column ... */
  readonly amount: number | null;
  /** ... or money out and money in in two columns. */
  readonly debit: number | null;
  readonly credit: number | null;
  /** A column saying which way the money went (S/H, Soll/Haben, Af/Bij, D/C, DEBIT/CREDIT). */
  readonly marker: number | null;
  readonly payee: number | null;
  readonly text: readonly number[];
  readonly reference: number | null;
  /** Credit cards: purchases positive, payments negative. */
  readonly invert: boolean;
}

export interface BankAccount {
  readonly id: string;
  readonly name: string;
  readonly iban: string;
  readonly bic: string;
  readonly currency: string;
  readonly openingBalance: string;
  readonly balance: string;
  readonly transactionCount: number;
  readonly lastStatementDate: string | null;
}

/**
 * Why a row or a statement was not imported, for the app to say in its own
 * language (`message` stays English, for the command line and the logs).
 * `params` holds what the words need: the value as written, a currency, an
 * account.
 */
export const REJECTION_CODES = [
  'no-date',
  'not-a-date',
  'no-amount',
  'not-an-amount',
  'too-many-decimals',
  'unknown-currency',
  'quote-inside',
  'quote-unclosed',
  'not-a-statement-line',
  'not-a-balance',
  'other-account',
  'other-currency',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface RejectionReason {
  readonly code: RejectionCode;
  readonly params?: Readonly<Record<string, string>>;
}

export interface ImportRejection {
  readonly line: number;
  readonly message: string;
  readonly reason?: RejectionReason;
}

export interface ReconciliationNote {
  readonly ok: boolean;
  /** In English, for the command line and the API. */
  readonly message: string;
  /** The figures behind the message, for the app to word in the reader's language. */
  readonly facts: ReconciliationFacts;
}

/** Amounts are decimal strings in the account's currency ("-200.00"); dates ISO. */
export interface ReconciliationFacts {
  readonly currency: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly opening: string | null;
  readonly closing: string | null;
  readonly lines: number;
  readonly total: string;
  /** Opening plus lines does not give the stated closing balance. */
  readonly mismatch: { readonly computed: string; readonly difference: string; readonly missing: boolean; readonly rejected: number } | null;
  /** The statement does not open where the previous one of the account closed. */
  readonly gap: { readonly previousClosing: string; readonly previousDate: string; readonly opening: string; readonly difference: string } | null;
}

export interface ImportResult {
  readonly importId: string | null;
  readonly format: StatementFormatName;
  readonly new: number;
  readonly duplicates: number;
  readonly rejected: readonly ImportRejection[];
  /** The same file (byte for byte) was imported before. */
  readonly alreadyImported: boolean;
  /** When it was first imported (ISO date), if it was. */
  readonly importedBefore: string | null;
  readonly reconciliation: readonly ReconciliationNote[];
  readonly message: string;
}

export interface CsvPreviewRow {
  readonly line: number;
  readonly cells: readonly string[];
  readonly date: string | null;
  readonly amount: string | null;
  readonly text: string;
  readonly error: string | null;
}

export interface CsvPreview {
  readonly mapping: CsvMapping;
  /** The saved profile proposed because its header matches, if any. */
  readonly profile: string | null;
  readonly header: readonly string[];
  readonly rows: readonly CsvPreviewRow[];
  readonly width: number;
}

export interface BankTransaction {
  readonly id: number;
  readonly accountId: string;
  readonly accountName: string;
  readonly bookingDate: string;
  readonly valueDate: string | null;
  readonly amount: string;
  readonly currency: string;
  readonly payee: string;
  readonly text: string;
  readonly reference: string;
  readonly categoryId: string | null;
  readonly category: string | null;
  readonly matched: boolean;
}

export interface TransactionPage {
  readonly rows: readonly BankTransaction[];
  /** Pass back to get the next page; null at the end. */
  readonly next: string | null;
  readonly total: number | null;
}

export interface BankCategory {
  readonly id: string;
  readonly name: string;
}

export const RULE_FIELDS = ['payee', 'text'] as const;
export interface BankRule {
  readonly id: string;
  readonly field: (typeof RULE_FIELDS)[number];
  readonly contains: string;
  readonly categoryId: string;
  readonly category: string;
  readonly learned: boolean;
}

export const MATCH_KINDS = ['invoice', 'transfer', 'expense', 'supplier_invoice'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export interface MatchSuggestion {
  readonly transactionId: number;
  readonly kind: MatchKind;
  readonly targetId: string;
  readonly label: string;
  /** 0-100, higher first. */
  readonly score: number;
  readonly reasons: readonly string[];
  /** What accepting records, as a decimal string. */
  readonly amount: string;
}

export interface BankMatch {
  readonly id: string;
  readonly transactionId: number;
  readonly kind: MatchKind;
  readonly targetId: string;
  readonly label: string;
  readonly amount: string;
}

/**
 * Statement files in the order to import them: by name, numbers counted as
 * numbers ("2026-9" before "2026-10"), since statements are named by period
 * and reconciliation checks that each opens where the one before closed.
 */
export function inStatementOrder<T>(files: readonly T[], name: (file: T) => string): T[] {
  return [...files].sort((a, b) => name(a).localeCompare(name(b), undefined, { numeric: true }));
}
