import type { XmlNode } from './xml-tree.js';
import { all, attr, one, text } from './xml-tree.js';
import type { ParsedAllowanceCharge, ParsedEInvoice, ParsedParty } from './model.js';
import { amount, currencyOf, isoDate, joined, periodOf, required } from './model.js';

/** OASIS UBL 2.1 Invoice and CreditNote (Peppol BIS, XRechnung UBL) to the supplier invoice model. */
function party(node: XmlNode | undefined): ParsedParty {
  const schemes = all(node, 'PartyTaxScheme');
  const vat = schemes.find((scheme) => text(scheme, 'TaxScheme', 'ID') === 'VAT');
  const other = schemes.find((scheme) => scheme !== vat);
  const address = one(node, 'PostalAddress');
  const endpoint = one(node, 'EndpointID');
  const contact = one(node, 'Contact');
  return {
    name: text(node, 'PartyLegalEntity', 'RegistrationName') ?? text(node, 'PartyName', 'Name') ?? '',
    vatId: text(vat, 'CompanyID'),
    taxNumber: text(other, 'CompanyID'),
    legalId: text(node, 'PartyLegalEntity', 'CompanyID'),
    country: text(address, 'Country', 'IdentificationCode'),
    addressLines: [
      text(address, 'StreetName'),
      text(address, 'AdditionalStreetName'),
      text(address, 'AddressLine', 'Line'),
      joined([text(address, 'PostalZone'), text(address, 'CityName')], ' '),
      text(address, 'CountrySubentity'),
    ].filter((line): line is string => line !== null),
    electronicAddress: text(endpoint) === null ? null : joined([attr(endpoint, 'schemeID'), text(endpoint)], ': '),
    contact: joined([text(contact, 'Name'), text(contact, 'Telephone'), text(contact, 'ElectronicMail')]),
  };
}

export function parseUbl(root: XmlNode, syntax: 'ubl-invoice' | 'ubl-creditnote', fileName: string): ParsedEInvoice {
  const credit = syntax === 'ubl-creditnote';
  const doc = one(root, credit ? 'CreditNote' : 'Invoice');
  const currency = currencyOf(text(doc, 'DocumentCurrencyCode'), fileName);
  const money = (value: string | null): bigint => amount(value, currency);
  // BT-110: the TaxTotal in the document currency (a second one may carry BT-111).
  const taxTotals = all(doc, 'TaxTotal');
  const vatTotal = taxTotals.find((total) => attr(one(total, 'TaxAmount'), 'currencyID') === currency) ?? taxTotals[0];
  const totals = one(doc, 'LegalMonetaryTotal');
  const paymentMeans = all(doc, 'PaymentMeans');
  const allowancesCharges = (node: XmlNode | undefined): ParsedAllowanceCharge[] =>
    all(node, 'AllowanceCharge').map((item) => ({
      charge: text(item, 'ChargeIndicator') === 'true',
      amount: money(text(item, 'Amount')),
      reason: joined([text(item, 'AllowanceChargeReasonCode'), text(item, 'AllowanceChargeReason')], ' '),
      vatCategory: text(item, 'TaxCategory', 'ID'),
      vatRate: text(item, 'TaxCategory', 'Percent'),
    }));
  const periodIn = (node: XmlNode | undefined): string | null => periodOf(isoDate(text(node, 'InvoicePeriod', 'StartDate')), isoDate(text(node, 'InvoicePeriod', 'EndDate')));
  return {
    syntax,
    typeCode: text(doc, credit ? 'CreditNoteTypeCode' : 'InvoiceTypeCode') ?? (credit ? '381' : '380'),
    number: required(text(doc, 'ID'), 'invoice number (BT-1)', fileName),
    issueDate: required(isoDate(text(doc, 'IssueDate')), 'issue date (BT-2)', fileName),
    dueDate: isoDate(text(doc, 'DueDate') ?? paymentMeans.map((means) => text(means, 'PaymentDueDate')).find((d) => d !== null) ?? null),
    currency,
    buyerReference: text(doc, 'BuyerReference'),
    seller: party(one(doc, 'AccountingSupplierParty', 'Party')),
    buyer: party(one(doc, 'AccountingCustomerParty', 'Party')),
    sellerIban: paymentMeans.map((means) => text(means, 'PayeeFinancialAccount', 'ID')).find((iban) => iban !== null) ?? null,
    lines: all(doc, credit ? 'CreditNoteLine' : 'InvoiceLine').map((line, index) => {
      const quantity = one(line, credit ? 'CreditedQuantity' : 'InvoicedQuantity');
      const tax = one(line, 'Item', 'ClassifiedTaxCategory');
      return {
        id: text(line, 'ID') ?? String(index + 1),
        description: text(line, 'Item', 'Name') ?? '',
        quantity: text(quantity) ?? '0',
        unitCode: attr(quantity, 'unitCode'),
        net: money(text(line, 'LineExtensionAmount')),
        vatCategory: text(tax, 'ID'),
        vatRate: text(tax, 'Percent'),
        unitPrice: text(line, 'Price', 'PriceAmount'),
        itemDescription: text(line, 'Item', 'Description'),
        sellerItemId: text(line, 'Item', 'SellersItemIdentification', 'ID'),
        standardItemId: text(line, 'Item', 'StandardItemIdentification', 'ID'),
        note: joined(all(line, 'Note').map((note) => text(note)), '\n'),
        period: periodIn(line),
        allowancesCharges: allowancesCharges(line),
      };
    }),
    vatBreakdown: all(vatTotal, 'TaxSubtotal').map((sub) => ({
      category: text(sub, 'TaxCategory', 'ID') ?? '',
      rate: text(sub, 'TaxCategory', 'Percent'),
      taxable: money(text(sub, 'TaxableAmount')),
      vat: money(text(sub, 'TaxAmount')),
      exemptionReason: joined([text(sub, 'TaxCategory', 'TaxExemptionReasonCode'), text(sub, 'TaxCategory', 'TaxExemptionReason')], ' '),
    })),
    totals: {
      lineTotal: money(text(totals, 'LineExtensionAmount')),
      net: money(text(totals, 'TaxExclusiveAmount')),
      vat: money(text(vatTotal, 'TaxAmount')),
      gross: money(text(totals, 'TaxInclusiveAmount')),
      due: money(text(totals, 'PayableAmount')),
    },
    details: {
      notes: all(doc, 'Note').map((note) => text(note)).filter((note): note is string => note !== null),
      deliveryDate: isoDate(text(doc, 'Delivery', 'ActualDeliveryDate')),
      period: periodIn(doc),
      orderReference: text(doc, 'OrderReference', 'ID'),
      contractReference: text(doc, 'ContractDocumentReference', 'ID'),
      despatchReference: text(doc, 'DespatchDocumentReference', 'ID'),
      projectReference: text(doc, 'ProjectReference', 'ID'),
      precedingInvoice: text(doc, 'BillingReference', 'InvoiceDocumentReference', 'ID'),
      paymentReference: paymentMeans.map((means) => text(means, 'PaymentID')).find((id) => id !== null) ?? null,
      paymentTerms: text(doc, 'PaymentTerms', 'Note'),
      paymentMeans: paymentMeans.map((means) => ({
        typeCode: text(means, 'PaymentMeansCode'),
        information: attr(one(means, 'PaymentMeansCode'), 'name'),
        iban: text(means, 'PayeeFinancialAccount', 'ID'),
        accountName: text(means, 'PayeeFinancialAccount', 'Name'),
        bic: text(means, 'PayeeFinancialAccount', 'FinancialInstitutionBranch', 'ID'),
      })),
      allowancesCharges: allowancesCharges(doc),
      allowanceTotal: money(text(totals, 'AllowanceTotalAmount')),
      chargeTotal: money(text(totals, 'ChargeTotalAmount')),
      prepaid: money(text(totals, 'PrepaidAmount')),
    },
  };
}
