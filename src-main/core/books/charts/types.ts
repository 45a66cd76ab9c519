import type { AccountType, ChartId, VatTreatment } from '../../../../src-shared/books.js';

/** Roles the automatic postings look up; every chart gives each one an account. */
export const ACCOUNT_ROLES = ['receivable', 'payable', 'bank', 'cash', 'revenue', 'expense', 'vat_output', 'vat_input', 'opening', 'retained'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export interface VatCodeDef {
  readonly code: string;
  readonly name: string;
  /** Percent as text, e.g. "19" or "5.5". */
  readonly rate: string;
  readonly direction: 'output' | 'input';
  readonly treatment: VatTreatment;
  readonly taxAccount?: string;
  /** Cash basis: output VAT waits here until the customer pays (Ist-Versteuerung). */
  readonly pendingAccount?: string;
  readonly owedAccount?: string;
  /** Form lines: where the base (comma-separated when it counts on several), the collected or deductible tax and, for reverse charge, the owed tax go. */
  readonly reportLines: { readonly base?: string; readonly tax?: string; readonly owed?: string };
}

/** [number, name, type, default VAT code, role] */
export type AccountDef = readonly [string, string, AccountType, string?, AccountRole?];

export interface ChartDefinition {
  readonly id: ChartId;
  readonly form: 'UStVA' | 'CA3' | null;
  /** Labels of the form lines the VAT summary fills. */
  readonly formLines: Readonly<Record<string, string>>;
  readonly vatCodes: readonly VatCodeDef[];
  readonly accounts: readonly AccountDef[];
}
