import { z } from 'zod';
import type { CompanyProfile } from '../../../src-shared/contract-invoicing.js';
import { INVOICE_LANGUAGES } from '../../../src-shared/invoicing.js';
import { isCurrency } from '../../../src-shared/money.js';
import { ValidationError } from '../errors.js';
import type { InvoicingContext } from './context.js';
import { nowIso } from './context.js';
import { formatNumber, validateSeries } from './numbering.js';

const addressSchema = z.object({ street: z.string(), postalCode: z.string(), city: z.string(), country: z.string() });
const profileSchema = z.object({
  legalName: z.string(),
  address: addressSchema,
  vatId: z.string(),
  registrationNumber: z.string(),
  iban: z.string(),
  bic: z.string(),
  email: z.string(),
  phone: z.string(),
  defaultCurrency: z.string(),
  paymentTermsDays: z.number().int(),
  // Profiles saved before the setting existed read as English.
  invoiceLanguage: z.enum(INVOICE_LANGUAGES).default('en'),
  invoiceSeries: z.string(),
  creditNoteSeries: z.string(),
});
export type StoredProfile = z.infer<typeof profileSchema>;

export const DEFAULT_PROFILE: StoredProfile = {
  legalName: '',
  address: { street: '', postalCode: '', city: '', country: '' },
  vatId: '',
  registrationNumber: '',
  iban: '',
  bic: '',
  email: '',
  phone: '',
  defaultCurrency: 'EUR',
  paymentTermsDays: 14,
  invoiceLanguage: 'en',
  invoiceSeries: '{YYYY}-{NNNN}',
  creditNoteSeries: 'CN-{YYYY}-{NNNN}',
};

export type ProfileUpdate = Partial<StoredProfile> & { readonly logoBase64?: string | null | undefined };

export interface Logo {
  readonly bytes: Uint8Array;
  readonly mime: 'image/png' | 'image/jpeg';
}

const MAX_LOGO_BYTES = 2 * 1024 * 1024;

interface ProfileRow {
  data: string;
  logo_blob_id: string | null;
  logo_mime: 'image/png' | 'image/jpeg' | null;
}

function row(ctx: InvoicingContext): ProfileRow | undefined {
  return ctx.db.prepare('SELECT data, logo_blob_id, logo_mime FROM company_profile WHERE id = 1').get() as ProfileRow | undefined;
}

/** The stored profile (defaults before the first save). */
export function readProfile(ctx: InvoicingContext): StoredProfile {
  const found = row(ctx);
  return found ? profileSchema.parse(JSON.parse(found.data)) : { ...DEFAULT_PROFILE, legalName: ctx.companyName ?? '' };
}

export function readLogo(ctx: InvoicingContext): Logo | null {
  const found = row(ctx);
  if (!found?.logo_blob_id || !found.logo_mime) return null;
  return { bytes: ctx.blobs.get(found.logo_blob_id), mime: found.logo_mime };
}

export function getCompany(ctx: InvoicingContext): CompanyProfile {
  const logo = readLogo(ctx);
  return {
    ...readProfile(ctx),
    logoDataUrl: logo ? `data:${logo.mime};base64,${Buffer.from(logo.bytes).toString('base64')}` : null,
  };
}

/** ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 must be 1. */
export function isValidIban(iban: string): boolean {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const digits = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** Returns "DE89 3704 ..." grouped by four, as printed on invoices. */
export function formatIban(iban: string): string {
  return iban.replace(/\s+/g, '').toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

function sniffImage(bytes: Buffer): Logo['mime'] | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

function checkProfile(profile: StoredProfile): void {
  const fields: Record<string, string> = {};
  if (profile.iban !== '' && !isValidIban(profile.iban)) {
    fields.iban = `The IBAN '${profile.iban}' is not valid (check digits do not match); copy it from a bank statement.`;
  }
  if (profile.bic !== '' && !/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(profile.bic)) {
    fields.bic = 'A BIC has 8 or 11 letters and digits, e.g. DEUTDEFF.';
  }
  if (!isCurrency(profile.defaultCurrency)) fields.defaultCurrency = `Currency '${profile.defaultCurrency}' is not supported.`;
  if (profile.address.country !== '' && !/^[A-Z]{2}$/.test(profile.address.country)) {
    fields['address.country'] = 'Use a two-letter country code such as DE or FR.';
  }
  for (const field of ['invoiceSeries', 'creditNoteSeries'] as const) {
    try {
      validateSeries(profile[field], field);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      Object.assign(fields, error.fields);
    }
  }
  if (fields.invoiceSeries === undefined && fields.creditNoteSeries === undefined) {
    // Two series that print the same numbers would collide on UNIQUE(number).
    const sample = (pattern: string): string => formatNumber(pattern, '2026-01-01', 1);
    if (sample(profile.invoiceSeries) === sample(profile.creditNoteSeries)) {
      fields.creditNoteSeries = 'Give credit notes their own prefix, e.g. CN-{YYYY}-{NNNN}.';
    }
  }
  const [first] = Object.values(fields);
  if (first !== undefined) throw new ValidationError(first, fields);
}

export function updateCompany(ctx: InvoicingContext, update: ProfileUpdate): CompanyProfile {
  const { logoBase64, ...fields } = update;
  const current = readProfile(ctx);
  const next: StoredProfile = {
    ...current,
    ...Object.fromEntries(Object.entries(fields).filter(([, value]) => (value as unknown) !== undefined)),
  };
  next.iban = next.iban.replace(/\s+/g, '').toUpperCase();
  next.bic = next.bic.replace(/\s+/g, '').toUpperCase();
  next.address = { ...next.address, country: next.address.country.toUpperCase() };
  checkProfile(next);
  let logo: { bytes: Buffer; mime: Logo['mime'] } | null | undefined;
  if (logoBase64 !== undefined && logoBase64 !== null) {
    const bytes = Buffer.from(logoBase64, 'base64');
    const mime = sniffImage(bytes);
    if (!mime) throw new ValidationError('The logo must be a PNG or JPEG image.', { logoBase64: 'Choose a PNG or JPEG file.' });
    if (bytes.length > MAX_LOGO_BYTES) throw new ValidationError('The logo is larger than 2 MB; use a smaller image.', { logoBase64: 'At most 2 MB.' });
    logo = { bytes, mime };
  } else if (logoBase64 === null) {
    logo = null;
  }
  ctx.transaction(() => {
    const existing = row(ctx);
    let blobId = existing?.logo_blob_id ?? null;
    let mime = existing?.logo_mime ?? null;
    if (logo !== undefined) {
      blobId = logo ? ctx.blobs.put(logo.bytes, { kind: 'logo' }).id : null;
      mime = logo?.mime ?? null;
    }
    ctx.db
      .prepare(
        `INSERT INTO company_profile (id, data, logo_blob_id, logo_mime, updated_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, logo_blob_id = excluded.logo_blob_id,
           logo_mime = excluded.logo_mime, updated_at = excluded.updated_at`,
      )
      .run(JSON.stringify(next), blobId, mime, nowIso(ctx));
    const changed = Object.keys(fields).filter((key) => fields[key as keyof typeof fields] !== undefined);
    ctx.audit({ action: 'company.update', subject: 'company', details: { fields: changed, logo: logo === undefined ? 'unchanged' : logo ? 'replaced' : 'removed' } });
  });
  return getCompany(ctx);
}
