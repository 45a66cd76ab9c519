import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS } from '../integration/bank/setup.js';
import { SCREENSHOT_DIR, eventually, startSealbook } from './harness.js';
import type { SealbookUnderTest } from './harness.js';

const OWNER = 'alice';
const OWNER_PASSWORD = 'Velvet-Mango-Harbor-1987!';
const DOCS = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');

async function toast(page: Page, text: string | RegExp): Promise<void> {
  await expect.poll(() => page.getByTestId('toasts').innerText()).toMatch(text);
}

async function ok<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(settled.error.message);
  return settled.value;
}

describe('bank screens through the real UI', () => {
  let sut: SealbookUnderTest;
  let page: Page;
  let invoiceId = '';
  let invoiceNumber = '';
  const shots = async (name: string): Promise<void> => {
    await sut.shots(name);
    mkdirSync(DOCS, { recursive: true });
    copyFileSync(join(SCREENSHOT_DIR, `${name}-light.png`), join(DOCS, `${name}-light.png`));
  };

  beforeAll(async () => {
    sut = await startSealbook();
    page = sut.page;
    await ok(sut.dispatcher.call('vault.create', { dir: join(sut.workDir, 'vault'), company: 'Grün GmbH', owner: OWNER, password: OWNER_PASSWORD }));
    // An issued invoice for the matching step (invoicing has its own e2e test).
    const draft = await ok(
      sut.dispatcher.call('invoices.createDraft', {
        customer: { name: 'Max Mustermann GmbH', address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' }, vatId: '', email: '' },
        currency: 'EUR',
        issueDate: '2026-02-01',
        dueDate: '2027-12-31',
        notes: '',
        lines: [{ description: 'Beratung', quantity: '1', unitPrice: '2688.15', vatRate: '0', exemptionReason: 'Kleinunternehmer' }],
      }),
    );
    const issued = await ok(sut.dispatcher.call('invoices.issue', { id: draft.id }));
    invoiceId = draft.id;
    invoiceNumber = issued.number;
    await sut.dispatcher.call('session.lock', {});
    await page.reload();
    await page.getByTestId('unlock').waitFor();
    await page.getByLabel('User', { exact: true }).selectOption(OWNER);
    await page.getByLabel('Password', { exact: true }).fill(OWNER_PASSWORD);
    await page.getByTestId('unlock-submit').click();
    // Since the books landed, unlock opens the dashboard: wait for the unlock form to go, not for a given view.
    await page.getByTestId('unlock').waitFor({ state: 'detached' });
  });
  afterAll(async () => {
    expect(sut.consoleErrors).toEqual([]);
    await sut.close();
  });

  it('adds an account, refusing a wrong IBAN with the reason', async () => {
    await page.getByTestId('nav-bank').click();
    await page.getByTestId('bank-tab-accounts').click();
    await page.getByTestId('acc-name').fill('Deutsche Bank');
    await page.getByTestId('acc-iban').fill('DE89 3704 0044 0532 0130 01');
    await page.getByTestId('acc-add').click();
    await expect.poll(() => page.locator('#acc-iban-error').innerText()).toBe('Check digits do not match.');
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/The IBAN DE89 3704 0044 0532 0130 01 is not valid/);
    await page.getByTestId('acc-iban').fill('DE89 3704 0044 0532 0130 00');
    await page.getByTestId('acc-add').click();
    await toast(page, 'Account Deutsche Bank added.');
    await expect.poll(() => page.getByTestId('bank-account-row').innerText()).toMatch(/Deutsche Bank\s+DE89 3704 0044 0532 0130 00\s+EUR\s+0/);
  });

  it('imports a CSV through the mapping preview, with the balances reconciled', async () => {
    await page.getByTestId('bank-tab-import').click();
    await page.getByTestId('imp-file').setInputFiles(join(CORPUS, 'csv/rf_de_deutsche_bank_soll_haben.csv'));
    await page.getByTestId('csv-mapping').waitFor();
    const amounts = () => page.getByTestId('preview-row').locator('td:nth-child(3)').allInnerTexts();
    await eventually(amounts).toEqual(['2,688.15 EUR', '-4.99 EUR', '3,882.54 EUR']);
    // A change of mapping re-reads the preview in main: inverted signs.
    await page.getByTestId('map-invert').check();
    await eventually(amounts).toEqual(['-2,688.15 EUR', '4.99 EUR', '3,882.54 EUR']);
    await page.getByTestId('map-invert').uncheck();
    await eventually(amounts).toEqual(['2,688.15 EUR', '-4.99 EUR', '3,882.54 EUR']);
    await page.getByTestId('imp-profile').fill('Deutsche Bank');
    await shots('bank-import-mapping');
    await page.getByTestId('imp-run').click();
    await expect.poll(() => page.getByTestId('import-message').innerText()).toBe('New lines: 2. Already known: 0.');
    // Worded in the page's language from main's figures: amounts grouped, the date the local way.
    await expect.poll(() => page.getByTestId('reconciliation-note').innerText()).toMatch(/^Statement Feb 23, 2026 to Feb 28, 2026: opening 1,199\.38 EUR plus 2 line\(s\) \(2,683\.16 EUR\) equals the closing balance 3,882\.54 EUR\.$/);
    await shots('bank-import-result');
    // The same file again: nothing added, and the saved profile is proposed.
    await page.getByTestId('imp-file').setInputFiles(join(CORPUS, 'csv/rf_de_deutsche_bank_soll_haben.csv'));
    await page.getByTestId('profile-found').waitFor();
    await page.getByTestId('imp-run').click();
    await expect.poll(() => page.getByTestId('import-message').innerText()).toMatch(/already imported on .*: nothing was added/);
  });

  it('keeps 20,000 lines in a virtualised list and finds one as you type', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${String((i % 28) + 1).padStart(2, '0')}.01.2026;Lastschrift Nr ${String(i)};Lieferant ${String(i % 97)};-${String((i % 500) + 1)},00`);
    const big = join(sut.workDir, 'januar.csv');
    writeFileSync(big, ['Buchungstag;Verwendungszweck;Begünstigter / Auftraggeber;Betrag', ...rows].join('\n'));
    await page.getByTestId('imp-file').setInputFiles(big);
    await page.getByTestId('csv-mapping').waitFor();
    await page.getByTestId('imp-run').click();
    await expect.poll(() => page.getByTestId('import-message').innerText(), { timeout: 30_000 }).toBe('New lines: 20,000. Already known: 0.');

    await page.getByTestId('bank-tab-transactions').click();
    await expect.poll(() => page.getByTestId('bank-tx-count').innerText()).toBe('20,002 lines');
    // Only a screenful of rows is in the DOM, wherever the list is scrolled.
    expect(await page.getByTestId('bank-tx-row').count()).toBeLessThan(60);
    // Evaluated in the page (a string: this test compiles without DOM types).
    await page.evaluate(`(() => { document.querySelector('[data-testid="bank-tx-scroller"]').scrollTop = 36 * 15000; })()`);
    await expect.poll(() => page.getByTestId('bank-tx-row').first().innerText(), { timeout: 30_000 }).toMatch(/Lieferant/);
    expect(await page.getByTestId('bank-tx-row').count()).toBeLessThan(60);

    await page.getByTestId('bank-search').pressSequentially('muster', { delay: 30 });
    await expect.poll(() => page.getByTestId('bank-tx-count').innerText()).toBe('2 lines');
    // Counts alone could be a stale answer: check the row itself each time.
    const firstRow = () => page.getByTestId('bank-tx-row').first().innerText();
    await page.getByTestId('bank-search').fill('Nr 12345');
    await expect.poll(firstRow).toMatch(/Lastschrift Nr 12345/);
    await expect.poll(() => page.getByTestId('bank-tx-count').innerText()).toBe('1 line');
    await page.getByTestId('bank-search').fill('reind');
    await expect.poll(firstRow).toMatch(/REIND260105397/);
    await expect.poll(() => page.getByTestId('bank-tx-count').innerText()).toBe('1 line');
    await shots('bank-transactions');
  });

  it('matches a line to the invoice it pays, records the payment, and undoes it', async () => {
    await page.getByTestId('bank-tx-row').first().click();
    await page.getByTestId('line-suggestion').first().waitFor();
    const suggestion = await page.getByTestId('line-suggestion').first().innerText();
    expect(suggestion).toMatch(new RegExp(`Invoice ${invoiceNumber} — Max Mustermann GmbH`));
    expect(suggestion).toMatch(/amount 2688\.15 equals the open balance/);
    expect(suggestion).toMatch(/customer name Max Mustermann GmbH in the text/);
    await shots('bank-matching');
    await page.getByTestId('line-accept').first().click();
    await toast(page, `Matched: Invoice ${invoiceNumber} — Max Mustermann GmbH.`);
    await page.getByTestId('line-match').waitFor();
    expect((await ok(sut.dispatcher.call('invoices.get', { id: invoiceId }))).status).toBe('paid');
    await page.getByTestId('line-undo').click();
    await toast(page, 'Match undone');
    await page.getByTestId('line-suggestion').first().waitFor();
    expect(await ok(sut.dispatcher.call('invoices.get', { id: invoiceId }))).toMatchObject({ status: 'issued', balance: '2688.15' });
  });

  it('imports several statement files in one go, in name order, each on its own: a file that is no statement does not stop the others', async () => {
    const kasse = await ok(sut.dispatcher.call('bank.accounts.create', { name: 'Volksbank Sammel', currency: 'EUR' }));
    const dir = join(sut.workDir, 'statements');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(CORPUS, 'mt940/wolph_betterplace_sepa_mt9401_de.sta'), join(dir, '2026-10-betterplace.sta'));
    copyFileSync(join(CORPUS, 'mt940/rf_vr_teilhaberbank_de_crlf.mta'), join(dir, '2026-9-volksbank.mta'));
    writeFileSync(join(dir, '2026-11-notes.txt'), 'Kontoauszüge bitte bis Freitag abheften.');
    // Leave and come back: the Bank page reads the accounts again, the new one included.
    await page.getByTestId('nav-invoices').click();
    await page.getByTestId('nav-bank').click();
    await page.getByTestId('bank-tab-import').click();
    await page.getByTestId('imp-account').selectOption(kasse.id);
    await page.getByTestId('imp-file').setInputFiles(['2026-10-betterplace.sta', '2026-11-notes.txt', '2026-9-volksbank.mta'].map((name) => join(dir, name)));
    await expect.poll(() => page.getByTestId('imp-drop').innerText()).toContain('3 files, imported one after another in name order');
    await page.getByTestId('imp-run').click();
    await toast(page, '3 files: 102 new lines, 0 already known, 1 file(s) not imported.');
    await sut.shots('bank-import-batch');
    const files = await page.getByTestId('batch-file').allInnerTexts();
    // Name order counts numbers as numbers: September before October.
    expect(files.map((text) => text.split(':')[0])).toEqual(['2026-9-volksbank.mta', '2026-10-betterplace.sta', '2026-11-notes.txt']);
    expect(files[0]).toContain('New lines: 5. Already known: 0.');
    expect(files[1]).toContain('New lines: 97. Already known: 0.');
    expect(files[2]).toMatch(/2026-11-notes\.txt: .{20,}/);
    expect((await ok(sut.dispatcher.call('bank.accounts.list', {}))).find((a) => a.id === kasse.id)?.transactionCount).toBe(102);
  });
});
