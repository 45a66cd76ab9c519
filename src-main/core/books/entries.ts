import type { EntryLine, JournalEntry, SourceType } from '../../../src-shared/books.js';
import { formatMoney } from '../../../src-shared/money.js';
import { NotFoundError } from '../errors.js';
import type { BooksContext } from './context.js';
import { requireSettings } from './context.js';
import { entryNumber } from './ledger.js';

/** Reading the journal: one entry with its lines, voucher and attachments, or a filtered page of them. */
interface EntryRow {
  id: string;
  state: 'draft' | 'posted';
  fiscal_year: number | null;
  seq: number | null;
  date: string;
  text: string;
  source_type: SourceType;
  source_id: string;
  voucher: string;
  reverses_id: string | null;
  created_by: string;
  posted_at: string | null;
  posted_by: string | null;
  reversed_by: string | null;
}

interface LineRow {
  entry_id: string;
  account: string;
  name: string;
  amount: bigint;
  currency: string;
  vat_code: string | null;
  text: string;
  open_item: string | null;
  due_date: string | null;
  party: string | null;
}

const SELECT_ENTRY = `SELECT e.*, (SELECT r.id FROM journal_entries r WHERE r.reverses_id = e.id) AS reversed_by FROM journal_entries e`;

function toEntries(ctx: BooksContext, rows: EntryRow[]): JournalEntry[] {
  if (rows.length === 0) return [];
  const currency = requireSettings(ctx).currency;
  const lineQuery = ctx.db
    .prepare('SELECT l.*, a.name FROM journal_lines l JOIN accounts a ON a.number = l.account WHERE l.entry_id = ? ORDER BY l.position')
    .safeIntegers(true);
  const attachmentQuery = ctx.db.prepare('SELECT blob_id, file_name, mime FROM entry_attachments WHERE entry_id = ? ORDER BY file_name');
  return rows.map((row) => {
    const lines = (lineQuery.all(row.id) as LineRow[]).map((line): EntryLine => ({
      account: line.account,
      accountName: line.name,
      debit: formatMoney(line.amount > 0n ? line.amount : 0n, currency),
      credit: formatMoney(line.amount < 0n ? -line.amount : 0n, currency),
      currency: line.currency,
      vatCode: line.vat_code,
      text: line.text,
      openItem: line.open_item,
      dueDate: line.due_date,
      party: line.party,
    }));
    const attachments = (attachmentQuery.all(row.id) as { blob_id: string; file_name: string; mime: string }[]).map((a) => ({ blobId: a.blob_id, fileName: a.file_name, mime: a.mime }));
    return {
      id: row.id,
      state: row.state,
      number: row.fiscal_year !== null && row.seq !== null ? entryNumber(row.fiscal_year, row.seq) : null,
      date: row.date,
      text: row.text,
      voucher: { type: row.source_type, id: row.source_id, number: row.voucher },
      reverses: row.reverses_id,
      reversedBy: row.reversed_by,
      lines,
      attachments,
      createdBy: row.created_by,
      postedAt: row.posted_at,
      postedBy: row.posted_by,
    };
  });
}

export function getEntry(ctx: BooksContext, id: string): JournalEntry {
  const row = ctx.db.prepare(`${SELECT_ENTRY} WHERE e.id = ?`).get(id) as EntryRow | undefined;
  if (!row) throw new NotFoundError('This entry does not exist.');
  const [entry] = toEntries(ctx, [row]);
  if (!entry) throw new NotFoundError('This entry does not exist.');
  return entry;
}

export interface EntryFilter {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly account?: string | undefined;
  readonly source?: SourceType | undefined;
  readonly sourceId?: string | undefined;
  readonly state?: 'draft' | 'posted' | undefined;
  readonly search?: string | undefined;
}

export function listEntries(ctx: BooksContext, filter: EntryFilter, offset: number, limit: number): { rows: JournalEntry[]; total: number } {
  const where = `WHERE (@from IS NULL OR e.date >= @from) AND (@to IS NULL OR e.date <= @to)
    AND (@source IS NULL OR e.source_type = @source) AND (@sourceId IS NULL OR e.source_id = @sourceId) AND (@state IS NULL OR e.state = @state)
    AND (@account IS NULL OR EXISTS (SELECT 1 FROM journal_lines l WHERE l.entry_id = e.id AND l.account = @account))
    AND (@search IS NULL OR e.text LIKE @search OR e.voucher LIKE @search)`;
  const params = {
    from: filter.from ?? null,
    to: filter.to ?? null,
    source: filter.source ?? null,
    sourceId: filter.sourceId ?? null,
    state: filter.state ?? null,
    account: filter.account ?? null,
    search: filter.search === undefined || filter.search === '' ? null : `%${filter.search.replace(/[%_]/g, '')}%`,
  };
  const { n } = ctx.db.prepare(`SELECT COUNT(*) AS n FROM journal_entries e ${where}`).get(params) as { n: number };
  const rows = ctx.db.prepare(`${SELECT_ENTRY} ${where} ORDER BY e.date DESC, e.fiscal_year DESC, e.seq DESC, e.created_at DESC LIMIT @limit OFFSET @offset`).all({ ...params, limit, offset }) as EntryRow[];
  return { rows: toEntries(ctx, rows), total: n };
}
