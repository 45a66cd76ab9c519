import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR, startSealbook } from './harness.js';
import type { SealbookUnderTest } from './harness.js';

const OWNER = 'greta';
const PASSWORD = 'Amber-Falcon-Orchard-4412!';
const DOCS = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');

async function toast(page: Page, text: string | RegExp): Promise<void> {
  await expect.poll(() => page.getByTestId('toasts').innerText()).toMatch(text);
}

/** Fills the two lines of the line editor: rent (4210) paid from the bank (1200). */
async function rentLines(page: Page, amount: string): Promise<void> {
  const lines = page.getByTestId('entry-line');
  await lines.nth(0).getByLabel('Account 1').selectOption('4210');
  await lines.nth(0).getByLabel('Debit 1').fill(amount);
  await lines.nth(1).getByLabel('Account 2').selectOption('1200');
  await lines.nth(1).getByLabel('Credit 2').fill(amount);
}

/** Dismisses the toasts so a screenshot shows the screen under them. */
async function dismissToasts(page: Page): Promise<void> {
  const buttons = page.getByTestId('toasts').getByRole('button', { name: 'Dismiss' });
  for (let i = await buttons.count(); i > 0; i -= 1) await buttons.first().click();
}

/** The accountant's path of issue 11 through the real UI: switch the books on, read them, drill down, close, export. */
describe('books screens through the real UI', () => {
  let sut: SealbookUnderTest;
  let page: Page;
  let invoiceNumber = '';

  beforeAll(async () => {
    sut = await startSealbook();
    page = sut.page;
    const call = async <T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> => {
      const r = await result;
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    await call(sut.dispatcher.call('vault.create', { dir: join(sut.workDir, 'books-vault'), company: 'Grün & Söhne GmbH', owner: OWNER, password: PASSWORD }));
    await call(sut.dispatcher.call('company.update', { legalName: 'Grün & Söhne GmbH', vatId: 'DE123456789', address: { street: 'Hauptstraße 5', postalCode: '10115', city: 'Berlin', country: 'DE' } }));
    const customer = await call(sut.dispatcher.call('customers.create', { name: 'Müller KG', vatId: '', email: '', address: { street: '', postalCode: '', city: '', country: '' } }));
    const draft = await call(sut.dispatcher.call('invoices.createDraft', { customerId: customer.id, notes: '', lines: [{ description: 'Beratung', quantity: '8', unitPrice: '120', vatRate: '19' }] }));
    const issued = await call(sut.dispatcher.call('invoices.issue', { id: draft.id }));
    invoiceNumber = issued.number;
    await call(sut.dispatcher.call('invoices.pay', { id: draft.id, amount: '500.00', date: new Date().toISOString().slice(0, 10), method: 'bank_transfer', reference: '' }));
    await sut.dispatcher.call('session.lock', {});
    await page.reload();
    await page.getByTestId('unlock').waitFor();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByTestId('unlock-submit').click();
  });
  afterAll(async () => {
    await sut.close();
  });

  it('lands on the dashboard, switches the books on there, and shows what the invoice and payment posted', async () => {
    await page.getByTestId('dashboard-off').waitFor();
    await page.getByLabel('Chart of accounts').selectOption('skr03');
    await page.getByTestId('books-enable-submit').click();
    await toast(page, 'Books switched on: 2 entries posted.');
    await expect.poll(() => page.getByTestId('dash-revenue').innerText()).toBe('960.00 EUR');
    expect(await page.getByTestId('dash-vat').innerText()).toBe('182.40 EUR');
    expect(await page.getByTestId('dash-cash').innerText()).toBe('500.00 EUR');
    await sut.shots('books-dashboard');
  });

  it('drills down from the trial balance to the ledger, the entry and its invoice voucher', async () => {
    await page.getByTestId('nav-books').click();
    await page.getByTestId('report-table').waitFor();
    await expect.poll(() => page.getByTestId('report-row').count()).toBeGreaterThan(3);
    await sut.shots('books-trial-balance');
    await page.getByRole('button', { name: 'Open the ledger of account 8400' }).click();
    await expect.poll(() => page.getByTestId('report-table').innerText()).toContain('General ledger 8400');
    await page.getByRole('button', { name: /^Open entry 2026-000001|^Open entry \d{4}-000001/ }).click();
    await page.getByTestId('entry-detail').waitFor();
    expect(await page.getByTestId('entry-voucher').innerText()).toBe(`invoice ${invoiceNumber}`);
    await sut.screenshot('books-entry-light');
    await page.getByTestId('entry-detail').getByRole('button', { name: 'Close' }).click();
  });

  it('prints the VAT summary as a sealed PDF that pdfsig verifies', async () => {
    await page.getByTestId('report-kind').selectOption('vat');
    await expect.poll(() => page.getByTestId('report-table').innerText()).toContain('Umsatzsteuer 19 %');
    await sut.shots('books-vat');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-pdf').click()]);
    const path = join(sut.workDir, download.suggestedFilename());
    await download.saveAs(path);
    const verdict = execFileSync('pdfsig', [path], { encoding: 'utf8' });
    expect(verdict).toContain('Signature is Valid.');
    expect(verdict).toContain('Total document signed');
  });

  it('posts a manual entry, closes its month and refuses a second posting there', async () => {
    await page.getByTestId('books-tab-entry').click();
    const month = new Date().toISOString().slice(0, 7);
    await page.getByTestId('entry-text').fill('Miete');
    await page.getByTestId('entry-voucher-input').fill('M-1');
    await rentLines(page, '300.00');
    await page.getByTestId('entry-submit').click();
    await toast(page, /Posted as \d{4}-000003\./);
    await page.getByTestId('journal-table').waitFor();
    await expect.poll(() => page.getByTestId('journal-row').count()).toBe(3);
    await sut.shots('books-journal');

    await page.getByTestId('books-tab-periods').click();
    await page.getByTestId('period-input').fill(month);
    await page.getByTestId('period-close').click();
    await toast(page, `Closed ${month}.`);
    await expect.poll(() => page.getByTestId('period-row').count()).toBe(1);
    await sut.shots('books-periods');
    const refused = await sut.dispatcher.call('books.postManual', { date: `${month}-01`, text: 'late', voucher: 'L-1', lines: [{ account: '4210', debit: '1' }, { account: '1200', credit: '1' }] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('adds an account to the chart', async () => {
    await page.getByTestId('books-tab-accounts').click();
    await page.getByTestId('account-form').waitFor();
    await page.getByLabel('Account', { exact: true }).fill('1210');
    await page.getByLabel('Name', { exact: true }).fill('Sparkasse');
    await page.getByLabel('Type', { exact: true }).selectOption('asset');
    await page.getByRole('button', { name: 'Save account' }).click();
    await toast(page, 'Account 1210 saved.');
    await expect.poll(() => page.getByTestId('accounts-table').innerText()).toContain('Sparkasse');
    const accounts = await sut.dispatcher.call('books.accounts', {});
    expect(accounts.ok && accounts.value.some((a) => a.number === '1210' && a.type === 'asset')).toBe(true);
  });

  it('downloads a DATEV Buchungsstapel', async () => {
    await page.getByTestId('books-tab-exports').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-datev').click()]);
    const path = join(sut.workDir, download.suggestedFilename());
    await download.saveAs(path);
    expect(download.suggestedFilename()).toMatch(/^EXTF_Buchungsstapel_\d{4}-01-01_\d{4}-12-31\.csv$/);
    expect(readFileSync(path, 'latin1').split('\r\n')[0]).toMatch(/^"EXTF";700;21;"Buchungsstapel";13;/);
    mkdirSync(DOCS, { recursive: true });
    for (const name of ['books-dashboard-light', 'books-trial-balance-dark', 'books-vat-light', 'books-entry-light']) {
      copyFileSync(join(SCREENSHOT_DIR, `${name}.png`), join(DOCS, `${name}.png`));
    }
  });

  it('posts opening balances with their difference, and a recurring entry that posts its due months and pauses', async () => {
    await page.getByTestId('books-tab-opening').click();
    const form = page.getByTestId('opening-form');
    await form.waitFor();
    // The coming fiscal year: this month is closed by now.
    const year = new Date().getUTCFullYear() + 1;
    await page.getByTestId('opening-date').fill(`${String(year)}-01-01`);
    const fill = async (label: string, amount: string): Promise<void> => {
      await form.getByLabel(label, { exact: true }).fill(amount);
    };
    await fill('Opening debit of account 0420', '4800.00');
    await fill('Opening debit of account 1200', '12500.00');
    await fill('Opening credit of account 0800', '25000.00');
    await fill('Opening credit of account 1600', '1300.00');
    await expect.poll(() => page.getByTestId('opening-difference').innerText()).toBe('Difference: 9000.00 EUR debited to account 9000.');
    await page.getByTestId('opening-filter').fill('Forderungen');
    await expect.poll(() => page.getByTestId('opening-row').count()).toBe(1);
    await fill('Opening debit of account 1400', '9000.00');
    await page.getByTestId('opening-filter').fill('');
    await expect.poll(() => page.getByTestId('opening-difference').innerText()).toBe('Debits and credits are equal: nothing goes to the opening account.');
    await fill('Opening debit of account 1400', '8000.00');
    await expect.poll(() => page.getByTestId('opening-difference').innerText()).toBe('Difference: 1000.00 EUR debited to account 9000.');
    await dismissToasts(page);
    await sut.shots('books-opening');
    await page.getByTestId('opening-submit').click();
    await toast(page, `Opening balances posted as ${String(year)}-000001 (voucher EB ${String(year)}-01-01).`);
    const opening = await sut.dispatcher.call('books.entries', { source: 'opening' });
    expect(opening.ok && opening.value.rows.map((e) => e.lines.map((l) => [l.account, l.debit, l.credit]))).toEqual([
      [['0420', '4800.00', '0.00'], ['0800', '0.00', '25000.00'], ['1200', '12500.00', '0.00'], ['1400', '8000.00', '0.00'], ['1600', '0.00', '1300.00'], ['9000', '1000.00', '0.00']],
    ]);

    await page.getByTestId('books-tab-recurring').click();
    await page.getByTestId('recurring-form').waitFor();
    const now = new Date();
    const twoMonthsAgo = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1)).toISOString().slice(0, 10);
    const thisMonth = now.toISOString().slice(0, 7);
    await page.getByTestId('recurring-name').fill('Büromiete');
    await page.getByLabel('Text', { exact: true }).first().fill('Miete Hauptstraße 5');
    await page.getByTestId('recurring-start').fill(twoMonthsAgo);
    await rentLines(page, '950.00');
    await page.getByTestId('recurring-submit').click();
    await toast(page, 'Recurring entry Büromiete created');
    await expect.poll(() => page.getByTestId('recurring-next').innerText()).toBe(twoMonthsAgo);
    await page.getByTestId('recurring-run').click();
    // Two months post; this month's is held up by its closed period and stays the next run.
    await toast(page, '2 posted, 1 held up by a closed period.');
    await expect.poll(() => page.getByTestId('recurring-next').innerText()).toBe(`${thisMonth}-01`);
    await dismissToasts(page);
    await sut.shots('books-recurring');
    await page.getByRole('button', { name: 'Pause Büromiete' }).click();
    await toast(page, 'Büromiete paused.');
    await expect.poll(() => page.getByTestId('recurring-row').innerText()).toContain('Paused');
    expect(await page.getByTestId('recurring-next').innerText()).toBe('—');
    const posted = await sut.dispatcher.call('books.entries', { source: 'recurring' });
    expect(posted.ok && posted.value.total).toBe(2);
    for (const name of ['books-opening-light', 'books-recurring-light']) copyFileSync(join(SCREENSHOT_DIR, `${name}.png`), join(DOCS, `${name}.png`));
  });

  it('logged no console error and no CSP violation', () => {
    expect(sut.consoleErrors).toEqual([]);
  });
});
