import { formatMoney } from '../../../../src-shared/money.js';
import type { BooksContext } from '../context.js';
import { requireSettings } from '../context.js';
import { exportEntries } from './entries.js';

/**
 * Plain-text accounting journal that hledger and ledger-cli read: one
 * transaction per entry, every posting with an explicit amount, account
 * names "NUMBER Name" (characters that end a name or start a comment are
 * replaced), the entry number as the code and the voucher as a tag.
 */
const safe = (text: string): string => text.replace(/[;#]/g, ' ').replace(/\s+/g, ' ').trim();

export function accountName(number: string, name: string): string {
  return safe(`${number} ${name}`.replace(/[()[\]]/g, ' '));
}

export function plainTextJournal(ctx: BooksContext, from: string, to: string): string {
  const { currency } = requireSettings(ctx);
  const out: string[] = [`; Sealbook journal ${from} to ${to}, amounts in ${currency}`, `commodity 1000.00 ${currency}`, ''];
  for (const entry of exportEntries(ctx, from, to)) {
    out.push(`${entry.date} * (${entry.number}) ${safe(entry.text) || safe(entry.voucher)}`);
    out.push(`    ; voucher: ${safe(entry.voucher)}, source: ${entry.sourceType}`);
    for (const line of entry.lines) {
      out.push(`    ${accountName(line.account, line.accountName)}  ${formatMoney(line.amount, currency)} ${currency}`);
    }
    out.push('');
  }
  return out.join('\n');
}
