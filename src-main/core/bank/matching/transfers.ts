import { NotFoundError } from '../../errors.js';
import { money } from '../amounts.js';
import type { BankContext } from '../context.js';
import type { TransactionRow } from '../transactions.js';
import { getTransactionRow } from '../transactions.js';
import { daysBetween, shiftDays } from './dates.js';
import type { MatchCandidate, MatchSource } from './source.js';

/** Transfers between the user's own accounts: same amount, opposite sign, within 2 days (issue 8 item 8). */
export const transferSource: MatchSource = {
  kind: 'transfer',
  candidates(ctx: BankContext, line: TransactionRow): MatchCandidate[] {
    const rows = ctx.db
      .prepare(
        `SELECT t.id, t.booking_date, t.amount, a.name AS account_name FROM bank_transactions t JOIN bank_accounts a ON a.id = t.account_id
         WHERE t.account_id != ? AND a.currency = ? AND t.amount = ? AND t.matched = 0 AND t.booking_date BETWEEN ? AND ? LIMIT 20`,
      )
      .all(line.account_id, line.currency, -line.amount, shiftDays(line.booking_date, -2), shiftDays(line.booking_date, 2)) as {
      id: number;
      booking_date: string;
      amount: number;
      account_name: string;
    }[];
    return rows.map((other) => {
      const days = daysBetween(other.booking_date, line.booking_date);
      return {
        kind: 'transfer',
        targetId: String(other.id),
        label: `Transfer ${line.amount < 0 ? 'to' : 'from'} ${other.account_name} on ${other.booking_date}`,
        score: 90 - days * 10,
        reasons: [`opposite amount ${money(other.amount, line.currency)} in ${other.account_name}`, days === 0 ? 'same day' : `${String(days)} day${days === 1 ? '' : 's'} apart`],
        amount: BigInt(line.amount),
      };
    });
  },
  accept(ctx, line, targetId) {
    const other = getTransactionRow(ctx, Number(targetId));
    if (!other) throw new NotFoundError('The other side of this transfer is gone.');
    return { label: `Transfer with ${other.account_name}`, amount: BigInt(line.amount), recordId: null, counterpartLine: other.id };
  },
  undo() {
    // The matcher removes both lines' match rows; a transfer records nothing else.
  },
};
