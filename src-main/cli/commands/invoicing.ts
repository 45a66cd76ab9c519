import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { InvoiceTotals } from '../../../src-shared/contract-invoicing.js';
import { EXIT, InputError, UsageError, readInputFile } from '../spec.js';
import { FORMAT_OPTION, formatOption } from './einvoice.js';
import type { CommandContext, CommandSpec } from '../spec.js';

const jsonFile = { type: 'string', value: 'FILE', description: 'A JSON file (see the README for its format).', required: true } as const;

export async function readJsonFile(ctx: CommandContext): Promise<Record<string, unknown>> {
  const { path, bytes } = await readInputFile(ctx.cwd, ctx.string('json-file'));
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${path} must hold one JSON object.`);
  }
  return value as Record<string, unknown>;
}

/** Accountants write addresses as one string; the vault keeps their parts. */
function normaliseCustomer(customer: unknown): unknown {
  if (typeof customer !== 'object' || customer === null) return customer;
  const { address, ...rest } = customer as Record<string, unknown>;
  if (typeof address !== 'string') return customer;
  return { ...rest, address: { street: address, postalCode: '', city: '', country: '' } };
}

const shortTotals = (totals: InvoiceTotals) => ({ net: totals.net, vat: totals.vat, gross: totals.gross });

export const invoicingCommands: readonly CommandSpec[] = [
  {
    name: 'company update',
    summary: 'Update the company profile from a JSON file { "legalName", "address": {street, postalCode, city, country}, "vatId", "iban", "bic", "email", "phone", ... }.',
    positionals: ['dir'],
    options: { 'json-file': jsonFile },
    unlocks: true,
    async run(ctx) {
      const profile = await ctx.call('company.update', await readJsonFile(ctx));
      return { json: { legalName: profile.legalName, vatId: profile.vatId }, text: `Company profile of ${profile.legalName} saved.` };
    },
  },
  {
    name: 'customer add',
    summary: 'Add a customer from a JSON file { "name", "address", "vatId", "email" }.',
    positionals: ['dir'],
    options: { 'json-file': jsonFile },
    unlocks: true,
    async run(ctx) {
      const input = normaliseCustomer(await readJsonFile(ctx)) as never;
      const customer = await ctx.call('customers.create', input);
      return { json: { id: customer.id }, text: `Customer ${customer.name} added (${customer.id}).` };
    },
  },
  {
    name: 'invoice create',
    summary: 'Create an invoice draft from a JSON file; prints its id and totals computed by Sealbook.',
    positionals: ['dir'],
    options: { 'json-file': jsonFile },
    unlocks: true,
    async run(ctx) {
      const input = await readJsonFile(ctx);
      if ('customer' in input) input.customer = normaliseCustomer(input.customer);
      const invoice = await ctx.call('invoices.createDraft', input as never);
      return {
        json: { id: invoice.id, totals: shortTotals(invoice.totals) },
        text: `Draft ${invoice.id}: net ${invoice.totals.net}, VAT ${invoice.totals.vat}, gross ${invoice.totals.gross} ${invoice.currency}.`,
      };
    },
  },
  {
    name: 'invoice issue',
    summary: 'Issue a draft: take the next number, seal the PDF (Factur-X / XRechnung when chosen), and make the invoice immutable.',
    positionals: ['dir', 'id'],
    options: { format: FORMAT_OPTION },
    unlocks: true,
    async run(ctx) {
      const format = formatOption(ctx);
      const issued = await ctx.call('invoices.issue', { id: ctx.string('id'), ...(format ? { format } : {}) });
      return {
        json: { number: issued.number, sha256: issued.sha256, totals: shortTotals(issued.totals) },
        text: `Issued invoice ${issued.number} (gross ${issued.totals.gross} ${issued.totals.currency}); PDF SHA-256 ${issued.sha256}.`,
      };
    },
  },
  {
    name: 'invoice export',
    summary: 'Write the sealed PDF of an issued invoice or credit note to a file.',
    positionals: ['dir', 'id'],
    options: { out: { type: 'string', value: 'FILE.pdf', description: 'Where to write the PDF (must not exist).', required: true } },
    unlocks: true,
    async run(ctx) {
      const pdf = await ctx.call('invoices.pdf', { id: ctx.string('id') });
      const out = resolve(ctx.cwd, ctx.string('out'));
      await writeFile(out, Buffer.from(pdf.pdfBase64, 'base64'), { flag: 'wx' });
      return { json: { file: out, sha256: pdf.sha256 }, text: `Wrote ${out} (SHA-256 ${pdf.sha256}).` };
    },
  },
  {
    name: 'invoice credit',
    summary: 'Issue a full credit note for an issued invoice.',
    positionals: ['dir', 'id'],
    options: { reason: { type: 'string', value: 'TEXT', description: 'Why the invoice is credited (printed on the credit note).' } },
    unlocks: true,
    async run(ctx) {
      const note = await ctx.call('invoices.credit', { id: ctx.string('id'), reason: ctx.optionalString('reason') ?? '' });
      return {
        json: { id: note.id, number: note.number, sha256: note.sha256, totals: shortTotals(note.totals) },
        text: `Credit note ${String(note.number)} issued for ${note.totals.gross} ${note.currency}.`,
      };
    },
  },
  {
    name: 'invoice pay',
    summary: 'Record a payment (partial or full) against an issued invoice.',
    positionals: ['dir', 'id'],
    options: {
      amount: { type: 'string', value: 'AMOUNT', description: 'Amount paid, e.g. 119.00.', required: true },
      date: { type: 'string', value: 'YYYY-MM-DD', description: 'Date of payment.', required: true },
      method: { type: 'string', value: 'METHOD', description: 'bank_transfer (default), card, cash, direct_debit or other.' },
      reference: { type: 'string', value: 'TEXT', description: 'Bank reference or note.' },
    },
    unlocks: true,
    async run(ctx) {
      const invoice = await ctx.call('invoices.pay', {
        id: ctx.string('id'),
        amount: ctx.string('amount'),
        date: ctx.string('date'),
        method: (ctx.optionalString('method') ?? 'bank_transfer') as never,
        reference: ctx.optionalString('reference') ?? '',
      });
      return {
        json: { id: invoice.id, status: invoice.status, balance: invoice.balance },
        text: `Payment recorded; invoice ${String(invoice.number)} is ${invoice.status}, ${invoice.balance} ${invoice.currency} still due.`,
      };
    },
  },
  {
    name: 'recurring run',
    summary: 'Create (or issue) every recurring invoice that has fallen due; safe to run from cron, never twice per period.',
    positionals: ['dir'],
    options: {},
    unlocks: true,
    async run(ctx) {
      const result = await ctx.call('recurring.runDue', {});
      return {
        json: result,
        text: [
          `${result.created.length} recurring invoice(s) created.`,
          ...result.created.map((c) => `  ${c.period}  ${c.number ?? 'draft'}  ${c.invoiceId}`),
          ...result.errors.map((e) => `  ${e.period}  FAILED: ${e.message}`),
        ].join('\n'),
        exitCode: result.errors.length > 0 ? EXIT.internal : EXIT.ok,
      };
    },
  },
  {
    name: 'pdf verify',
    summary: 'Check the seal of any PDF: intact, who sealed it, and (with --vault) whether this vault did. Exit 3 when not intact.',
    positionals: ['file'],
    options: {
      vault: { type: 'string', value: 'DIR', description: 'Also say whether this vault sealed it (needs --user).' },
      user: { type: 'string', value: 'NAME', description: 'User to unlock --vault with (password from SEALBOOK_PASSWORD).' },
    },
    unlocks: false,
    async run(ctx) {
      const vault = ctx.optionalString('vault');
      if (vault !== undefined) {
        const user = ctx.optionalString('user');
        if (user === undefined) throw new UsageError('--vault needs --user NAME.');
        await ctx.unlock(resolve(ctx.cwd, vault), user);
      }
      const { path, bytes } = await readInputFile(ctx.cwd, ctx.string('file'));
      const verdict = await ctx.call('pdf.verify', { pdfBase64: bytes.toString('base64') });
      const text = !verdict.sealed
        ? `${path} carries no seal.`
        : verdict.intact
          ? `Seal intact, sealed by ${String(verdict.signer)}${verdict.thisVault === true ? ' (this vault)' : verdict.thisVault === false ? ' (NOT this vault)' : ''}.`
          : `Seal BROKEN: ${path} was changed after sealing.`;
      return { json: verdict, text, exitCode: verdict.sealed && verdict.intact ? EXIT.ok : EXIT.verificationFailed };
    },
  },
];
