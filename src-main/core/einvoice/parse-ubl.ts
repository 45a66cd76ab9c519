import type { XmlNode } from './xml-tree.js';
import { all, attr, one, text } from './xml-tree.js';
import type { ParsedEInvoice, ParsedParty } from './model.js';
import { amount, currencyOf, isoDate, required } from './model.js';

/** OASIS UBL 2.1 Invoice and CreditNote (Peppol BIS, XRechnung UBL) to the supplier invoice model. */
function party(node: XmlNode | undefined): ParsedParty {
  const vat = all(node, 'PartyTaxScheme').find((scheme) => text(scheme, 'TaxScheme', 'ID') === 'VAT');
  return {
    name: text(node, 'PartyLegalEntity', 'RegistrationName') ?? text(node, 'PartyName', 'Name') ?? '',
    vatId: text(vat, 'CompanyID'),
    legalId: text(node, 'PartyLegalEntity', 'CompanyID'),
    country: text(node, 'PostalAddress', 'Country', 'IdentificationCode'),
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
      };
    }),
    vatBreakdown: all(vatTotal, 'TaxSubtotal').map((sub) => ({
      category: text(sub, 'TaxCategory', 'ID') ?? '',
      rate: text(sub, 'TaxCategory', 'Percent'),
      taxable: money(text(sub, 'TaxableAmount')),
      vat: money(text(sub, 'TaxAmount')),
      exemptionReason: text(sub, 'TaxCategory', 'TaxExemptionReason'),
    })),
    totals: {
      lineTotal: money(text(totals, 'LineExtensionAmount')),
      net: money(text(totals, 'TaxExclusiveAmount')),
      vat: money(text(vatTotal, 'TaxAmount')),
      gross: money(text(totals, 'TaxInclusiveAmount')),
      due: money(text(totals, 'PayableAmount')),
    },
  };
}
