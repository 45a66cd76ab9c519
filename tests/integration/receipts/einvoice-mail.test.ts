import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../src-shared/contract-receipts.js';
import { getSupplierInvoice, supplierOriginal, supplierRendition } from '../../../src-main/core/einvoice/receive.js';
import { importPaths } from '../../../src-main/core/receipts/imports.js';
import { items } from '../../../src-main/core/receipts/journal.js';
import { listReceipts } from '../../../src-main/core/receipts/store.js';
import { WorkerPool } from '../../../src-main/core/workers/pool.js';
import { ensureEInvoiceRules, pdfCarrying, sharedEInvoiceDir } from '../einvoice/corpus.js';
import * as fx from './fixtures.js';
import type { ReceiptsVault } from './setup.js';
import { blobFiles, openReceiptsVault } from './setup.js';

const cii = (name: string): Buffer => readFileSync(join(sharedEInvoiceDir(), 'en16931/cii/examples', name));
const ubl = (name: string): Buffer => readFileSync(join(sharedEInvoiceDir(), 'en16931/ubl/examples', name));

let pool: WorkerPool;
let vault: ReceiptsVault;
let report: ImportReport;
let again: ImportReport;
let facturXBytes: Uint8Array;
const ublBytes = ubl('ubl-tc434-example1.xml');
const supplierMail = (subject: string, parts: readonly fx.MailPart[]): Buffer => fx.mail(subject, parts, 'Billing <billing@supplier.example>', 'Please find our invoice attached.');

/** Issue 10: an e-invoice attached to a dropped mail is received like the dropped file itself. */
beforeAll(async () => {
  ensureEInvoiceRules();
  pool = new WorkerPool({ size: 2 });
  vault = openReceiptsVault(pool);
  const inbox = join(vault.dir, 'mails');
  mkdirSync(inbox, { recursive: true });
  facturXBytes = await pdfCarrying(cii('CII_example4.xml'), 'factur-x.xml');
  const photo = await fx.jpeg(64, 48, 'mail photo');
  writeFileSync(join(inbox, 'a-facturx.eml'), supplierMail('Invoice 4', [{ name: 'invoice.pdf', type: 'application/pdf', bytes: facturXBytes }]));
  writeFileSync(join(inbox, 'b-mixed.eml'), supplierMail('Invoice and a photo', [
    { name: 'invoice.xml', type: 'application/xml', bytes: ublBytes },
    { name: 'photo.jpg', type: 'image/jpeg', bytes: photo },
    { name: 'notes.xml', type: 'application/xml', bytes: Buffer.from('<?xml version="1.0"?>\n<notes/>\n') },
  ]));
  const zugferd1 = readFileSync(join(import.meta.dirname, '..', 'einvoice', 'fixtures', 'zugferd1-comfort.xml'));
  writeFileSync(join(inbox, 'c-zugferd1.eml'), supplierMail('Rechnung', [{ name: 'ZUGFeRD-invoice.xml', type: 'text/xml', bytes: zugferd1 }]));
  report = await importPaths(vault.rctx, [inbox]);
  const second = join(vault.dir, 'again.eml');
  writeFileSync(second, supplierMail('Invoice 4 again', [{ name: 'copy.pdf', type: 'application/pdf', bytes: facturXBytes }]));
  again = await importPaths(vault.rctx, [second]);
}, 240_000);

afterAll(async () => {
  vault.close();
  await pool.close();
});

describe('e-invoices attached to a dropped mail', () => {
  it('files a Factur-X PDF and an XML invoice from mails as supplier invoices; the attachment is the byte-exact original', () => {
    expect(report.einvoices.map((r) => [r.file, r.valid, r.scope])).toEqual([
      ['a-facturx.eml › invoice.pdf', true, undefined],
      ['b-mixed.eml › invoice.xml', true, undefined],
      // Reported as what it is, not as a valid EN 16931 invoice.
      ['c-zugferd1.eml › ZUGFeRD-invoice.xml', true, 'zugferd1-structure'],
    ]);
    const [pdfFiled, xmlFiled] = report.einvoices.map((r) => getSupplierInvoice(vault.rctx, r.supplierInvoiceId));
    expect(pdfFiled).toMatchObject({ container: 'pdf', hasRendition: false, fileName: 'a-facturx.eml › invoice.pdf' });
    expect(xmlFiled).toMatchObject({ container: 'xml', hasRendition: true, syntax: 'ubl-invoice' });
    expect(supplierOriginal(vault.rctx, pdfFiled?.id ?? '').bytes.equals(Buffer.from(facturXBytes))).toBe(true);
    expect(supplierOriginal(vault.rctx, xmlFiled?.id ?? '').bytes.equals(ublBytes)).toBe(true);
    expect(supplierRendition(vault.rctx, xmlFiled?.id ?? '').bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('archives the mail’s other attachments as receipts and refuses what is neither', () => {
    expect(report.imported.map((r) => r.file)).toEqual(['b-mixed.eml › photo.jpg']);
    expect(listReceipts(vault.db, undefined, 0, 10).rows.map((r) => [r.fileName, r.viaMail])).toEqual([['b-mixed.eml › photo.jpg', true]]);
    expect(report.rejected.map((r) => [r.file, r.code])).toEqual([['b-mixed.eml › notes.xml', 'UNSUPPORTED_TYPE']]);
  });

  it('links the same e-invoice in a second mail to the first, and leaves the journal done with no orphan blob', () => {
    expect(again.einvoiceDuplicates.map((r) => [r.file, r.supplierInvoiceId])).toEqual([['again.eml › copy.pdf', report.einvoices[0]?.supplierInvoiceId]]);
    expect(again.imported).toEqual([]);
    const journal = [...items(vault.db, report.importId), ...items(vault.db, again.importId)];
    expect(journal.map((i) => [i.state, i.plannedBlobs.length])).toEqual([['done', 0], ['done', 0], ['done', 0], ['done', 0]]);
    const rows = (vault.db.prepare('SELECT COUNT(*) AS n FROM blobs').get() as { n: number }).n;
    expect(blobFiles(vault.dir).filter((f) => !f.endsWith('.tmp'))).toHaveLength(rows);
  });
});
