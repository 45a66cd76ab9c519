import { resolve } from 'node:path';
import type { ImportResult } from '../../../src-shared/bank.js';
import { inStatementOrder } from '../../../src-shared/bank.js';
import type { BankTransaction, TransactionPage } from '../../../src-shared/contract-bank.js';
import { STATEMENT_FORMATS } from '../../../src-shared/contract-bank.js';
import { CallFailedError, EXIT, InputError, UsageError, listInputFiles, readInputFile } from '../spec.js';
import type { CommandSpec } from '../spec.js';

const account = { type: 'string', value: 'NAME', description: 'The bank account, by name.', required: true } as const;

function formatOption(value: string | undefined): 'auto' | (typeof STATEMENT_FORMATS)[number] {
  const format = value ?? 'auto';
  if (format === 'auto' || (STATEMENT_FORMATS as readonly string[]).includes(format)) return format as 'auto' | (typeof STATEMENT_FORMATS)[number];
  throw new UsageError(`--format must be auto, ${STATEMENT_FORMATS.join(', ')}.`);
}

/** What `bank import --json` gives for one file. */
function fileJson(result: ImportResult) {
  return {
    new: result.new,
    duplicates: result.duplicates,
    rejected: result.rejected,
    alreadyImported: result.alreadyImported,
    format: result.format,
    reconciliation: result.reconciliation,
    message: result.message,
  };
}

function fileNotes(result: Pick<ImportResult, 'reconciliation' | 'rejected'>): string[] {
  return [...result.reconciliation.map((n) => `${n.ok ? 'ok' : 'CHECK'}: ${n.message}`), ...result.rejected.map((r) => `rejected: ${r.message}`)];
}

const line = (t: BankTransaction): string => `${t.bookingDate}  ${t.amount.padStart(12)} ${t.currency}  ${[t.payee, t.text].filter((s) => s !== '').join(' — ')}`;

export const bankCommands: readonly CommandSpec[] = [
  {
    name: 'bank account add',
    summary: 'Add a bank account (the IBAN is checked).',
    positionals: ['dir'],
    options: {
      name: { type: 'string', value: 'NAME', description: 'What to call the account.', required: true },
      iban: { type: 'string', value: 'IBAN', description: 'Its IBAN (check digits are verified).' },
      bic: { type: 'string', value: 'BIC', description: 'Its BIC.' },
      currency: { type: 'string', value: 'CODE', description: 'Currency, default EUR.' },
      'opening-balance': { type: 'string', value: 'AMOUNT', description: 'Balance before the first imported statement, e.g. 1200.00.' },
    },
    unlocks: true,
    async run(ctx) {
      const created = await ctx.call('bank.accounts.create', {
        name: ctx.string('name'),
        iban: ctx.optionalString('iban'),
        bic: ctx.optionalString('bic'),
        currency: ctx.optionalString('currency'),
        openingBalance: ctx.optionalString('opening-balance'),
      });
      return { json: created, text: `Account ${created.name} added (${created.currency}${created.iban ? `, ${created.iban}` : ''}).` };
    },
  },
  {
    name: 'bank import',
    summary:
      'Import statement files (CSV, OFX/QFX, QIF, CAMT.052/053/054 or a ZIP of them, MT940); duplicates are skipped. Several files or a folder are imported in name order, each on its own.',
    positionals: ['dir'],
    rest: 'file',
    options: {
      account,
      format: { type: 'string', value: 'FORMAT', description: 'auto (default: told from the content), csv, ofx, qif, camt or mt940.' },
      profile: { type: 'string', value: 'NAME', description: 'A saved CSV column mapping (default: the one whose header matches, else detected).' },
    },
    unlocks: true,
    async run(ctx) {
      const found = await listInputFiles(ctx.cwd, ctx.args.rest);
      if (found.length === 0) throw new InputError(`No files found in ${ctx.args.rest.join(', ')}.`);
      const importFile = async (path: string, name: string): Promise<ImportResult> => {
        const { bytes: data } = await readInputFile(ctx.cwd, path);
        return ctx.call('bank.import', {
          account: ctx.string('account'),
          fileName: name,
          dataBase64: data.toString('base64'),
          format: formatOption(ctx.optionalString('format')),
          profile: ctx.optionalString('profile'),
        });
      };
      const [only] = found;
      // One file named as such keeps the one-file answer; a refusal is the command's error.
      if (only && found.length === 1 && ctx.args.rest.length === 1 && only.path === resolve(ctx.cwd, ctx.args.rest[0] ?? '')) {
        const result = await importFile(only.path, only.name);
        return { json: fileJson(result), text: [result.message, ...fileNotes(result)].join('\n') };
      }
      // Several: each on its own, in statement order; a refused file leaves the others imported.
      const files: ({ file: string } & (ReturnType<typeof fileJson> | { error: string }))[] = [];
      for (const file of inStatementOrder(found, (f) => f.name)) {
        try {
          files.push({ file: file.name, ...fileJson(await importFile(file.path, file.name)) });
        } catch (error) {
          if (!(error instanceof CallFailedError || error instanceof InputError)) throw error;
          files.push({ file: file.name, error: error.message });
        }
      }
      const imported = files.flatMap((f) => ('error' in f ? [] : [f]));
      const refused = files.length - imported.length;
      const json = {
        new: imported.reduce((sum, f) => sum + f.new, 0),
        duplicates: imported.reduce((sum, f) => sum + f.duplicates, 0),
        rejected: imported.flatMap((f) => f.rejected.map((r) => ({ file: f.file, ...r }))),
        refusedFiles: refused,
        files,
      };
      const text = [
        `${String(files.length)} file(s): ${String(json.new)} new, ${String(json.duplicates)} already known, ${String(json.rejected.length)} row(s) rejected, ${String(refused)} file(s) refused.`,
        ...files.flatMap((f) => ('error' in f ? [`${f.file}: refused: ${f.error}`] : [`${f.file}: ${f.message}`, ...fileNotes(f).map((n) => `  ${n}`)])),
      ].join('\n');
      return { json, text, exitCode: refused > 0 ? EXIT.invalidInput : EXIT.ok };
    },
  },
  {
    name: 'bank list',
    summary: 'List the lines of an account, newest first; --search finds words as you would type them.',
    positionals: ['dir'],
    options: {
      account,
      search: { type: 'string', value: 'TEXT', description: 'Words that start words of the payee, text or reference.' },
      limit: { type: 'string', value: 'N', description: 'At most N lines (default 1000).' },
    },
    unlocks: true,
    async run(ctx) {
      const limit = Number(ctx.optionalString('limit') ?? '1000');
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number.');
      const rows: BankTransaction[] = [];
      let cursor: string | null = null;
      do {
        const page: TransactionPage = await ctx.call('bank.transactions.list', {
          filter: { accountId: ctx.string('account'), search: ctx.optionalString('search') },
          cursor,
          limit: Math.min(500, limit - rows.length),
        });
        rows.push(...page.rows);
        cursor = page.next;
      } while (cursor !== null && rows.length < limit);
      return { json: rows, text: rows.length === 0 ? 'No lines.' : rows.map(line).join('\n') };
    },
  },
  {
    name: 'bank match',
    summary: 'Suggest matches for the unmatched lines of an account (invoices, transfers), best first, with the reasons.',
    positionals: ['dir'],
    options: { account },
    unlocks: true,
    async run(ctx) {
      const suggestions = await ctx.call('bank.matches.suggest', { accountId: ctx.string('account') });
      return {
        json: suggestions,
        text: suggestions.length === 0 ? 'No suggestions.' : suggestions.map((s) => `line ${String(s.transactionId)} -> ${s.label} (${String(s.score)}): ${s.reasons.join('; ')}`).join('\n'),
      };
    },
  },
];
