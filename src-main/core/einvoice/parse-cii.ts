import type { XmlNode } from './xml-tree.js';
import { all, attr, one, text } from './xml-tree.js';
import type { ParsedEInvoice, ParsedParty } from './model.js';
import { amount, currencyOf, isoDate, required } from './model.js';

/** UN/CEFACT CII D16B (Factur-X, ZUGFeRD 2, XRechnung CII) to the supplier invoice model. */
function party(node: XmlNode | undefined): ParsedParty {
  const registrations = all(node, 'SpecifiedTaxRegistration').map((reg) => ({ id: text(reg, 'ID'), scheme: attr(one(reg, 'ID'), 'schemeID') }));
  return {
    name: text(node, 'Name') ?? '',
    vatId: registrations.find((reg) => reg.scheme === 'VA')?.id ?? null,
    legalId: text(node, 'SpecifiedLegalOrganization', 'ID'),
    country: text(node, 'PostalTradeAddress', 'CountryID'),
  };
}

export function parseCii(root: XmlNode, fileName: string): ParsedEInvoice {
  const invoice = one(root, 'CrossIndustryInvoice');
  const doc = one(invoice, 'ExchangedDocument');
  const transaction = one(invoice, 'SupplyChainTradeTransaction');
  const agreement = one(transaction, 'ApplicableHeaderTradeAgreement');
  const settlement = one(transaction, 'ApplicableHeaderTradeSettlement');
  const summation = one(settlement, 'SpecifiedTradeSettlementHeaderMonetarySummation');
  const currency = currencyOf(text(settlement, 'InvoiceCurrencyCode'), fileName);
  const money = (value: string | null): bigint => amount(value, currency);
  // BT-110 is the TaxTotalAmount in the invoice currency; a second one (BT-111) may be in the accounting currency.
  const taxTotals = all(summation, 'TaxTotalAmount');
  const vatTotal = taxTotals.find((node) => (attr(node, 'currencyID') ?? currency) === currency) ?? taxTotals[0];
  return {
    syntax: 'cii',
    typeCode: text(doc, 'TypeCode') ?? '380',
    number: required(text(doc, 'ID'), 'invoice number (BT-1)', fileName),
    issueDate: required(isoDate(text(doc, 'IssueDateTime', 'DateTimeString')), 'issue date (BT-2)', fileName),
    dueDate: isoDate(text(settlement, 'SpecifiedTradePaymentTerms', 'DueDateDateTime', 'DateTimeString')),
    currency,
    buyerReference: text(agreement, 'BuyerReference'),
    seller: party(one(agreement, 'SellerTradeParty')),
    buyer: party(one(agreement, 'BuyerTradeParty')),
    sellerIban:
      all(settlement, 'SpecifiedTradeSettlementPaymentMeans')
        .map((means) => text(means, 'PayeePartyCreditorFinancialAccount', 'IBANID'))
        .find((iban) => iban !== null) ?? null,
    lines: all(transaction, 'IncludedSupplyChainTradeLineItem').map((item, index) => {
      const quantity = one(item, 'SpecifiedLineTradeDelivery', 'BilledQuantity');
      const tax = one(item, 'SpecifiedLineTradeSettlement', 'ApplicableTradeTax');
      return {
        id: text(item, 'AssociatedDocumentLineDocument', 'LineID') ?? String(index + 1),
        description: text(item, 'SpecifiedTradeProduct', 'Name') ?? '',
        quantity: text(quantity) ?? '0',
        unitCode: attr(quantity, 'unitCode'),
        net: money(text(item, 'SpecifiedLineTradeSettlement', 'SpecifiedTradeSettlementLineMonetarySummation', 'LineTotalAmount')),
        vatCategory: text(tax, 'CategoryCode'),
        vatRate: text(tax, 'RateApplicablePercent'),
      };
    }),
    vatBreakdown: all(settlement, 'ApplicableTradeTax').map((tax) => ({
      category: text(tax, 'CategoryCode') ?? '',
      rate: text(tax, 'RateApplicablePercent'),
      taxable: money(text(tax, 'BasisAmount')),
      vat: money(text(tax, 'CalculatedAmount')),
      exemptionReason: text(tax, 'ExemptionReason'),
    })),
    totals: {
      lineTotal: money(text(summation, 'LineTotalAmount')),
      net: money(text(summation, 'TaxBasisTotalAmount')),
      vat: money(text(vatTotal)),
      gross: money(text(summation, 'GrandTotalAmount')),
      due: money(text(summation, 'DuePayableAmount')),
    },
  };
}
