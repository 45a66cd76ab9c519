import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src-main/core/errors.js';
import { IncompleteEInvoiceError } from '../../../src-main/core/einvoice/model.js';
import { updateCompany } from '../../../src-main/core/invoices/company.js';
import { classifyEInvoice, validateEInvoiceFile } from '../../../src-main/core/einvoice/read.js';
import { confirmSupplierInvoice, receiveEInvoice, supplierOriginal, supplierRendition } from '../../../src-main/core/einvoice/receive.js';
import { auditRows } from '../invoices/setup.js';
import { pdfCarrying, sharedEInvoiceDir } from './corpus.js';
import { useEInvoiceVault } from './hooks.js';

const currentVault = useEInvoiceVault();
const cii = (name: string): Buffer => readFileSync(join(sharedEInvoiceDir(), 'en16931/cii/examples', name));
const ubl = (name: string): Buffer => readFileSync(join(sharedEInvoiceDir(), 'en16931/ubl/examples', name));
const zugferd1 = (): Buffer => readFileSync(join(import.meta.dirname, 'fixtures', 'zugferd1-comfort.xml'));

function poppler(tool: 'pdfsig' | 'pdftotext', bytes: Uint8Array): string {
  const file = join(currentVault().dir, `${tool}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync(tool, tool === 'pdftotext' ? ['-layout', file, '-'] : [file], { encoding: 'utf8' });
}

describe('the sealed PDF rendition of a pure XML invoice (issue 10 item 6)', () => {
  it('shows every term of an official CEN example, sealed so pdfsig accepts it, beside the byte-exact original', async () => {
    const bytes = cii('CII_example2.xml');
    const invoice = await receiveEInvoice(currentVault().ctx, bytes, 'CII_example2.xml');
    expect(invoice.hasRendition).toBe(true);
    const rendition = supplierRendition(currentVault().ctx, invoice.id);
    expect(rendition.fileName).toBe('CII_example2.sealed.pdf');

    const sig = poppler('pdfsig', rendition.bytes);
    expect(sig).toContain('Signature is Valid.');
    expect(sig).toContain('Total document signed');
    expect(sig).not.toMatch(/Digest Mismatch|not signed/i);

    const text = poppler('pdftotext', rendition.bytes).replace(/\s+/g, ' ');
    for (const expected of [
      'Commercial invoice TOSL108',
      '380 Commercial invoice',
      'Salescompany ltd.',
      'NO123456789MVA',
      'The Buyercompany',
      'NO987654321MVA',
      'Antonio Salesmacher, 46211230, antonio@salescompany.no',
      'Order reference 123',
      'Contract321',
      'NO93 8601 1117 947',
      'Laptop computer',
      'Scratch on box',
      'Damage',
      'Exempt New Means of Transport',
      'Ordered in our booth at the convention',
      'Total with VAT 1,801.78 NOK',
      'Paid in advance 1,000.00 NOK',
      'Amount due 801.78 NOK',
      'Valid EN 16931',
    ]) {
      expect(text).toContain(expected);
    }
    // The original is untouched: the rendition is a view of it, not a replacement.
    expect(supplierOriginal(currentVault().ctx, invoice.id).bytes.equals(bytes)).toBe(true);
    expect(auditRows(currentVault().db).map((row) => row.action).filter((action) => action.startsWith('einvoice.'))).toEqual(['einvoice.receive', 'einvoice.rendition', 'einvoice.original']);
  });

  it("is laid out in the company's invoice language: French labels, amounts and verdict, the rules' own texts as published", async () => {
    updateCompany(currentVault().ctx, { invoiceLanguage: 'fr' });
    const broken = cii('CII_example2.xml').toString('utf8').replace('<ram:GrandTotalAmount>1801.78<', '<ram:GrandTotalAmount>1802.78<');
    const invoice = await receiveEInvoice(currentVault().ctx, Buffer.from(broken), 'CII_example2.xml');
    const bytes = supplierRendition(currentVault().ctx, invoice.id).bytes;
    expect(poppler('pdfsig', bytes)).toContain('Signature is Valid.');
    const text = poppler('pdftotext', bytes).replace(/\s+/g, ' ');
    for (const expected of [
      'Facture commerciale TOSL108',
      '380 Facture commerciale',
      'Vendeur',
      'Acheteur',
      'N° de TVA NO123456789MVA',
      'Référence de commande 123',
      'Quantité',
      'Date d’émission 30 juin 2013',
      'Total TTC 1 802,78 NOK',
      'Acompte versé 1 000,00 NOK',
      'Net à payer 801,78 NOK',
      'NON CONFORME',
      'Erreur BR-CO-15 : Invoice total amount with VAT',
      'Remise 12,00 NOK : Damage',
      'Page 1 sur',
    ]) {
      expect(text).toContain(expected);
    }
    for (const english of ['Commercial invoice', 'Total with VAT', 'Paid in advance', 'INVALID', 'Human-readable']) expect(text).not.toContain(english);
  });

  it('reads the UBL terms the rendition prints: references, payment means and document allowances', async () => {
    const invoice = await receiveEInvoice(currentVault().ctx, ubl('ubl-tc434-example2.xml'), 'ubl2.xml');
    expect(invoice.details?.paymentMeans.length).toBeGreaterThan(0);
    expect(invoice.details?.allowancesCharges.map((item) => item.charge)).toContain(true);
    expect(invoice.seller.addressLines?.length).toBeGreaterThan(0);
    const text = poppler('pdftotext', supplierRendition(currentVault().ctx, invoice.id).bytes).replace(/\s+/g, ' ');
    expect(text).toContain(invoice.number);
    expect(text).toContain(invoice.seller.name);
    expect(text).toContain('Document allowances and charges');
  });

  it("prints the parties' electronic addresses (BT-34 / BT-49) with their scheme", async () => {
    const invoice = await receiveEInvoice(currentVault().ctx, ubl('ubl-tc434-creditnote1.xml'), 'cn1.xml');
    expect(invoice.seller.electronicAddress).toMatch(/^\w+: \S+/);
    const text = poppler('pdftotext', supplierRendition(currentVault().ctx, invoice.id).bytes).replace(/\s+/g, ' ');
    expect(text).toContain(`Electronic address ${invoice.seller.electronicAddress ?? ''}`);
    expect(text).toContain('Credit note');
  });

  it('prints an invalid invoice as invalid, naming the broken rule', async () => {
    const broken = cii('CII_example1.xml').toString('utf8').replace('<ram:GrandTotalAmount>250.33<', '<ram:GrandTotalAmount>251.33<');
    const invoice = await receiveEInvoice(currentVault().ctx, Buffer.from(broken), 'broken.xml');
    expect(invoice.valid).toBe(false);
    const text = poppler('pdftotext', supplierRendition(currentVault().ctx, invoice.id).bytes);
    expect(text).toContain('INVALID');
    expect(text).toContain('BR-CO-15');
  });

  it('gives a received PDF no second rendition: the PDF is its own readable form', async () => {
    const invoice = await receiveEInvoice(currentVault().ctx, await pdfCarrying(cii('CII_example1.xml'), 'factur-x.xml'), 'fx.pdf');
    expect(invoice.hasRendition).toBe(false);
    expect(() => supplierRendition(currentVault().ctx, invoice.id)).toThrow(NotFoundError);
  });
});

describe('ZUGFeRD 1.0 (urn:ferd:CrossIndustryDocument:invoice:1p0)', () => {
  it('is read into the supplier invoice model, reported as checked for structure only, never as valid EN 16931', async () => {
    const invoice = await receiveEInvoice(currentVault().ctx, zugferd1(), 'zf1.xml');
    expect(invoice).toMatchObject({ number: 'ZF1-2014-0815', issueDate: '2014-11-03', dueDate: '2014-11-17', currency: 'EUR', sellerIban: 'DE02120300000000202051', buyerReference: 'KD-4711' });
    expect(invoice.seller).toMatchObject({ name: 'Musterlieferant GmbH', vatId: 'DE987654321', taxNumber: '27/123/45678', country: 'DE' });
    expect(invoice.totals).toEqual({ lineTotal: '154.00', net: '154.00', vat: '25.78', gross: '179.78', due: '179.78' });
    expect(invoice.lines.map((line) => [line.description, line.quantity, line.net, line.vatRate, line.unitPrice])).toEqual([
      ['Werkzeugsatz', '10.0000', '125.00', '19.00', '12.50'],
      ['Fachbuch Metallbau', '4.0000', '29.00', '7.00', '7.25'],
    ]);
    expect(invoice.vatBreakdown.map((row) => [row.rate, row.taxable, row.vat])).toEqual([
      ['19.00', '125.00', '23.75'],
      ['7.00', '29.00', '2.03'],
    ]);
    expect(invoice.details).toMatchObject({ orderReference: 'B-2014-77', deliveryDate: '2014-10-31', notes: ['Lieferung gemäß Rahmenvertrag.'] });
    expect(invoice.report).toMatchObject({ scope: 'zugferd1-structure', checked: ['well-formed', 'zugferd1-required-terms'], errors: [] });
    expect(invoice.report.checked).not.toContain('en16931-cii');
    expect(invoice.report.specification).toBe('urn:ferd:CrossIndustryDocument:invoice:1p0:comfort');
    // Reviewed like any supplier invoice once its structure is sound.
    expect(confirmSupplierInvoice(currentVault().ctx, invoice.id).status).toBe('confirmed');
    const text = poppler('pdftotext', supplierRendition(currentVault().ctx, invoice.id).bytes).replace(/\s+/g, ' ');
    expect(text).toContain('ZUGFeRD 1.0: checked for structure only');
    expect(text).not.toContain('Valid EN 16931');
  });

  it('is taken out of a ZUGFeRD 1.0 PDF (ZUGFeRD-invoice.xml) and validated without a vault the same way', async () => {
    const pdf = await pdfCarrying(zugferd1(), 'ZUGFeRD-invoice.xml');
    expect(await classifyEInvoice(pdf)).toEqual({ container: 'pdf', syntax: 'zugferd1' });
    const report = await validateEInvoiceFile(pdf, 'zf1.pdf');
    expect(report).toMatchObject({ scope: 'zugferd1-structure', valid: true });
    const invoice = await receiveEInvoice(currentVault().ctx, pdf, 'zf1.pdf');
    expect(invoice).toMatchObject({ container: 'pdf', number: 'ZF1-2014-0815', gross: '179.78', hasRendition: false });
  });

  it('refuses a ZUGFeRD 1.0 file without an invoice number, storing nothing', async () => {
    const broken = zugferd1().toString('utf8').replace('<ram:ID>ZF1-2014-0815</ram:ID>', '');
    await expect(receiveEInvoice(currentVault().ctx, Buffer.from(broken), 'zf1-broken.xml')).rejects.toThrow(IncompleteEInvoiceError);
    expect((currentVault().db.prepare('SELECT COUNT(*) AS n FROM supplier_invoices').get() as { n: number }).n).toBe(0);
    expect((currentVault().db.prepare('SELECT COUNT(*) AS n FROM blobs').get() as { n: number }).n).toBe(0);
  });
});
