import type { XmlNode } from './xml-tree.js';
import { all, attr, one, text } from './xml-tree.js';
import type { ParsedAllowanceCharge, ParsedEInvoice, ParsedParty } from './model.js';
import { amount, currencyOf, isoDate, joined, periodOf, required } from './model.js';

/**
 * UN/CEFACT CII to the supplier invoice model: D16B (Factur-X, ZUGFeRD 2,
 * XRechnung CII) and the CII draft ZUGFeRD 1.0 used. ZUGFeRD 1.0 has the
 * same building blocks under other names ("SupplyChainTrade..." instead of
 * "HeaderTrade..."/"LineTrade...", ApplicablePercent, referenced documents
 * by ID), so one reader serves both through a table of element names.
 */
interface CiiDialect {
  readonly root: string;
  readonly document: string;
  readonly transaction: string;
  readonly agreement: string;
  readonly delivery: string;
  readonly settlement: string;
  readonly summation: string;
  readonly lineAgreement: string;
  readonly lineDelivery: string;
  readonly lineSettlement: string;
  readonly lineSummation: string;
  readonly rate: string;
  readonly referenceId: string;
}

const D16B: CiiDialect = {
  root: 'CrossIndustryInvoice',
  document: 'ExchangedDocument',
  transaction: 'SupplyChainTradeTransaction',
  agreement: 'ApplicableHeaderTradeAgreement',
  delivery: 'ApplicableHeaderTradeDelivery',
  settlement: 'ApplicableHeaderTradeSettlement',
  summation: 'SpecifiedTradeSettlementHeaderMonetarySummation',
  lineAgreement: 'SpecifiedLineTradeAgreement',
  lineDelivery: 'SpecifiedLineTradeDelivery',
  lineSettlement: 'SpecifiedLineTradeSettlement',
  lineSummation: 'SpecifiedTradeSettlementLineMonetarySummation',
  rate: 'RateApplicablePercent',
  referenceId: 'IssuerAssignedID',
};

/** ZUGFeRD 1.0 (urn:ferd:CrossIndustryDocument:invoice:1p0), Forum elektronische Rechnung Deutschland, 2014. */
const ZUGFERD1: CiiDialect = {
  root: 'CrossIndustryDocument',
  document: 'HeaderExchangedDocument',
  transaction: 'SpecifiedSupplyChainTradeTransaction',
  agreement: 'ApplicableSupplyChainTradeAgreement',
  delivery: 'ApplicableSupplyChainTradeDelivery',
  settlement: 'ApplicableSupplyChainTradeSettlement',
  summation: 'SpecifiedTradeSettlementMonetarySummation',
  lineAgreement: 'SpecifiedSupplyChainTradeAgreement',
  lineDelivery: 'SpecifiedSupplyChainTradeDelivery',
  lineSettlement: 'SpecifiedSupplyChainTradeSettlement',
  lineSummation: 'SpecifiedTradeSettlementMonetarySummation',
  rate: 'ApplicablePercent',
  referenceId: 'ID',
};

const dateOf = (node: XmlNode | undefined, ...path: string[]): string | null => isoDate(text(node, ...path, 'DateTimeString'));

function party(node: XmlNode | undefined): ParsedParty {
  const registrations = all(node, 'SpecifiedTaxRegistration').map((reg) => ({ id: text(reg, 'ID'), scheme: attr(one(reg, 'ID'), 'schemeID') }));
  const address = one(node, 'PostalTradeAddress');
  const uri = one(node, 'URIUniversalCommunication', 'URIID');
  const contact = one(node, 'DefinedTradeContact');
  return {
    name: text(node, 'Name') ?? text(node, 'SpecifiedLegalOrganization', 'TradingBusinessName') ?? '',
    vatId: registrations.find((reg) => reg.scheme === 'VA')?.id ?? null,
    taxNumber: registrations.find((reg) => reg.scheme === 'FC')?.id ?? null,
    legalId: text(node, 'SpecifiedLegalOrganization', 'ID') ?? text(node, 'GlobalID'),
    country: text(address, 'CountryID'),
    addressLines: [
      text(address, 'LineOne'),
      text(address, 'LineTwo'),
      text(address, 'LineThree'),
      joined([text(address, 'PostcodeCode'), text(address, 'CityName')], ' '),
      text(address, 'CountrySubDivisionName'),
    ].filter((line): line is string => line !== null),
    electronicAddress: text(uri) === null ? null : joined([attr(uri, 'schemeID'), text(uri)], ': '),
    contact: joined([
      text(contact, 'PersonName'),
      text(contact, 'DepartmentName'),
      text(contact, 'TelephoneUniversalCommunication', 'CompleteNumber'),
      text(contact, 'EmailURIUniversalCommunication', 'URIID'),
    ]),
  };
}

export function parseCii(root: XmlNode, fileName: string): ParsedEInvoice {
  return parseCiiDialect(root, D16B, fileName);
}

export function parseZugferd1(root: XmlNode, fileName: string): ParsedEInvoice {
  return parseCiiDialect(root, ZUGFERD1, fileName);
}

function parseCiiDialect(root: XmlNode, d: CiiDialect, fileName: string): ParsedEInvoice {
  const invoice = one(root, d.root);
  const doc = one(invoice, d.document);
  const transaction = one(invoice, d.transaction);
  const agreement = one(transaction, d.agreement);
  const delivery = one(transaction, d.delivery);
  const settlement = one(transaction, d.settlement);
  const summation = one(settlement, d.summation);
  const currency = currencyOf(text(settlement, 'InvoiceCurrencyCode'), fileName);
  const money = (value: string | null): bigint => amount(value, currency);
  const allowancesCharges = (node: XmlNode | undefined): ParsedAllowanceCharge[] =>
    all(node, 'SpecifiedTradeAllowanceCharge').map((item) => ({
      charge: text(item, 'ChargeIndicator', 'Indicator') === 'true',
      amount: money(text(item, 'ActualAmount')),
      reason: joined([text(item, 'ReasonCode'), text(item, 'Reason')], ' '),
      vatCategory: text(item, 'CategoryTradeTax', 'CategoryCode'),
      vatRate: text(item, 'CategoryTradeTax', d.rate),
    }));
  // BT-110 is the TaxTotalAmount in the invoice currency; a second one (BT-111) may be in the accounting currency.
  const taxTotals = all(summation, 'TaxTotalAmount');
  const vatTotal = taxTotals.find((node) => (attr(node, 'currencyID') ?? currency) === currency) ?? taxTotals[0];
  const paymentMeans = all(settlement, 'SpecifiedTradeSettlementPaymentMeans').map((means) => ({
    typeCode: text(means, 'TypeCode'),
    information: text(means, 'Information'),
    iban: text(means, 'PayeePartyCreditorFinancialAccount', 'IBANID') ?? text(means, 'PayeePartyCreditorFinancialAccount', 'ProprietaryID'),
    accountName: text(means, 'PayeePartyCreditorFinancialAccount', 'AccountName'),
    bic: text(means, 'PayeeSpecifiedCreditorFinancialInstitution', 'BICID'),
  }));
  const terms = all(settlement, 'SpecifiedTradePaymentTerms');
  const period = one(settlement, 'BillingSpecifiedPeriod');
  return {
    syntax: 'cii',
    typeCode: text(doc, 'TypeCode') ?? '380',
    number: required(text(doc, 'ID'), 'invoice number (BT-1)', fileName),
    issueDate: required(dateOf(doc, 'IssueDateTime'), 'issue date (BT-2)', fileName),
    dueDate: terms.map((term) => dateOf(term, 'DueDateDateTime')).find((date) => date !== null) ?? null,
    currency,
    buyerReference: text(agreement, 'BuyerReference'),
    seller: party(one(agreement, 'SellerTradeParty')),
    buyer: party(one(agreement, 'BuyerTradeParty')),
    sellerIban: paymentMeans.map((means) => means.iban).find((iban) => iban !== null) ?? null,
    lines: all(transaction, 'IncludedSupplyChainTradeLineItem').map((item, index) => {
      const quantity = one(item, d.lineDelivery, 'BilledQuantity');
      const lineSettlement = one(item, d.lineSettlement);
      const tax = one(lineSettlement, 'ApplicableTradeTax');
      const product = one(item, 'SpecifiedTradeProduct');
      const linePeriod = one(lineSettlement, 'BillingSpecifiedPeriod');
      return {
        id: text(item, 'AssociatedDocumentLineDocument', 'LineID') ?? String(index + 1),
        description: text(product, 'Name') ?? '',
        quantity: text(quantity) ?? '0',
        unitCode: attr(quantity, 'unitCode'),
        net: money(text(lineSettlement, d.lineSummation, 'LineTotalAmount')),
        vatCategory: text(tax, 'CategoryCode'),
        vatRate: text(tax, d.rate),
        unitPrice: text(item, d.lineAgreement, 'NetPriceProductTradePrice', 'ChargeAmount'),
        itemDescription: text(product, 'Description'),
        sellerItemId: text(product, 'SellerAssignedID'),
        standardItemId: text(product, 'GlobalID'),
        note: joined(all(one(item, 'AssociatedDocumentLineDocument'), 'IncludedNote').map((note) => text(note, 'Content')), '\n'),
        period: periodOf(dateOf(linePeriod, 'StartDateTime'), dateOf(linePeriod, 'EndDateTime')),
        allowancesCharges: allowancesCharges(lineSettlement),
      };
    }),
    vatBreakdown: all(settlement, 'ApplicableTradeTax').map((tax) => ({
      category: text(tax, 'CategoryCode') ?? '',
      rate: text(tax, d.rate),
      taxable: money(text(tax, 'BasisAmount')),
      vat: money(text(tax, 'CalculatedAmount')),
      exemptionReason: joined([text(tax, 'ExemptionReasonCode'), text(tax, 'ExemptionReason')], ' '),
    })),
    totals: {
      lineTotal: money(text(summation, 'LineTotalAmount')),
      net: money(text(summation, 'TaxBasisTotalAmount')),
      vat: money(text(vatTotal)),
      gross: money(text(summation, 'GrandTotalAmount')),
      // ZUGFeRD 1.0 BASIC may omit the amount due: then it is the gross total less what was prepaid.
      due: text(summation, 'DuePayableAmount') === null
        ? money(text(summation, 'GrandTotalAmount')) - money(text(summation, 'TotalPrepaidAmount'))
        : money(text(summation, 'DuePayableAmount')),
    },
    details: {
      notes: all(doc, 'IncludedNote').map((note) => text(note, 'Content')).filter((note): note is string => note !== null),
      deliveryDate: dateOf(delivery, 'ActualDeliverySupplyChainEvent', 'OccurrenceDateTime'),
      period: periodOf(dateOf(period, 'StartDateTime'), dateOf(period, 'EndDateTime')),
      orderReference: text(agreement, 'BuyerOrderReferencedDocument', d.referenceId),
      contractReference: text(agreement, 'ContractReferencedDocument', d.referenceId),
      despatchReference: text(delivery, 'DespatchAdviceReferencedDocument', d.referenceId) ?? text(delivery, 'DeliveryNoteReferencedDocument', d.referenceId),
      projectReference: text(agreement, 'SpecifiedProcuringProject', 'ID'),
      precedingInvoice: text(settlement, 'InvoiceReferencedDocument', d.referenceId),
      paymentReference: text(settlement, 'PaymentReference'),
      paymentTerms: joined(terms.map((term) => text(term, 'Description')), '\n'),
      paymentMeans,
      allowancesCharges: allowancesCharges(settlement),
      allowanceTotal: money(text(summation, 'AllowanceTotalAmount')),
      chargeTotal: money(text(summation, 'ChargeTotalAmount')),
      prepaid: money(text(summation, 'TotalPrepaidAmount')),
    },
  };
}
