import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DocumentAllowanceInput } from '../../../src-shared/contract-invoicing.js';
import { updateCompany } from '../../../src-main/core/invoices/company.js';
import { createDraft } from '../../../src-main/core/invoices/drafts.js';
import { creditInvoice, issueInvoice, sealedPdf } from '../../../src-main/core/invoices/documents.js';
import { createTemplate, runDueRecurring, updateTemplate } from '../../../src-main/core/invoices/recurring.js';
import { getInvoice } from '../../../src-main/core/invoices/store.js';
import { ValidationError } from '../../../src-main/core/errors.js';
import type { ProducedFormat } from '../../../src-main/core/einvoice/issue.js';
import { eInvoiceHook, issuedEInvoice, setCustomerSettings } from '../../../src-main/core/einvoice/issue.js';
import { readEInvoice } from '../../../src-main/core/einvoice/read.js';
import { validateEInvoiceXml } from '../../../src-main/core/einvoice/validate.js';
import { newCustomerId } from '../invoices/setup.js';
import type { TestVault } from '../invoices/setup.js';
import { useEInvoiceVault } from './hooks.js';

/**
 * Issue 10 item 1: document allowances and charges, delivery date and
 * period, order and contract references, end to end through the official
 * validators; item 2 (Factur-X by default in the EU) and recurring runs.
 */
const currentVault = useEInvoiceVault({ sellerContact: true });
let vault: TestVault;
beforeEach(() => {
  vault = currentVault();
});

const LINES = [
  { description: 'Consulting', quantity: '10', unit: 'hours', unitPrice: '120', vatRate: '19' },
  { description: 'Book', quantity: '2', unit: 'pcs', unitPrice: '25', vatRate: '7' },
];
const ALLOWANCES: DocumentAllowanceInput[] = [
  // 10 % of the lines at 19 % (1200.00) = 120.00.
  { charge: false, reason: 'Loyalty discount', reasonCode: '95', vatRate: '19', percent: '10' },
  { charge: true, reason: 'Freight', reasonCode: 'FC', vatRate: '19', amount: '12.50' },
];
// 19 %: 1200.00 − 120.00 + 12.50 = 1092.50 → VAT 207.575 → 207.58; 7 %: 50.00 → 3.50.
const EXPECTED = { lineTotal: '1250.00', allowanceTotal: '120.00', chargeTotal: '12.50', net: '1142.50', vat: '211.08', gross: '1353.58' };

function draftWithTerms(customerId: string): string {
  return createDraft(vault.ctx, {
    customerId,
    lines: LINES,
    allowances: ALLOWANCES,
    deliveryDate: '2026-11-20',
    periodStart: '2026-11-01',
    periodEnd: '2026-11-30',
    orderReference: 'PO-4711',
    contractReference: 'RV-2026-07',
    notes: '',
  }).id;
}

function pdfFile(id: string, name: string): string {
  const file = join(vault.dir, name);
  writeFileSync(file, sealedPdf(vault.ctx, id).bytes);
  return file;
}

describe('document allowances and charges, delivery and references', () => {
  it('computes BT-106..BT-112 in main and feeds the VAT breakdown', () => {
    const id = draftWithTerms(newCustomerId(vault.ctx));
    const invoice = getInvoice(vault.ctx, id);
    expect(invoice.totals).toMatchObject(EXPECTED);
    expect(invoice.totals.vatBreakdown).toEqual([
      { rate: '19', taxable: '1092.50', vat: '207.58', exemptionReason: null },
      { rate: '7', taxable: '50.00', vat: '3.50', exemptionReason: null },
    ]);
    expect(invoice.allowances.map((a) => [a.charge, a.amount, a.base])).toEqual([[false, '120.00', '1200.00'], [true, '12.50', null]]);
    expect(invoice).toMatchObject({ orderReference: 'PO-4711', contractReference: 'RV-2026-07', deliveryDate: '2026-11-20', periodStart: '2026-11-01', periodEnd: '2026-11-30' });
  });

  it('refuses an allowance larger than the lines it reduces, and one without a reason, naming the field', () => {
    const customerId = newCustomerId(vault.ctx);
    const tooBig = (): unknown => createDraft(vault.ctx, { customerId, lines: LINES, allowances: [{ charge: false, reason: 'Goodwill', vatRate: '7', amount: '60' }] });
    expect(tooBig).toThrow(ValidationError);
    expect(tooBig).toThrow(/more than the lines at 7 % VAT/);
    const noReason = (): unknown => createDraft(vault.ctx, { customerId, lines: LINES, allowances: [{ charge: true, reason: '', vatRate: '19', amount: '5' }] });
    const error = ((): unknown => {
      try {
        return noReason();
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields?.['allowances.0.reason']).toMatch(/say why/);
  });

  it('issues a Factur-X that passes the official validators with the same totals, sealed', async () => {
    const customerId = newCustomerId(vault.ctx);
    setCustomerSettings(vault.ctx, customerId, { format: 'facturx' });
    const id = draftWithTerms(customerId);
    const issued = await issueInvoice(vault.ctx, id, eInvoiceHook(vault.ctx));
    expect(issued.totals).toMatchObject(EXPECTED);
    const stored = issuedEInvoice(vault.ctx, id);
    expect(stored.report).toMatchObject({ valid: true, errors: [], checked: ['xsd', 'en16931-cii', 'facturx-en16931'] });
    const xml = stored.xml.toString('utf8');
    expect(xml).toContain('<ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>PO-4711</ram:IssuerAssignedID>');
    expect(xml).toContain('<ram:ContractReferencedDocument><ram:IssuerAssignedID>RV-2026-07</ram:IssuerAssignedID>');
    expect(xml).toContain('<ram:OccurrenceDateTime><udt:DateTimeString format="102">20261120</udt:DateTimeString>');
    expect(xml).toMatch(/<ram:BillingSpecifiedPeriod><ram:StartDateTime><udt:DateTimeString format="102">20261101</);
    expect(xml).toContain('<ram:CalculationPercent>10</ram:CalculationPercent><ram:BasisAmount>1200.00</ram:BasisAmount><ram:ActualAmount>120.00</ram:ActualAmount><ram:ReasonCode>95</ram:ReasonCode>');
    expect(xml).toContain('<ram:ChargeTotalAmount>12.50</ram:ChargeTotalAmount><ram:AllowanceTotalAmount>120.00</ram:AllowanceTotalAmount><ram:TaxBasisTotalAmount>1142.50</ram:TaxBasisTotalAmount>');

    const pdf = sealedPdf(vault.ctx, id).bytes;
    const read = await readEInvoice(pdf, 'facturx.pdf');
    expect(read.parsed.totals).toEqual({ lineTotal: 125000n, net: 114250n, vat: 21108n, gross: 135358n, due: 135358n });
    expect(execFileSync('pdfsig', [pdfFile(id, 'fx.pdf')], { encoding: 'utf8' })).toContain('Signature is Valid.');
    // The plain layout prints the new terms too.
    const text = execFileSync('pdftotext', ['-layout', pdfFile(id, 'fx2.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Your order\s+PO-4711/);
    expect(text).toMatch(/Contract\s+RV-2026-07/);
    expect(text).toMatch(/Less Loyalty discount \(10\s*%\)\s+-€120\.00/);
    expect(text).toMatch(/Plus Freight\s+€12\.50/);
  });

  it('catches a changed total (BR-CO-15) and a changed allowance total (BR-CO-13) in that XML', async () => {
    const customerId = newCustomerId(vault.ctx);
    setCustomerSettings(vault.ctx, customerId, { format: 'facturx' });
    const id = draftWithTerms(customerId);
    await issueInvoice(vault.ctx, id, eInvoiceHook(vault.ctx));
    const xml = issuedEInvoice(vault.ctx, id).xml.toString('utf8');
    const gross = xml.replace('<ram:GrandTotalAmount>1353.58<', '<ram:GrandTotalAmount>1354.58<');
    expect(gross).not.toBe(xml);
    expect((await validateEInvoiceXml(gross, { facturx: true })).errors.map((e) => e.ruleId)).toContain('BR-CO-15');
    const allowance = xml.replace('<ram:AllowanceTotalAmount>120.00<', '<ram:AllowanceTotalAmount>100.00<');
    expect(allowance).not.toBe(xml);
    expect((await validateEInvoiceXml(allowance, { facturx: true })).errors.map((e) => e.ruleId)).toEqual(expect.arrayContaining(['BR-CO-11', 'BR-CO-13']));
  });

  it('issues an XRechnung UBL that passes XSD and EN 16931 with the same totals', async () => {
    const customerId = newCustomerId(vault.ctx, 'Bundesamt für Beispiele');
    setCustomerSettings(vault.ctx, customerId, { format: 'xrechnung-ubl', electronicAddress: 'rechnung@bund.example', buyerReference: '04011000-12345-03' });
    const id = draftWithTerms(customerId);
    await issueInvoice(vault.ctx, id, eInvoiceHook(vault.ctx));
    const stored = issuedEInvoice(vault.ctx, id);
    expect(stored.report).toMatchObject({ valid: true, errors: [], syntax: 'ubl-invoice' });
    const xml = stored.xml.toString('utf8');
    expect(xml).toContain('<cac:OrderReference><cbc:ID>PO-4711</cbc:ID></cac:OrderReference>');
    expect(xml).toContain('<cac:ContractDocumentReference><cbc:ID>RV-2026-07</cbc:ID></cac:ContractDocumentReference>');
    expect(xml).toContain('<cac:Delivery><cbc:ActualDeliveryDate>2026-11-20</cbc:ActualDeliveryDate></cac:Delivery>');
    expect(xml).toContain('<cbc:AllowanceTotalAmount currencyID="EUR">120.00</cbc:AllowanceTotalAmount><cbc:ChargeTotalAmount currencyID="EUR">12.50</cbc:ChargeTotalAmount>');
    const read = await readEInvoice(stored.xml, 'x.xml');
    expect(read.parsed.totals.gross).toBe(135358n);
    expect(read.parsed.totals.net).toBe(114250n);
  });

  it('credits the allowances and charges with a full credit note (381), still valid', async () => {
    const customerId = newCustomerId(vault.ctx);
    setCustomerSettings(vault.ctx, customerId, { format: 'facturx' });
    const id = draftWithTerms(customerId);
    await issueInvoice(vault.ctx, id, eInvoiceHook(vault.ctx));
    const note = await creditInvoice(vault.ctx, id, { reason: 'Cancelled' }, eInvoiceHook(vault.ctx));
    expect(note.totals.gross).toBe(EXPECTED.gross);
    expect(note.allowances).toHaveLength(2);
    const stored = issuedEInvoice(vault.ctx, note.id);
    expect(stored.report.valid).toBe(true);
    expect(stored.xml.toString('utf8')).toContain('<ram:TypeCode>381</ram:TypeCode>');
  });
});

describe('partial credit notes with document allowances', () => {
  it('issues a partial credit note carrying its share of the allowances and charges as a valid Factur-X', async () => {
    const customerId = newCustomerId(vault.ctx);
    setCustomerSettings(vault.ctx, customerId, { format: 'facturx' });
    const id = draftWithTerms(customerId);
    await issueInvoice(vault.ctx, id, eInvoiceHook(vault.ctx));
    const note = await creditInvoice(vault.ctx, id, { lines: [{ description: 'Consulting', quantity: '5', unit: 'hours', unitPrice: '120', vatRate: '19' }] }, eInvoiceHook(vault.ctx));
    expect(note.totals).toMatchObject({ allowanceTotal: '60.00', chargeTotal: '6.25', gross: '650.04' });
    const stored = issuedEInvoice(vault.ctx, note.id);
    expect(stored.report).toMatchObject({ valid: true, errors: [] });
    expect(stored.xml.toString('utf8')).toContain('<ram:ChargeTotalAmount>6.25</ram:ChargeTotalAmount><ram:AllowanceTotalAmount>60.00</ram:AllowanceTotalAmount>');
  });
});

describe('Factur-X by default for sellers in the EU', () => {
  it('issues Factur-X for a customer without a format choice; plain PDF when the customer record says so', async () => {
    const outcomes: ProducedFormat[] = [];
    const record = (outcome: ProducedFormat): void => {
      outcomes.push(outcome);
    };
    const defaulted = newCustomerId(vault.ctx);
    const first = draftWithTerms(defaulted);
    await issueInvoice(vault.ctx, first, eInvoiceHook(vault.ctx, undefined, record));
    expect(issuedEInvoice(vault.ctx, first).format).toBe('facturx');

    const plain = newCustomerId(vault.ctx, 'Plain Ltd');
    setCustomerSettings(vault.ctx, plain, { format: 'pdf' });
    const second = draftWithTerms(plain);
    await issueInvoice(vault.ctx, second, eInvoiceHook(vault.ctx, undefined, record));
    expect(() => issuedEInvoice(vault.ctx, second)).toThrow(/plain PDF/);
    expect(outcomes).toEqual([{ format: 'facturx', notice: null }, { format: 'pdf', notice: null }]);
  });

  it('falls back to a plain PDF, saying why, when the default Factur-X lacks a term; a seller outside the EU gets PDF', async () => {
    updateCompany(vault.ctx, { vatId: '' });
    const outcomes: ProducedFormat[] = [];
    const id = draftWithTerms(newCustomerId(vault.ctx));
    await issueInvoice(vault.ctx, id, eInvoiceHook(vault.ctx, undefined, (o) => outcomes.push(o)));
    expect(getInvoice(vault.ctx, id).status).toBe('issued');
    expect(outcomes[0]?.format).toBe('pdf');
    expect(outcomes[0]?.notice).toMatch(/not as Factur-X.*BR-S-02/);

    updateCompany(vault.ctx, { vatId: 'CH123', address: { street: 'Bahnhofstrasse 1', postalCode: '8001', city: 'Zürich', country: 'CH' } });
    const swiss = draftWithTerms(newCustomerId(vault.ctx, 'Other AG'));
    await issueInvoice(vault.ctx, swiss, eInvoiceHook(vault.ctx, undefined, (o) => outcomes.push(o)));
    expect(outcomes[1]).toEqual({ format: 'pdf', notice: null });
  });
});

describe('recurring runs', () => {
  it('issue in the customer format: a Factur-X customer gets a Factur-X carrying factur-x.xml', async () => {
    const customerId = newCustomerId(vault.ctx);
    setCustomerSettings(vault.ctx, customerId, { format: 'facturx' });
    createTemplate(vault.ctx, { name: 'Retainer', customerId, notes: '', lines: LINES, frequency: 'monthly', startDate: '2026-11-01', mode: 'issue' });
    const run = await runDueRecurring(vault.ctx, eInvoiceHook(vault.ctx));
    expect(run.errors).toEqual([]);
    expect(run.created).toHaveLength(1);
    const invoiceId = run.created[0]?.invoiceId ?? '';
    expect(run.created[0]?.number).not.toBeNull();
    const stored = issuedEInvoice(vault.ctx, invoiceId);
    expect(stored).toMatchObject({ format: 'facturx', report: { valid: true } });
    expect(execFileSync('pdfdetach', ['-list', pdfFile(invoiceId, 'rec.pdf')], { encoding: 'utf8' })).toContain('factur-x.xml');
  });

  it('carry the template\'s allowances, charges and order and contract references into each invoice, still valid', async () => {
    const customerId = newCustomerId(vault.ctx);
    setCustomerSettings(vault.ctx, customerId, { format: 'facturx' });
    const template = createTemplate(vault.ctx, {
      name: 'Retainer', customerId, notes: '', lines: LINES, frequency: 'monthly', startDate: '2026-11-01', mode: 'issue',
      allowances: ALLOWANCES, orderReference: 'PO-4711', contractReference: 'RV-2026-07',
    });
    expect(template).toMatchObject({ orderReference: 'PO-4711', contractReference: 'RV-2026-07', allowances: [{ reason: 'Loyalty discount' }, { reason: 'Freight' }] });
    const run = await runDueRecurring(vault.ctx, eInvoiceHook(vault.ctx));
    expect(run.errors).toEqual([]);
    const invoice = getInvoice(vault.ctx, run.created[0]?.invoiceId ?? '');
    expect(invoice.totals).toMatchObject(EXPECTED);
    expect(invoice).toMatchObject({ orderReference: 'PO-4711', contractReference: 'RV-2026-07' });
    const stored = issuedEInvoice(vault.ctx, invoice.id);
    expect(stored.report).toMatchObject({ valid: true, errors: [] });
    expect(stored.xml.toString('utf8')).toContain('<ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>PO-4711</ram:IssuerAssignedID>');
  });

  it('state the delivery period each run covers, in advance or in arrears, and the official rules accept it', async () => {
    const customerId = newCustomerId(vault.ctx);
    setCustomerSettings(vault.ctx, customerId, { format: 'facturx' });
    const base = { customerId, notes: '', lines: LINES, frequency: 'monthly', startDate: '2026-10-01', mode: 'issue' } as const;
    const advance = createTemplate(vault.ctx, { ...base, name: 'Rent', servicePeriod: 'this' });
    const arrears = createTemplate(vault.ctx, { ...base, name: 'Retainer', servicePeriod: 'previous' });
    const none = createTemplate(vault.ctx, { ...base, name: 'Plain' });
    expect([advance.servicePeriod, arrears.servicePeriod, none.servicePeriod]).toEqual(['this', 'previous', 'none']);
    const run = await runDueRecurring(vault.ctx, eInvoiceHook(vault.ctx));
    expect(run.errors).toEqual([]);
    const periods = (templateId: string): [string, string | null, string | null][] =>
      run.created
        .filter((c) => c.templateId === templateId)
        .map((c) => getInvoice(vault.ctx, c.invoiceId))
        .map((invoice) => [invoice.issueDate ?? '', invoice.periodStart, invoice.periodEnd]);
    expect(periods(advance.id)).toEqual([['2026-10-01', '2026-10-01', '2026-10-31'], ['2026-11-01', '2026-11-01', '2026-11-30']]);
    expect(periods(arrears.id)).toEqual([['2026-10-01', '2026-09-01', '2026-09-30'], ['2026-11-01', '2026-10-01', '2026-10-31']]);
    expect(periods(none.id)).toEqual([['2026-10-01', null, null], ['2026-11-01', null, null]]);
    const november = run.created.find((c) => c.templateId === arrears.id && c.period === '2026-11-01')?.invoiceId ?? '';
    const stored = issuedEInvoice(vault.ctx, november);
    expect(stored.report).toMatchObject({ valid: true, errors: [] });
    expect(stored.xml.toString('utf8')).toMatch(/<ram:BillingSpecifiedPeriod><ram:StartDateTime><udt:DateTimeString format="102">20261001<\/udt:DateTimeString><\/ram:StartDateTime><ram:EndDateTime><udt:DateTimeString format="102">20261031</);
    // Changed later, the template states the new choice from its next run on.
    expect(updateTemplate(vault.ctx, none.id, { servicePeriod: 'previous' }).servicePeriod).toBe('previous');
  });

  it('refuse a template whose allowance would fail every run, naming the field', () => {
    const customerId = newCustomerId(vault.ctx);
    const make = (): unknown => createTemplate(vault.ctx, {
      name: 'Broken', customerId, notes: '', lines: LINES, frequency: 'monthly', startDate: '2026-11-01', mode: 'draft',
      allowances: [{ charge: false, reason: 'Goodwill', vatRate: '7', amount: '60' }],
    });
    expect(make).toThrow(ValidationError);
    expect(make).toThrow(/more than the lines at 7 % VAT/);
  });
});
