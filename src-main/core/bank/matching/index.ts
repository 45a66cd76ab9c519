import { randomUUID } from 'node:crypto';
import type { BankMatch, MatchKind, MatchSuggestion } from '../../../../src-shared/bank.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { money } from '../amounts.js';
import type { BankContext } from '../context.js';
import { nowIso } from '../context.js';
import type { TransactionRow } from '../transactions.js';
import { getTransactionRow } from '../transactions.js';
import { expenseSource } from './expenses.js';
import { invoiceSource } from './invoices.js';
import type { MatchSource, StoredMatch } from './source.js';
import { supplierInvoiceSource } from './supplier-invoices.js';
import { transferSource } from './transfers.js';

/** The candidate sources, in one list; a new kind implements `MatchSource` and is appended. Nothing else in the matcher changes. */
export const MATCH_SOURCES: readonly MatchSource[] = [invoiceSource, transferSource, expenseSource, supplierInvoiceSource];

function sourceFor(kind: MatchKind): MatchSource {
  const source = MATCH_SOURCES.find((s) => s.kind === kind);
  if (!source) throw new NotFoundError(`Matching to ${kind}s is not available in this version.`);
  return source;
}

function lineOrThrow(ctx: BankContext, id: number): TransactionRow {
  const line = getTransactionRow(ctx, id);
  if (!line) throw new NotFoundError('This bank line does not exist (any more).');
  return line;
}

export function suggestionsFor(ctx: BankContext, line: TransactionRow): MatchSuggestion[] {
  return MATCH_SOURCES.flatMap((source) => source.candidates(ctx, line))
    .sort((a, b) => b.score - a.score)
    .map((c) => ({ transactionId: line.id, kind: c.kind, targetId: c.targetId, label: c.label, score: c.score, reasons: c.reasons, amount: money(c.amount, line.currency) }));
}

/** Suggestions for the unmatched lines of an account (newest first), best first per line. */
export function suggestMatches(ctx: BankContext, accountId: string | null, limit = 200): MatchSuggestion[] {
  const ids = ctx.db
    .prepare('SELECT id FROM bank_transactions WHERE matched = 0 AND (? IS NULL OR account_id = ?) ORDER BY booking_date DESC, id DESC LIMIT ?')
    .all(accountId, accountId, limit) as { id: number }[];
  return ids.flatMap(({ id }) => suggestionsFor(ctx, lineOrThrow(ctx, id))).sort((a, b) => b.score - a.score);
}

function storeMatch(ctx: BankContext, line: TransactionRow, kind: MatchKind, targetId: string, label: string, amount: bigint, recordId: string | null): string {
  const id = randomUUID();
  ctx.db
    .prepare('INSERT INTO bank_matches (id, transaction_id, kind, target_id, record_id, label, amount, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(id, line.id, kind, targetId, recordId, label, amount, nowIso(ctx), ctx.actor);
  ctx.db.prepare('UPDATE bank_transactions SET matched = 1 WHERE id = ?').run(line.id);
  return id;
}

export function acceptMatch(ctx: BankContext, transactionId: number, kind: MatchKind, targetId: string): BankMatch {
  return ctx.transaction(() => {
    const line = lineOrThrow(ctx, transactionId);
    if (line.matched === 1) throw new ConflictError('This bank line is matched already; undo that match first.');
    const source = sourceFor(kind);
    const accepted = source.accept(ctx, line, targetId);
    const id = storeMatch(ctx, line, kind, targetId, accepted.label, accepted.amount, accepted.recordId);
    source.recorded?.(ctx, { id, transactionId, kind, targetId, recordId: accepted.recordId });
    if (accepted.counterpartLine !== undefined) {
      const other = lineOrThrow(ctx, accepted.counterpartLine);
      if (other.matched === 1) throw new ConflictError('The other side of this transfer is matched already.');
      storeMatch(ctx, other, kind, String(line.id), `Transfer with ${line.account_name}`, BigInt(other.amount), null);
    }
    ctx.audit({ action: 'bank.match.accept', subject: `bank-line:${String(transactionId)}`, details: { kind, targetId, label: accepted.label, amount: money(accepted.amount, line.currency) } });
    return { id, transactionId, kind, targetId, label: accepted.label, amount: money(accepted.amount, line.currency) };
  });
}

interface MatchRow {
  id: string;
  transaction_id: number;
  kind: MatchKind;
  target_id: string;
  record_id: string | null;
  label: string;
  amount: number;
}

export function matchesOf(ctx: BankContext, transactionId: number): BankMatch[] {
  const rows = ctx.db.prepare('SELECT m.*, a.currency FROM bank_matches m JOIN bank_transactions t ON t.id = m.transaction_id JOIN bank_accounts a ON a.id = t.account_id WHERE m.transaction_id = ?').all(transactionId) as (MatchRow & { currency: string })[];
  return rows.map((r) => ({ id: r.id, transactionId: r.transaction_id, kind: r.kind, targetId: r.target_id, label: r.label, amount: money(r.amount, r.currency) }));
}

/** Undoes a line's match and what accepting it recorded (the payment); a transfer frees both lines. */
export function undoMatch(ctx: BankContext, transactionId: number): void {
  ctx.transaction(() => {
    const row = ctx.db.prepare('SELECT * FROM bank_matches WHERE transaction_id = ?').get(transactionId) as MatchRow | undefined;
    if (!row) throw new NotFoundError('This bank line is not matched.');
    const stored: StoredMatch = { id: row.id, transactionId: row.transaction_id, kind: row.kind, targetId: row.target_id, recordId: row.record_id };
    sourceFor(row.kind).undo(ctx, stored);
    const lines = row.kind === 'transfer' ? [row.transaction_id, Number(row.target_id)] : [row.transaction_id];
    for (const id of lines) {
      ctx.db.prepare('DELETE FROM bank_matches WHERE transaction_id = ?').run(id);
      ctx.db.prepare('UPDATE bank_transactions SET matched = 0 WHERE id = ?').run(id);
    }
    ctx.audit({ action: 'bank.match.undo', subject: `bank-line:${String(transactionId)}`, details: { kind: row.kind, targetId: row.target_id, label: row.label } });
  });
}
