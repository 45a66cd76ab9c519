import { degrees, rgb } from 'pdf-lib';
import type { PDFDocument } from 'pdf-lib';
import type { PartySnapshot } from '../../../src-shared/contract-invoicing.js';
import type { Address } from '../../../src-shared/contract-invoicing.js';
import { embedFonts } from '../pdf/fonts.js';
import type { InvoiceDocument, InvoiceSeller } from '../pdf/invoice-document.js';
import type { Logo, StoredProfile } from './company.js';
import { formatLine } from './store.js';
import type { ParsedLine, Totals } from './totals.js';
import { formatTotals } from './totals.js';
import { formatAllowance } from './allowances.js';

function addressLines(address: Address): string[] {
  const cityLine = [address.postalCode, address.city].filter((part) => part.trim() !== '').join(' ');
  return [...address.street.split('\n'), cityLine, address.country].map((line) => line.trim()).filter((line) => line !== '');
}

export function sellerOf(profile: StoredProfile, logo: Logo | null): InvoiceSeller {
  const optional = (value: string): string | undefined => (value.trim() === '' ? undefined : value);
  const fields = {
    vatId: optional(profile.vatId),
    registrationNo: optional(profile.registrationNumber),
    iban: optional(profile.iban),
    bic: optional(profile.bic),
    email: optional(profile.email),
    phone: optional(profile.phone),
  };
  return {
    legalName: profile.legalName,
    addressLines: addressLines(profile.address),
    ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
    ...(logo ? { logo: { bytes: logo.bytes, type: logo.mime === 'image/png' ? 'png' : 'jpeg' } } : {}),
  };
}

export interface DocumentFacts {
  readonly kind: 'invoice' | 'credit_note';
  readonly number: string;
  readonly issueDate: string;
  readonly dueDate: string | null;
  readonly profile: StoredProfile;
  readonly logo: Logo | null;
  readonly customer: PartySnapshot;
  readonly lines: readonly ParsedLine[];
  readonly totals: Totals;
  readonly notes: string;
  /** BT-72 and BG-14 (BT-73, BT-74). */
  readonly delivery?: { readonly date: string | null; readonly periodStart: string | null; readonly periodEnd: string | null } | undefined;
  /** BT-13 purchase order, BT-12 contract; '' or absent when none. */
  readonly orderReference?: string | undefined;
  readonly contractReference?: string | undefined;
  readonly preceding?: { readonly number: string; readonly issueDate: string } | undefined;
}

/** The optional EN 16931 terms with their empty values filled in. */
export function termsOfFacts(facts: DocumentFacts): {
  delivery: { date: string | null; periodStart: string | null; periodEnd: string | null };
  orderReference: string;
  contractReference: string;
} {
  return {
    delivery: { date: facts.delivery?.date ?? null, periodStart: facts.delivery?.periodStart ?? null, periodEnd: facts.delivery?.periodEnd ?? null },
    orderReference: facts.orderReference?.trim() ?? '',
    contractReference: facts.contractReference?.trim() ?? '',
  };
}

/** Plain data for the layout: every amount already computed here, as decimal strings. */
export function buildDocument(facts: DocumentFacts): InvoiceDocument {
  const totals = formatTotals(facts.totals);
  const vatId = facts.customer.vatId.trim();
  const { delivery, orderReference, contractReference } = termsOfFacts(facts);
  return {
    kind: facts.kind === 'invoice' ? 'invoice' : 'credit-note',
    locale: facts.profile.invoiceLanguage,
    number: facts.number,
    issueDate: facts.issueDate,
    ...(facts.dueDate ? { dueDate: facts.dueDate } : {}),
    currency: facts.totals.currency,
    seller: sellerOf(facts.profile, facts.logo),
    buyer: { name: facts.customer.name, addressLines: addressLines(facts.customer.address), ...(vatId ? { vatId } : {}) },
    lines: facts.lines.map((line, index) => {
      const formatted = formatLine(line, facts.totals.lineNets[index] ?? 0n, facts.totals.currency);
      return {
        position: String(index + 1),
        description: formatted.description,
        quantity: formatted.quantity,
        unit: formatted.unit,
        unitPrice: formatted.unitPrice,
        vatRate: formatted.vatRate,
        ...(formatted.discount ? { discount: formatted.discount } : {}),
        net: formatted.net,
      };
    }),
    vatBreakdown: totals.vatBreakdown.map((row) => ({
      rate: row.rate,
      taxable: row.taxable,
      vat: row.vat,
      ...(row.exemptionReason ? { exemptionReason: row.exemptionReason } : {}),
    })),
    ...(facts.totals.allowances.length > 0
      ? {
          lineTotal: totals.lineTotal,
          allowanceCharges: facts.totals.allowances.map((allowance) => {
            const shown = formatAllowance(allowance, facts.totals.currency);
            return {
              charge: shown.charge,
              reason: shown.reason || (shown.reasonCode ?? ''),
              ...(shown.percent !== null ? { percent: shown.percent } : {}),
              vatRate: shown.vatRate,
              amount: shown.amount,
            };
          }),
        }
      : {}),
    totals: { net: totals.net, vat: totals.vat, gross: totals.gross, due: totals.gross },
    ...(delivery.date ? { deliveryDate: delivery.date } : {}),
    ...(delivery.periodStart || delivery.periodEnd
      ? { period: { ...(delivery.periodStart ? { start: delivery.periodStart } : {}), ...(delivery.periodEnd ? { end: delivery.periodEnd } : {}) } }
      : {}),
    ...(orderReference ? { orderReference } : {}),
    ...(contractReference ? { contractReference } : {}),
    ...(facts.notes.trim() ? { notes: facts.notes } : {}),
    ...(facts.kind === 'invoice' && facts.profile.paymentTermsDays > 0
      ? { paymentTerms: `Payable within ${facts.profile.paymentTermsDays} days.` }
      : {}),
    ...(facts.preceding ? { precedingInvoice: facts.preceding } : {}),
    ...(totals.accounting
      ? { exchangeRate: { rate: totals.accounting.exchangeRate, companyCurrency: totals.accounting.currency, vatTotal: totals.accounting.vat } }
      : {}),
  };
}

/** A preview is never sealed and says so across every page. */
export async function markAsDraft(doc: PDFDocument): Promise<void> {
  const { bold } = await embedFonts(doc);
  for (const page of doc.getPages()) {
    const { width, height } = page.getSize();
    page.drawText('DRAFT – NOT AN INVOICE', {
      x: width * 0.12,
      y: height * 0.3,
      size: 46,
      font: bold,
      color: rgb(0.85, 0.2, 0.2),
      opacity: 0.18,
      rotate: degrees(35),
    });
  }
}
