import type { CompanyProfile, InvoiceLanguage } from '../../../src-shared/invoicing.js';
import type { MessageKey } from '../../lib/i18n.js';

/** The company form's fields, as typed. */
export interface ProfileDraft {
  legalName: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  vatId: string;
  registrationNumber: string;
  email: string;
  phone: string;
  iban: string;
  bic: string;
  invoiceSeries: string;
  creditNoteSeries: string;
  defaultCurrency: string;
  paymentTermsDays: number;
  invoiceLanguage: InvoiceLanguage;
}
export type TextKey = Exclude<keyof ProfileDraft, 'defaultCurrency' | 'paymentTermsDays' | 'invoiceLanguage'>;

interface FieldSpec {
  readonly key: TextKey;
  readonly label: MessageKey;
  readonly span?: 2 | 4;
  readonly max?: number;
  readonly mono?: boolean;
  readonly placeholder?: string;
}
interface Group {
  readonly title: MessageKey;
  readonly hint?: MessageKey;
  readonly fields: readonly FieldSpec[];
}

export const FIELD_GROUPS: readonly Group[] = [
  {
    title: 'company.group.identity',
    fields: [
      { key: 'legalName', label: 'company.legalName', span: 4 },
      { key: 'vatId', label: 'company.vatId', span: 2, mono: true },
      { key: 'registrationNumber', label: 'company.registrationNumber', span: 2 },
      { key: 'email', label: 'company.email', span: 2 },
      { key: 'phone', label: 'company.phone', span: 2 },
    ],
  },
  {
    title: 'company.group.address',
    fields: [
      { key: 'street', label: 'cust.street', span: 4 },
      { key: 'postalCode', label: 'cust.postalCode' },
      { key: 'city', label: 'cust.city', span: 2 },
      { key: 'country', label: 'cust.country', max: 2, placeholder: 'DE' },
    ],
  },
  {
    title: 'company.group.bank',
    fields: [
      { key: 'iban', label: 'company.iban', span: 2, mono: true },
      { key: 'bic', label: 'company.bic', mono: true },
    ],
  },
  {
    title: 'company.group.invoicing',
    hint: 'company.seriesHint',
    fields: [
      { key: 'invoiceSeries', label: 'company.invoiceSeries', mono: true, placeholder: '{YYYY}-{NNNN}' },
      { key: 'creditNoteSeries', label: 'company.creditNoteSeries', mono: true, placeholder: 'CN-{YYYY}-{NNNN}' },
    ],
  },
];

export function draftOf(profile: CompanyProfile): ProfileDraft {
  return {
    legalName: profile.legalName,
    ...profile.address,
    vatId: profile.vatId,
    registrationNumber: profile.registrationNumber,
    email: profile.email,
    phone: profile.phone,
    iban: profile.iban,
    bic: profile.bic,
    invoiceSeries: profile.invoiceSeries,
    creditNoteSeries: profile.creditNoteSeries,
    defaultCurrency: profile.defaultCurrency,
    paymentTermsDays: profile.paymentTermsDays,
    invoiceLanguage: profile.invoiceLanguage,
  };
}

export function profileInput(draft: ProfileDraft) {
  const { street, postalCode, city, country, paymentTermsDays, ...rest } = draft;
  return {
    ...rest,
    address: { street, postalCode, city, country: country.toUpperCase() },
    // A cleared number field binds null; main then says what it needs.
    paymentTermsDays: typeof paymentTermsDays === 'number' ? paymentTermsDays : Number.NaN,
  };
}
