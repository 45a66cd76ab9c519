import type { ReconciliationFacts, ReconciliationNote } from '../../../src-shared/bank.js';
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
  const dec = (v: bigint): string => money(v, currency);
  const fmt = (v: bigint): string => `${dec(v)} ${currency}`;
  const abs = (v: bigint): bigint => (v < 0n ? -v : v);
  const period = s.openingDate && s.closingDate && s.openingDate !== s.closingDate ? `${s.openingDate} to ${s.closingDate}` : (s.closingDate ?? s.openingDate ?? '');
  const lines = `${String(s.lines)} line${s.lines === 1 ? '' : 's'} (${fmt(s.total)})`;
  const problems: string[] = [];
  let mismatch: ReconciliationFacts['mismatch'] = null;
  let gap: ReconciliationFacts['gap'] = null;
  const opening = s.opening ?? (s.closing !== null ? s.closing - s.total : null);
  if (s.opening !== null && s.closing !== null && s.opening + s.total !== s.closing) {
    const diff = s.closing - (s.opening + s.total);
    mismatch = { computed: dec(s.opening + s.total), difference: dec(abs(diff)), missing: diff > 0n, rejected: s.rejected };
    problems.push(
      `the opening balance ${fmt(s.opening)} plus ${lines} makes ${fmt(s.opening + s.total)}, but the bank states a closing balance of ${fmt(s.closing)}: ${fmt(abs(diff))} ${diff < 0n ? 'too much' : 'missing'}${s.rejected > 0 ? ` (${String(s.rejected)} row${s.rejected === 1 ? ' was' : 's were'} rejected)` : ''}`,
    );
  }
  const start = s.openingDate ?? s.closingDate;
  if (opening !== null && start !== null) {
    const previous = ctx.db
      .prepare('SELECT closing, closing_date FROM bank_statements WHERE account_id = ? AND stated_account = ? AND closing IS NOT NULL AND closing_date <= ? ORDER BY closing_date DESC, id DESC LIMIT 1')
      .get(accountId, s.statedAccount, start) as PreviousRow | undefined;
    if (previous && BigInt(previous.closing) !== opening) {
      const difference = opening - BigInt(previous.closing);
      gap = { previousClosing: dec(BigInt(previous.closing)), previousDate: previous.closing_date, opening: dec(opening), difference: dec(abs(difference)) };
      problems.push(
        `the previous statement closed at ${fmt(BigInt(previous.closing))} on ${previous.closing_date}, but this one opens at ${fmt(opening)}: a difference of ${fmt(abs(difference))}, so a statement may be missing in between`,
      );
    }
  }
  const facts: ReconciliationFacts = {
    currency,
    from: s.openingDate ?? s.closingDate,
    to: s.closingDate ?? s.openingDate,
    // As stated: a derived opening shows only in `gap`.
    opening: s.opening === null ? null : dec(s.opening),
    closing: s.closing === null ? null : dec(s.closing),
    lines: s.lines,
    total: dec(s.total),
    mismatch,
    gap,
  };
  if (problems.length > 0) return { ok: false, message: `Statement ${period}: ${problems.join('; and ')}.`, facts };
  if (s.opening !== null && s.closing !== null) {
    return { ok: true, message: `Statement ${period}: opening ${fmt(s.opening)} plus ${lines} equals the closing balance ${fmt(s.closing)}.`, facts };
  }
  return { ok: true, message: `Statement ${period}: ${s.closing !== null ? `closing balance ${fmt(s.closing)}` : `opening balance ${fmt(opening ?? 0n)}`} continues from the previous statement.`, facts };
}
