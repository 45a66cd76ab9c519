/**
 * Books types and constants (issue 11), zod-free so the renderer can import
 * them. Amounts cross the boundary as decimal strings in the book currency
 * (debit and credit positive, balances signed: debit positive).
 */
export const ACCOUNT_TYPES = ['asset', 'liability', 'equity', 'income', 'expense'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];
export const CHARTS = ['skr03', 'skr04', 'pcg', 'simple'] as const;
export type ChartId = (typeof CHARTS)[number];
export const CHART_NAMES: Readonly<Record<ChartId, string>> = {
  skr03: 'SKR03 (Germany, process structure)',
  skr04: 'SKR04 (Germany, balance-sheet structure)',
  pcg: 'PCG (France, plan comptable général)',
  simple: 'Simple chart (US / UK small business)',
};
export const VAT_BASES = ['accrual', 'cash'] as const;
/** accrual = Soll-Versteuerung / TVA sur les débits; cash = Ist-Versteuerung / TVA sur les encaissements. */
export type VatBasis = (typeof VAT_BASES)[number];
export const VAT_TREATMENTS = ['standard', 'exempt', 'reverse_charge', 'intra_eu'] as const;
export type VatTreatment = (typeof VAT_TREATMENTS)[number];
/** Every kind of voucher an entry can name (GoBD: no entry without a voucher). */
export const SOURCE_TYPES = [
  'invoice', 'credit_note', 'payment', 'expense', 'supplier_invoice', 'bank_line', 'manual', 'opening', 'recurring', 'reversal',
] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];
export const REPORT_KINDS = ['trial-balance', 'pnl', 'balance-sheet', 'vat', 'aging', 'ledger', 'cashflow'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const EXPORT_FORMATS = ['datev', 'fec', 'journal'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface BooksStatus {
  readonly enabled: boolean;
  readonly chart: ChartId | null;
  readonly basis: VatBasis | null;
  readonly currency: string | null;
  readonly enabledAt: string | null;
  readonly entries: number;
}

export interface Account {
  readonly number: string;
  readonly name: string;
  readonly type: AccountType;
  readonly vatCode: string | null;
  readonly role: string | null;
  readonly active: boolean;
}

export interface VatCode {
  readonly code: string;
  readonly name: string;
  readonly rate: string;
  readonly direction: 'output' | 'input';
  readonly treatment: VatTreatment;
  readonly taxAccount: string | null;
  readonly pendingAccount: string | null;
  readonly owedAccount: string | null;
  /** Form lines: UStVA Kennzahlen or CA3 lines, for the base and the tax. */
  readonly reportLines: { readonly base?: string; readonly tax?: string; readonly owed?: string };
}

export interface EntryLine {
  readonly account: string;
  readonly accountName: string;
  readonly debit: string;
  readonly credit: string;
  readonly currency: string;
  readonly vatCode: string | null;
  readonly text: string;
  readonly openItem: string | null;
  readonly dueDate: string | null;
  readonly party: string | null;
}

export interface Voucher {
  readonly type: SourceType;
  readonly id: string;
  /** Invoice number, entry number ... what a person looks for. */
  readonly number: string;
}

export interface JournalEntry {
  readonly id: string;
  readonly state: 'draft' | 'posted';
  /** e.g. "2026-000042"; null while a draft. */
  readonly number: string | null;
  readonly date: string;
  readonly text: string;
  readonly voucher: Voucher;
  readonly reverses: string | null;
  readonly reversedBy: string | null;
  readonly lines: readonly EntryLine[];
  readonly attachments: readonly { readonly blobId: string; readonly fileName: string; readonly mime: string }[];
  readonly createdBy: string;
  readonly postedAt: string | null;
  readonly postedBy: string | null;
}

export interface ClosedPeriod {
  readonly period: string;
  readonly closedAt: string;
  readonly closedBy: string;
}

export interface BalanceRow {
  readonly account: string;
  readonly name: string;
  readonly type: AccountType;
  /** Signed balance before `from` (debit positive). */
  readonly opening: string;
  readonly debit: string;
  readonly credit: string;
  readonly closing: string;
}

export interface TrialBalance {
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  readonly rows: readonly BalanceRow[];
  readonly totalDebit: string;
  readonly totalCredit: string;
}

export interface AmountRow {
  readonly account: string;
  readonly name: string;
  /** Natural sign: income and liabilities positive when they are credits. */
  readonly amount: string;
}

export interface ProfitAndLoss {
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  readonly income: readonly AmountRow[];
  readonly expenses: readonly AmountRow[];
  readonly totalIncome: string;
  readonly totalExpenses: string;
  readonly profit: string;
}

export interface BalanceSheet {
  readonly at: string;
  readonly currency: string;
  readonly assets: readonly AmountRow[];
  readonly liabilities: readonly AmountRow[];
  readonly equity: readonly AmountRow[];
  /** Profit or loss not yet closed into equity. */
  readonly result: string;
  readonly totalAssets: string;
  readonly totalLiabilitiesAndEquity: string;
}

export interface VatRow {
  readonly code: string;
  readonly name: string;
  readonly rate: string;
  readonly direction: 'output' | 'input';
  readonly base: string;
  readonly tax: string;
}

export interface FormLine {
  readonly line: string;
  readonly label: string;
  readonly amount: string;
}

export interface VatSummary {
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  readonly basis: VatBasis;
  readonly rows: readonly VatRow[];
  readonly outputTax: string;
  readonly inputTax: string;
  /** Output minus input: positive is owed to the tax office. */
  readonly due: string;
  readonly form: { readonly name: 'UStVA' | 'CA3' | null; readonly lines: readonly FormLine[] };
}

export interface AgingRow {
  readonly openItem: string;
  readonly party: string;
  readonly voucher: string;
  readonly dueDate: string | null;
  readonly daysOverdue: number;
  readonly amount: string;
  readonly bucket: AgingBucket;
}
export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', 'over-90'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export interface AgingReport {
  readonly asOf: string;
  readonly kind: 'receivables' | 'payables';
  readonly currency: string;
  readonly rows: readonly AgingRow[];
  readonly buckets: Readonly<Record<AgingBucket, string>>;
  readonly total: string;
}

export interface LedgerLine {
  readonly entryId: string;
  readonly number: string;
  readonly date: string;
  readonly text: string;
  readonly voucher: Voucher;
  readonly debit: string;
  readonly credit: string;
  readonly balance: string;
}

export interface GeneralLedger {
  readonly account: string;
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  readonly opening: string;
  readonly lines: readonly LedgerLine[];
  readonly closing: string;
  /** More lines exist than were returned (the CSV and PDF carry them all). */
  readonly truncated: boolean;
}

export interface CashFlowMonth {
  readonly month: string;
  readonly inflow: string;
  readonly outflow: string;
  readonly net: string;
  readonly closing: string;
}

export interface CashFlow {
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  readonly opening: string;
  readonly months: readonly CashFlowMonth[];
}

export interface Dashboard {
  readonly enabled: boolean;
  readonly currency: string;
  readonly month: string;
  readonly revenue: string;
  readonly expenses: string;
  readonly profit: string;
  readonly yearRevenue: string;
  readonly yearProfit: string;
  readonly cash: string;
  readonly overdue: { readonly count: number; readonly amount: string };
  readonly vatDue: string;
  readonly cashByMonth: readonly CashFlowMonth[];
}

export interface RecurringEntry {
  readonly id: string;
  readonly name: string;
  readonly text: string;
  readonly day: number;
  readonly startDate: string;
  readonly endDate: string | null;
  readonly active: boolean;
  readonly lines: readonly ManualLine[];
  /** The date the next month posts (in the past while a closed period holds it up); null when paused or ended. */
  readonly nextRun: string | null;
}

/** A manual line as typed: one of debit or credit, decimal text. */
export interface ManualLine {
  readonly account: string;
  readonly debit?: string | undefined;
  readonly credit?: string | undefined;
  readonly vatCode?: string | null | undefined;
  readonly text?: string | undefined;
}

export interface FileOut {
  readonly fileName: string;
  readonly mime: string;
  readonly base64: string;
  readonly sha256: string;
}

/** Where a report row leads: an account's ledger, or one entry. */
export type RowLink = { readonly account: string } | { readonly entry: string } | null;

/** Any report as one table: what the CSV, the PDF and the report screen show. */
export interface ReportTable {
  readonly title: string;
  readonly subtitle: string;
  readonly columns: readonly string[];
  /** Right-aligned (amount) columns. */
  readonly numeric: readonly boolean[];
  readonly rows: readonly (readonly string[])[];
  /** Drill-down target of each row, parallel to `rows`. */
  readonly links: readonly RowLink[];
}
