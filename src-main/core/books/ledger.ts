import { randomUUID } from 'node:crypto';
import type { SourceType, Voucher } from '../../../src-shared/books.js';
import { formatMoney } from '../../../src-shared/money.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { nowIso } from '../invoices/context.js';
import type { BooksContext } from './context.js';
import { requireSettings, yearOf } from './context.js';
import { requireOpenPeriod } from './periods.js';

/**
 * The journal: every change to the books goes through `writeEntry`. An entry
 * balances (sum of signed lines = 0), names its voucher, and once posted takes
 * the next number of its fiscal year (gapless: taken in the same transaction
 * as the rows, so a failure leaves no hole) and never changes again.
 */
export interface ProposedLine {
  readonly account: string;
  /** Signed minor units of the book currency: debit positive, credit negative. */
  readonly amount: bigint;
  readonly vatCode?: string | null;
  readonly text?: string;
  readonly openItem?: string | null;
  readonly dueDate?: string | null;
  readonly party?: string | null;
}

/** What the VAT return takes from an entry, per code: owed or deductible positive. */
export interface VatRecord {
  readonly code: string;
  readonly base: bigint;
  readonly tax: bigint;
}

export interface PostingProposal {
  readonly date: string;
  readonly text: string;
  readonly voucher: Voucher;
  readonly lines: readonly ProposedLine[];
  readonly vat?: readonly VatRecord[];
  readonly reverses?: string;
}

const MAX_TEXT = 500;

function validate(ctx: BooksContext, proposal: PostingProposal, currency: string): ProposedLine[] {
  const lines = proposal.lines.filter((line) => line.amount !== 0n);
  const fields: Record<string, string> = {};
  if (lines.length < 2) fields.lines = 'An entry needs at least two lines with an amount.';
  if (proposal.voucher.id.trim() === '' || proposal.voucher.number.trim() === '') {
    fields.voucher = 'Every entry names its voucher (GoBD): attach a document or give a voucher number.';
  }
  if (proposal.text.length > MAX_TEXT) fields.text = `Use at most ${String(MAX_TEXT)} characters.`;
  const account = ctx.db.prepare('SELECT active FROM accounts WHERE number = ?');
  const code = ctx.db.prepare('SELECT 1 FROM vat_codes WHERE code = ?');
  proposal.lines.forEach((line, index) => {
    const row = account.get(line.account) as { active: number } | undefined;
    if (!row) fields[`lines.${String(index)}.account`] = `Line ${String(index + 1)}: account ${line.account} is not in the chart of accounts.`;
    else if (row.active !== 1) fields[`lines.${String(index)}.account`] = `Line ${String(index + 1)}: account ${line.account} is inactive.`;
    if (line.vatCode != null && code.get(line.vatCode) === undefined) {
      fields[`lines.${String(index)}.vatCode`] = `Line ${String(index + 1)}: VAT code ${line.vatCode} does not exist.`;
    }
  });
  const balance = lines.reduce((total, line) => total + line.amount, 0n);
  if (balance !== 0n && lines.length >= 2) {
    const debit = lines.filter((l) => l.amount > 0n).reduce((t, l) => t + l.amount, 0n);
    fields.lines = `The entry does not balance: debits ${formatMoney(debit, currency)}, credits ${formatMoney(debit - balance, currency)}. Make both sides equal.`;
  }
  const [first] = Object.values(fields);
  if (first !== undefined) throw new ValidationError(first, fields);
  return lines;
}

/** Inserts an entry (as a draft or posted) with its lines, VAT records and audit row; returns its id. Call inside a transaction. */
export function writeEntry(ctx: BooksContext, source: { type: SourceType; id?: string }, proposal: PostingProposal, state: 'draft' | 'posted'): string {
  const settings = requireSettings(ctx);
  const lines = validate(ctx, proposal, settings.currency);
  const id = randomUUID();
  const sourceId = source.id ?? id;
  if (state === 'posted') requireOpenPeriod(ctx, proposal.date);
  const at = nowIso(ctx);
  try {
    ctx.db
      .prepare(
        `INSERT INTO journal_entries (id, state, date, text, source_type, source_id, voucher, reverses_id, created_at, created_by)
         VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, proposal.date, proposal.text, source.type, sourceId, proposal.voucher.number, proposal.reverses ?? null, at, ctx.actor);
  } catch (error) {
    if (error instanceof Error && /UNIQUE/.test(error.message)) {
      throw new ConflictError(proposal.reverses !== undefined ? 'This entry is already reversed.' : `This ${source.type.replace('_', ' ')} is already in the books.`);
    }
    throw error;
  }
  const insert = ctx.db.prepare(
    `INSERT INTO journal_lines (entry_id, position, date, account, amount, currency, vat_code, text, open_item, due_date, party)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  lines.forEach((line, position) => {
    insert.run(id, position, proposal.date, line.account, line.amount, settings.currency, line.vatCode ?? null, line.text ?? '', line.openItem ?? null, line.dueDate ?? null, line.party ?? null);
  });
  const vat = ctx.db.prepare('INSERT INTO vat_records (entry_id, code, base, tax) VALUES (?, ?, ?, ?)');
  for (const record of mergeVat(proposal.vat ?? [])) vat.run(id, record.code, record.base, record.tax);
  if (state === 'posted') markPosted(ctx, id);
  else ctx.audit({ action: 'books.draft', subject: `entry:${id}`, details: { date: proposal.date, voucher: proposal.voucher.number } });
  return id;
}

function mergeVat(records: readonly VatRecord[]): VatRecord[] {
  const merged = new Map<string, { code: string; base: bigint; tax: bigint }>();
  for (const record of records) {
    const current = merged.get(record.code) ?? { code: record.code, base: 0n, tax: 0n };
    current.base += record.base;
    current.tax += record.tax;
    merged.set(record.code, current);
  }
  return [...merged.values()];
}

/** Draft -> posted: the period must be open; takes the next number of the fiscal year and books the day totals. */
export function markPosted(ctx: BooksContext, id: string): string {
  const entry = ctx.db.prepare('SELECT state, date, source_type, voucher FROM journal_entries WHERE id = ?').get(id) as
    | { state: string; date: string; source_type: string; voucher: string }
    | undefined;
  if (!entry) throw new NotFoundError('This entry does not exist (any more).');
  if (entry.state !== 'draft') throw new ConflictError('This entry is already posted; posted entries can only be reversed.');
  requireOpenPeriod(ctx, entry.date);
  const year = yearOf(entry.date);
  const { next } = ctx.db.prepare("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM journal_entries WHERE fiscal_year = ? AND state = 'posted'").get(year) as { next: number };
  ctx.db
    .prepare("UPDATE journal_entries SET state = 'posted', fiscal_year = ?, seq = ?, posted_at = ?, posted_by = ? WHERE id = ? AND state = 'draft'")
    .run(year, next, nowIso(ctx), ctx.actor, id);
  ctx.db
    .prepare(
      `INSERT INTO account_day_totals (day, account, debit, credit)
       SELECT ?, account, SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END), SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END)
       FROM journal_lines WHERE entry_id = ? GROUP BY account
       ON CONFLICT (day, account) DO UPDATE SET debit = debit + excluded.debit, credit = credit + excluded.credit`,
    )
    .run(entry.date, id);
  const number = entryNumber(year, next);
  const total = ctx.db.prepare('SELECT SUM(amount) AS total FROM journal_lines WHERE entry_id = ? AND amount > 0').safeIntegers(true).get(id) as { total: bigint };
  ctx.audit({
    action: 'books.post',
    subject: `entry:${id}`,
    details: { number, date: entry.date, source: entry.source_type, voucher: entry.voucher, total: formatMoney(total.total, requireSettings(ctx).currency) },
  });
  return number;
}

export function entryNumber(year: number, seq: number): string {
  return `${String(year)}-${String(seq).padStart(6, '0')}`;
}

/** A counter-entry with every line negated (the original stays untouched); dated `date` or today. */
export function reverseEntry(ctx: BooksContext, id: string, date: string, reason: string): string {
  return ctx.transaction(() => {
    const entry = ctx.db.prepare('SELECT state, seq, fiscal_year, text, voucher, source_type, source_id FROM journal_entries WHERE id = ?').get(id) as
      | { state: string; seq: number | null; fiscal_year: number | null; text: string; voucher: string; source_type: SourceType; source_id: string }
      | undefined;
    if (!entry) throw new NotFoundError('This entry does not exist.');
    if (entry.state !== 'posted' || entry.seq === null || entry.fiscal_year === null) throw new ConflictError('Only a posted entry can be reversed; a draft can be discarded.');
    if (entry.source_type === 'reversal') throw new ConflictError('This entry is itself a reversal; post the correct entry again instead.');
    const lines = ctx.db.prepare('SELECT account, amount, vat_code, text, open_item, due_date, party FROM journal_lines WHERE entry_id = ? ORDER BY position').safeIntegers(true).all(id) as {
      account: string; amount: bigint; vat_code: string | null; text: string; open_item: string | null; due_date: string | null; party: string | null;
    }[];
    const vat = ctx.db.prepare('SELECT code, base, tax FROM vat_records WHERE entry_id = ?').safeIntegers(true).all(id) as { code: string; base: bigint; tax: bigint }[];
    const number = entryNumber(entry.fiscal_year, entry.seq);
    const why = reason.trim();
    return writeEntry(ctx, { type: 'reversal', id }, {
      date,
      text: `Reversal of ${number}${why === '' ? '' : `: ${why}`}`.slice(0, MAX_TEXT),
      voucher: { type: 'reversal', id, number },
      lines: lines.map((l) => ({ account: l.account, amount: -l.amount, vatCode: l.vat_code, text: l.text, openItem: l.open_item, dueDate: l.due_date, party: l.party })),
      vat: vat.map((v) => ({ code: v.code, base: -v.base, tax: -v.tax })),
      reverses: id,
    }, 'posted');
  });
}

/** Discards a draft (never a posted entry: the triggers refuse that too). */
export function discardDraft(ctx: BooksContext, id: string): null {
  ctx.transaction(() => {
    const done = ctx.db.prepare("DELETE FROM journal_entries WHERE id = ? AND state = 'draft'").run(id);
    if (done.changes === 0) throw new ConflictError('Only a draft can be discarded; a posted entry is reversed instead.');
    ctx.audit({ action: 'books.discard', subject: `entry:${id}` });
  });
  return null;
}
