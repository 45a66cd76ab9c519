import type { SourceType } from '../../../../src-shared/books.js';
import type { BooksContext, BooksSettings } from '../context.js';
import { readSettings } from '../context.js';
import { nowIso } from '../../invoices/context.js';
import { reverseEntry, writeEntry } from '../ledger.js';
import type { PostingProposal } from '../ledger.js';

/**
 * Posting sources: how a final document enters the books.
 *
 * A source turns one final document (an issued invoice, a credit note, a
 * recorded payment in ./invoices.ts; a confirmed expense or supplier invoice
 * in ./purchases.ts; a matched bank line is posted as the payment it records)
 * into a balanced `PostingProposal`. To add one:
 *
 *   1. Write `const expenseSource: PostingSource = { type: 'expense', propose, finalIds }`:
 *      - `propose(ctx, id, settings)` reads the document and returns the
 *        proposal (date, text, voucher {type, id, number}, lines with signed
 *        minor units in `settings.currency`, and `vat` records per code; use
 *        `vatTreatment` in ./vat-lines.ts for the VAT split and the cash/accrual
 *        basis), or `null` when the document is not final (a draft).
 *      - `finalIds(ctx)` lists every final document's id with its date, for
 *        the catch-up pass when the books are switched on.
 *   2. Add it to `SOURCES` below.
 *   3. Call `postSource(ctx, 'expense', id)` inside the transaction that
 *      makes the document final (as invoices/documents.ts does on issue,
 *      credit and payment). It does nothing while the books are off, and
 *      posting the same (type, id) twice is a no-op, so it is safe to call
 *      from retries and from the catch-up pass alike.
 *
 * If the proposal cannot be posted (a closed period, a missing account), the
 * error aborts the document's own transaction: a document is never final
 * without its entry once the books are on.
 */
export interface PostingSource {
  readonly type: SourceType;
  propose(ctx: BooksContext, id: string, settings: BooksSettings): PostingProposal | null;
  finalIds(ctx: BooksContext): readonly { readonly id: string; readonly date: string; readonly order: number }[];
}

const SOURCES = new Map<SourceType, PostingSource>();

export function registerSource(source: PostingSource): void {
  SOURCES.set(source.type, source);
}

export function registeredSources(): readonly PostingSource[] {
  return [...SOURCES.values()];
}

export function isPosted(ctx: BooksContext, type: SourceType, id: string): string | null {
  const row = ctx.db.prepare('SELECT id FROM journal_entries WHERE source_type = ? AND source_id = ?').get(type, id) as { id: string } | undefined;
  return row?.id ?? null;
}

/** Posts a final document once; returns the entry id, or null while the books are off or the document is not final. */
export function postSource(ctx: BooksContext, type: SourceType, id: string): string | null {
  const settings = readSettings(ctx);
  if (!settings) return null;
  const existing = isPosted(ctx, type, id);
  if (existing !== null) return existing;
  const source = SOURCES.get(type);
  if (!source) throw new Error(`No posting source is registered for ${type}.`);
  const proposal = source.propose(ctx, id, settings);
  if (!proposal) return null;
  return writeEntry(ctx, { type, id }, proposal, 'posted');
}

/** Every final document not yet in the books, posted in date order (the catch-up pass). Call inside a transaction. */
export function postAllPending(ctx: BooksContext): number {
  const pending = registeredSources()
    .flatMap((source) => source.finalIds(ctx).map((doc) => ({ ...doc, type: source.type })))
    .filter((doc) => isPosted(ctx, doc.type, doc.id) === null)
    .sort((a, b) => (a.date === b.date ? a.order - b.order : a.date < b.date ? -1 : 1));
  let posted = 0;
  for (const doc of pending) if (postSource(ctx, doc.type, doc.id) !== null) posted += 1;
  return posted;
}

/**
 * When a final document is withdrawn (a bank match undone deletes the payment
 * it recorded), its entry is reversed today; returns the reversal's id, or
 * null when the document was never posted. Idempotent like postSource. Call
 * inside that transaction.
 */
export function reverseSource(ctx: BooksContext, type: SourceType, id: string, reason: string): string | null {
  const entryId = isPosted(ctx, type, id);
  if (entryId === null) return null;
  const done = ctx.db.prepare('SELECT id FROM journal_entries WHERE reverses_id = ?').get(entryId) as { id: string } | undefined;
  return done?.id ?? reverseEntry(ctx, entryId, nowIso(ctx).slice(0, 10), reason);
}
