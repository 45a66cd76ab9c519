import type { SourceType } from '../../../../src-shared/books.js';
import type { BooksContext } from '../context.js';
import { entryNumber } from '../ledger.js';

/** Posted entries of a range with their lines, in journal order, for the exporters. */
export interface ExportLine {
  readonly account: string;
  readonly accountName: string;
  readonly amount: bigint;
  readonly vatCode: string | null;
  readonly text: string;
  readonly party: string | null;
  readonly openItem: string | null;
}

export interface ExportEntry {
  readonly id: string;
  readonly number: string;
  readonly date: string;
  readonly postedAt: string;
  readonly text: string;
  readonly sourceType: SourceType;
  readonly voucher: string;
  readonly lines: readonly ExportLine[];
}

export function* exportEntries(ctx: BooksContext, from: string, to: string): Generator<ExportEntry> {
  const rows = ctx.db
    .prepare(
      `SELECT e.id, e.fiscal_year, e.seq, e.date, e.posted_at, e.text, e.source_type, e.voucher,
              l.account, a.name AS account_name, l.amount, l.vat_code, l.text AS line_text, l.party, l.open_item
       FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id JOIN accounts a ON a.number = l.account
       WHERE e.state = 'posted' AND e.date BETWEEN ? AND ? ORDER BY e.date, e.fiscal_year, e.seq, l.position`,
    )
    .safeIntegers(true)
    .iterate(from, to) as IterableIterator<{
    id: string; fiscal_year: bigint; seq: bigint; date: string; posted_at: string; text: string; source_type: SourceType; voucher: string;
    account: string; account_name: string; amount: bigint; vat_code: string | null; line_text: string; party: string | null; open_item: string | null;
  }>;
  let current = null as { entry: Omit<ExportEntry, 'lines'>; lines: ExportLine[] } | null;
  for (const row of rows) {
    if (current === null || current.entry.id !== row.id) {
      if (current) yield { ...current.entry, lines: current.lines };
      current = {
        entry: { id: row.id, number: entryNumber(Number(row.fiscal_year), Number(row.seq)), date: row.date, postedAt: row.posted_at, text: row.text, sourceType: row.source_type, voucher: row.voucher },
        lines: [],
      };
    }
    current.lines.push({ account: row.account, accountName: row.account_name, amount: row.amount, vatCode: row.vat_code, text: row.line_text, party: row.party, openItem: row.open_item });
  }
  if (current) yield { ...current.entry, lines: current.lines };
}

/** Debit/credit pairs for formats that book account against contra account (DATEV): every line against the entry's largest line. */
export function pairs(entry: ExportEntry): { debit: string; credit: string; amount: bigint; line: ExportLine }[] {
  const main = entry.lines.reduce((best, line) => (abs(line.amount) > abs(best.amount) ? line : best));
  return entry.lines
    .filter((line) => line !== main)
    .map((line) => (line.amount < 0n ? { debit: main.account, credit: line.account, amount: -line.amount, line } : { debit: line.account, credit: main.account, amount: line.amount, line }));
}

const abs = (v: bigint): bigint => (v < 0n ? -v : v);
