import { z } from 'zod';
import { channel, returns } from './channel.js';
import { INVOICE_LANGUAGES, INVOICE_STATUSES, PAYMENT_METHODS, FREQUENCIES, SERVICE_PERIODS } from './invoicing.js';
import { EINVOICE_FORMATS } from './einvoice.js';
import type { EInvoiceFormat } from './einvoice.js';
import type {
  CompanyProfile,
  Customer,
  InvoiceTotals,
  DraftTotals,
  InvoiceSummary,
  Invoice,
  SealStatus,
  RecurringTemplate,
  RecurringRun,
  PdfVerdict,
} from './invoicing.js';

export * from './invoicing.js';

/** What invoices.issue made: the format actually produced and, when the EU default fell back to a plain PDF, why. */
export interface IssuedInvoice {
  readonly id: string;
  readonly number: string;
  readonly sha256: string;
  readonly totals: InvoiceTotals;
  readonly format: EInvoiceFormat;
  readonly notice: string | null;
}

/**
 * Invoicing channels (issue 4). Amounts, quantities and rates cross the
 * boundary as decimal strings; main parses and validates them (field paths
 * like `lines.0.unitPrice`) and computes every total.
 */

const id = z.string().min(1).max(64);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-24.');
const text = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`);
const decimal = z.string().trim().min(1, 'Enter a number like 12.50.').max(32);
const currency = z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'Use a currency code like EUR.');
const base64 = z.string().max(20_000_000).regex(/^[A-Za-z0-9+/=\s]*$/, 'Not base64 data.');

const address = z
  .object({ street: text(300).default(''), postalCode: text(20).default(''), city: text(100).default(''), country: text(2).default('') })
  .strict();

const lineInput = z
  .object({
    description: text(500),
    quantity: decimal,
    unit: text(20).optional(),
    unitPrice: decimal,
    vatRate: decimal,
    exemptionReason: text(300).nullish(),
    discount: z.string().trim().max(32).nullish(),
  })
  .strict();

const allowanceInput = z
  .object({
    charge: z.boolean(),
    reason: text(300).default(''),
    reasonCode: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{0,3}$/, 'Use a code like 95 (discount) or FC (freight).').nullish(),
    vatRate: decimal,
    exemptionReason: text(300).nullish(),
    amount: z.string().trim().max(32).nullish(),
    percent: z.string().trim().max(32).nullish(),
    base: z.string().trim().max(32).nullish(),
  })
  .strict();

/** The CLI may give a one-line address; it becomes the street line. */
const addressOrText = z.union([
  address,
  text(500).transform((street) => ({ street, postalCode: '', city: '', country: '' })),
]);

const newCustomer = z
  .object({ name: text(200).min(1, 'Enter the customer name.'), address: addressOrText.default({ street: '', postalCode: '', city: '', country: '' }), vatId: text(30).default(''), email: text(200).default('') })
  .strict();

const draftFields = {
  customerId: id.optional(),
  customer: newCustomer.optional(),
  currency: currency.optional(),
  exchangeRate: decimal.nullish(),
  issueDate: isoDate.nullish(),
  dueDate: isoDate.nullish(),
  notes: text(4000).default(''),
  lines: z.array(lineInput).min(1, 'Add at least one line.').max(500),
  // EN 16931 BG-20/BG-21, BT-72, BG-14, BT-13, BT-12 (issue 10 item 1).
  allowances: z.array(allowanceInput).max(50).default([]),
  deliveryDate: isoDate.nullish(),
  periodStart: isoDate.nullish(),
  periodEnd: isoDate.nullish(),
  orderReference: text(200).default(''),
  contractReference: text(200).default(''),
};
const draftInput = z
  .object(draftFields)
  .strict()
  .refine((d) => d.customerId !== undefined || d.customer !== undefined, { message: 'Choose a customer.', path: ['customerId'] });

const listFilter = z
  .object({
    status: z.enum(INVOICE_STATUSES).optional(),
    kind: z.enum(['invoice', 'credit_note']).optional(),
    customerId: id.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    search: text(200).optional(),
  })
  .strict();

const templateBase = z.object({
  name: text(200).min(1, 'Name the template.'),
  customerId: id,
  currency: currency.optional(),
  exchangeRate: decimal.nullish(),
  notes: text(4000),
  lines: z.array(lineInput).min(1, 'Add at least one line.').max(500),
  frequency: z.enum(FREQUENCIES),
  startDate: isoDate,
  endDate: isoDate.nullish(),
  mode: z.enum(['draft', 'issue']),
  // Carried into every invoice the template makes (EN 16931 BG-20/BG-21, BT-13, BT-12).
  allowances: z.array(allowanceInput).max(50).optional(),
  orderReference: text(200).optional(),
  contractReference: text(200).optional(),
  servicePeriod: z.enum(SERVICE_PERIODS).optional(),
});

export const INVOICING_CONTRACT = {
  'company.get': channel(z.object({}).strict(), returns<CompanyProfile>(), { access: 'company.read', audited: false }),
  'company.update': channel(
    z
      .object({
        legalName: text(200).min(1, 'Enter the legal name.').optional(),
        address: address.optional(),
        vatId: text(30).optional(),
        registrationNumber: text(60).optional(),
        iban: text(42).optional(),
        bic: text(11).optional(),
        email: text(200).optional(),
        phone: text(40).optional(),
        defaultCurrency: currency.optional(),
        paymentTermsDays: z.number().int().min(0).max(365).optional(),
        invoiceLanguage: z.enum(INVOICE_LANGUAGES).optional(),
        invoiceSeries: text(40).optional(),
        creditNoteSeries: text(40).optional(),
        /** PNG or JPEG bytes as base64; null removes the logo. */
        logoBase64: base64.nullable().optional(),
      })
      .strict(),
    returns<CompanyProfile>(),
    { access: 'company.write', audited: true },
  ),

  'seal.status': channel(z.object({}).strict(), returns<SealStatus>(), { access: 'company.read', audited: false }),
  'seal.create': channel(
    z.object({ keyType: z.enum(['rsa-3072', 'p256']).default('p256') }).strict(),
    returns<SealStatus>(),
    { access: 'seal.manage', audited: true, reauth: true },
  ),
  'seal.import': channel(
    z.object({ p12Base64: base64.min(1, 'Choose a .p12 file.'), password: z.string().max(1024) }).strict(),
    returns<SealStatus>(),
    { access: 'seal.manage', audited: true, reauth: true },
  ),
  'seal.exportRoot': channel(z.object({}).strict(), returns<{ readonly pem: string; readonly fileName: string }>(), {
    access: 'company.read',
    audited: true,
  }),

  'customers.list': channel(
    z.object({ search: text(200).optional(), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    returns<readonly Customer[]>(),
    { access: 'customers.read', audited: false },
  ),
  'customers.get': channel(z.object({ id }).strict(), returns<Customer>(), { access: 'customers.read', audited: false }),
  'customers.create': channel(newCustomer, returns<Customer>(), { access: 'customers.write', audited: true }),
  'customers.update': channel(
    z
      .object({ id, name: text(200).min(1, 'Enter the customer name.').optional(), address: address.optional(), vatId: text(30).optional(), email: text(200).optional() })
      .strict(),
    returns<Customer>(),
    { access: 'customers.write', audited: true },
  ),

  'invoices.list': channel(
    z
      .object({ filter: listFilter.default({}), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100) })
      .strict(),
    returns<{ readonly rows: readonly InvoiceSummary[]; readonly total: number }>(),
    { access: 'invoices.read', audited: false },
  ),
  'invoices.get': channel(z.object({ id }).strict(), returns<Invoice>(), { access: 'invoices.read', audited: false }),
  'invoices.createDraft': channel(draftInput, returns<Invoice>(), { access: 'invoices.draft', audited: true }),
  // Not audited and writes nothing: the editor asks it on every edit, then saves (audited) on purpose.
  'invoices.computeTotals': channel(z.object(draftFields).strict(), returns<DraftTotals>(), { access: 'invoices.draft', audited: false }),
  'invoices.updateDraft': channel(
    z
      .object({ id, ...draftFields })
      .strict()
      .refine((d) => d.customerId !== undefined || d.customer !== undefined, { message: 'Choose a customer.', path: ['customerId'] }),
    returns<Invoice>(),
    { access: 'invoices.draft', audited: true },
  ),
  'invoices.deleteDraft': channel(z.object({ id }).strict(), returns<null>(), { access: 'invoices.delete', audited: true }),
  'invoices.preview': channel(z.object({ id }).strict(), returns<{ readonly pdfBase64: string }>(), {
    access: 'invoices.read',
    audited: false,
  }),
  'invoices.issue': channel(
    // format (issue 10): Factur-X, XRechnung CII/UBL or plain PDF; omitted, the customer's choice.
    z.object({ id, format: z.enum(EINVOICE_FORMATS).optional() }).strict(),
    returns<IssuedInvoice>(),
    { access: 'invoices.issue', audited: true },
  ),
  'invoices.pdf': channel(
    z.object({ id }).strict(),
    returns<{ readonly pdfBase64: string; readonly fileName: string; readonly sha256: string }>(),
    { access: 'invoices.read', audited: true },
  ),
  'invoices.credit': channel(
    z
      .object({
        id,
        reason: text(500).default(''),
        /** Omitted: a full credit note copying every line. */
        lines: z.array(lineInput).min(1).max(500).optional(),
        format: z.enum(EINVOICE_FORMATS).optional(),
      })
      .strict(),
    returns<Invoice>(),
    { access: 'invoices.issue', audited: true },
  ),
  'invoices.pay': channel(
    z
      .object({
        id,
        amount: decimal,
        date: isoDate,
        method: z.enum(PAYMENT_METHODS).default('bank_transfer'),
        reference: text(200).default(''),
      })
      .strict(),
    returns<Invoice>(),
    { access: 'payments.write', audited: true },
  ),

  'recurring.list': channel(z.object({}).strict(), returns<readonly RecurringTemplate[]>(), { access: 'invoices.read', audited: false }),
  'recurring.create': channel(
    templateBase.extend({ notes: text(4000).default(''), mode: z.enum(['draft', 'issue']).default('draft') }).strict(),
    returns<RecurringTemplate>(),
    { access: 'invoices.draft', audited: true },
  ),
  // No defaults here: a field left out stays as it is.
  'recurring.update': channel(
    templateBase.partial().extend({ id, active: z.boolean().optional() }).strict(),
    returns<RecurringTemplate>(),
    { access: 'invoices.draft', audited: true },
  ),
  'recurring.runDue': channel(z.object({}).strict(), returns<RecurringRun>(), { access: 'invoices.draft', audited: true }),

  'pdf.verify': channel(z.object({ pdfBase64: base64.min(1, 'Choose a PDF file.') }).strict(), returns<PdfVerdict>(), {
    access: 'public',
    audited: false,
  }),
} as const;
