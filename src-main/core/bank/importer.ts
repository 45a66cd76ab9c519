import { createHash, randomUUID } from 'node:crypto';
import type { CsvMapping, ImportRejection, ImportResult, ReconciliationNote } from '../../../src-shared/bank.js';
import { maskPans } from '../audit/redact.js';
import type { BankContext } from './context.js';
import { nowIso } from './context.js';
import type { AccountRow } from './accounts.js';
import { accountRow } from './accounts.js';
import { toMinor } from './amounts.js';
import { withBulkWrite } from './bulk.js';
import { dedupKeys } from './dedup.js';
import { ibanChecksumOk, normaliseIban } from './iban.js';
import type { ParsedStatement, StatementFormat } from './parsers/index.js';
import { detectFormat, parseStatementFile } from './parsers/index.js';
import { detectCsvMapping } from './parsers/csv-detect.js';
import { profileForFile, profileMapping } from './profiles.js';
import type { StatementFigures } from './reconcile.js';
import { reconcile } from './reconcile.js';
import { categoryFor, loadRules } from './rules.js';

export interface ImportInput {
  readonly accountId: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly format?: StatementFormat | 'auto' | undefined;
  readonly profile?: string | undefined;
  readonly mapping?: CsvMapping | undefined;
}

interface ReadyLine {
  readonly bookingDate: string;
  readonly valueDate: string | null;
  readonly amount: bigint;
  readonly payee: string;
  readonly text: string;
  readonly reference: string;
  readonly bankId: string | undefined;
}

interface ReadyStatement {
  readonly lines: ReadyLine[];
  readonly figures: StatementFigures | null;
}

/** A statement names another account than the one chosen: refuse it rather than mix two accounts. */
function foreignAccount(statement: ParsedStatement, account: AccountRow): string | null {
  const named = normaliseIban(statement.account ?? '');
  if (account.iban === '' || named === '' || !ibanChecksumOk(named) || named === account.iban) return null;
  return `This statement is for account ${named}, not ${account.name} (${account.iban}); it was not imported. Import it into that account.`;
}

function prepare(statement: ParsedStatement, account: AccountRow, rejected: ImportRejection[]): ReadyStatement | null {
  const firstLine = statement.transactions[0]?.line ?? 1;
  const foreign = foreignAccount(statement, account);
  if (foreign) {
    rejected.push({ line: firstLine, message: foreign });
    return null;
  }
  const currency = statement.currency ?? account.currency;
  if (currency !== account.currency) {
    rejected.push({ line: firstLine, message: `This statement is in ${currency}, but ${account.name} is kept in ${account.currency}; it was not imported.` });
    return null;
  }
  const lines: ReadyLine[] = [];
  let rejectedHere = 0;
  for (const t of statement.transactions) {
    const amount = toMinor(t.amount, currency);
    if (typeof amount === 'string') {
      rejected.push({ line: t.line, message: `Line ${String(t.line)}: ${amount}` });
      rejectedHere += 1;
      continue;
    }
    // Card numbers never reach the vault (DESIGN §5): masked in every text field.
    lines.push({
      bookingDate: t.bookingDate,
      valueDate: t.valueDate ?? null,
      amount,
      payee: maskPans(t.payee),
      text: maskPans(t.text),
      reference: maskPans(t.reference),
      bankId: t.bankId,
    });
  }
  const balance = (b: { amount: string } | undefined): bigint | null => {
    if (!b) return null;
    const v = toMinor(b.amount, currency);
    return typeof v === 'string' ? null : v;
  };
  const opening = balance(statement.opening);
  const closing = balance(statement.closing);
  const figures: StatementFigures | null =
    opening === null && closing === null
      ? null
      : {
          statedAccount: statement.account ?? '',
          opening,
          openingDate: statement.opening?.date ?? null,
          closing,
          closingDate: statement.closing?.date ?? null,
          lines: lines.length,
          total: lines.reduce((sum, l) => sum + l.amount, 0n),
          rejected: rejectedHere,
        };
  return { lines, figures };
}

function mappingFor(ctx: BankContext, input: ImportInput): CsvMapping | undefined {
  if (input.mapping) return input.mapping;
  if (input.profile) return profileMapping(ctx, input.profile);
  return profileForFile(ctx, input.bytes)?.mapping ?? detectCsvMapping(input.bytes);
}

/**
 * Imports one statement file into one account: parse, mask card numbers,
 * dedup, categorise by rules, reconcile, all in one transaction with its
 * audit row. A bad row is reported with its line; the rest is imported.
 */
export function importStatement(ctx: BankContext, input: ImportInput): ImportResult {
  const account = accountRow(ctx, input.accountId);
  const format = input.format === undefined || input.format === 'auto' ? detectFormat(input.bytes) : input.format;
  const result = parseStatementFile(input.bytes, { format, csvMapping: format === 'csv' ? mappingFor(ctx, input) : undefined });
  const rejected: ImportRejection[] = [...result.errors];
  const statements = result.statements.map((s) => prepare(s, account, rejected)).filter((s): s is ReadyStatement => s !== null);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');

  return withBulkWrite(ctx.db, () => insertStatements(ctx, input, account, result.format, statements, rejected, sha256));
}

/**
 * The dedup keys the account already holds in the file's date range, read in
 * one indexed range scan. A line with a bank id booked on another date than
 * before is not in this set; the unique index catches it on insert.
 */
function knownKeys(ctx: BankContext, accountId: string, lines: readonly ReadyLine[]): Set<string> {
  let from: string | null = null;
  let to: string | null = null;
  for (const line of lines) {
    if (from === null || line.bookingDate < from) from = line.bookingDate;
    if (to === null || line.bookingDate > to) to = line.bookingDate;
  }
  if (from === null || to === null) return new Set();
  const rows = ctx.db
    .prepare('SELECT dedup_key FROM bank_transactions WHERE account_id = ? AND booking_date BETWEEN ? AND ?')
    .pluck()
    .all(accountId, from, to) as string[];
  return new Set(rows);
}

/** The writing half of an import: rows, search index, statements and the audit row in one transaction. */
function insertStatements(
  ctx: BankContext,
  input: ImportInput,
  account: AccountRow,
  format: StatementFormat,
  statements: readonly ReadyStatement[],
  rejected: readonly ImportRejection[],
  sha256: string,
): ImportResult {
  return ctx.transaction(() => {
    const earlier = ctx.db
      .prepare('SELECT created_at FROM bank_imports WHERE account_id = ? AND sha256 = ? ORDER BY created_at LIMIT 1')
      .get(account.id, sha256) as { created_at: string } | undefined;
    const importId = randomUUID();
    // Rowids only grow (INTEGER PRIMARY KEY): the rows added here are those above this one.
    const lastId = (ctx.db.prepare('SELECT coalesce(max(id), 0) AS id FROM bank_transactions').get() as { id: number }).id;
    const rules = loadRules(ctx);
    const insert = ctx.db.prepare(
      `INSERT OR IGNORE INTO bank_transactions (account_id, import_id, booking_date, value_date, amount, payee, text, reference, bank_id, dedup_key, category_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    ctx.db
      .prepare('INSERT INTO bank_imports (id, account_id, file_name, sha256, format, new_count, duplicates, rejected, created_at, created_by) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, ?)')
      .run(importId, account.id, input.fileName, sha256, format, JSON.stringify(rejected), nowIso(ctx), ctx.actor);
    let added = 0;
    let duplicates = 0;
    const notes: ReconciliationNote[] = [];
    // Occurrence indexes count within the whole file, across its statements.
    const all = statements.flatMap((s) => s.lines);
    const keys = dedupKeys(all);
    const known = knownKeys(ctx, account.id, all);
    let k = 0;
    for (const statement of statements) {
      for (const line of statement.lines) {
        const key = keys[k++] ?? '';
        // A line seen before costs a set lookup, not a failed insert; the unique index still decides the rest.
        if (known.has(key)) {
          duplicates += 1;
          continue;
        }
        const category = rules.length > 0 ? categoryFor(rules, line) : null;
        const changes = insert.run(account.id, importId, line.bookingDate, line.valueDate, line.amount, line.payee, line.text, line.reference, line.bankId ?? null, key, category).changes;
        if (changes === 1) added += 1;
        else duplicates += 1;
      }
      if (statement.figures && !earlier) {
        const note = reconcile(ctx, account.id, account.currency, statement.figures);
        notes.push(note);
        const f = statement.figures;
        ctx.db
          .prepare('INSERT INTO bank_statements (import_id, account_id, stated_account, opening, opening_date, closing, closing_date, lines, total, ok, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(importId, account.id, f.statedAccount, f.opening, f.openingDate, f.closing, f.closingDate, f.lines, f.total, note.ok ? 1 : 0, note.message);
      }
    }
    // The search index in one statement for the whole batch, not one FTS write per row.
    ctx.db
      .prepare('INSERT INTO bank_transactions_fts (rowid, payee, text, reference) SELECT id, payee, text, reference FROM bank_transactions WHERE id > ?')
      .run(lastId);
    if (earlier && added === 0) {
      // Nothing changed: no import row stays behind for a file seen before.
      ctx.db.prepare('DELETE FROM bank_imports WHERE id = ?').run(importId);
    } else {
      ctx.db.prepare('UPDATE bank_imports SET new_count = ?, duplicates = ? WHERE id = ?').run(added, duplicates, importId);
    }
    const message = earlier && added === 0
      ? `This file was already imported on ${earlier.created_at.slice(0, 10)}: nothing was added (${String(duplicates)} lines known).`
      : `${String(added)} new line${added === 1 ? '' : 's'}, ${String(duplicates)} already known${rejected.length > 0 ? `, ${String(rejected.length)} rejected` : ''}.`;
    ctx.audit({
      action: 'bank.import',
      subject: `bank-account:${account.id}`,
      details: { file: input.fileName, sha256, format, new: added, duplicates, rejected: rejected.length, alreadyImported: earlier !== undefined },
    });
    return {
      importId: earlier && added === 0 ? null : importId,
      format,
      new: added,
      duplicates,
      rejected,
      alreadyImported: earlier !== undefined,
      importedBefore: earlier?.created_at.slice(0, 10) ?? null,
      reconciliation: notes,
      message,
    };
  });
}
