import type { ManualLine } from '../../../src-shared/books.js';
import { parseMoney } from '../../../src-shared/money.js';

/** A line as the forms hold it: every field text, as typed. */
export interface LineDraft {
  account: string;
  debit: string;
  credit: string;
  vatCode: string;
  text: string;
}

export const blankLine = (): LineDraft => ({ account: '', debit: '', credit: '', vatCode: '', text: '' });

export const toManualLine = (line: LineDraft): ManualLine => ({
  account: line.account, debit: line.debit, credit: line.credit, vatCode: line.vatCode === '' ? null : line.vatCode, text: line.text,
});

/** Debit minus credit of the lines, in minor units; text that is no amount counts 0 here (main reports it). */
export function balanceOf(lines: readonly { debit: string; credit: string }[], currency: string): bigint {
  const amount = (text: string): bigint => {
    if (text.trim() === '') return 0n;
    try {
      return parseMoney(text, currency, { label: 'Amount' });
    } catch {
      return 0n;
    }
  };
  return lines.reduce((total, line) => total + amount(line.debit) - amount(line.credit), 0n);
}
