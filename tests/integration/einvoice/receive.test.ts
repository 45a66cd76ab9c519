import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RetentionError, ValidationError } from '../../../src-main/core/errors.js';
import { classifyEInvoice, isEInvoice } from '../../../src-main/core/einvoice/read.js';
import {
  DuplicateEInvoiceError,
  confirmSupplierInvoice,
  deleteSupplierInvoice,
  listSupplierInvoices,
  receiveEInvoice,
  receiveMany,
  supplierOriginal,
} from '../../../src-main/core/einvoice/receive.js';
import { auditRows, openTestVault, setUpCompany } from '../invoices/setup.js';
import { pdfCarrying, sharedEInvoiceDir } from './corpus.js';
import { useEInvoiceVault } from './hooks.js';
import * as fx from '../receipts/fixtures.js';

const currentVault = useEInvoiceVault();
const cii = (name: string): Buffer => readFileSync(join(sharedEInvoiceDir(), 'en16931/cii/examples', name));
const ubl = (name: string): Buffer => readFileSync(join(sharedEInvoiceDir(), 'en16931/ubl/examples', name));

describe('receiving one e-invoice', () => {
  it('files a supplier invoice with seller, IBAN, lines, VAT and due date; keeps the original byte-exact with retention', async () => {
    const bytes = cii('CII_example1.xml');
    const invoice = await receiveEInvoice(currentVault().ctx, bytes, 'CII_example1.xml');
    expect(invoice).toMatchObject({ status: 'to_review', number: '12115118', issueDate: '2015-01-09', currency: 'EUR', valid: true, container: 'xml' });
    expect(invoice.totals).toEqual({ lineTotal: '229.60', net: '229.60', vat: '20.73', gross: '250.33', due: '250.33' });
    expect(invoice.lines.length).toBeGreaterThan(3);
    expect(invoice.vatBreakdown.map((row) => row.category)).toContain('S');
    expect(invoice.retainUntil).toBe('2036-12-31');
    expect(supplierOriginal(currentVault().ctx, invoice.id).bytes.equals(bytes)).toBe(true);
    // The vault's seal is made on first need, for the XML invoice's sealed rendition.
    expect(auditRows(currentVault().db).map((row) => row.action)).toEqual(['company.update', 'seal.create', 'einvoice.receive', 'einvoice.original']);
  });

  it('reads the seller IBAN, VAT id and buyer reference of an XRechnung UBL', async () => {
    const invoice = await receiveEInvoice(currentVault().ctx, readFileSync(join(sharedEInvoiceDir(), 'xrechnung-testsuite/src/test/business-cases/standard/01.01a-INVOICE_ubl.xml')), '01.01a.xml');
    expect(invoice.sellerIban).toMatch(/^DE\d{20}$/);
    expect(invoice.seller.vatId).toMatch(/^DE/);
    expect(invoice.buyerReference).not.toBeNull();
  });

  it('refuses duplicates by bytes and by seller + number, naming the first', async () => {
    const first = await receiveEInvoice(currentVault().ctx, cii('CII_example1.xml'), 'a.xml');
    await expect(receiveEInvoice(currentVault().ctx, cii('CII_example1.xml'), 'b.xml')).rejects.toMatchObject({ existingId: first.id });
    const renumbered = cii('CII_example1.xml').toString('utf8').replace('<!-- Example 1', '<!-- changed bytes, same invoice');
    const error = await receiveEInvoice(currentVault().ctx, Buffer.from(renumbered), 'c.xml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateEInvoiceError);
    expect((error as DuplicateEInvoiceError).message).toMatch(/repeats an invoice number/);
    expect(listSupplierInvoices(currentVault().ctx)).toHaveLength(1);
  });

  it('takes the XML out of Factur-X / ZUGFeRD PDFs under each standard name, and classifies by content', async () => {
    const xml = cii('CII_example2.xml');
    for (const name of ['zugferd-invoice.xml', 'ZUGFeRD-invoice.xml', 'xrechnung.xml']) {
      const fresh = openTestVault();
      setUpCompany(fresh.ctx);
      try {
        const pdf = await pdfCarrying(xml, name);
        expect(await classifyEInvoice(pdf)).toEqual({ container: 'pdf', syntax: 'cii' });
        const invoice = await receiveEInvoice(fresh.ctx, pdf, 'scan.pdf');
        expect(invoice.container).toBe('pdf');
        expect(invoice.totals.gross).toBe('1801.78');
        expect(Buffer.from(supplierOriginal(fresh.ctx, invoice.id).bytes).equals(Buffer.from(pdf))).toBe(true);
      } finally {
        fresh.close();
      }
    }
    expect(await isEInvoice(ubl('ubl-tc434-creditnote1.xml'))).toBe(true);
    expect(await isEInvoice(await pdfCarrying(new TextEncoder().encode('<notes/>'), 'notes.xml'))).toBe(false);
    expect(await isEInvoice(new TextEncoder().encode('%PDF-1.7 broken'))).toBe(false);
    expect(await isEInvoice(new Uint8Array([0xff, 0xd8, 0xff]))).toBe(false);
  });

  it('rejects bad files one by one in a batch and stores nothing for them', async () => {
    const outcome = await receiveMany(currentVault().ctx, [
      { name: 'ok.xml', bytes: ubl('ubl-tc434-example1.xml') },
      { name: 'bomb.xml', bytes: Buffer.from('<!DOCTYPE a [<!ENTITY a "a">]><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&a;</Invoice>') },
      { name: 'cut.xml', bytes: cii('CII_example3.xml').subarray(0, 900) },
      { name: 'plain.pdf', bytes: Buffer.from(await pdfCarrying(new TextEncoder().encode('<a/>'), 'other.xml')) },
      { name: 'photo.jpg', bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0]) },
      { name: 'empty.xml', bytes: Buffer.alloc(0) },
    ]);
    expect(outcome.received.map((r) => r.file)).toEqual(['ok.xml']);
    expect(outcome.rejected.map((r) => r.file)).toEqual(['bomb.xml', 'cut.xml', 'plain.pdf', 'photo.jpg', 'empty.xml']);
    expect(outcome.rejected[4]?.message).toMatch(/^empty\.xml is empty \(0 bytes\)/);
    expect(outcome.rejected.every((r) => r.code === 'VALIDATION' && r.message.length > 20)).toBe(true);
    expect(outcome.rejected[1]?.message).toMatch(/not well-formed XML \(line/);
    // The one received: its original and its sealed rendition.
    expect(currentVault().db.prepare('SELECT COUNT(*) AS n FROM blobs').get()).toEqual({ n: 2 });
  });

  it('opens dropped mails: receives the e-invoices they carry, the attachment as the original, and sends receipts to the Receipts page', async () => {
    const invoiceXml = ubl('ubl-tc434-example1.xml');
    const photo = await fx.jpeg(40, 30, 'taxi');
    const outcome = await receiveMany(currentVault().ctx, [
      { name: 'supplier.eml', bytes: fx.mail('Invoice', [{ name: 'invoice.xml', type: 'application/xml', bytes: invoiceXml }, { name: 'taxi.jpg', type: 'image/jpeg', bytes: photo }]) },
      { name: 'hello.eml', bytes: fx.mail('Hello', []) },
    ]);
    expect(outcome.received.map((r) => [r.file, r.valid])).toEqual([['supplier.eml › invoice.xml', true]]);
    expect(supplierOriginal(currentVault().ctx, outcome.received[0]?.id ?? '').bytes.equals(invoiceXml)).toBe(true);
    expect(outcome.rejected.map((r) => [r.file, r.code])).toEqual([['supplier.eml › taxi.jpg', 'NOT_AN_EINVOICE'], ['hello.eml', 'NO_ATTACHMENT']]);
    expect(outcome.rejected[0]?.message).toBe('supplier.eml › taxi.jpg is not an e-invoice. To archive it as a receipt, drop supplier.eml on the Receipts page.');
    // The same mail again: its invoice is a duplicate of the first.
    const again = await receiveMany(currentVault().ctx, [{ name: 'again.eml', bytes: fx.mail('Invoice', [{ name: 'copy.xml', type: 'application/xml', bytes: invoiceXml }]) }]);
    expect(again.duplicates).toEqual([{ file: 'again.eml › copy.xml', existingId: outcome.received[0]?.id }]);
  });
});

describe('review and retention', () => {
  it('confirms a valid invoice once; refuses an invalid one and any deletion before the retention date', async () => {
    const good = await receiveEInvoice(currentVault().ctx, cii('CII_example4.xml'), 'good.xml');
    expect(confirmSupplierInvoice(currentVault().ctx, good.id)).toMatchObject({ status: 'confirmed', confirmedBy: 'alice' });
    expect(() => confirmSupplierInvoice(currentVault().ctx, good.id)).toThrow(/already confirmed/);

    const broken = cii('CII_example5.xml').toString('utf8').replace(/<ram:GrandTotalAmount>([^<]+)</, '<ram:GrandTotalAmount>1.00<');
    const bad = await receiveEInvoice(currentVault().ctx, Buffer.from(broken), 'bad.xml');
    expect(bad.valid).toBe(false);
    expect(bad.report.errors.map((e) => e.ruleId)).toContain('BR-CO-15');
    expect(() => confirmSupplierInvoice(currentVault().ctx, bad.id)).toThrow(ValidationError);

    expect(() => deleteSupplierInvoice(currentVault().ctx, good.id)).toThrow(RetentionError);
    // The schema refuses it too, whatever a service might try.
    expect(() => currentVault().db.prepare('DELETE FROM supplier_invoices WHERE id = ?').run(good.id)).toThrow(/retention/);
    expect(listSupplierInvoices(currentVault().ctx, 'confirmed').map((s) => s.id)).toEqual([good.id]);
  });
});
