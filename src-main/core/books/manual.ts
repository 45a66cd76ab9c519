import type { ManualLine } from '../../../src-shared/books.js';
import { DecimalFormatError, parseMoney } from '../../../src-shared/money.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { BooksContext, VatCodeRow } from './context.js';
import { accountForRole, requireSettings } from './context.js';
import { markPosted, writeEntry } from './ledger.js';
import type { ProposedLine, VatRecord } from './ledger.js';
import { isRealDate } from '../invoices/dates.js';

/**
 * Entries an accountant types: manual entries with their voucher (a
 * reference and/or attached files), opening balances. Bookkeepers may save
 * drafts; posting needs books.post.
 */
export interface ManualEntryInput {
  readonly date: string;
  readonly text: string;
  /** The voucher's number or reference ("Beleg-Nr."); defaults to the first attachment's file name. */
  readonly voucher?: string | undefined;
  readonly lines: readonly ManualLine[];
  readonly attachments?: readonly { readonly fileName: string; readonly base64: string }[] | undefined;
}

export function parseManualLines(lines: readonly ManualLine[], currency: string): ProposedLine[] {
  const fields: Record<string, string> = {};
  const parsed = lines.map((line, index): ProposedLine => {
    const at = `lines.${String(index)}`;
    const money = (text: string | undefined, name: 'debit' | 'credit'): bigint => {
      if (text === undefined || text.trim() === '') return 0n;
      try {
        return parseMoney(text, currency, { label: name === 'debit' ? 'Debit' : 'Credit' });
      } catch (error) {
        if (!(error instanceof DecimalFormatError)) throw error;
        fields[`${at}.${name}`] = `Line ${String(index + 1)}: ${error.message}`;
        return 0n;
      }
    };
    const debit = money(line.debit, 'debit');
    const credit = money(line.credit, 'credit');
    if (debit !== 0n && credit !== 0n) fields[at] = `Line ${String(index + 1)}: give a debit or a credit, not both.`;
    else if (debit === 0n && credit === 0n && fields[`${at}.debit`] === undefined && fields[`${at}.credit`] === undefined) {
      fields[at] = `Line ${String(index + 1)}: enter a debit or a credit amount.`;
    }
    return { account: line.account.trim(), amount: debit - credit, vatCode: line.vatCode ?? null, text: line.text?.trim() ?? '' };
  });
  const [first] = Object.values(fields);
  if (first !== undefined) throw new ValidationError(first, fields);
  return parsed;
}

/** A line on a code's tax account is its tax; any other line with the code is its base. Output codes count credits, input codes debits. */
export function vatFromLines(ctx: BooksContext, lines: readonly ProposedLine[]): VatRecord[] {
  const code = ctx.db.prepare('SELECT * FROM vat_codes WHERE code = ?');
  const records: VatRecord[] = [];
  for (const line of lines) {
    if (line.vatCode == null) continue;
    const row = code.get(line.vatCode) as VatCodeRow | undefined;
    if (!row) continue;
    const natural = row.direction === 'output' ? -line.amount : line.amount;
    const isTax = line.account === row.tax_account || line.account === row.pending_account;
    records.push({ code: row.code, base: isTax ? 0n : natural, tax: isTax ? natural : 0n });
  }
  return records;
}

const SNIFF: readonly [string, (b: Buffer) => boolean][] = [
  ['application/pdf', (b) => b.subarray(0, 5).toString('latin1') === '%PDF-'],
  ['image/png', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
];

function writeManual(ctx: BooksContext, input: ManualEntryInput, state: 'draft' | 'posted', type: 'manual' | 'opening' = 'manual'): string {
  const settings = requireSettings(ctx);
  if (!isRealDate(input.date)) throw new ValidationError(`'${input.date}' is not a calendar date.`, { date: 'Not a calendar date.' });
  const lines = parseManualLines(input.lines, settings.currency);
  const files = (input.attachments ?? []).map((file, index) => {
    const bytes = Buffer.from(file.base64, 'base64');
    const mime = SNIFF.find(([, test]) => test(bytes))?.[0];
    if (bytes.length === 0 || mime === undefined) {
      throw new ValidationError(`Attachment '${file.fileName}' is not a PDF, PNG or JPEG. Scan or save the voucher in one of those formats.`, { [`attachments.${String(index)}`]: 'PDF, PNG or JPEG only.' });
    }
    return { fileName: file.fileName, bytes, mime };
  });
  const voucher = input.voucher?.trim() || files[0]?.fileName || '';
  if (voucher === '') {
    throw new ValidationError('Every entry needs its voucher (GoBD): attach the document or enter its number or reference.', { voucher: 'Attach a file or enter a voucher reference.' });
  }
  return ctx.transaction(() => {
    const id = writeEntry(ctx, { type }, { date: input.date, text: input.text.trim(), voucher: { type, id: 'self', number: voucher.slice(0, 36) }, lines, vat: vatFromLines(ctx, lines) }, state);
    const attach = ctx.db.prepare('INSERT INTO entry_attachments (entry_id, blob_id, file_name, mime) VALUES (?, ?, ?, ?)');
    for (const file of files) {
      const blob = ctx.blobs.put(file.bytes, { kind: 'voucher', entry: id });
      attach.run(id, blob.id, file.fileName, file.mime);
    }
    return id;
  });
}

export const draftManualEntry = (ctx: BooksContext, input: ManualEntryInput): string => writeManual(ctx, input, 'draft');
export const postManualEntry = (ctx: BooksContext, input: ManualEntryInput): string => writeManual(ctx, input, 'posted');

/** Posts a draft someone saved (the four-eyes step between bookkeeper and accountant). */
export function postDraft(ctx: BooksContext, id: string): string {
  return ctx.transaction(() => {
    const row = ctx.db.prepare('SELECT state FROM journal_entries WHERE id = ?').get(id) as { state: string } | undefined;
    if (row?.state !== 'draft') throw new ConflictError('Only a draft entry can be posted.');
    markPosted(ctx, id);
    return id;
  });
}

/**
 * Opening balances: one entry per date against the chart's opening account
 * (9000 Saldenvorträge, 890 Bilan d'ouverture ...), which takes the difference.
 */
export function postOpeningBalances(ctx: BooksContext, date: string, lines: readonly ManualLine[], voucher: string): string {
  const settings = requireSettings(ctx);
  const parsed = parseManualLines(lines, settings.currency);
  const opening = accountForRole(ctx, 'opening');
  const rest = parsed.reduce((total, line) => total + line.amount, 0n);
  const all = rest === 0n ? parsed : [...parsed, { account: opening, amount: -rest, text: 'Opening balance' }];
  return ctx.transaction(() => writeEntry(ctx, { type: 'opening' }, { date, text: `Opening balances ${date}`, voucher: { type: 'opening', id: 'self', number: voucher.trim() || `EB ${date}` }, lines: all }, 'posted'));
}
