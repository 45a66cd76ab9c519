import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src-main/core/errors.js';
import { getCompany, updateCompany } from '../../../src-main/core/invoices/company.js';
import { listCustomers, updateCustomer } from '../../../src-main/core/invoices/customers.js';
import { creditInvoice, issueInvoice, recordPayment, sealedPdf } from '../../../src-main/core/invoices/documents.js';
import { createDraft } from '../../../src-main/core/invoices/drafts.js';
import { createTemplate, listTemplates, runDueRecurring, updateTemplate } from '../../../src-main/core/invoices/recurring.js';
import { verifyPdf } from '../../../src-main/core/invoices/seal.js';
import { getInvoice, listInvoices } from '../../../src-main/core/invoices/store.js';
import type { TestVault } from './setup.js';
import { LINE, auditRows, newCustomerId, newDraftId, openTestVault, setUpCompany } from './setup.js';

let vault: TestVault;
beforeEach(() => {
  vault = openTestVault();
  setUpCompany(vault.ctx);
});
afterEach(() => {
  vault.close();
});

async function issuedId(): Promise<string> {
  const id = newDraftId(vault.ctx, newCustomerId(vault.ctx)); // gross 99.16, due 2026-12-24
  await issueInvoice(vault.ctx, id);
  return id;
}

describe('payments and statuses', () => {
  it('goes issued -> partially paid -> overdue -> paid, by payments and the injected clock', async () => {
    const id = await issuedId();
    expect(getInvoice(vault.ctx, id)).toMatchObject({ status: 'issued', balance: '99.16' });
    recordPayment(vault.ctx, id, { amount: '50', date: '2026-11-30', method: 'bank_transfer', reference: 'TX-1' });
    expect(getInvoice(vault.ctx, id)).toMatchObject({ status: 'partially_paid', balance: '49.16' });
    vault.clock.now = new Date('2026-12-25T08:00:00Z');
    expect(getInvoice(vault.ctx, id).status).toBe('overdue');
    expect(listInvoices(vault.ctx, { status: 'overdue' }, 0, 10).total).toBe(1);
    expect(() => recordPayment(vault.ctx, id, { amount: '49.17', date: '2026-12-25', method: 'card' })).toThrow(/more than the open balance \(49\.16\)/);
    expect(() => recordPayment(vault.ctx, id, { amount: '12,5', date: '2026-12-25', method: 'card' })).toThrow(ValidationError);
    const paid = recordPayment(vault.ctx, id, { amount: '49.16', date: '2026-12-25', method: 'card' });
    expect(paid).toMatchObject({ status: 'paid', balance: '0.00' });
    expect(paid.payments.map((p) => [p.amount, p.method, p.reference])).toEqual([['50.00', 'bank_transfer', 'TX-1'], ['49.16', 'card', '']]);
    expect(auditRows(vault.db).filter((r) => r.action === 'invoices.pay')).toHaveLength(2);
  });

  it('refuses payments on drafts', () => {
    const id = newDraftId(vault.ctx, newCustomerId(vault.ctx));
    expect(() => recordPayment(vault.ctx, id, { amount: '1', date: '2026-11-24', method: 'cash' })).toThrow(/issued invoices/);
  });
});

describe('credit notes', () => {
  it('a partial then a full-rest credit; cannot credit more than the invoice; original stays untouched', async () => {
    const id = await issuedId();
    const before = sealedPdf(vault.ctx, id).sha256;
    const partial = await creditInvoice(vault.ctx, id, {
      reason: 'Half a day was not worked',
      lines: [{ description: 'Consulting (correction)', quantity: '1', unitPrice: '33.33', vatRate: '19' }],
    });
    expect(partial).toMatchObject({ kind: 'credit_note', number: 'CN-2026-0001', status: 'issued', creditedInvoice: { id, number: '2026-0001' } });
    expect(partial.totals).toMatchObject({ net: '33.33', vat: '6.33', gross: '39.66' });
    expect(getInvoice(vault.ctx, id)).toMatchObject({ status: 'issued', balance: '59.50', creditNotes: [{ number: 'CN-2026-0001', gross: '39.66' }] });
    expect(verifyPdf(sealedPdf(vault.ctx, partial.id).bytes, vault.ctx)).toMatchObject({ intact: true, thisVault: true });

    await expect(creditInvoice(vault.ctx, id, {})).rejects.toThrow(/exceeds what is left to credit on 2026-0001 \(59\.50\)/);
    await creditInvoice(vault.ctx, id, { lines: [{ description: 'Rest', quantity: '1', unitPrice: '50', vatRate: '19' }] });
    expect(getInvoice(vault.ctx, id)).toMatchObject({ status: 'credited', balance: '0.00' });
    expect(sealedPdf(vault.ctx, id).sha256).toBe(before);
    const credits = auditRows(vault.db).filter((r) => r.action === 'invoices.credit');
    expect(credits).toHaveLength(2);
    expect(JSON.parse(credits[0]?.details ?? '{}')).toMatchObject({ credits: '2026-0001', sha256: partial.sha256 });
  });

  it('a full credit note copies every line', async () => {
    const id = await issuedId();
    const credit = await creditInvoice(vault.ctx, id, {});
    expect(credit.lines.map((l) => [l.description, l.quantity, l.unitPrice, l.net])).toEqual([['Consulting', '2.5', '33.33', '83.33']]);
    expect(getInvoice(vault.ctx, id).status).toBe('credited');
    await expect(creditInvoice(vault.ctx, newDraftId(vault.ctx, newCustomerId(vault.ctx)), {})).rejects.toThrow(/Only an issued invoice/);
  });
});

describe('recurring templates', () => {
  it('catches up missed months after days offline, never runs a period twice, handles month ends', async () => {
    const customerId = newCustomerId(vault.ctx);
    vault.clock.now = new Date('2026-01-31T07:00:00Z');
    const template = createTemplate(vault.ctx, {
      name: 'Hosting', customerId, notes: 'Monthly hosting', lines: [LINE], frequency: 'monthly', startDate: '2026-01-31', mode: 'draft',
    });
    expect(template.nextRun).toBe('2026-01-31');
    expect((await runDueRecurring(vault.ctx)).created.map((c) => c.period)).toEqual(['2026-01-31']);
    // Offline until May 2nd: Feb 28, Mar 31 and Apr 30 are due.
    vault.clock.now = new Date('2026-05-02T07:00:00Z');
    const run = await runDueRecurring(vault.ctx);
    expect(run.errors).toEqual([]);
    expect(run.created.map((c) => c.period)).toEqual(['2026-02-28', '2026-03-31', '2026-04-30']);
    expect((await runDueRecurring(vault.ctx)).created).toEqual([]);
    // Two runs at once (the unlock run and the daily one) still create each period once.
    vault.clock.now = new Date('2026-06-01T07:00:00Z');
    const [a, b] = await Promise.all([runDueRecurring(vault.ctx), runDueRecurring(vault.ctx)]);
    expect([...a.created, ...b.created].map((c) => c.period)).toEqual(['2026-05-31']);
    const drafts = listInvoices(vault.ctx, { status: 'draft' }, 0, 50).rows;
    expect(drafts.map((d) => d.issueDate).sort()).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']);
    expect(listTemplates(vault.ctx)[0]?.nextRun).toBe('2026-06-30');
    // The (template, period) key refuses a second run even if a caller skipped the check.
    expect(() =>
      vault.db.prepare("INSERT INTO recurring_runs (template_id, period, invoice_id, created_at) VALUES (?, '2026-05-31', NULL, 'x')").run(template.id),
    ).toThrow(/UNIQUE|PRIMARY/);
  });

  it('issues directly when the template says so, and stops at the end date or when paused', async () => {
    const customerId = newCustomerId(vault.ctx);
    vault.clock.now = new Date('2026-03-01T07:00:00Z');
    const template = createTemplate(vault.ctx, {
      name: 'Retainer', customerId, notes: '', lines: [LINE], frequency: 'quarterly', startDate: '2025-09-01', endDate: '2026-12-31', mode: 'issue',
    });
    const run = await runDueRecurring(vault.ctx);
    expect(run.created.map((c) => [c.period, c.number])).toEqual([
      ['2025-09-01', '2025-0001'],
      ['2025-12-01', '2025-0002'],
      ['2026-03-01', '2026-0001'],
    ]);
    updateTemplate(vault.ctx, template.id, { active: false });
    vault.clock.now = new Date('2027-06-01T07:00:00Z');
    expect((await runDueRecurring(vault.ctx)).created).toEqual([]);
    updateTemplate(vault.ctx, template.id, { active: true });
    expect((await runDueRecurring(vault.ctx)).created.map((c) => c.period)).toEqual(['2026-06-01', '2026-09-01', '2026-12-01']);
  });
});

describe('company and customers', () => {
  it('validates IBAN, BIC, series and logo; stores the logo as a blob', () => {
    expect(() => updateCompany(vault.ctx, { iban: 'DE89 3704 0044 0532 0130 01' })).toThrow(/IBAN .* is not valid/);
    expect(() => updateCompany(vault.ctx, { bic: 'XX' })).toThrow(/BIC/);
    expect(() => updateCompany(vault.ctx, { creditNoteSeries: '{YYYY}-{NNNN}' })).toThrow(/own prefix/);
    expect(() => updateCompany(vault.ctx, { logoBase64: Buffer.from('GIF89a').toString('base64') })).toThrow(/PNG or JPEG/);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    const profile = updateCompany(vault.ctx, { logoBase64: png.toString('base64'), paymentTermsDays: 10 });
    expect(profile.logoDataUrl).toBe(`data:image/png;base64,${png.toString('base64')}`);
    expect(profile).toMatchObject({ iban: 'DE89370400440532013000', paymentTermsDays: 10, legalName: 'Müller & Söhne GmbH' });
    expect(getCompany(vault.ctx).logoDataUrl).not.toBeNull();
  });

  it('searches and edits customers; issued invoices keep their snapshot', async () => {
    const id = newCustomerId(vault.ctx, 'Acme SARL');
    newCustomerId(vault.ctx, 'Beta 100% GmbH');
    expect(listCustomers(vault.ctx, 'acme', 10).map((c) => c.name)).toEqual(['Acme SARL']);
    expect(listCustomers(vault.ctx, '100%', 10).map((c) => c.name)).toEqual(['Beta 100% GmbH']);
    expect(listCustomers(vault.ctx, 'FR123', 10)).toHaveLength(2);
    expect(listCustomers(vault.ctx, 'nobody', 10)).toHaveLength(0);
    const invoiceId = newDraftId(vault.ctx, id);
    await issueInvoice(vault.ctx, invoiceId);
    updateCustomer(vault.ctx, id, { name: 'Acme Group SARL' });
    expect(getInvoice(vault.ctx, invoiceId).customer.name).toBe('Acme SARL');
  });

  it('a draft with a new customer, a foreign currency and 0 % VAT', () => {
    expect(() =>
      createDraft(vault.ctx, { customer: { name: 'US Inc' }, currency: 'USD', lines: [{ ...LINE, vatRate: '0' }] }),
    ).toThrow(ValidationError);
    const draft = createDraft(vault.ctx, {
      customer: { name: 'US Inc' },
      currency: 'USD',
      exchangeRate: '0.9234',
      issueDate: '2026-11-24',
      lines: [LINE, { description: 'Export', quantity: '1', unitPrice: '10', vatRate: '0', exemptionReason: 'Export outside the EU' }],
    });
    expect(draft).toMatchObject({ currency: 'USD', dueDate: '2026-12-24', customerName: 'US Inc' });
    expect(draft.totals.accounting).toEqual({ currency: 'EUR', exchangeRate: '0.9234', vat: '14.62' });
  });
});
