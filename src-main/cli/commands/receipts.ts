import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CommandSpec } from '../spec.js';

/** Receipts and expenses (issue 7): import, list, export, delete; list and confirm expenses. */
export const receiptsCommands: readonly CommandSpec[] = [
  {
    name: 'receipts import',
    summary: 'Import receipt files and folders (walked): archive, seal, dedup, expense drafts; e-invoices (XML, Factur-X) go to e-invoices; finishes batches a crash cut off first.',
    positionals: ['dir'],
    rest: 'path',
    options: {},
    unlocks: true,
    async run(ctx) {
      const paths = ctx.args.rest.map((path) => resolve(ctx.cwd, path));
      const { report } = await ctx.call('receipts.import', { paths, wait: true });
      if (!report) throw new Error('The import gave no report.');
      const json = {
        imported: report.imported.map((r) => ({ file: r.file, id: r.receiptId, ...(r.notice === null ? {} : { notice: r.notice }) })),
        duplicates: report.duplicates.map((r) => ({ file: r.file, id: r.receiptId })),
        rejected: report.rejected.map((r) => ({ file: r.file, code: r.code, message: r.message })),
        einvoices: report.einvoices.map((r) => ({ file: r.file, id: r.supplierInvoiceId, number: r.number, valid: r.valid })),
        einvoiceDuplicates: report.einvoiceDuplicates.map((r) => ({ file: r.file, id: r.supplierInvoiceId, message: r.message })),
      };
      const lines = [
        `Imported ${report.imported.length}, duplicates ${report.duplicates.length}, rejected ${report.rejected.length}, e-invoices ${report.einvoices.length + report.einvoiceDuplicates.length}.`,
        ...report.duplicates.map((r) => `  duplicate: ${r.file} (already archived as ${r.receiptId})`),
        ...report.rejected.map((r) => `  rejected: ${r.message}`),
        ...report.einvoices.map((r) => `  e-invoice: ${r.file} (${r.number}, ${r.valid ? 'valid' : 'invalid'}) filed as supplier invoice ${r.supplierInvoiceId}`),
        ...report.einvoiceDuplicates.map((r) => `  e-invoice duplicate: ${r.message}`),
      ];
      return { json, text: lines.join('\n') };
    },
  },
  {
    name: 'receipts list',
    summary: 'List archived receipts, newest first, or those whose text matches --search.',
    positionals: ['dir'],
    options: { search: { type: 'string', value: 'TEXT', description: 'Words to find in the receipts’ text and file names.' } },
    unlocks: true,
    async run(ctx) {
      const search = ctx.optionalString('search');
      const { rows, total } = await ctx.call('receipts.list', { ...(search === undefined ? {} : { search }), limit: 500 });
      const json = rows.map((r) => ({
        id: r.id,
        file: r.fileName,
        kind: r.kind,
        pages: r.pages,
        sha256: r.sha256,
        importedAt: r.importedAt,
        retainUntil: r.retainUntil,
        text: r.textState,
        panMasked: r.panMasked,
        expenseId: r.expenseId,
        expenseStatus: r.expenseStatus,
      }));
      const text = [`${total} receipt(s)`, ...rows.map((r) => `${r.id}  ${r.importedAt.slice(0, 10)}  ${r.kind.padEnd(4)}  ${r.fileName}`)].join('\n');
      return { json, text };
    },
  },
  {
    name: 'receipts export',
    summary: 'Write a receipt’s sealed PDF (or, with --original, the file as received) to a file.',
    positionals: ['dir', 'id'],
    options: {
      out: { type: 'string', value: 'FILE', description: 'Where to write it (must not exist).', required: true },
      original: { type: 'boolean', description: 'The original bytes as received instead of the sealed rendition.' },
    },
    unlocks: true,
    async run(ctx) {
      const file = await ctx.call('receipts.export', { id: ctx.string('id'), original: ctx.args.options.original === true });
      const out = resolve(ctx.cwd, ctx.string('out'));
      const bytes = Buffer.from(file.base64, 'base64');
      await writeFile(out, bytes, { flag: 'wx' });
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return { json: { file: out, sha256, mime: file.mime }, text: `Wrote ${out} (SHA-256 ${sha256}).` };
    },
  },
  {
    name: 'receipts delete',
    summary: 'Delete a receipt whose legal retention has ended (refused before, with the date: exit 6).',
    positionals: ['dir', 'id'],
    options: {},
    unlocks: true,
    async run(ctx) {
      const id = ctx.string('id');
      await ctx.call('receipts.delete', { id });
      return { json: { deleted: id }, text: `Receipt ${id} deleted.` };
    },
  },
  {
    name: 'expenses list',
    summary: 'List expenses (drafts first), optionally only --status draft or confirmed.',
    positionals: ['dir'],
    options: { status: { type: 'string', value: 'draft|confirmed', description: 'Only expenses in this state.' } },
    unlocks: true,
    async run(ctx) {
      const status = ctx.optionalString('status');
      if (status !== undefined && status !== 'draft' && status !== 'confirmed') {
        return { json: { error: { code: 'USAGE', message: '--status is draft or confirmed.' } }, text: '--status is draft or confirmed.', exitCode: 2 };
      }
      const { rows, total } = await ctx.call('expenses.list', { ...(status === undefined ? {} : { status }), limit: 500 });
      const text = [`${total} expense(s)`, ...rows.map((e) => `${e.id}  ${e.status.padEnd(9)}  ${e.date ?? '----------'}  ${e.gross} ${e.currency}  ${e.supplier}`)].join('\n');
      return { json: rows, text };
    },
  },
  {
    name: 'expenses confirm',
    summary: 'Confirm a draft expense (owner and accountant); it cannot change afterwards.',
    positionals: ['dir', 'id'],
    options: {},
    unlocks: true,
    async run(ctx) {
      const expense = await ctx.call('expenses.confirm', { id: ctx.string('id') });
      return { json: expense, text: `Expense ${expense.id} confirmed: ${expense.gross} ${expense.currency}, ${expense.supplier}.` };
    },
  },
];
