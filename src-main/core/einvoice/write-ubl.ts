import type { En16931Invoice, En16931Party } from './en16931.js';
import { SPECIFICATION_ID } from './en16931.js';
import { el, esc, group, leaf } from './xml-writer.js';

/** OASIS UBL 2.1 Invoice / CreditNote for XRechnung UBL, in XSD sequence order. */
const CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
const CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';
/** Peppol BIS Billing 3.0 process, which XRechnung UBL uses (BT-23). */
const PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

const taxScheme = (): string => el('cac:TaxScheme', {}, el('cbc:ID', {}, 'VAT'));

function party(tag: string, p: En16931Party, withContact: boolean): string {
  return el(
    tag,
    {},
    el(
      'cac:Party',
      {},
      leaf('cbc:EndpointID', p.electronicAddress, { schemeID: 'EM' }),
      group('cac:PartyName', leaf('cbc:Name', p.name)),
      el(
        'cac:PostalAddress',
        {},
        leaf('cbc:StreetName', p.street.split('\n').join(', ')),
        leaf('cbc:CityName', p.city),
        leaf('cbc:PostalZone', p.postalCode),
        el('cac:Country', {}, el('cbc:IdentificationCode', {}, esc(p.country))),
      ),
      p.vatId === '' ? null : el('cac:PartyTaxScheme', {}, el('cbc:CompanyID', {}, esc(p.vatId)), taxScheme()),
      el('cac:PartyLegalEntity', {}, el('cbc:RegistrationName', {}, esc(p.name)), leaf('cbc:CompanyID', p.legalId)),
      withContact ? group('cac:Contact', leaf('cbc:Name', p.name), leaf('cbc:Telephone', p.phone), leaf('cbc:ElectronicMail', p.email)) : null,
    ),
  );
}

export function writeUbl(invoice: En16931Invoice): string {
  const credit = invoice.typeCode === '381';
  const cur = { currencyID: invoice.currency };
  const money = (name: string, value: string): string => el(name, cur, esc(value));
  const taxCategory = (tag: string, code: string, rate: string, reason: string | null): string =>
    el(tag, {}, el('cbc:ID', {}, code), code === 'O' ? null : el('cbc:Percent', {}, esc(rate)), leaf('cbc:TaxExemptionReason', reason), taxScheme());
  const lines = invoice.lines.map((line) =>
    el(
      credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine',
      {},
      el('cbc:ID', {}, esc(line.id)),
      el(credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', { unitCode: line.unitCode }, esc(line.quantity)),
      money('cbc:LineExtensionAmount', line.net),
      line.allowance === null
        ? null
        : el('cac:AllowanceCharge', {}, el('cbc:ChargeIndicator', {}, 'false'), el('cbc:AllowanceChargeReason', {}, 'Discount'), money('cbc:Amount', line.allowance)),
      el('cac:Item', {}, el('cbc:Name', {}, esc(line.name)), taxCategory('cac:ClassifiedTaxCategory', line.category, line.rate, null)),
      el('cac:Price', {}, money('cbc:PriceAmount', line.unitPrice)),
    ),
  );
  const root = credit ? 'CreditNote' : 'Invoice';
  const body = el(
    root,
    { xmlns: `urn:oasis:names:specification:ubl:schema:xsd:${root}-2`, 'xmlns:cac': CAC, 'xmlns:cbc': CBC },
    el('cbc:CustomizationID', {}, esc(SPECIFICATION_ID[invoice.format])),
    el('cbc:ProfileID', {}, PROFILE_ID),
    el('cbc:ID', {}, esc(invoice.number)),
    el('cbc:IssueDate', {}, invoice.issueDate),
    !credit && invoice.dueDate !== null ? el('cbc:DueDate', {}, invoice.dueDate) : null,
    el(credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode', {}, invoice.typeCode),
    leaf('cbc:Note', invoice.notes),
    el('cbc:DocumentCurrencyCode', {}, invoice.currency),
    leaf('cbc:BuyerReference', invoice.buyerReference),
    invoice.period === null ? null : group('cac:InvoicePeriod', leaf('cbc:StartDate', invoice.period.start), leaf('cbc:EndDate', invoice.period.end)),
    group('cac:OrderReference', leaf('cbc:ID', invoice.orderReference)),
    invoice.preceding === null
      ? null
      : el('cac:BillingReference', {}, el('cac:InvoiceDocumentReference', {}, el('cbc:ID', {}, esc(invoice.preceding.number)), el('cbc:IssueDate', {}, invoice.preceding.issueDate))),
    group('cac:ContractDocumentReference', leaf('cbc:ID', invoice.contractReference)),
    party('cac:AccountingSupplierParty', invoice.seller, true),
    party('cac:AccountingCustomerParty', invoice.buyer, false),
    group('cac:Delivery', leaf('cbc:ActualDeliveryDate', invoice.deliveryDate)),
    invoice.iban === ''
      ? null
      : el(
          'cac:PaymentMeans',
          {},
          el('cbc:PaymentMeansCode', {}, '58'),
          credit && invoice.dueDate !== null ? el('cbc:PaymentDueDate', {}, invoice.dueDate) : null,
          el('cac:PayeeFinancialAccount', {}, el('cbc:ID', {}, esc(invoice.iban)), group('cac:FinancialInstitutionBranch', leaf('cbc:ID', invoice.bic))),
        ),
    group('cac:PaymentTerms', leaf('cbc:Note', invoice.paymentTerms)),
    // BG-20 / BG-21.
    ...invoice.allowances.map((a) =>
      el(
        'cac:AllowanceCharge',
        {},
        el('cbc:ChargeIndicator', {}, a.charge ? 'true' : 'false'),
        leaf('cbc:AllowanceChargeReasonCode', a.reasonCode),
        leaf('cbc:AllowanceChargeReason', a.reason),
        leaf('cbc:MultiplierFactorNumeric', a.percent),
        money('cbc:Amount', a.amount),
        a.base === null ? null : money('cbc:BaseAmount', a.base),
        taxCategory('cac:TaxCategory', a.category, a.rate, null),
      ),
    ),
    el(
      'cac:TaxTotal',
      {},
      money('cbc:TaxAmount', invoice.totals.vat),
      ...invoice.vat.map((row) =>
        el('cac:TaxSubtotal', {}, money('cbc:TaxableAmount', row.taxable), money('cbc:TaxAmount', row.vat), taxCategory('cac:TaxCategory', row.category, row.rate, row.exemptionReason)),
      ),
    ),
    el(
      'cac:LegalMonetaryTotal',
      {},
      money('cbc:LineExtensionAmount', invoice.totals.lineTotal),
      money('cbc:TaxExclusiveAmount', invoice.totals.net),
      money('cbc:TaxInclusiveAmount', invoice.totals.gross),
      invoice.totals.allowances === null ? null : money('cbc:AllowanceTotalAmount', invoice.totals.allowances),
      invoice.totals.charges === null ? null : money('cbc:ChargeTotalAmount', invoice.totals.charges),
      money('cbc:PayableAmount', invoice.totals.due),
    ),
    ...lines,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;
}
