import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureEInvoiceRules, sharedEInvoiceDir } from '../integration/einvoice/corpus.js';
import { eventually, startSealbook } from './harness.js';
import type { SealbookUnderTest } from './harness.js';

const OWNER = 'erika';
const PASSWORD = 'Orchid-Falcon-Granite-4410!';

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
});
