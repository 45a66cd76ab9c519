import type { RuleFinding } from '../../../src-shared/einvoice.js';

/**
 * Where a person fixes what an EN 16931 / XRechnung rule refuses: the field
 * path of the company profile, the customer record or the invoice, and the
 * rule in plain words. Rules not listed point at the invoice as a whole.
 */
const FIELDS: Readonly<Record<string, { field: string; plain: string }>> = {
  'BR-06': { field: 'company.legalName', plain: 'the seller name is missing' },
  'BR-07': { field: 'customer.name', plain: 'the buyer name is missing' },
  'BR-08': { field: 'company.address', plain: 'the seller postal address is missing' },
  'BR-09': { field: 'company.address.country', plain: 'the seller country code is missing' },
  'BR-10': { field: 'customer.address', plain: 'the buyer postal address is missing' },
  'BR-11': { field: 'customer.address.country', plain: 'the buyer country code is missing' },
  'BR-CO-09': { field: 'company.vatId', plain: 'a VAT id must start with its country prefix (e.g. DE, FR)' },
  'BR-CO-10': { field: 'lines', plain: 'the sum of line nets differs from the line total' },
  'BR-CO-13': { field: 'lines', plain: 'the total without VAT does not add up' },
  'BR-CO-14': { field: 'lines', plain: 'the VAT total differs from the sum of the VAT breakdown' },
  'BR-CO-15': { field: 'totals', plain: 'the total with VAT is not the total without VAT plus VAT' },
  'BR-CO-16': { field: 'totals', plain: 'the amount due does not add up' },
  'BR-CO-25': { field: 'dueDate', plain: 'a positive amount due needs a due date or payment terms' },
  'BR-S-02': { field: 'company.vatId', plain: 'standard-rated lines need the seller VAT id' },
  'BR-E-02': { field: 'company.vatId', plain: 'exempt lines need the seller VAT id' },
  'BR-E-10': { field: 'lines.exemptionReason', plain: 'an exempt VAT breakdown needs an exemption reason' },
  'BR-AE-02': { field: 'customer.vatId', plain: 'reverse charge needs the seller and the buyer VAT ids' },
  'BR-AE-10': { field: 'lines.exemptionReason', plain: 'reverse charge needs an exemption reason' },
  'BR-IC-02': { field: 'customer.vatId', plain: 'an intra-community supply needs the seller and the buyer VAT ids' },
  'BR-IC-10': { field: 'lines.exemptionReason', plain: 'an intra-community supply needs an exemption reason' },
  'BR-IC-11': { field: 'deliveryDate', plain: 'an intra-community supply needs a delivery date' },
  'BR-IC-12': { field: 'customer.address.country', plain: 'an intra-community supply needs the deliver-to country' },
  'BR-G-10': { field: 'lines.exemptionReason', plain: 'an export needs an exemption reason' },
  'BR-DE-1': { field: 'company.iban', plain: 'XRechnung needs payment instructions (the IBAN)' },
  'BR-DE-2': { field: 'company.phone', plain: 'XRechnung needs the seller contact' },
  'BR-DE-5': { field: 'company.phone', plain: 'XRechnung needs a seller contact name' },
  'BR-DE-6': { field: 'company.phone', plain: 'XRechnung needs a seller contact telephone number' },
  'BR-DE-7': { field: 'company.email', plain: 'XRechnung needs a seller contact e-mail address' },
  'BR-DE-15': { field: 'customer.buyerReference', plain: 'XRechnung needs the buyer reference (BT-10, the Leitweg-ID)' },
  'BR-DE-SEL': { field: 'company.email', plain: "XRechnung needs the seller's electronic address (BT-34)" },
  'BR-DE-BUY': { field: 'customer.electronicAddress', plain: "XRechnung needs the buyer's electronic address (BT-49)" },
};

export function fieldFor(ruleId: string): string {
  return FIELDS[ruleId]?.field ?? 'invoice';
}

/** "BR-CO-15: the total with VAT is not ... (fix: totals)". */
export function plainWords(finding: RuleFinding): string {
  const known = FIELDS[finding.ruleId];
  return `${finding.ruleId}: ${known?.plain ?? finding.message} (field: ${fieldFor(finding.ruleId)})`;
}
