import type { StatementFormatName } from '../../../../src-shared/bank.js';
import { ValidationError } from '../../errors.js';

/**
 * What every statement parser returns: pure data, amounts as canonical
 * decimal strings ("-1234.5"), dates as ISO strings. Converting to minor
 * units needs the currency, which CSV and QIF files do not carry; the import
 * does it with the statement's or the account's currency.
 */
export type StatementFormat = StatementFormatName;

export interface ParsedTransaction {
  /** 1-based line in the file where the transaction starts (for messages). */
  readonly line: number;
  readonly bookingDate: string;
  readonly valueDate?: string | undefined;
  /** Canonical decimal, negative for money going out. */
  readonly amount: string;
  readonly currency?: string | undefined;
  readonly payee: string;
  /** Purpose / memo / remittance text. */
  readonly text: string;
  /** End-to-end id, cheque number, customer reference. */
  readonly reference: string;
  /** The bank's own id for the line (FITID, AcctSvcrRef, MT940 bank reference): the dedup key where present. */
  readonly bankId?: string | undefined;
}

export interface ParsedBalance {
  readonly amount: string;
  readonly date: string;
}

export interface ParsedStatement {
  /** IBAN or account number as the file states it. */
  readonly account?: string | undefined;
  readonly currency?: string | undefined;
  readonly opening?: ParsedBalance | undefined;
  readonly closing?: ParsedBalance | undefined;
  readonly transactions: readonly ParsedTransaction[];
}

export interface RowError {
  readonly line: number;
  readonly message: string;
}

export interface ParseResult {
  readonly format: StatementFormat;
  readonly statements: readonly ParsedStatement[];
  /** Rows that could not be read; the valid rest is still imported. */
  readonly errors: readonly RowError[];
}

/** The whole file cannot be used: the message says why and what to do. */
export class StatementRefusedError extends ValidationError {
  constructor(message: string) {
    super(message, { file: message });
  }
}

/** Collects row errors while a parser walks a file. */
export class RowErrors {
  readonly list: RowError[] = [];
  add(line: number, message: string): void {
    this.list.push({ line, message: `Line ${line}: ${message}` });
  }
}
