import type { ImportRejection } from '../../../src-shared/bank.js';
import { maskPans } from '../audit/redact.js';
import { minorOrProblem, toMinor } from './amounts.js';
import { DedupKeyer } from './dedup.js';
import { ibanChecksumOk, normaliseIban } from './iban.js';
import type { ParsedStatement, StreamedFile, StreamedStatement } from './parsers/index.js';
import { normaliseText } from './parsers/values.js';
import type { StatementFigures } from './reconcile.js';
import type { CompiledRule } from './rules.js';
import { categoryFor } from './rules.js';

/**
 * The reading half of an import: a parsed statement file becomes lines ready
 * to store (amounts in minor units, card numbers masked, dedup keys, rule
 * categories), handed on in batches while the file is still being read. It
 * touches no database, so it runs on a worker thread beside the writing half
 * (see reading-thread.ts) or, for a small file, on the caller's thread.
 */

/** What the reading half knows of the account: plain data, to cross threads. */
export interface ReaderAccount {
  readonly name: string;
  readonly iban: string;
  readonly currency: string;
}

/** Lines ready to store, column by column (cheap to hand between threads). */
export interface LineBatch {
  readonly bookingDate: string[];
  readonly valueDate: (string | null)[];
  readonly amount: bigint[];
  readonly payee: string[];
  readonly text: string[];
  readonly reference: string[];
  readonly bankId: (string | null)[];
  readonly key: string[];
  readonly category: (string | null)[];
  /** The batch's earliest and latest booking dates: the dedup keys to look up lie between. */
  firstDate: string;
  lastDate: string;
}

export type ReadingPart =
  | { readonly kind: 'lines'; readonly batch: LineBatch }
  /** A statement's lines were all handed on; its balances, if it states any, are to reconcile. */
  | { readonly kind: 'statement'; readonly figures: StatementFigures | null }
  /** The file was read to its end: every row that could not be used, in file order. */
  | { readonly kind: 'end'; readonly rejected: readonly ImportRejection[] };

/** Lines per batch: big enough that handing one over costs little. The first is small, so storing starts early. */
const BATCH_LINES = 4096;
const FIRST_BATCH_LINES = 512;

const emptyBatch = (): LineBatch => ({
  bookingDate: [],
  valueDate: [],
  amount: [],
  payee: [],
  text: [],
  reference: [],
  bankId: [],
  key: [],
  category: [],
  firstDate: '',
  lastDate: '',
});

/** A statement that names another account or currency is refused whole rather than mixed into this account. */
function refusalOf(statement: StreamedStatement, account: ReaderAccount): Omit<ImportRejection, 'line'> | null {
  const named = normaliseIban(statement.account ?? '');
  if (account.iban !== '' && named !== '' && ibanChecksumOk(named) && named !== account.iban) {
    return {
      message: `This statement is for account ${named}, not ${account.name} (${account.iban}); it was not imported. Import it into that account.`,
      reason: { code: 'other-account', params: { iban: named, account: account.name, accountIban: account.iban } },
    };
  }
  const currency = statement.currency ?? account.currency;
  if (currency !== account.currency) {
    return {
      message: `This statement is in ${currency}, but ${account.name} is kept in ${account.currency}; it was not imported.`,
      reason: { code: 'other-currency', params: { currency, account: account.name, accountCurrency: account.currency } },
    };
  }
  return null;
}

function firstLineOf(statement: StreamedStatement): number {
  for (const transaction of statement.transactions) return transaction.line;
  return 1;
}

function figuresOf(statement: StreamedStatement, currency: string, lines: number, total: bigint, rejected: number): StatementFigures | null {
  const { opening, closing }: Pick<ParsedStatement, 'opening' | 'closing'> = statement.balances();
  const minor = (b: { amount: string } | undefined): bigint | null => {
    if (!b) return null;
    const v = toMinor(b.amount, currency);
    return typeof v === 'string' ? null : v;
  };
  const openingMinor = minor(opening);
  const closingMinor = minor(closing);
  if (openingMinor === null && closingMinor === null) return null;
  return {
    statedAccount: statement.account ?? '',
    opening: openingMinor,
    openingDate: opening?.date ?? null,
    closing: closingMinor,
    closingDate: closing?.date ?? null,
    lines,
    total,
    rejected,
  };
}

/**
 * Reads a statement file into parts, in file order. A bad row is rejected
 * with its line and the rest goes on; occurrence indexes of the dedup keys
 * count across the whole file, across its statements.
 */
export function* readStatementFile(
  file: StreamedFile,
  account: ReaderAccount,
  rules: readonly CompiledRule[],
): Generator<ReadingPart, void, undefined> {
  const rejected: ImportRejection[] = [];
  let batchLines = FIRST_BATCH_LINES;
  const keyer = new DedupKeyer();
  for (const statement of file.statements) {
    const refusal = refusalOf(statement, account);
    if (refusal !== null) {
      rejected.push({ line: firstLineOf(statement), ...refusal });
      continue;
    }
    const currency = statement.currency ?? account.currency;
    let batch = emptyBatch();
    let lines = 0;
    let total = 0n;
    let rejectedHere = 0;
    for (const t of statement.transactions) {
      const amount = minorOrProblem(t.amount, currency);
      if (typeof amount !== 'bigint') {
        rejected.push({ line: t.line, message: `Line ${String(t.line)}: ${amount.message}`, reason: amount.reason });
        rejectedHere += 1;
        continue;
      }
      // Card numbers never reach the vault (DESIGN §5): masked in every text field.
      const payee = maskPans(t.payee);
      const text = maskPans(t.text);
      const keyedByText = t.bankId === undefined || t.bankId === '';
      // Normalised once for the key and the rules alike.
      const normalised = keyedByText || rules.length > 0 ? normaliseText(`${payee} ${text}`) : undefined;
      const line = { bookingDate: t.bookingDate, amount, payee, text, bankId: t.bankId };
      if (batch.key.length === 0 || t.bookingDate < batch.firstDate) batch.firstDate = t.bookingDate;
      if (batch.key.length === 0 || t.bookingDate > batch.lastDate) batch.lastDate = t.bookingDate;
      batch.bookingDate.push(t.bookingDate);
      batch.valueDate.push(t.valueDate ?? null);
      batch.amount.push(amount);
      batch.payee.push(payee);
      batch.text.push(text);
      batch.reference.push(maskPans(t.reference));
      batch.bankId.push(t.bankId ?? null);
      batch.key.push(keyer.key(line, normalised));
      batch.category.push(rules.length > 0 ? categoryFor(rules, line, normalised) : null);
      lines += 1;
      total += amount;
      if (batch.key.length >= batchLines) {
        yield { kind: 'lines', batch };
        batch = emptyBatch();
        batchLines = BATCH_LINES;
      }
    }
    if (batch.key.length > 0) yield { kind: 'lines', batch };
    yield { kind: 'statement', figures: figuresOf(statement, currency, lines, total, rejectedHere) };
  }
  yield { kind: 'end', rejected: [...file.errors, ...rejected] };
}
