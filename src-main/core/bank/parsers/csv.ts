import type { CsvMapping, RejectionReason } from '../../../../src-shared/bank.js';
import type { CsvRecord } from './csv-records.js';
import { csvRecords, isBlank, readRecords } from './csv-records.js';
import { decodeText } from './text.js';
import type { ParsedBalance, ParsedTransaction, StreamedFile, StreamedStatement } from './types.js';
import { RowErrors } from './types.js';
import { canonicalAmount, collapseSpaces, negate, parseDate } from './values.js';

/** Summary rows banks put above or below the data: balances, not transactions. */
export const BALANCE_LABEL = /^(letzter\s+kontostand|kontostand|anfangssaldo|schlusssaldo|endsaldo|saldo\s+anterior|balance\s+at\s+(start|end)|opening\s+balance|closing\s+balance|solde)/i;
const OPENING_LABEL = /letzter|anfang|anterior|start|opening|initial/i;

const DEBIT_MARKER = /^(s|soll|d|db|dr|debit|af|belastung|ausgang|-)$/i;
const CREDIT_MARKER = /^(h|haben|c|cr|credit|bij|gutschrift|eingang|\+)$/i;

export function decodeCsv(bytes: Uint8Array, mapping: Pick<CsvMapping, 'encoding' | 'delimiter'>): CsvRecord[] {
  return readRecords(decodeText(bytes, mapping.encoding), mapping.delimiter);
}

function cell(record: CsvRecord, index: number | null): string {
  return index === null ? '' : (record.cells[index] ?? '').trim();
}

/** The cell of a balance row that holds the amount (the first amount after the label). */
function balanceOf(record: CsvRecord, mapping: CsvMapping): ParsedBalance | null {
  let date = '';
  for (const raw of record.cells.slice(1)) {
    const asDate = parseDate(raw, mapping.dateOrder);
    if (asDate && date === '') {
      date = asDate;
      continue;
    }
    const amount = canonicalAmount(raw, mapping.decimal);
    if (amount !== null && raw.trim() !== '') return { amount, date };
  }
  return null;
}

/** Both amount cells are empty (as opposed to unreadable, which is null). */
const MISSING = Symbol('missing');

/** Hoisted, not a closure: this runs once or twice for every row of the file. */
function readAmount(record: CsvRecord, index: number | null, mapping: CsvMapping): string | null {
  const raw = cell(record, index);
  return raw === '' ? null : canonicalAmount(raw, mapping.decimal);
}

function isZero(value: string | null): boolean {
  return value === null || !/[1-9]/.test(value);
}

function amountOf(record: CsvRecord, mapping: CsvMapping): string | null | typeof MISSING {
  let amount: string | null;
  if (mapping.amount !== null) {
    const raw = cell(record, mapping.amount);
    if (raw === '') return MISSING;
    amount = canonicalAmount(raw, mapping.decimal);
    if (amount === null) return null;
  } else {
    const debitRaw = cell(record, mapping.debit);
    const creditRaw = cell(record, mapping.credit);
    const debit = readAmount(record, mapping.debit, mapping);
    const credit = readAmount(record, mapping.credit, mapping);
    if ((debitRaw !== '' && debit === null) || (creditRaw !== '' && credit === null)) return null;
    if (isZero(debit) && isZero(credit)) return debitRaw === '' && creditRaw === '' ? MISSING : '0';
    // Money out is negative whichever sign the bank wrote in its debit column.
    amount = !isZero(debit) ? `-${(debit ?? '').replace(/^-/, '')}` : (credit ?? '0').replace(/^-/, '');
  }
  if (mapping.marker !== null) {
    const marker = cell(record, mapping.marker);
    const unsigned = amount.replace(/^-/, '');
    if (DEBIT_MARKER.test(marker)) amount = negate(unsigned);
    else if (CREDIT_MARKER.test(marker)) amount = unsigned;
  }
  return mapping.invert ? negate(amount) : amount;
}

export interface CsvRowReading {
  readonly transaction?: ParsedTransaction;
  readonly balance?: { readonly kind: 'opening' | 'closing'; readonly value: ParsedBalance };
  readonly error?: string;
  readonly reason?: RejectionReason;
  /** Not a transaction and not an error (an empty or zero "info" row). */
  readonly skip?: boolean;
}

/** Reads one data record under a mapping. Used by the parser and the mapping preview alike. */
export function readCsvRow(record: CsvRecord, mapping: CsvMapping): CsvRowReading {
  if (record.error) return record.reason ? { error: record.error, reason: record.reason } : { error: record.error };
  if (isBlank(record)) return { skip: true };
  const first = record.cells.find((c) => c.trim() !== '') ?? '';
  const textCells = mapping.text.map((index) => cell(record, index));
  const label = BALANCE_LABEL.test(first) ? first : textCells.find((c) => BALANCE_LABEL.test(c));
  if (label !== undefined) {
    const dated = parseDate(cell(record, mapping.date), mapping.dateOrder);
    const mapped = dated === null ? null : amountOf(record, mapping);
    // A balance row in the data layout ("Saldo Anterior") has its amount where the transactions have theirs.
    const value = dated !== null && mapped !== null && mapped !== MISSING ? { amount: mapped, date: dated } : balanceOf(record, mapping);
    if (value) return { balance: { kind: OPENING_LABEL.test(label) ? 'opening' : 'closing', value } };
  }
  const dateRaw = cell(record, mapping.date);
  const bookingDate = parseDate(dateRaw, mapping.dateOrder);
  if (bookingDate === null) {
    // A footer or summary row with neither a date nor an amount is not a transaction.
    if (record.cells.filter((c) => c.trim() !== '').length <= 1 || (dateRaw === '' && amountOf(record, mapping) === MISSING)) return { skip: true };
    return dateRaw === ''
      ? { error: 'the date is missing.', reason: { code: 'no-date' } }
      : { error: `'${dateRaw}' is not a date in the ${mapping.dateOrder} order this file uses.`, reason: { code: 'not-a-date', params: { value: dateRaw } } };
  }
  const amount = amountOf(record, mapping);
  if (amount === MISSING) return { error: 'the amount is missing.', reason: { code: 'no-amount' } };
  if (amount === null) {
    const raw = mapping.amount !== null ? cell(record, mapping.amount) : `${cell(record, mapping.debit)}${cell(record, mapping.credit)}`;
    return { error: `'${raw}' is not an amount (decimal mark '${mapping.decimal}').`, reason: { code: 'not-an-amount', params: { value: raw } } };
  }
  const text = collapseSpaces(textCells.filter((t) => t !== '').join(' ')).trim();
  const valueRaw = cell(record, mapping.valueDate);
  const valueDate = valueRaw === '' ? undefined : (parseDate(valueRaw, mapping.dateOrder) ?? undefined);
  return {
    transaction: {
      line: record.line,
      bookingDate,
      valueDate,
      amount,
      payee: collapseSpaces(cell(record, mapping.payee)),
      text,
      // SEPA's placeholder for "no end-to-end id" is no reference.
      reference: cell(record, mapping.reference).replace(/^NOTPROVIDED$/i, ''),
    },
  };
}

/**
 * Reads a CSV statement under a mapping (detected or chosen in the import
 * wizard) as it is iterated: record by record, so the import can store the
 * first lines while the rest of a large file is still being read.
 */
export function streamCsv(bytes: Uint8Array, mapping: CsvMapping): StreamedFile {
  const errors = new RowErrors();
  let opening: ParsedBalance | undefined;
  let closing: ParsedBalance | undefined;
  let firstDate: string | undefined;
  let lastDate: string | undefined;
  function* transactions(): Generator<ParsedTransaction, void, undefined> {
    let index = -1;
    for (const record of csvRecords(decodeText(bytes, mapping.encoding), mapping.delimiter)) {
      index += 1;
      if (index < mapping.firstDataRow && !BALANCE_LABEL.test(record.cells[0] ?? '')) continue;
      if (index === mapping.headerRow) continue;
      const reading = readCsvRow(record, mapping);
      if (reading.error !== undefined) errors.add(record.line, reading.error, reading.reason);
      if (reading.balance) {
        if (reading.balance.kind === 'opening') opening = reading.balance.value;
        else closing = reading.balance.value;
      }
      const transaction = reading.transaction;
      // Zero-amount rows are notices (a quarterly statement note), not money moving.
      if (transaction && /[1-9]/.test(transaction.amount)) {
        if (firstDate === undefined || transaction.bookingDate < firstDate) firstDate = transaction.bookingDate;
        if (lastDate === undefined || transaction.bookingDate > lastDate) lastDate = transaction.bookingDate;
        yield transaction;
      }
    }
  }
  // A balance row without a date is dated by the first or last transaction.
  const dated = (balance: ParsedBalance | undefined, date: string | undefined): ParsedBalance | undefined =>
    !balance || balance.date !== '' ? balance : date === undefined ? undefined : { amount: balance.amount, date };
  const statement: StreamedStatement = { transactions: transactions(), balances: () => ({ opening: dated(opening, firstDate), closing: dated(closing, lastDate) }) };
  return { format: 'csv', statements: [statement], errors: errors.list };
}
