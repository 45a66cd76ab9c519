import type { En16931Allowance, En16931Invoice, En16931Party } from './en16931.js';
import { SPECIFICATION_ID } from './en16931.js';
import { el, esc, group, leaf } from './xml-writer.js';

/**
 * UN/CEFACT CII D16B for Factur-X (EN 16931 profile) and XRechnung CII.
 * Element order follows the XSD sequence; the XSD check that runs before
 * issuing would refuse any slip.
 */
const NS = {
  'xmlns:rsm': 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  'xmlns:ram': 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  'xmlns:qdt': 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
  'xmlns:udt': 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
};

const date102 = (iso: string): string => iso.replace(/-/g, '');
const udtDate = (iso: string): string => el('udt:DateTimeString', { format: '102' }, date102(iso));

function party(tag: string, p: En16931Party, withContact: boolean): string {
  return el(
    tag,
    {},
    leaf('ram:Name', p.name),
    group('ram:SpecifiedLegalOrganization', leaf('ram:ID', p.legalId)),
    withContact
      ? group(
          'ram:DefinedTradeContact',
          leaf('ram:PersonName', p.name),
          group('ram:TelephoneUniversalCommunication', leaf('ram:CompleteNumber', p.phone)),
          group('ram:EmailURIUniversalCommunication', leaf('ram:URIID', p.email)),
        )
      : null,
    el(
      'ram:PostalTradeAddress',
      {},
      leaf('ram:PostcodeCode', p.postalCode),
      leaf('ram:LineOne', p.street.split('\n').join(', ')),
      leaf('ram:CityName', p.city),
      leaf('ram:CountryID', p.country),
    ),
    group('ram:URIUniversalCommunication', leaf('ram:URIID', p.electronicAddress, { schemeID: 'EM' })),
    group('ram:SpecifiedTaxRegistration', leaf('ram:ID', p.vatId, { schemeID: 'VA' })),
  );
}

/** BG-20 / BG-21 in TradeAllowanceChargeType order. */
function allowanceCharge(a: En16931Allowance): string {
  return el(
    'ram:SpecifiedTradeAllowanceCharge',
    {},
    el('ram:ChargeIndicator', {}, el('udt:Indicator', {}, a.charge ? 'true' : 'false')),
    leaf('ram:CalculationPercent', a.percent),
    leaf('ram:BasisAmount', a.base),
    el('ram:ActualAmount', {}, esc(a.amount)),
    leaf('ram:ReasonCode', a.reasonCode),
    leaf('ram:Reason', a.reason),
    el('ram:CategoryTradeTax', {}, el('ram:TypeCode', {}, 'VAT'), el('ram:CategoryCode', {}, a.category), a.category === 'O' ? null : el('ram:RateApplicablePercent', {}, esc(a.rate))),
  );
}

const period = (p: En16931Invoice['period']): string | null =>
  p === null
    ? null
    : el(
        'ram:BillingSpecifiedPeriod',
        {},
        p.start === null ? null : el('ram:StartDateTime', {}, udtDate(p.start)),
        p.end === null ? null : el('ram:EndDateTime', {}, udtDate(p.end)),
      );

export function writeCii(invoice: En16931Invoice): string {
  const amount = (name: string, value: string, attrs: Readonly<Record<string, string>> = {}): string => el(name, attrs, esc(value));
  const lines = invoice.lines.map((line) =>
    el(
      'ram:IncludedSupplyChainTradeLineItem',
      {},
      el('ram:AssociatedDocumentLineDocument', {}, el('ram:LineID', {}, esc(line.id))),
      el('ram:SpecifiedTradeProduct', {}, el('ram:Name', {}, esc(line.name))),
      el('ram:SpecifiedLineTradeAgreement', {}, el('ram:NetPriceProductTradePrice', {}, amount('ram:ChargeAmount', line.unitPrice))),
      el('ram:SpecifiedLineTradeDelivery', {}, el('ram:BilledQuantity', { unitCode: line.unitCode }, esc(line.quantity))),
      el(
        'ram:SpecifiedLineTradeSettlement',
        {},
        el('ram:ApplicableTradeTax', {}, el('ram:TypeCode', {}, 'VAT'), el('ram:CategoryCode', {}, line.category), line.category === 'O' ? null : amount('ram:RateApplicablePercent', line.rate)),
        line.allowance === null
          ? null
          : el(
              'ram:SpecifiedTradeAllowanceCharge',
              {},
              el('ram:ChargeIndicator', {}, el('udt:Indicator', {}, 'false')),
              amount('ram:ActualAmount', line.allowance),
              el('ram:Reason', {}, 'Discount'),
            ),
        el('ram:SpecifiedTradeSettlementLineMonetarySummation', {}, amount('ram:LineTotalAmount', line.net)),
      ),
    ),
  );
  const vat = invoice.vat.map((row) =>
    el(
      'ram:ApplicableTradeTax',
      {},
      amount('ram:CalculatedAmount', row.vat),
      el('ram:TypeCode', {}, 'VAT'),
      leaf('ram:ExemptionReason', row.exemptionReason),
      amount('ram:BasisAmount', row.taxable),
      el('ram:CategoryCode', {}, row.category),
      row.category === 'O' ? null : amount('ram:RateApplicablePercent', row.rate),
    ),
  );
  const body = el(
    'rsm:CrossIndustryInvoice',
    NS,
    el('rsm:ExchangedDocumentContext', {}, el('ram:GuidelineSpecifiedDocumentContextParameter', {}, el('ram:ID', {}, esc(SPECIFICATION_ID[invoice.format])))),
    el(
      'rsm:ExchangedDocument',
      {},
      el('ram:ID', {}, esc(invoice.number)),
      el('ram:TypeCode', {}, invoice.typeCode),
      el('ram:IssueDateTime', {}, udtDate(invoice.issueDate)),
      group('ram:IncludedNote', leaf('ram:Content', invoice.notes)),
    ),
    el(
      'rsm:SupplyChainTradeTransaction',
      {},
      ...lines,
      el(
        'ram:ApplicableHeaderTradeAgreement',
        {},
        leaf('ram:BuyerReference', invoice.buyerReference),
        party('ram:SellerTradeParty', invoice.seller, true),
        party('ram:BuyerTradeParty', invoice.buyer, false),
        group('ram:BuyerOrderReferencedDocument', leaf('ram:IssuerAssignedID', invoice.orderReference)),
        group('ram:ContractReferencedDocument', leaf('ram:IssuerAssignedID', invoice.contractReference)),
      ),
      el(
        'ram:ApplicableHeaderTradeDelivery',
        {},
        invoice.deliveryDate === null ? null : el('ram:ActualDeliverySupplyChainEvent', {}, el('ram:OccurrenceDateTime', {}, udtDate(invoice.deliveryDate))),
      ),
      el(
        'ram:ApplicableHeaderTradeSettlement',
        {},
        el('ram:InvoiceCurrencyCode', {}, invoice.currency),
        invoice.iban === ''
          ? null
          : el(
              'ram:SpecifiedTradeSettlementPaymentMeans',
              {},
              // UNTDID 4461 code 58: SEPA credit transfer.
              el('ram:TypeCode', {}, '58'),
              el('ram:PayeePartyCreditorFinancialAccount', {}, el('ram:IBANID', {}, esc(invoice.iban))),
              group('ram:PayeeSpecifiedCreditorFinancialInstitution', leaf('ram:BICID', invoice.bic)),
            ),
        ...vat,
        period(invoice.period),
        ...invoice.allowances.map(allowanceCharge),
        group('ram:SpecifiedTradePaymentTerms', leaf('ram:Description', invoice.paymentTerms), invoice.dueDate === null ? null : el('ram:DueDateDateTime', {}, udtDate(invoice.dueDate))),
        el(
          'ram:SpecifiedTradeSettlementHeaderMonetarySummation',
          {},
          amount('ram:LineTotalAmount', invoice.totals.lineTotal),
          leaf('ram:ChargeTotalAmount', invoice.totals.charges),
          leaf('ram:AllowanceTotalAmount', invoice.totals.allowances),
          amount('ram:TaxBasisTotalAmount', invoice.totals.net),
          amount('ram:TaxTotalAmount', invoice.totals.vat, { currencyID: invoice.currency }),
          amount('ram:GrandTotalAmount', invoice.totals.gross),
          amount('ram:DuePayableAmount', invoice.totals.due),
        ),
        invoice.preceding === null
          ? null
          : el(
              'ram:InvoiceReferencedDocument',
              {},
              el('ram:IssuerAssignedID', {}, esc(invoice.preceding.number)),
              el('ram:FormattedIssueDateTime', {}, el('qdt:DateTimeString', { format: '102' }, date102(invoice.preceding.issueDate))),
            ),
      ),
    ),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;
}
