import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureEInvoiceRules, sharedEInvoiceDir, validCorpus } from '../integration/einvoice/corpus.js';
import { SCREENSHOT_DIR, eventually, startSealbook } from './harness.js';
import type { SealbookUnderTest } from './harness.js';

const OWNER = 'erika';
const PASSWORD = 'Orchid-Falcon-Granite-4410!';
const DOCS = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');

async function unlock(page: Page): Promise<void> {
  await page.getByTestId('unlock').waitFor();
  await page.getByLabel('User', { exact: true }).selectOption(OWNER);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByTestId('unlock-submit').click();
}

/** Issue 10 items 5 and 9 through the real UI: drop a folder's worth of e-invoices, read the report, confirm one, choose a customer's format. */
describe('e-invoices through the real UI', () => {
  let sut: SealbookUnderTest;
  let page: Page;

  beforeAll(async () => {
    ensureEInvoiceRules();
    sut = await startSealbook();
    page = sut.page;
    expect((await sut.dispatcher.call('vault.create', { dir: join(sut.workDir, 'vault'), company: 'Beispiel GmbH', owner: OWNER, password: PASSWORD })).ok).toBe(true);
    expect((await sut.dispatcher.call('customers.create', { name: 'Bundesamt für Beispiele', vatId: 'DE111111111' })).ok).toBe(true);
    await sut.dispatcher.call('session.lock', {});
    await page.reload();
    await unlock(page);
    await page.getByTestId('dashboard-view').waitFor();
  }, 600_000);
  afterAll(async () => {
    await sut.close();
  });

  it('receives chosen files: valid, invalid, duplicate and junk each get their own outcome', async () => {
    const shared = sharedEInvoiceDir();
    const good = join(sut.workDir, 'rechnung-cii.xml');
    copyFileSync(join(shared, 'en16931/cii/examples/CII_example4.xml'), good);
    const ubl = join(sut.workDir, 'invoice-ubl.xml');
    copyFileSync(join(shared, 'xrechnung-testsuite/src/test/business-cases/standard/01.01a-INVOICE_ubl.xml'), ubl);
    const bad = join(sut.workDir, 'changed-total.xml');
    writeFileSync(bad, readFileSync(join(shared, 'en16931/cii/examples/CII_example1.xml'), 'utf8').replace('<ram:GrandTotalAmount>250.33<', '<ram:GrandTotalAmount>260.33<'));
    const junk = join(sut.workDir, 'notes.txt');
    writeFileSync(junk, 'not an invoice');

    await page.getByTestId('nav-einvoice').click();
    await page.getByTestId('einvoice-view').waitFor();
    await page.getByTestId('einvoice-files').setInputFiles([good, ubl, bad, junk, good]);
    await eventually(() => page.getByTestId('receive-outcome').innerText()).toContain('3 received, 1 duplicate(s), 1 rejected.');
    expect(await page.getByTestId('receive-outcome').innerText()).toContain('notes.txt');
    await eventually(() => page.getByTestId('supplier-row').count()).toBe(3);
    await sut.shots('einvoice-list');

    const listed = await sut.dispatcher.call('einvoice.list', {});
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.filter((row) => !row.valid).map((row) => row.fileName)).toEqual(['changed-total.xml']);
  });

  it('shows the validation report with the broken rule, and confirms a valid invoice', async () => {
    await page.getByRole('button', { name: /Open invoice 12115118/ }).click();
    await page.getByTestId('supplier-detail').waitFor();
    await eventually(() => page.getByTestId('report-errors').innerText()).toContain('BR-CO-15');
    expect(await page.getByTestId('supplier-confirm').count()).toBe(0);
    await sut.shots('einvoice-report');

    const rows = await sut.dispatcher.call('einvoice.list', {});
    if (!rows.ok) throw new Error(rows.error.message);
    const valid = rows.value.find((row) => row.fileName === 'rechnung-cii.xml');
    if (!valid) throw new Error('the valid invoice is missing');
    await page.getByRole('button', { name: new RegExp(`Open invoice ${valid.number}`) }).click();
    await eventually(() => page.getByTestId('validation-report').innerText()).toContain('Valid');
    // The sealed rendition of the pure XML invoice (issue 10 item 6).
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('supplier-rendition').click()]);
    const renditionPath = join(sut.workDir, download.suggestedFilename());
    await download.saveAs(renditionPath);
    expect(download.suggestedFilename()).toBe('rechnung-cii.sealed.pdf');
    expect(execFileSync('pdfsig', [renditionPath], { encoding: 'utf8' })).toContain('Signature is Valid.');
    await page.getByTestId('supplier-confirm').click();
    await eventually(async () => {
      const got = await sut.dispatcher.call('einvoice.get', { id: valid.id });
      return got.ok ? got.value.status : 'error';
    }).toBe('confirmed');
  });

  it('sets a customer to XRechnung UBL with a Leitweg-ID', async () => {
    const customers = await sut.dispatcher.call('customers.list', {});
    if (!customers.ok) throw new Error(customers.error.message);
    const customerId = customers.value[0]?.id ?? '';
    await page.getByTestId('format-customer').selectOption(customerId);
    await page.getByTestId('format-select').selectOption('xrechnung-ubl');
    await page.getByTestId('format-buyer-reference').fill('04011000-12345-03');
    await page.getByTestId('format-save').click();
    await eventually(async () => {
      const got = await sut.dispatcher.call('einvoice.customerSettings', { customerId });
      return got.ok ? `${got.value.format} ${got.value.buyerReference}` : 'error';
    }).toBe('xrechnung-ubl 04011000-12345-03');
    expect(sut.consoleErrors).toEqual([]);
  });

  it('writes allowances, a charge, the delivery period and order/contract references in the editor, and issues a Factur-X by default', async () => {
    const profile = await sut.dispatcher.call('company.update', {
      legalName: 'Beispiel GmbH',
      address: { street: 'Hauptstraße 5', postalCode: '10115', city: 'Berlin', country: 'DE' },
      vatId: 'DE123456789',
      iban: 'DE89 3704 0044 0532 0130 00',
      email: 'rechnung@beispiel.example',
    });
    expect(profile.ok).toBe(true);
    const created = await sut.dispatcher.call('customers.create', { name: 'Client SARL', address: { street: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' }, vatId: 'FR12345678901', email: '' });
    if (!created.ok) throw new Error(created.error.message);

    await page.getByTestId('nav-invoices').click();
    await page.getByTestId('invoice-new').click();
    await page.getByTestId('invoice-editor').waitFor();
    await page.getByTestId('editor-customer').selectOption({ label: 'Client SARL' });
    await page.locator('#editor-description-0').fill('Consulting');
    await page.locator('#editor-quantity-0').fill('10');
    await page.locator('#editor-unit-0').fill('h');
    await page.locator('#editor-unitPrice-0').fill('120');
    await page.locator('#editor-vatRate-0').fill('19');

    await page.getByTestId('editor-add-allowance').click();
    await page.getByTestId('allowance-0-reason').fill('Loyalty discount');
    await page.getByTestId('allowance-0-code').selectOption('95');
    await page.getByTestId('allowance-0-percent').fill('10');
    await page.getByTestId('allowance-0-vatRate').fill('19');
    await page.getByTestId('editor-add-charge').click();
    await page.getByTestId('allowance-1-reason').fill('Freight');
    await page.getByTestId('allowance-1-code').selectOption('FC');
    await page.getByTestId('allowance-1-amount').fill('12.50');
    await page.getByTestId('editor-deliveryDate').fill('2026-11-20');
    await page.getByTestId('editor-periodStart').fill('2026-11-01');
    await page.getByTestId('editor-periodEnd').fill('2026-11-30');
    await page.getByTestId('editor-orderReference').fill('PO-4711');
    await page.getByTestId('editor-contractReference').fill('RV-2026-07');

    // Main computes: 1200.00 − 120.00 + 12.50 = 1092.50 net, 207.58 VAT.
    await eventually(() => page.getByTestId('totals-gross').innerText()).toBe('1,300.08 EUR');
    expect(await page.getByTestId('totals-line-total').innerText()).toBe('1,200.00 EUR');
    expect(await page.getByTestId('totals-allowances').innerText()).toBe('−120.00 EUR');
    expect(await page.getByTestId('totals-charges').innerText()).toBe('12.50 EUR');
    expect(await page.getByTestId('totals-net').innerText()).toBe('1,092.50 EUR');
    await page.getByTestId('draft-save').click();
    await eventually(() => page.getByTestId('save-state').innerText()).toBe('Draft saved');
    // Earlier tests' toasts would cover the allowances in the screenshot.
    for (let i = 0; i < 10 && (await page.getByRole('button', { name: 'Dismiss' }).count()) > 0; i += 1) await page.getByRole('button', { name: 'Dismiss' }).first().click();
    await sut.screenshot('einvoice-editor');
    mkdirSync(DOCS, { recursive: true });
    copyFileSync(join(SCREENSHOT_DIR, 'einvoice-editor.png'), join(DOCS, 'einvoice-editor.png'));

    await page.getByTestId('draft-issue').click();
    await page.getByTestId('issue-confirm').click();
    await page.getByTestId('invoice-detail').waitFor({ timeout: 60_000 });
    await page.getByText(/issued and sealed as Factur-X/).waitFor();
    const list = await sut.dispatcher.call('invoices.list', { filter: { customerId: created.value.id } });
    if (!list.ok) throw new Error(list.error.message);
    const invoiceId = list.value.rows[0]?.id ?? '';
    const invoice = await sut.dispatcher.call('invoices.get', { id: invoiceId });
    if (!invoice.ok) throw new Error(invoice.error.message);
    expect(invoice.value).toMatchObject({ status: 'issued', orderReference: 'PO-4711', contractReference: 'RV-2026-07', deliveryDate: '2026-11-20', periodStart: '2026-11-01', periodEnd: '2026-11-30' });
    expect(invoice.value.allowances.map((a) => `${String(a.charge)} ${a.reasonCode ?? ''} ${a.amount}`)).toEqual(['false 95 120.00', 'true FC 12.50']);
    const xml = await sut.dispatcher.call('einvoice.issued', { invoiceId });
    if (!xml.ok) throw new Error(xml.error.message);
    expect(xml.value.format).toBe('facturx');
    expect(xml.value.report.valid).toBe(true);
    expect(Buffer.from(xml.value.xmlBase64, 'base64').toString('utf8')).toContain('<ram:GrandTotalAmount>1300.08</ram:GrandTotalAmount>');
    expect(sut.consoleErrors).toEqual([]);
  }, 120_000);

  it("sends a folder's worth of files in batches and shows one outcome for all; an empty file is refused on its own", async () => {
    const dir = join(sut.workDir, 'mailbox-export');
    mkdirSync(dir, { recursive: true });
    // More files than one call carries (50): the outcome must add up across the calls.
    const files = validCorpus()
      .slice(0, 60)
      .map((file, index) => {
        const path = join(dir, `${String(index).padStart(2, '0')}-${basename(file.path)}`);
        copyFileSync(file.path, path);
        return path;
      });
    const empty = join(dir, 'empty.xml');
    writeFileSync(empty, '');
    await page.getByTestId('nav-einvoice').click();
    await page.getByTestId('einvoice-view').waitFor();
    await eventually(() => page.getByTestId('supplier-row').count()).toBeGreaterThan(0);
    const before = await page.getByTestId('supplier-row').count();
    await page.getByTestId('einvoice-files').setInputFiles([...files, empty]);
    const outcome = page.getByTestId('receive-outcome');
    await expect.poll(() => outcome.count(), { timeout: 90_000, interval: 250 }).toBe(1);
    const summary = /(\d+) received, (\d+) duplicate\(s\), (\d+) rejected\./.exec(await outcome.innerText());
    const counts = (summary?.slice(1) ?? []).map(Number);
    expect(counts).toHaveLength(3);
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(61);
    // Every invoice received in any batch is listed.
    expect(counts[0]).toBeGreaterThan(10);
    await eventually(() => page.getByTestId('supplier-row').count()).toBe(before + (counts[0] ?? 0));
    expect(await outcome.innerText()).toContain('empty.xml: empty.xml is empty (0 bytes)');
    expect(sut.consoleErrors).toEqual([]);
  }, 180_000);
});
