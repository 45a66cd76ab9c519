import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR, startSealbook } from './harness.js';
import type { SealbookUnderTest } from './harness.js';

const OWNER = 'alice';
const OWNER_PASSWORD = 'Velvet-Mango-Harbor-1987!';
const BOOKKEEPER = 'bob';
const BOB_ONE_TIME = 'Quartz-Lantern-Meadow-55';
const BOB_PASSWORD = 'Copper-Violin-Glacier-2031';

async function unlock(page: Page, user: string, password: string): Promise<void> {
  await page.getByTestId('unlock').waitFor();
  await page.getByLabel('User', { exact: true }).selectOption(user);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByTestId('unlock-submit').click();
}

/** The invoice actions in the audit log, oldest first, read through the same dispatcher the UI uses. */
async function invoiceAuditRows(sut: SealbookUnderTest): Promise<string[]> {
  const listed = await sut.dispatcher.call('audit.list', { limit: 1000 });
  if (!listed.ok) throw new Error(listed.error.message);
  return listed.value.rows.map((row) => row.action).filter((action) => action.startsWith('invoices.')).reverse();
}

async function toast(page: Page, text: string | RegExp): Promise<void> {
  await expect.poll(() => page.getByTestId('toasts').innerText()).toMatch(text);
}

function isoDaysFromToday(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A real PNG drawn by Chromium's canvas, to upload as the company logo. */
async function drawLogo(sut: SealbookUnderTest): Promise<string> {
  const scratch = await sut.context.newPage();
  // Evaluated in the page (a string: this test compiles without DOM types).
  const dataUrl: unknown = await scratch.evaluate(`(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 360;
    canvas.height = 120;
    const g = canvas.getContext('2d');
    g.fillStyle = '#1e3a8a';
    g.beginPath();
    g.arc(60, 60, 44, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#ffffff';
    g.font = 'bold 44px sans-serif';
    g.fillText('A', 45, 76);
    g.fillStyle = '#1e3a8a';
    g.font = 'bold 40px sans-serif';
    g.fillText('ACME', 120, 62);
    g.font = '20px sans-serif';
    g.fillText('Werkzeugbau', 122, 92);
    return canvas.toDataURL('image/png');
  })()`);
  if (typeof dataUrl !== 'string') throw new Error('canvas gave no data URL');
  await scratch.close();
  const file = join(sut.workDir, 'acme-logo.png');
  writeFileSync(file, Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  return file;
}

describe('invoicing screens through the real UI', () => {
  let sut: SealbookUnderTest;
  let page: Page;
  let invoiceId = '';
  let invoiceNumber = '';
  let sealedPdf = '';

  beforeAll(async () => {
    sut = await startSealbook();
    page = sut.page;
    // The vault and a bookkeeper come from the same dispatcher the UI uses; the vault screens have their own e2e test.
    const created = await sut.dispatcher.call('vault.create', {
      dir: join(sut.workDir, 'acme-vault'),
      company: 'ACME Werkzeugbau GmbH',
      owner: OWNER,
      password: OWNER_PASSWORD,
    });
    expect(created.ok).toBe(true);
    expect((await sut.dispatcher.call('users.add', { name: BOOKKEEPER, role: 'bookkeeper', oneTimePassword: BOB_ONE_TIME })).ok).toBe(true);
    await sut.dispatcher.call('session.lock', {});
    expect((await sut.dispatcher.call('session.unlock', { user: BOOKKEEPER, password: BOB_ONE_TIME })).ok).toBe(true);
    expect((await sut.dispatcher.call('session.changePassword', { current: BOB_ONE_TIME, next: BOB_PASSWORD })).ok).toBe(true);
    await sut.dispatcher.call('session.lock', {});
    await page.reload();
    await unlock(page, OWNER, OWNER_PASSWORD);
    // The dashboard is the first screen after unlock (issue 11).
    await page.getByTestId('dashboard-view').waitFor();
  });
  afterAll(async () => {
    await sut.close();
  });

  it('sets up the company profile with a logo, creates the seal and exports its root', async () => {
    await page.getByTestId('nav-company').click();
    await page.getByTestId('company-form').waitFor();
    await page.getByLabel('Legal name').fill('ACME Werkzeugbau GmbH');
    await page.getByLabel('VAT ID').fill('DE123456789');
    await page.getByLabel('Registration number').fill('HRB 12345 München');
    await page.getByLabel('E-mail').fill('rechnung@acme-werkzeugbau.de');
    await page.getByLabel('Phone').fill('+49 89 1234567');
    await page.getByLabel('Street and number').fill('Schloßstraße 12');
    await page.getByLabel('Postal code').fill('80331');
    await page.getByLabel('City').fill('München');
    await page.getByLabel('Country (2 letters)').fill('DE');
    await page.getByLabel('IBAN').fill('DE89370400440532013000');
    await page.getByLabel('BIC').fill('COBADEFFXXX');
    await page.getByLabel('Default currency').selectOption('EUR');
    await page.getByLabel('Payment terms (days)').fill('14');
    await page.getByLabel('Invoice numbers').fill('RE-{YYYY}-{NNNN}');
    await page.getByLabel('Credit note numbers').fill('GS-{YYYY}-{NNNN}');
    await page.getByTestId('logo-input').setInputFiles(await drawLogo(sut));
    await page.getByTestId('logo-preview').waitFor();
    await page.getByTestId('company-save').click();
    await toast(page, 'Company profile saved.');

    const profile = await sut.dispatcher.call('company.get', {});
    if (!profile.ok) throw new Error(profile.error.message);
    expect(profile.value.legalName).toBe('ACME Werkzeugbau GmbH');
    expect(profile.value.paymentTermsDays).toBe(14);
    expect(profile.value.invoiceSeries).toBe('RE-{YYYY}-{NNNN}');
    expect(profile.value.logoDataUrl).toMatch(/^data:image\/png;base64,/);

    expect(await page.getByTestId('seal-state').innerText()).toBe('Not set up');
    await page.getByTestId('seal-create').click();
    await page.getByTestId('seal-facts').waitFor();
    const status = await sut.dispatcher.call('seal.status', {});
    if (!status.ok) throw new Error(status.error.message);
    expect(await page.getByTestId('seal-fingerprint').innerText()).toBe(status.value.fingerprintSha256);
    expect(await page.getByTestId('seal-subject').innerText()).toContain('ACME Werkzeugbau GmbH');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('seal-export').click()]);
    expect(readFileSync(await download.path(), 'utf8')).toContain('-----BEGIN CERTIFICATE-----');
    await sut.shots('invoicing-company');
  });

  it('creates, finds and edits customers', async () => {
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customers-view').waitFor();
    const add = async (name: string, street: string, postal: string, city: string, country: string, vatId: string): Promise<void> => {
      await page.getByTestId('customer-new').click();
      const form = page.getByTestId('customer-new-form');
      await form.getByLabel('Name').fill(name);
      await form.getByLabel('Street and number').fill(street);
      await form.getByLabel('Postal code').fill(postal);
      await form.getByLabel('City').fill(city);
      await form.getByLabel('Country (2 letters)').fill(country);
      await form.getByLabel('VAT ID').fill(vatId);
      await page.getByTestId('customer-new-save').click();
      await toast(page, `Customer ${name} created.`);
    };
    await add('Müller Maschinenbau GmbH', 'Hauptstraße 5', '70173', 'Stuttgart', 'DE', 'DE987654321');
    await add('Bistro Étoile SARL', '12 rue de la Paix', '75002', 'Paris', 'FR', 'FR40123456789');
    await expect.poll(() => page.getByTestId('customer-row').count()).toBe(2);

    await page.getByTestId('customer-search').fill('DE98765');
    await expect.poll(() => page.getByTestId('customer-row').count()).toBe(1);
    expect(await page.getByTestId('customer-row').innerText()).toContain('Müller Maschinenbau GmbH');
    await page.getByRole('button', { name: 'Edit Müller Maschinenbau GmbH' }).click();
    await page.getByTestId('customer-edit-form').getByLabel('E-mail').fill('buchhaltung@mueller-maschinenbau.de');
    await page.getByTestId('customer-edit-save').click();
    await toast(page, 'Customer Müller Maschinenbau GmbH saved.');
    await expect.poll(() => page.getByTestId('customer-row').innerText()).toContain('buchhaltung@mueller-maschinenbau.de');
    await page.getByTestId('customer-search').fill('');
    await expect.poll(() => page.getByTestId('customer-row').count()).toBe(2);
    await sut.shots('invoicing-customers');
  });

  it('writes an invoice with 19 % and 7 % lines and shows the totals main computes', async () => {
    await page.getByTestId('nav-invoices').click();
    await page.getByTestId('invoice-new').click();
    await page.getByTestId('invoice-editor').waitFor();
    await page.getByTestId('editor-customer').selectOption({ label: 'Müller Maschinenbau GmbH' });

    const fillLine = async (index: number, line: { description: string; quantity: string; unit: string; unitPrice: string; vatRate: string }): Promise<void> => {
      await page.locator(`#editor-description-${index}`).fill(line.description);
      await page.locator(`#editor-quantity-${index}`).fill(line.quantity);
      await page.locator(`#editor-unit-${index}`).fill(line.unit);
      await page.locator(`#editor-unitPrice-${index}`).fill(line.unitPrice);
      await page.locator(`#editor-vatRate-${index}`).fill(line.vatRate);
    };
    // A comma decimal is refused by main; its message appears next to the field.
    await fillLine(0, { description: 'Consulting: tooling architecture', quantity: '12.5', unit: 'h', unitPrice: '95,00', vatRate: '19' });
    await page.locator('#editor-unitPrice-0').blur();
    await page.locator('#editor-unitPrice-0-error').waitFor();
    expect(await page.locator('#editor-unitPrice-0-error').innerText()).toContain('95,00');
    await sut.shots('invoicing-editor-field-error');
    await page.locator('#editor-unitPrice-0').fill('95.00');

    await page.getByTestId('editor-add-line').click();
    await fillLine(1, { description: 'Workshop travel, flat fee', quantity: '1', unit: 'pc', unitPrice: '120.00', vatRate: '19' });
    await page.getByTestId('editor-add-line').click();
    await fillLine(2, { description: 'Handbook “Präzisionsfräsen” (print)', quantity: '3', unit: 'pc', unitPrice: '33.33', vatRate: '7' });

    // Keyboard reorder: Alt+↑ moves the book above the travel line, Alt+↓ puts it back.
    await page.locator('#editor-description-2').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => page.locator('#editor-description-1').inputValue()).toBe('Handbook “Präzisionsfräsen” (print)');
    expect(await page.evaluate('document.activeElement?.id')).toBe('editor-description-1');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => page.locator('#editor-description-2').inputValue()).toBe('Handbook “Präzisionsfräsen” (print)');

    await expect.poll(() => page.getByTestId('totals-gross').innerText(), { timeout: 15_000 }).toBe('1,662.92 EUR');
    expect(await page.getByTestId('totals-net').innerText()).toBe('1,407.49 EUR');
    expect(await page.getByTestId('totals-vat-19').innerText()).toBe('248.43 EUR');
    expect(await page.getByTestId('totals-vat-7').innerText()).toBe('7.00 EUR');
    expect(await page.getByTestId('totals-vat').innerText()).toBe('255.43 EUR');
    expect(await page.getByTestId('line-net-2').innerText()).toBe('99.99 EUR');

    // Live totals are not saves: keystrokes write no audit row; Save (here Ctrl+S) writes one.
    await page.getByTestId('draft-save').click();
    await expect.poll(() => page.getByTestId('save-state').innerText()).toBe('Draft saved');
    const auditBefore = await invoiceAuditRows(sut);
    expect(auditBefore).toContain('invoices.createDraft');
    for (const quantity of ['1', '12', '12.', '12.5']) {
      await page.locator('#editor-quantity-0').fill(quantity);
      await page.waitForTimeout(400);
    }
    expect(await page.getByTestId('save-state').innerText()).toBe('Unsaved changes');
    expect(await page.getByTestId('totals-gross').innerText()).toBe('1,662.92 EUR');
    expect(await invoiceAuditRows(sut)).toEqual(auditBefore);
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('save-state').innerText()).toBe('Draft saved');
    expect(await invoiceAuditRows(sut)).toEqual([...auditBefore, 'invoices.updateDraft']);

    // The figures are main's: the stored draft carries the same totals.
    const list = await sut.dispatcher.call('invoices.list', { filter: { status: 'draft' } });
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.rows).toHaveLength(1);
    invoiceId = list.value.rows[0]?.id ?? '';
    const draft = await sut.dispatcher.call('invoices.get', { id: invoiceId });
    if (!draft.ok) throw new Error(draft.error.message);
    expect(draft.value.totals).toMatchObject({ net: '1407.49', vat: '255.43', gross: '1662.92' });
    expect(draft.value.totals.vatBreakdown.map((row) => [row.rate, row.taxable, row.vat])).toEqual([
      ['19', '1307.50', '248.43'],
      ['7', '99.99', '7.00'],
    ]);
    // Due date from the payment terms (14 days), shown as main derived it.
    expect(await page.getByTestId('due-hint').innerText()).toContain('14 days');

    const [preview] = await Promise.all([page.waitForEvent('download'), page.getByTestId('draft-preview').click()]);
    expect(readFileSync(await preview.path()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.locator('#editor-notes').fill('Delivery period: November 2026. Thank you for your order.');
    await expect.poll(() => page.getByTestId('save-state').innerText()).toBe('Unsaved changes');
    await page.getByTestId('draft-save').click();
    await expect.poll(() => page.getByTestId('save-state').innerText()).toBe('Draft saved');
    // Preview saved nothing (no change since Ctrl+S); the notes are one more update.
    expect(await invoiceAuditRows(sut)).toEqual([...auditBefore, 'invoices.updateDraft', 'invoices.updateDraft']);
    await sut.shots('invoicing-editor');
  });

  it('issues it after confirmation and hands out a sealed PDF that pdfsig validates', async () => {
    await page.getByTestId('draft-issue').click();
    await page.getByTestId('issue-dialog').getByText('cannot be edited or deleted').waitFor();
    expect(await page.getByTestId('issue-dialog').innerText()).toContain('1,662.92 EUR');
    await sut.shots('invoicing-issue-confirm');
    await page.getByTestId('issue-confirm').click();
    await page.getByTestId('invoice-detail').waitFor({ timeout: 60_000 });

    const issued = await sut.dispatcher.call('invoices.get', { id: invoiceId });
    if (!issued.ok) throw new Error(issued.error.message);
    invoiceNumber = issued.value.number ?? '';
    expect(invoiceNumber).toMatch(/^RE-\d{4}-0001$/);
    expect(await page.getByTestId('detail-title').innerText()).toBe(`Invoice ${invoiceNumber}`);
    expect(await page.getByTestId('detail-status').innerText()).toBe('Issued');
    const shownSha = await page.getByTestId('detail-sha256').innerText();
    expect(shownSha).toBe(issued.value.sha256);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-sealed').click()]);
    expect(download.suggestedFilename()).toBe(`Invoice-${invoiceNumber}.pdf`);
    sealedPdf = join(sut.workDir, download.suggestedFilename());
    await download.saveAs(sealedPdf);
    expect(createHash('sha256').update(readFileSync(sealedPdf)).digest('hex')).toBe(shownSha);

    // pdfsig exits 0 even on a mismatch: its text is the verdict.
    const verdict = execFileSync('pdfsig', [sealedPdf], { encoding: 'utf8' });
    expect(verdict).toContain('Signature is Valid.');
    expect(verdict).toContain('Total document signed');

    const prefix = join(sut.workDir, 'page');
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', sealedPdf, prefix]);
    const png = readdirSync(sut.workDir).find((name) => name.startsWith('page') && name.endsWith('.png'));
    expect(png).toBeDefined();
    copyFileSync(join(sut.workDir, png ?? ''), join(SCREENSHOT_DIR, 'invoicing-sealed-pdf-page1.png'));
    await sut.shots('invoicing-issued');
  });

  it('records a partial payment, a partial credit note and the final payment', async () => {
    await page.getByLabel('Amount (EUR)').fill('500.00');
    await page.getByLabel('Reference').fill('SEPA 2026-11-0042');
    await page.getByTestId('payment-submit').click();
    await toast(page, `Payment of 500.00 EUR recorded on ${invoiceNumber}.`);
    await expect.poll(() => page.getByTestId('detail-status').innerText()).toBe('Partially paid');
    expect(await page.getByTestId('totals-balance').innerText()).toBe('1,162.92 EUR');

    // Partial credit: keep only the travel line (120.00 + 19 % = 142.80).
    await page.getByTestId('credit-partial').check();
    await page.getByRole('button', { name: 'Remove line 3' }).click();
    await page.getByRole('button', { name: 'Remove line 1' }).click();
    await expect.poll(() => page.locator('#credit-description-0').inputValue()).toBe('Workshop travel, flat fee');
    await page.getByLabel('Reason (printed on the credit note)').fill('Travel not needed: workshop held online');
    await page.getByTestId('credit-start').click();
    await page.getByTestId('credit-confirm').click();
    await toast(page, /Credit note GS-\d{4}-0001 issued/);
    await expect.poll(() => page.getByTestId('totals-balance').innerText()).toBe('1,020.12 EUR');
    expect(await page.getByTestId('credit-note-link').innerText()).toMatch(/^GS-\d{4}-0001$/);

    // The payment form offers main's open balance; paying it settles the invoice.
    expect(await page.getByLabel('Amount (EUR)').inputValue()).toBe('1020.12');
    await page.getByTestId('payment-submit').click();
    await expect.poll(() => page.getByTestId('detail-status').innerText()).toBe('Paid');
    expect(await page.getByTestId('payment-row').count()).toBe(2);
    expect(await page.getByTestId('payment-form').count()).toBe(0);
    await sut.shots('invoicing-paid');

    await page.getByTestId('credit-note-link').click();
    await expect.poll(() => page.getByTestId('detail-title').innerText()).toMatch(/^Credit note GS-\d{4}-0001$/);
    expect(await page.getByTestId('totals-gross').innerText()).toBe('142.80 EUR');
    await sut.shots('invoicing-credit-note');
  });

  it('lists invoices with filters, status badges and overdue rows highlighted', async () => {
    // An older invoice, issued through the dispatcher, is past its due date.
    const customers = await sut.dispatcher.call('customers.list', { search: 'Bistro' });
    if (!customers.ok) throw new Error(customers.error.message);
    const old = await sut.dispatcher.call('invoices.createDraft', {
      customerId: customers.value[0]?.id ?? '',
      issueDate: isoDaysFromToday(-60),
      lines: [{ description: 'Catering equipment service', quantity: '4', unitPrice: '85.00', vatRate: '19' }],
    });
    if (!old.ok) throw new Error(old.error.message);
    expect((await sut.dispatcher.call('invoices.issue', { id: old.value.id })).ok).toBe(true);

    await page.getByTestId('nav-customers').click();
    await page.getByTestId('nav-invoices').click();
    await expect.poll(() => page.getByTestId('invoice-row').count()).toBe(3);
    const overdue = page.getByTestId('invoice-row').filter({ hasText: 'Bistro Étoile SARL' });
    expect(await overdue.getAttribute('class')).toContain('overdue');
    expect(await overdue.getByTestId('invoice-status').innerText()).toBe('Overdue');
    expect(await overdue.getByTestId('invoice-gross').innerText()).toBe('404.60 EUR');
    await sut.shots('invoicing-list');

    await page.getByLabel('Status').selectOption('paid');
    await page.getByTestId('invoice-apply').click();
    await expect.poll(() => page.getByTestId('invoice-row').count()).toBe(1);
    expect(await page.getByTestId('invoice-row').innerText()).toContain(invoiceNumber);
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Customer', { exact: true }).selectOption({ label: 'Bistro Étoile SARL' });
    await page.getByTestId('invoice-apply').click();
    await expect.poll(() => page.getByTestId('invoice-row').count()).toBe(1);
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => page.getByTestId('invoice-row').count()).toBe(3);
  });

  it('creates a monthly template from the invoice and runs what is due, once', async () => {
    await page.getByTestId('nav-recurring').click();
    await page.getByTestId('template-new').click();
    await page.getByTestId('template-source').selectOption(invoiceId);
    await expect.poll(() => page.locator('#tpl-description-0').inputValue()).toBe('Consulting: tooling architecture');
    await page.getByLabel('Name', { exact: true }).fill('Monthly tooling support');
    await page.getByLabel('Frequency').selectOption('monthly');
    // Starting on the first of last month: two periods are due today.
    const now = new Date();
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
    await page.getByLabel('First invoice on').fill(start);
    // A standing charge and the buyer's order number go into every invoice the template makes.
    await page.getByTestId('tpl-add-charge').click();
    await page.getByTestId('allowance-0-reason').fill('Hosting');
    await page.getByTestId('allowance-0-amount').fill('25.00');
    await page.getByTestId('allowance-0-vatRate').fill(await page.locator('#tpl-vatRate-0').inputValue());
    await page.getByTestId('tpl-orderReference').fill('PO-2026-118');
    // Support is billed for the month before each run.
    expect(await page.getByTestId('template-period-this').isChecked()).toBe(true);
    await page.getByLabel('the period before the run (billed in arrears)').check();
    await sut.shots('invoicing-recurring-form');
    await page.getByTestId('template-save').click();
    await toast(page, 'Template Monthly tooling support created.');
    await expect.poll(() => page.getByTestId('template-row').count()).toBe(1);
    expect(await page.getByTestId('template-frequency').innerText()).toBe('Monthly · in arrears');

    await page.getByTestId('recurring-run').click();
    await expect.poll(() => page.getByTestId('run-result').innerText()).toContain('2 created, 0 failed.');
    const made = await sut.dispatcher.call('invoices.list', { filter: { status: 'draft' } });
    if (!made.ok) throw new Error(made.error.message);
    const fromTemplate = await Promise.all(made.value.rows.map(async (row) => {
      const detail = await sut.dispatcher.call('invoices.get', { id: row.id });
      return detail.ok ? detail.value : null;
    }));
    const recurring = fromTemplate.filter((invoice) => invoice?.orderReference === 'PO-2026-118');
    expect(recurring).toHaveLength(2);
    expect(recurring.map((invoice) => invoice?.allowances.map((a) => [a.charge, a.reason, a.amount]))).toEqual([[[true, 'Hosting', '25.00']], [[true, 'Hosting', '25.00']]]);
    const day = (month: number, date: number): string => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + month, date)).toISOString().slice(0, 10);
    expect(recurring.map((invoice) => [invoice?.issueDate, invoice?.periodStart, invoice?.periodEnd]).sort()).toEqual([
      [day(-1, 1), day(-2, 1), day(-1, 0)],
      [day(0, 1), day(-1, 1), day(0, 0)],
    ]);
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    const nextText = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(next);
    await expect.poll(() => page.getByTestId('template-next').innerText()).toBe(nextText);
    await sut.shots('invoicing-recurring');

    await page.getByTestId('recurring-run').click();
    await expect.poll(() => page.getByTestId('run-result').innerText()).toContain('0 created, 0 failed.');
    await page.getByRole('button', { name: 'Pause Monthly tooling support' }).click();
    await expect.poll(() => page.getByTestId('template-row').innerText()).toContain('Paused');
    await page.getByRole('button', { name: 'Resume Monthly tooling support' }).click();
    await expect.poll(() => page.getByTestId('template-row').innerText()).toContain('Active');
  });

  it('deletes a draft only after a confirmation that works from the keyboard', async () => {
    const drafts = async (): Promise<number> => {
      const listed = await sut.dispatcher.call('invoices.list', { filter: { status: 'draft' } });
      if (!listed.ok) throw new Error(listed.error.message);
      return listed.value.total;
    };
    const before = await drafts();
    expect(before).toBeGreaterThan(0);
    await page.getByTestId('nav-invoices').click();
    await page.getByTestId('invoice-row').filter({ hasText: 'Draft' }).first().click();
    await page.getByTestId('invoice-editor').waitFor();

    // Escape backs out; focus starts on Cancel, so Enter alone never deletes.
    await page.getByTestId('draft-delete').click();
    await page.getByTestId('delete-dialog').getByText('cannot be undone').waitFor();
    expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('delete-dialog-cancel');
    await sut.shots('invoicing-delete-confirm');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('delete-dialog').isVisible()).toBe(false);
    expect(await drafts()).toBe(before);

    await page.getByTestId('draft-delete').click();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('delete-dialog-confirm');
    await page.keyboard.press('Enter');
    await toast(page, 'Draft deleted.');
    await page.getByTestId('invoices-view').waitFor();
    expect(await drafts()).toBe(before - 1);
  });

  it('shows a bookkeeper no Issue button, and main refuses the call anyway', async () => {
    await page.getByTestId('lock-button').click();
    await unlock(page, BOOKKEEPER, BOB_PASSWORD);
    await page.getByTestId('dashboard-view').waitFor();
    await page.getByTestId('nav-invoices').click();
    await page.getByTestId('invoices-view').waitFor();
    const draftRow = page.getByTestId('invoice-row').filter({ hasText: 'Draft' }).first();
    await draftRow.click();
    await page.getByTestId('invoice-editor').waitFor();
    await expect.poll(() => page.getByTestId('totals-gross').innerText()).toMatch(/EUR$/);
    expect(await page.getByTestId('draft-issue').count()).toBe(0);
    expect(await page.getByTestId('draft-preview').isVisible()).toBe(true);
    await sut.shots('invoicing-bookkeeper-editor');

    // A bookkeeper drafts for a new customer; a 0 % line needs the exemption reason main asks for.
    await page.getByTestId('editor-back').click();
    await page.getByTestId('invoice-new').click();
    await page.getByTestId('editor-new-customer').click();
    const form = page.getByTestId('editor-customer-new-form');
    await form.getByLabel('Name').fill('Nordic Tools AB');
    await form.getByLabel('Country (2 letters)').fill('SE');
    await form.getByLabel('VAT ID').fill('SE556677889901');
    await page.getByTestId('editor-customer-new-save').click();
    await expect.poll(() => page.getByTestId('editor-customer').locator('option:checked').innerText()).toBe('Nordic Tools AB');
    await page.locator('#editor-description-0').fill('Milling cutters, intra-EU supply');
    await page.locator('#editor-quantity-0').fill('10');
    await page.locator('#editor-unitPrice-0').fill('42.50');
    await page.locator('#editor-vatRate-0').fill('0');
    await page.locator('#editor-exemptionReason-0').waitFor();
    const [preview] = await Promise.all([page.waitForEvent('download', { timeout: 3000 }).catch(() => null), page.getByTestId('draft-preview').click()]);
    expect(preview).toBeNull();
    expect(await page.locator('#editor-exemptionReason-0-error').innerText()).toContain('exemption reason');
    await page.locator('#editor-exemptionReason-0').fill('Intra-Community supply, Art. 138 VAT Directive');
    await expect.poll(() => page.getByTestId('totals-gross').innerText()).toBe('425.00 EUR');
    expect(await page.getByTestId('totals-vat-0').innerText()).toBe('0.00 EUR');
    await page.getByTestId('draft-save').click();
    await expect.poll(() => page.getByTestId('save-state').innerText()).toBe('Draft saved');
    expect(await page.getByTestId('draft-issue').count()).toBe(0);
    await sut.shots('invoicing-bookkeeper-exempt');

    const drafts = await sut.dispatcher.call('invoices.list', { filter: { status: 'draft' } });
    if (!drafts.ok) throw new Error(drafts.error.message);
    const draftId = drafts.value.rows[0]?.id ?? '';
    // Through the page's own bridge, as a tampered renderer would try.
    const answer: unknown = await page.evaluate(`window.sealbook.invoke('invoices.issue', { id: ${JSON.stringify(draftId)} })`);
    expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const after = await sut.dispatcher.call('invoices.get', { id: draftId });
    expect(after.ok && after.value.status).toBe('draft');

    await page.getByRole('button', { name: /All invoices/ }).click();
    await page.getByTestId('invoice-row').filter({ hasText: invoiceNumber }).click();
    await page.getByTestId('invoice-detail').waitFor();
    expect(await page.getByTestId('credit-start').count()).toBe(0);
  });

  it('speaks French, with French number formatting', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-select').selectOption('fr');
    await page.getByTestId('nav-invoices').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Factures');
    const row = page.getByTestId('invoice-row').filter({ hasText: invoiceNumber });
    // Narrow no-break space between thousands, comma for decimals.
    expect(await row.getByTestId('invoice-gross').innerText()).toBe('1\u202f662,92 EUR');
    expect(await row.getByTestId('invoice-status').innerText()).toBe('Payée');
    await sut.shots('invoicing-list-fr');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-select').selectOption('en');
  });

  it('logged no console error and no CSP violation', () => {
    expect(sut.consoleErrors).toEqual([]);
  });
});
