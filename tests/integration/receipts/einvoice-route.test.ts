import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../src-shared/contract-receipts.js';
import { getSupplierInvoice } from '../../../src-main/core/einvoice/receive.js';
import { importPaths } from '../../../src-main/core/receipts/imports.js';
import { items } from '../../../src-main/core/receipts/journal.js';
import { listReceipts } from '../../../src-main/core/receipts/store.js';
import { WorkerPool } from '../../../src-main/core/workers/pool.js';
import { ensureEInvoiceRules, sharedEInvoiceDir } from '../einvoice/corpus.js';
import { auditRows } from '../invoices/setup.js';
import * as fx from './fixtures.js';
import type { ReceiptsVault } from './setup.js';
import { blobFiles, openReceiptsVault } from './setup.js';

const cii = (name: string): Buffer => readFileSync(join(sharedEInvoiceDir(), 'en16931/cii/examples', name));
const ubl = (name: string): Buffer => readFileSync(join(sharedEInvoiceDir(), 'en16931/ubl/examples', name));
const blobRows = (vault: ReceiptsVault): number => (vault.db.prepare('SELECT COUNT(*) AS n FROM blobs').get() as { n: number }).n;

let pool: WorkerPool;
let vault: ReceiptsVault;
let report: ImportReport;

/** Issue 10 item 5: the receipts drop zone routes e-invoices by content, in the same import and report. */
beforeAll(async () => {
  ensureEInvoiceRules();
  pool = new WorkerPool({ size: 2 });
  vault = openReceiptsVault(pool);
  const inbox = join(vault.dir, 'mixed');
  mkdirSync(inbox, { recursive: true });
  const broken = cii('CII_example5.xml').toString('utf8').replace(/<ram:GrandTotalAmount>([^<]+)</, '<ram:GrandTotalAmount>1.00<');
  const files: Record<string, Buffer> = {
    'a-coffee.jpg': await fx.jpeg(100, 70, 'coffee'),
    'b-cii.xml': cii('CII_example1.xml'),
    'c-ubl.xml': ubl('ubl-tc434-example8.xml'),
    'd-plain.xml': Buffer.from('<?xml version="1.0"?>\n<settings><theme>dark</theme></settings>\n'),
    'e-cii-again.xml': cii('CII_example1.xml'),
    'f-wrong-total.xml': Buffer.from(broken),
    'g-empty-cii.xml': Buffer.from('<?xml version="1.0"?>\n<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"></rsm:CrossIndustryInvoice>\n'),
  };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(inbox, name), bytes);
  report = await importPaths(vault.rctx, [inbox]);
}, 240_000);

afterAll(async () => {
  vault.close();
  await pool.close();
});

describe('receipts intake routes e-invoices by content', () => {
  it('archives the receipt and files the e-invoices, valid or not, as supplier invoices', () => {
    expect(report.imported.map((r) => r.file)).toEqual(['a-coffee.jpg']);
    // Items run a few at a time: either copy of the CII example may be filed first.
    const ciiFiled = report.einvoices.filter((r) => r.file.includes('cii'));
    const rest = report.einvoices.filter((r) => !r.file.includes('cii'));
    expect(ciiFiled.map((r) => r.valid)).toEqual([true]);
    expect(rest.map((r) => [r.file, r.valid])).toEqual([
      ['c-ubl.xml', true],
      ['f-wrong-total.xml', false],
    ]);
    for (const routed of report.einvoices) {
      const invoice = getSupplierInvoice(vault.rctx, routed.supplierInvoiceId);
      expect(invoice).toMatchObject({ fileName: routed.file, number: routed.number, valid: routed.valid });
    }
    expect(getSupplierInvoice(vault.rctx, rest[0]?.supplierInvoiceId ?? '').syntax).toBe('ubl-invoice');
    // Only the photo became a receipt: no e-invoice was also archived as one.
    expect(listReceipts(vault.db, undefined, 0, 100).rows.map((r) => r.fileName)).toEqual(['a-coffee.jpg']);
    expect(auditRows(vault.db).filter((r) => r.action === 'einvoice.receive')).toHaveLength(3);
  });

  it('links a repeated e-invoice to the first one', () => {
    const first = report.einvoices.find((r) => r.file.includes('cii'));
    const other = first?.file === 'b-cii.xml' ? 'e-cii-again.xml' : 'b-cii.xml';
    expect(report.einvoiceDuplicates.map((r) => [r.file, r.supplierInvoiceId])).toEqual([[other, first?.supplierInvoiceId]]);
    expect(report.einvoiceDuplicates[0]?.message).toMatch(/already received \(same file\)/);
  });

  it('refuses other XML with a clear message, and a broken e-invoice with its reason', () => {
    const byFile = new Map(report.rejected.map((r) => [r.file, r]));
    expect(byFile.get('d-plain.xml')?.code).toBe('UNSUPPORTED_TYPE');
    expect(byFile.get('d-plain.xml')?.message).toMatch(/XML file that is not an e-invoice \(CII, UBL or XRechnung\)/);
    expect(byFile.get('g-empty-cii.xml')?.code).toBe('EINVOICE_REJECTED');
    expect(byFile.get('g-empty-cii.xml')?.message).toMatch(/no currency \(BT-5\).*not archived as a receipt/);
    expect(report.rejected).toHaveLength(2);
  });

  it('leaves every journal item done, with one outcome each, and no blob file without its row', () => {
    const journal = items(vault.db, report.importId);
    expect(journal).toHaveLength(7);
    expect(journal.every((i) => i.state === 'done' && i.plannedBlobs.length === 0)).toBe(true);
    expect(blobFiles(vault.dir).filter((f) => !f.endsWith('.tmp'))).toHaveLength(blobRows(vault));
  });
});
