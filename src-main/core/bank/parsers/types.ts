import type { ImportRejection, RejectionReason, StatementFormatName } from '../../../../src-shared/bank.js';
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

export type RowError = ImportRejection;

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
  /** `reason` lets the app word it in its language; `message` is the English. */
  add(line: number, message: string, reason?: RejectionReason): void {
    this.list.push(reason ? { line, message: `Line ${line}: ${message}`, reason } : { line, message: `Line ${line}: ${message}` });
  }
}

/**
 * A statement read as it is iterated, so a large CSV is never held whole as
 * parsed rows. What only the end of the file knows (its balances, the rows
 * that could not be read) is complete once `transactions` was iterated.
 */
export interface StreamedStatement {
  readonly account?: string | undefined;
  readonly currency?: string | undefined;
  readonly transactions: Iterable<ParsedTransaction>;
  balances(): Pick<ParsedStatement, 'opening' | 'closing'>;
}

export interface StreamedFile {
  readonly format: StatementFormat;
  readonly statements: Iterable<StreamedStatement>;
  /** Complete once every statement's transactions were iterated. */
  readonly errors: readonly RowError[];
}

/** A file parsed whole, handed on as a stream. */
export function streamed(result: ParseResult): StreamedFile {
  return {
    format: result.format,
    errors: result.errors,
    statements: result.statements.map((s) => ({ account: s.account, currency: s.currency, transactions: s.transactions, balances: () => ({ opening: s.opening, closing: s.closing }) })),
  };
}

/** A stream read to its end, as one parse result. */
export function materialised(file: StreamedFile): ParseResult {
  const statements = [...file.statements].map((s): ParsedStatement => {
    const transactions = [...s.transactions];
    return { account: s.account, currency: s.currency, ...s.balances(), transactions };
  });
  return { format: file.format, statements, errors: file.errors };
}
