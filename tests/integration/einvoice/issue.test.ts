import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { updateCompany } from '../../../src-main/core/invoices/company.js';
import { creditInvoice, issueInvoice, sealedPdf } from '../../../src-main/core/invoices/documents.js';
import { getInvoice } from '../../../src-main/core/invoices/store.js';
import { EInvoiceRejectedError, eInvoiceHook, issuedEInvoice, setCustomerSettings } from '../../../src-main/core/einvoice/issue.js';
import { readEInvoice } from '../../../src-main/core/einvoice/read.js';
import { validateEInvoiceXml } from '../../../src-main/core/einvoice/validate.js';
import { newCustomerId, newDraftId } from '../invoices/setup.js';
import type { TestVault } from '../invoices/setup.js';
import { useEInvoiceVault } from './hooks.js';

const currentVault = useEInvoiceVault({ sellerContact: true });
let vault: TestVault;
beforeEach(() => {
  vault = currentVault();
});

function tool(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8' });
}

function save(bytes: Uint8Array, name: string): string {
  const file = join(vault.dir, name);
  writeFileSync(file, bytes);
  return file;
}

const LINES = [
  { description: 'Consulting', quantity: '2.5', unit: 'hours', unitPrice: '120', vatRate: '19' },
  { description: 'Travel', quantity: '1', unitPrice: '80.10', vatRate: '19', discount: '5.10' },
  { description: 'Book', quantity: '3', unit: 'pcs', unitPrice: '12.99', vatRate: '7' },
];

describe('issuing Factur-X', () => {
  it('seals a PDF/A-3 carrying factur-x.xml: pdfsig valid, pdfdetach gives the validated XML, totals match', async () => {
    const customerId = newCustomerId(vault.ctx);
    setCustomerSettings(vault.ctx, customerId, { format: 'facturx' });
    const id = newDraftId(vault.ctx, customerId, LINES);
    const issued = await issueInvoice(vault.ctx, id, eInvoiceHook(vault.ctx));
    const pdf = sealedPdf(vault.ctx, id).bytes;
    const file = save(pdf, 'facturx.pdf');

    const sig = tool('pdfsig', [file]);
    expect(sig).toContain('Signature is Valid.');
    expect(sig).toContain('Total document signed');
    expect(tool('pdfdetach', ['-list', file])).toContain('factur-x.xml');
    tool('pdfdetach', ['-save', '1', '-o', join(vault.dir, 'out.xml'), file]);
    const extracted = readFileSync(join(vault.dir, 'out.xml'));
    const stored = issuedEInvoice(vault.ctx, id);
    expect(extracted.equals(stored.xml)).toBe(true);
    expect(stored.report.valid).toBe(true);
    expect(stored.report.checked).toEqual(['xsd', 'en16931-cii', 'facturx-en16931']);
    const again = await validateEInvoiceXml(extracted.toString('utf8'), { facturx: true });
    expect(again.errors).toEqual([]);

    // PDF/A-3 parts a validator looks for.
    const text = Buffer.from(pdf).toString('latin1');
    expect(text).toMatch(/\/AFRelationship \/Data/);
    expect(text).toMatch(/\/AF \[/);
    expect(text).toMatch(/<pdfaid:part>3<\/pdfaid:part>/);
    expect(text).toMatch(/<fx:ConformanceLevel>EN 16931<\/fx:ConformanceLevel>/);
    expect(text).toMatch(/\/S \/GTS_PDFA1/);
    expect(text).toMatch(/\/ID \[/);
    expect(tool('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors');

    // Read back as a received invoice: the same totals as the invoice engine computed.
    const read = await readEInvoice(pdf, 'facturx.pdf');
    expect(read.container).toBe('pdf');
    expect(read.parsed.number).toBe(issued.number);
    expect(read.parsed.totals.gross.toString()).toBe(issued.totals.gross.replace('.', ''));
    expect(getInvoice(vault.ctx, id).status).toBe('issued');
  });

  it('catches a changed total (BR-CO-15) in the generated XML', async () => {
    const customerId = newCustomerId(vault.ctx);
    setCustomerSettings(vault.ctx, customerId, { format: 'facturx' });
    const id = newDraftId(vault.ctx, customerId, LINES);
    await issueInvoice(vault.ctx, id, eInvoiceHook(vault.ctx));
    const xml = issuedEInvoice(vault.ctx, id).xml.toString('utf8');
    const gross = /<ram:GrandTotalAmount>([^<]+)</.exec(xml)?.[1] ?? '';
    const changed = xml.replace(`<ram:GrandTotalAmount>${gross}<`, `<ram:GrandTotalAmount>${(Number(gross) + 1).toFixed(2)}<`);
    expect(changed).not.toBe(xml);
    const report = await validateEInvoiceXml(changed, { facturx: true });
    expect(report.valid).toBe(false);
    expect(report.errors.map((e) => e.ruleId)).toContain('BR-CO-15');
  });

  it('issues a credit note as type 381 referring to the invoice', async () => {
    const customerId = newCustomerId(vault.ctx);
    setCustomerSettings(vault.ctx, customerId, { format: 'facturx' });
    const id = newDraftId(vault.ctx, customerId, LINES);
    const issued = await issueInvoice(vault.ctx, id, eInvoiceHook(vault.ctx));
    const note = await creditInvoice(vault.ctx, id, { reason: 'Returned' }, eInvoiceHook(vault.ctx));
    const xml = issuedEInvoice(vault.ctx, note.id).xml.toString('utf8');
    expect(xml).toContain('<ram:TypeCode>381</ram:TypeCode>');
    expect(xml).toContain(`<ram:IssuerAssignedID>${issued.number}</ram:IssuerAssignedID>`);
    expect(tool('pdfsig', [save(sealedPdf(vault.ctx, note.id).bytes, 'cn.pdf')])).toContain('Signature is Valid.');
  });

  it('refuses to issue when a rule fails, naming the rule and the field; the number is not used', async () => {
    updateCompany(vault.ctx, { vatId: '' });
    const customerId = newCustomerId(vault.ctx);
    setCustomerSettings(vault.ctx, customerId, { format: 'facturx' });
    const id = newDraftId(vault.ctx, customerId, LINES);
    const error = await issueInvoice(vault.ctx, id, eInvoiceHook(vault.ctx)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EInvoiceRejectedError);
    const rejected = error as EInvoiceRejectedError;
    expect(rejected.message).toMatch(/BR-S-02/);
    expect(rejected.fields).toHaveProperty(['company.vatId']);
    expect(getInvoice(vault.ctx, id).status).toBe('draft');
    expect(vault.db.prepare('SELECT COUNT(*) AS n FROM issued_einvoices').get()).toEqual({ n: 0 });
  });
});

describe('issuing XRechnung', () => {
  it.each(['xrechnung-cii', 'xrechnung-ubl'] as const)('%s: requires BT-10, then passes XSD and EN 16931', async (format) => {
    const customerId = newCustomerId(vault.ctx, 'Bundesamt für Beispiele');
    setCustomerSettings(vault.ctx, customerId, { format, electronicAddress: 'rechnung@bund.example' });
    const id = newDraftId(vault.ctx, customerId, LINES);
    const refused = await issueInvoice(vault.ctx, id, eInvoiceHook(vault.ctx)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EInvoiceRejectedError);
    expect((refused as Error).message).toMatch(/BR-DE-15/);

    setCustomerSettings(vault.ctx, customerId, { buyerReference: '04011000-12345-03' });
    await issueInvoice(vault.ctx, id, eInvoiceHook(vault.ctx));
    const stored = issuedEInvoice(vault.ctx, id);
    expect(stored.format).toBe(format);
    expect(stored.report.valid).toBe(true);
    const xml = stored.xml.toString('utf8');
    expect(xml).toContain('urn:xeinkauf.de:kosit:xrechnung_3.0');
    expect(xml).toContain('04011000-12345-03');
    expect(stored.report.syntax).toBe(format === 'xrechnung-ubl' ? 'ubl-invoice' : 'cii');
  });
});
