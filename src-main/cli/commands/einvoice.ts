import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { EINVOICE_FORMATS } from '../../../src-shared/einvoice.js';
import type { EInvoiceFormat } from '../../../src-shared/einvoice.js';
import { MAX_FILE_BYTES, mergeOutcomes, NO_OUTCOME, planBatches, tooLargeRejection } from '../../../src-shared/einvoice-batches.js';
import type { ReceiveOutcome } from '../../../src-shared/einvoice.js';
import { EXIT, InputError, UsageError, listInputFiles, readInputFile } from '../spec.js';
import type { CommandContext, CommandSpec } from '../spec.js';

/** `--format` of `invoice issue` and `invoice credit`. */
export function formatOption(ctx: CommandContext): EInvoiceFormat | undefined {
  const value = ctx.optionalString('format');
  if (value === undefined) return undefined;
  const format = EINVOICE_FORMATS.find((candidate) => candidate === value);
  if (format === undefined) throw new UsageError(`--format must be one of ${EINVOICE_FORMATS.join(', ')}.`);
  return format;
}

export const FORMAT_OPTION = {
  type: 'string',
  value: 'FORMAT',
  description: "facturx (PDF/A-3 with CII), xrechnung-cii, xrechnung-ubl or pdf; default: the customer's choice.",
} as const;

export const einvoiceCommands: readonly CommandSpec[] = [
  {
    name: 'einvoice validate',
    summary: 'Check an e-invoice (CII, UBL, XRechnung, or a Factur-X / ZUGFeRD PDF) against the XSD and the official EN 16931 rules. Exit 3 when invalid. Needs no vault.',
    positionals: ['file'],
    options: {},
    unlocks: false,
    async run(ctx) {
      const file = ctx.string('file');
      const report = await ctx.call('einvoice.validate', { fileBase64: (await readInputFile(ctx.cwd, file)).bytes.toString('base64'), fileName: basename(file) });
      const lines = report.scope === 'zugferd1-structure'
        ? [`${file}: ZUGFeRD 1.0: checked for structure only (${report.checked.join(', ')}); the EN 16931 rules do not apply to it.`]
        : report.valid
        ? [`${file}: valid (${report.checked.join(', ')}), ${report.warnings.length} warning(s).`]
        : [`${file}: INVALID, ${report.errors.length} error(s):`, ...report.errors.map((e) => `  ${e.ruleId}  ${e.message}${e.location ? `  [${e.location}]` : ''}`)];
      return { json: report, text: lines.join('\n'), exitCode: report.valid ? EXIT.ok : EXIT.verificationFailed };
    },
  },
  {
    name: 'einvoice receive',
    summary: 'Receive supplier e-invoices into the vault (XML, Factur-X / ZUGFeRD PDFs, or .eml mails carrying them; folders walked): each is validated, its original kept byte-exact, duplicates refused.',
    positionals: ['dir'],
    rest: 'file',
    options: {},
    unlocks: true,
    async run(ctx) {
      const found = await listInputFiles(ctx.cwd, ctx.args.rest);
      if (found.length === 0) throw new InputError(`No files found in ${ctx.args.rest.join(', ')}.`);
      // Batches as the app sends them: hundreds of files never travel (or fail) as one call.
      const sendable = found.filter((file) => file.size <= MAX_FILE_BYTES);
      let outcome: ReceiveOutcome = { ...NO_OUTCOME, rejected: found.filter((file) => file.size > MAX_FILE_BYTES).map((file) => tooLargeRejection(file.name)) };
      for (const batch of planBatches(sendable.map((file) => file.size))) {
        const files = await Promise.all(
          batch.map(async (index) => {
            const file = sendable[index];
            if (file === undefined) throw new Error('A batch names a file that is not in the list.');
            return { name: file.name, base64: (await readInputFile(ctx.cwd, file.path)).bytes.toString('base64') };
          }),
        );
        outcome = mergeOutcomes(outcome, await ctx.call('einvoice.receive', { files }));
      }
      const text = [
        `${outcome.received.length} received, ${outcome.duplicates.length} duplicate(s), ${outcome.rejected.length} rejected.`,
        ...outcome.received.map((r) => {
          const note = r.scope === 'zugferd1-structure' ? '  (ZUGFeRD 1.0: checked for structure only)' : r.valid ? '' : '  (breaks EN 16931 rules: see its report)';
          return `  received   ${r.file}  ${r.id}${note}`;
        }),
        ...outcome.duplicates.map((d) => `  duplicate  ${d.file}  first received as ${d.existingId}`),
        ...outcome.rejected.map((r) => `  rejected   ${r.file}  ${r.message}`),
      ].join('\n');
      return { json: outcome, text, exitCode: outcome.rejected.length > 0 ? EXIT.invalidInput : EXIT.ok };
    },
  },
  {
    name: 'einvoice export',
    summary: "Write a received supplier invoice's sealed PDF rendition (pure XML invoices), or with --original the file as received, to a file.",
    positionals: ['dir', 'id'],
    options: {
      out: { type: 'string', value: 'FILE', description: 'Where to write it (must not exist).', required: true },
      original: { type: 'boolean', description: 'The original bytes as received (the legal original) instead of the sealed rendition.' },
    },
    unlocks: true,
    async run(ctx) {
      const id = ctx.string('id');
      const file = ctx.args.options.original === true ? await ctx.call('einvoice.original', { id }) : await ctx.call('einvoice.rendition', { id });
      const out = resolve(ctx.cwd, ctx.string('out'));
      const bytes = Buffer.from(file.base64, 'base64');
      await writeFile(out, bytes, { flag: 'wx' });
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return { json: { file: out, sha256, fileName: file.fileName }, text: `Wrote ${out} (SHA-256 ${sha256}).` };
    },
  },
  {
    name: 'einvoice customer',
    summary: "Set how a customer's invoices are issued: --format facturx|xrechnung-cii|xrechnung-ubl|pdf, the buyer reference (BT-10, Leitweg-ID) and electronic address (BT-49).",
    positionals: ['dir', 'customerId'],
    options: {
      format: FORMAT_OPTION,
      'buyer-reference': { type: 'string', value: 'TEXT', description: 'BT-10, e.g. the Leitweg-ID of a German public buyer.' },
      'electronic-address': { type: 'string', value: 'EMAIL', description: "BT-49, the buyer's electronic address (required by XRechnung)." },
    },
    unlocks: true,
    async run(ctx) {
      const format = formatOption(ctx);
      const buyerReference = ctx.optionalString('buyer-reference');
      const electronicAddress = ctx.optionalString('electronic-address');
      const settings = await ctx.call('einvoice.setCustomerSettings', {
        customerId: ctx.string('customerId'),
        ...(format ? { format } : {}),
        ...(buyerReference === undefined ? {} : { buyerReference }),
        ...(electronicAddress === undefined ? {} : { electronicAddress }),
      });
      return { json: settings, text: `Customer ${settings.customerId}: invoices issued as ${settings.format}.` };
    },
  },
];
