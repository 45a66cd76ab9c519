import { decodeText, splitLines } from './text.js';
import type { ParsedTransaction, ParseResult } from './types.js';
import { RowErrors, StatementRefusedError } from './types.js';
import type { DateOrder } from './values.js';
import { canonicalAmount, guessDateOrder, guessDecimalMark, parseDate } from './values.js';

/**
 * QIF (Quicken Interchange Format): records of one-letter fields ended by
 * "^". Only the cash-account sections hold transactions; category, class,
 * memorised and investment sections are skipped. QIF has no date format
 * field, so the order is the one under which every date of the file is real
 * (an "!Option:MDY" line decides when there is one).
 */
const TRANSACTION_TYPES = /^!Type:(Bank|Cash|CCard|Oth ?A|Oth ?L)\s*$/i;

interface RawRecord {
  line: number;
  fields: Map<string, string>;
  memo: string[];
}

/** Quicken's legacy dates: "1/ 1'00" is 1 Jan 2000, "D10.18.23" with !Option:MDY. */
function qifDateText(text: string): string {
  return text.replace(/\s+/g, '').replace(/'(\d{1,2})$/, (_m, y: string) => `/${String(2000 + Number(y))}`);
}

export function parseQif(bytes: Uint8Array): ParseResult {
  const lines = splitLines(decodeText(bytes));
  if (!lines.some((l) => /^!(Type|Account|Option)/i.test(l.trim()))) {
    throw new StatementRefusedError('This file has no QIF section header (like !Type:Bank); it is not a QIF statement.');
  }
  const records: RawRecord[] = [];
  let inTransactions = false;
  let skippingAccount = false;
  const option: { order: DateOrder | null } = { order: null };
  let current: RawRecord | null = null;
  lines.forEach((raw, index) => {
    const line = raw.replace(/\s+$/, '');
    if (line === '') return;
    if (line.startsWith('!')) {
      if (/^!Option:MDY/i.test(line)) option.order = 'MDY';
      else if (/^!Option:DMY/i.test(line)) option.order = 'DMY';
      else if (/^!Account/i.test(line)) skippingAccount = true;
      else if (/^!Type:/i.test(line)) {
        skippingAccount = false;
        inTransactions = TRANSACTION_TYPES.test(line);
      }
      return;
    }
    if (line.startsWith('^')) {
      if (skippingAccount) skippingAccount = false;
      else if (current && inTransactions) records.push(current);
      current = null;
      return;
    }
    if (!inTransactions || skippingAccount) return;
    current ??= { line: index + 1, fields: new Map(), memo: [] };
    const code = line[0] ?? '';
    const value = line.slice(1).trim();
    // Split lines (S, E, $) belong to the whole transaction; its total is T.
    if (code === 'S' || code === 'E' || code === '$') return;
    if (code === 'M') current.memo.push(value);
    else if (!current.fields.has(code)) current.fields.set(code, value);
  });
  const dates = records.map((r) => qifDateText(r.fields.get('D') ?? ''));
  const dotted = dates.some((d) => /\d\.\d/.test(d));
  const preference: DateOrder[] = option.order ? [option.order] : dotted ? ['DMY', 'MDY', 'YMD'] : ['MDY', 'DMY', 'YMD'];
  const order = guessDateOrder(dates, preference) ?? preference[0] ?? 'MDY';
  const mark = guessDecimalMark(records.map((r) => r.fields.get('T') ?? r.fields.get('U') ?? ''));
  const errors = new RowErrors();
  const transactions: ParsedTransaction[] = [];
  let opening: { amount: string; date: string } | undefined;
  for (const record of records) {
    const dateText = record.fields.get('D') ?? '';
    const bookingDate = parseDate(qifDateText(dateText), order);
    const amountText = record.fields.get('T') ?? record.fields.get('U') ?? '';
    const amount = canonicalAmount(amountText, mark);
    if (bookingDate === null) {
      errors.add(record.line, dateText === '' ? 'the transaction has no date (D line).' : `'${dateText}' is not a date.`, dateText === '' ? { code: 'no-date' } : { code: 'not-a-date', params: { value: dateText } });
      continue;
    }
    if (amount === null) {
      errors.add(record.line, amountText === '' ? 'the transaction has no amount (T line).' : `'${amountText}' is not an amount.`, amountText === '' ? { code: 'no-amount' } : { code: 'not-an-amount', params: { value: amountText } });
      continue;
    }
    // Quicken writes the account's starting balance as a first "transaction".
    if (/^(opening balance|eröffnungssaldo|anfangssaldo)$/i.test((record.fields.get('P') ?? '').trim())) {
      opening = { amount, date: bookingDate };
      continue;
    }
    const category = record.fields.get('L') ?? '';
    transactions.push({
      line: record.line,
      bookingDate,
      amount,
      payee: (record.fields.get('P') ?? '').replace(/\s+/g, ' '),
      text: [...record.memo, category.startsWith('[') || category === '--Split--' ? '' : category].filter((t) => t !== '').join(' '),
      reference: record.fields.get('N') ?? '',
    });
  }
  return { format: 'qif', statements: [{ opening, transactions }], errors: errors.list };
}
