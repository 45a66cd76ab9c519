import type { ReconciliationNote } from '../../../src-shared/bank.js';
import type { BankContext } from './context.js';
import { money } from './amounts.js';

export interface StatementFigures {
  /** The account number the file states ('' when none). */
  readonly statedAccount: string;
  readonly opening: bigint | null;
  readonly openingDate: string | null;
  readonly closing: bigint | null;
  readonly closingDate: string | null;
  readonly lines: number;
  readonly total: bigint;
  /** Rows of this statement that could not be read. */
  readonly rejected: number;
}

interface PreviousRow {
  closing: number;
  closing_date: string;
}

/**
 * Checks a statement's balances against its lines and against the
 * previous statement of the account (issue 8 item 5), in plain words.
 */
export function reconcile(ctx: BankContext, accountId: string, currency: string, s: StatementFigures): ReconciliationNote {
  const fmt = (v: bigint): string => `${money(v, currency)} ${currency}`;
  const period = s.openingDate && s.closingDate && s.openingDate !== s.closingDate ? `${s.openingDate} to ${s.closingDate}` : (s.closingDate ?? s.openingDate ?? '');
  const lines = `${String(s.lines)} line${s.lines === 1 ? '' : 's'} (${fmt(s.total)})`;
  const problems: string[] = [];
  const opening = s.opening ?? (s.closing !== null ? s.closing - s.total : null);
  if (s.opening !== null && s.closing !== null && s.opening + s.total !== s.closing) {
    const diff = s.closing - (s.opening + s.total);
    problems.push(
      `the opening balance ${fmt(s.opening)} plus ${lines} makes ${fmt(s.opening + s.total)}, but the bank states a closing balance of ${fmt(s.closing)}: ${fmt(diff < 0n ? -diff : diff)} ${diff < 0n ? 'too much' : 'missing'}${s.rejected > 0 ? ` (${String(s.rejected)} row${s.rejected === 1 ? ' was' : 's were'} rejected)` : ''}`,
    );
  }
  const start = s.openingDate ?? s.closingDate;
  if (opening !== null && start !== null) {
    const previous = ctx.db
      .prepare('SELECT closing, closing_date FROM bank_statements WHERE account_id = ? AND stated_account = ? AND closing IS NOT NULL AND closing_date <= ? ORDER BY closing_date DESC, id DESC LIMIT 1')
      .get(accountId, s.statedAccount, start) as PreviousRow | undefined;
    if (previous && BigInt(previous.closing) !== opening) {
      const gap = opening - BigInt(previous.closing);
      problems.push(
        `the previous statement closed at ${fmt(BigInt(previous.closing))} on ${previous.closing_date}, but this one opens at ${fmt(opening)}: a difference of ${fmt(gap < 0n ? -gap : gap)}, so a statement may be missing in between`,
      );
    }
  }
  if (problems.length > 0) return { ok: false, message: `Statement ${period}: ${problems.join('; and ')}.` };
  if (s.opening !== null && s.closing !== null) {
    return { ok: true, message: `Statement ${period}: opening ${fmt(s.opening)} plus ${lines} equals the closing balance ${fmt(s.closing)}.` };
  }
  return { ok: true, message: `Statement ${period}: ${s.closing !== null ? `closing balance ${fmt(s.closing)}` : `opening balance ${fmt(opening ?? 0n)}`} continues from the previous statement.` };
}
