import { stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ReportKind } from '../../../src-shared/books.js';
import { EXPORT_FORMATS, REPORT_KINDS, VAT_BASES, CHARTS } from '../../../src-shared/books.js';
import type { ChannelOutput } from '../../../src-shared/contract.js';
import { UsageError } from '../spec.js';
import type { CommandContext, CommandSpec } from '../spec.js';
import { readJsonFile } from './invoicing.js';

const range = {
  from: { type: 'string', value: 'YYYY-MM-DD', description: 'First day of the range.', required: true },
  to: { type: 'string', value: 'YYYY-MM-DD', description: 'Last day of the range.', required: true },
} as const;

/** A CSV as aligned columns for a terminal. */
function columns(csv: string): string {
  const rows = csv.trimEnd().split('\r\n').map((line) => (line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []).map((cell) => cell.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, -1));
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (/^-?\d+\.\d+$/.test(cell) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}

async function writeNew(path: string, bytes: Buffer): Promise<void> {
  await writeFile(path, bytes, { flag: 'wx' });
}

async function reportJson(ctx: CommandContext, report: ReportKind, from: string, to: string): Promise<unknown> {
  switch (report) {
    case 'trial-balance':
      return ctx.call('books.trialBalance', { from, to });
    case 'pnl':
      return ctx.call('books.pnl', { from, to });
    case 'balance-sheet':
      return ctx.call('books.balanceSheet', { to });
    case 'vat':
      return ctx.call('books.vat', { from, to });
    case 'aging':
      return ctx.call('books.aging', { to, kind: ctx.optionalString('kind') === 'payables' ? 'payables' : 'receivables' });
    case 'ledger':
      return ctx.call('books.ledger', { from, to, account: ctx.string('account'), limit: 10_000 });
    case 'cashflow':
      return ctx.call('books.cashflow', { from, to });
    default: {
      const unreachable: never = report;
      throw new UsageError(`Unknown report ${String(unreachable)}.`);
    }
  }
}

const reportCommands: CommandSpec[] = REPORT_KINDS.map((report) => ({
  name: `report ${report}`,
  summary: `Print the ${report.replace('-', ' ')} report (text, --json or --csv), or write it as a sealed PDF (--pdf FILE).`,
  positionals: ['dir'],
  options: {
    ...range,
    csv: { type: 'boolean', description: 'Print CSV instead of text.' },
    pdf: { type: 'string', value: 'FILE.pdf', description: 'Write a sealed PDF to this file (must not exist).' },
    ...(report === 'ledger' ? { account: { type: 'string', value: 'NUMBER', description: 'The account, e.g. 1200.', required: true } } : {}),
    ...(report === 'aging' ? { kind: { type: 'string', value: 'KIND', description: 'receivables (default) or payables; --to is the as-of date.' } } : {}),
  },
  unlocks: true,
  async run(ctx) {
    const from = ctx.string('from');
    const to = ctx.string('to');
    const extra = { account: ctx.optionalString('account'), kind: ctx.optionalString('kind') === 'payables' ? ('payables' as const) : undefined };
    const pdf = ctx.optionalString('pdf');
    if (pdf !== undefined) {
      const file = await ctx.call('books.reportFile', { report, from, to, format: 'pdf', ...extra });
      const out = resolve(ctx.cwd, pdf);
      await writeNew(out, Buffer.from(file.base64, 'base64'));
      return { json: { file: out, sha256: file.sha256 }, text: `Wrote sealed ${out} (SHA-256 ${file.sha256}).` };
    }
    if (ctx.args.options.json === true) return { json: await reportJson(ctx, report, from, to), text: '' };
    const csv = Buffer.from((await ctx.call('books.reportFile', { report, from, to, format: 'csv', ...extra })).base64, 'base64').toString('utf8');
    return { json: null, text: ctx.args.options.csv === true ? csv.trimEnd() : columns(csv) };
  },
}));

const exportCommands: CommandSpec[] = EXPORT_FORMATS.map((format) => ({
  name: `export ${format}`,
  summary:
    format === 'datev' ? 'Write a DATEV Buchungsstapel (EXTF) for SKR03/SKR04 books.'
      : format === 'fec' ? 'Write the FEC (Fichier des Écritures Comptables); --out DIR uses the legal <SIREN>FEC<date>.txt name.'
        : 'Write a plain-text journal that hledger and ledger read.',
  positionals: ['dir'],
  options: {
    ...range,
    out: { type: 'string', value: 'FILE|DIR', description: 'Where to write (a new file, or a folder for the standard file name).', required: true },
    ...(format === 'datev'
      ? {
          advisor: { type: 'string', value: 'N', description: 'DATEV Beraternummer (default 1001).' },
          client: { type: 'string', value: 'N', description: 'DATEV Mandantennummer (default 1).' },
        }
      : {}),
  },
  unlocks: true,
  async run(ctx) {
    const number = (name: string, fallback: number): number => {
      const value = ctx.optionalString(name);
      if (value === undefined) return fallback;
      if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a number.`);
      return Number(value);
    };
    const file = await ctx.call('books.export', { format, from: ctx.string('from'), to: ctx.string('to'), advisor: number('advisor', 1001), client: number('client', 1) });
    let out = resolve(ctx.cwd, ctx.string('out'));
    const isDir = await stat(out).then((s) => s.isDirectory(), () => false);
    if (isDir) out = join(out, file.fileName);
    await writeNew(out, Buffer.from(file.base64, 'base64'));
    return { json: { file: out, sha256: file.sha256 }, text: `Wrote ${out}.` };
  },
}));

type Accounts = ChannelOutput<'books.accounts'>;

export const booksCommands: readonly CommandSpec[] = [
  {
    name: 'books enable',
    summary: `Switch the books on with a chart (${CHARTS.join(', ')}); posts existing invoices and payments once.`,
    positionals: ['dir'],
    options: {
      chart: { type: 'string', value: 'CHART', description: CHARTS.join(', '), required: true },
      basis: { type: 'string', value: 'BASIS', description: 'accrual (Soll, default) or cash (Ist) for VAT.' },
    },
    unlocks: true,
    async run(ctx) {
      const chart = ctx.string('chart');
      const basis = ctx.optionalString('basis') ?? 'accrual';
      if (!(CHARTS as readonly string[]).includes(chart)) throw new UsageError(`--chart must be one of ${CHARTS.join(', ')}.`);
      if (!(VAT_BASES as readonly string[]).includes(basis)) throw new UsageError('--basis must be accrual or cash.');
      const status = await ctx.call('books.enable', { chart: chart as never, basis: basis as never });
      return { json: status, text: `Books on (${String(status.chart)}, ${String(status.basis)} basis, ${String(status.currency)}); ${String(status.entries)} entries posted.` };
    },
  },
  {
    name: 'books accounts',
    summary: 'List the chart of accounts.',
    positionals: ['dir'],
    options: {},
    unlocks: true,
    async run(ctx) {
      const accounts: Accounts = await ctx.call('books.accounts', {});
      return { json: accounts, text: accounts.map((a) => `${a.number.padEnd(8)} ${a.type.padEnd(9)} ${(a.vatCode ?? '').padEnd(5)} ${a.name}`).join('\n') };
    },
  },
  {
    name: 'books post',
    summary: 'Post a manual entry from a JSON file { "date", "text", "voucher", "lines": [{ "account", "debit" | "credit", "vatCode"? }] }.',
    positionals: ['dir'],
    options: { 'json-file': { type: 'string', value: 'FILE', description: 'The entry as JSON.', required: true } },
    unlocks: true,
    async run(ctx) {
      const entry = await ctx.call('books.postManual', (await readJsonFile(ctx)) as never);
      return { json: { id: entry.id, number: entry.number }, text: `Posted entry ${String(entry.number)} (${entry.id}).` };
    },
  },
  {
    name: 'books close',
    summary: 'Close a period (2026-11, 2026-Q4 or 2026): nothing can be posted into it afterwards.',
    positionals: ['dir'],
    options: { period: { type: 'string', value: 'PERIOD', description: 'A month, quarter or year.', required: true } },
    unlocks: true,
    async run(ctx) {
      const closed = await ctx.call('books.close', { period: ctx.string('period') });
      return { json: closed, text: `Closed ${closed.period}.` };
    },
  },
  {
    name: 'books reopen',
    summary: 'Reopen a closed period (owner only); the reason goes into the audit log.',
    positionals: ['dir'],
    options: {
      period: { type: 'string', value: 'PERIOD', description: 'The closed period.', required: true },
      reason: { type: 'string', value: 'TEXT', description: 'Why it is reopened.', required: true },
    },
    unlocks: true,
    async run(ctx) {
      await ctx.call('books.reopen', { period: ctx.string('period'), reason: ctx.string('reason') });
      return { json: { reopened: ctx.string('period') }, text: `Reopened ${ctx.string('period')}.` };
    },
  },
  {
    name: 'books recurring add',
    summary: 'Add a monthly recurring entry from a JSON file { "name", "text"?, "day" (1-28), "startDate", "endDate"?, "lines": [{ "account", "debit" | "credit", "vatCode"? }] }.',
    positionals: ['dir'],
    options: { 'json-file': { type: 'string', value: 'FILE', description: 'The template as JSON.', required: true } },
    unlocks: true,
    async run(ctx) {
      const entry = await ctx.call('books.createRecurring', (await readJsonFile(ctx)) as never);
      return { json: entry, text: `Added ${entry.name} (${entry.id}); next posting ${entry.nextRun ?? 'none'}.` };
    },
  },
  {
    name: 'books recurring list',
    summary: 'List the recurring entries with their next posting date.',
    positionals: ['dir'],
    options: {},
    unlocks: true,
    async run(ctx) {
      const entries = await ctx.call('books.recurring', {});
      return { json: entries, text: entries.map((e) => `${(e.nextRun ?? (e.active ? 'ended' : 'paused')).padEnd(10)} day ${String(e.day).padStart(2)}  ${e.name}`).join('\n') };
    },
  },
  {
    name: 'books recurring run',
    summary: 'Post every month of the recurring entries that has fallen due (safe to run from cron: never twice per month); a closed month is skipped and named.',
    positionals: ['dir'],
    options: {},
    unlocks: true,
    async run(ctx) {
      const result = await ctx.call('books.runRecurring', {});
      const skipped = result.skipped.map((s) => `Skipped ${s.month}: ${s.reason}`);
      return { json: result, text: [`${String(result.posted.length)} recurring entr${result.posted.length === 1 ? 'y' : 'ies'} posted.`, ...skipped].join('\n') };
    },
  },
  ...reportCommands,
  ...exportCommands,
];
