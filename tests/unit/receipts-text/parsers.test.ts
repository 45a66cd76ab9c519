import { describe, expect, it } from 'vitest';
import { findAmounts, minorToDecimal } from '../../../src-main/core/receipts/text/prefill/amounts.js';
import { findDate } from '../../../src-main/core/receipts/text/prefill/dates.js';
import { splitLines } from '../../../src-main/core/receipts/text/prefill/lines.js';
import { findSupplier } from '../../../src-main/core/receipts/text/prefill/supplier.js';
import { findTotal } from '../../../src-main/core/receipts/text/prefill/totals.js';
import { findVatId } from '../../../src-main/core/receipts/text/prefill/vat-id.js';
import { prefillFromText } from '../../../src-main/core/receipts/text/index.js';

const dateOf = (text: string): string | undefined => findDate(splitLines(text));
const totalOf = (text: string): string | undefined => findTotal(splitLines(text))?.value;
const vatIdOf = (text: string): string | undefined => findVatId(splitLines(text));

describe('amounts', () => {
  it.each([
    ['12.50', '12.50'],
    ['12,50', '12.50'],
    ['1,234.56', '1234.56'],
    ['1.234,56', '1234.56'],
    ["1'234.50", '1234.50'],
    ['1\u202f234,56', '1234.56'],
    ['RM9.00', '9.00'],
    ['EUR 0,45', '0.45'],
    ['007.10', '7.10'],
  ])('reads %s as %s', (printed, value) => {
    expect(findAmounts(printed).map((amount) => amount.value)).toEqual([value]);
  });

  it('keeps minor units exact where floats would not (0.1 + 0.2)', () => {
    const [a, b] = findAmounts('0.10 0.20');
    expect(minorToDecimal((a?.minor ?? 0n) + (b?.minor ?? 0n))).toBe('0.30');
    expect(findAmounts('99999999999999999.99')[0]?.minor).toBe(9999999999999999999n);
  });

  it('is not fooled by dates, times, codes, rates or mixed separators', () => {
    expect(findAmounts('25.12.2018 08:13:39')).toEqual([]);
    expect(findAmounts('1.234.56')).toEqual([]);
    expect(findAmounts('EAN 9556939040116')).toEqual([]);
    const [rate] = findAmounts('MwSt 19,00 %');
    expect(rate?.percent).toBe(true);
    expect(findAmounts('Rabatt -1,50')[0]?.negative).toBe(true);
    expect(findAmounts('Remise 1,50-')[0]?.negative).toBe(true);
  });
});

describe('dates', () => {
  it.each([
    ['Date: 25/12/2018 8:13:39 PM', '2018-12-25'],
    ['Datum: 03.12.2026', '2026-12-03'],
    ['18-11-18 19:08 SH01', '2018-11-18'],
    ['2026-12-03T10:15', '2026-12-03'],
    ['12/28/2017 14:02', '2017-12-28'],
    ['14 Nov 2026', '2026-11-14'],
    ['3. Dezember 2026', '2026-12-03'],
    ['Berlin, den 1. März 2026', '2026-03-01'],
    ['Le 3 déc. 2026 à 12h45', '2026-12-03'],
    ['mardi 17 février 2026', '2026-02-17'],
    ['1er août 2026', '2026-08-01'],
    ['December 3, 2026', '2026-12-03'],
    ['25DEC2018', '2018-12-25'],
  ])('reads "%s" as %s', (text, iso) => {
    expect(dateOf(text)).toBe(iso);
  });

  it('refuses impossible dates and years no receipt has', () => {
    expect(dateOf('31/02/2026')).toBeUndefined();
    expect(dateOf('29.02.2023')).toBeUndefined();
    expect(dateOf('29.02.2024')).toBe('2024-02-29');
    expect(dateOf('01/01/1850')).toBeUndefined();
  });

  it('prefers the date the receipt labels, then the one beside a time, over a code that looks like a date', () => {
    expect(dateOf('Valid until 31/12/2027\nDate: 02/01/2026')).toBe('2026-01-02');
    expect(dateOf('HC03-7-15 item\n12-01-19 21:13 SH01')).toBe('2019-01-12');
  });
});

describe('totals', () => {
  it('takes the largest amount on a total line, not the subtotal, tax, count or change', () => {
    const text = ['Subtotal 40.00', 'Total Qty 3', 'Total GST 2.40', 'Grand Total 42.40', 'Change 7.60'].join('\n');
    expect(totalOf(text)).toBe('42.40');
  });

  it.each([
    ['SUMME EUR 12,40'],
    ['Gesamt 12,40 EUR'],
    ['ZU ZAHLEN 12,40'],
    ['NET À PAYER 12,40 €'],
    ['Montant TTC 12,40'],
    ['AMOUNT DUE 12.40'],
    ['TOTAL TTC\n12,40 €'],
  ])('finds the total in "%s"', (text) => {
    expect(totalOf(`Article 1 5,00\n${text}`)).toBe('12.40');
  });

  it('does not read a net (HT, netto, excluding) as the total', () => {
    expect(totalOf('Total HT 50,00\nTVA 20% 10,00\nTotal TTC 60,00')).toBe('60.00');
    expect(totalOf('Summe netto 50,00\nSumme brutto 59,50')).toBe('59.50');
    expect(totalOf('Total HT 50,00')).toBeUndefined();
  });

  it('prefers the rounded total, and cash minus change when it confirms a total', () => {
    expect(totalOf('Total 60.31\nRounding Adj -0.01\nTotal Rounded 60.30\nCash 70.30')).toBe('60.30');
    expect(totalOf('TOTAL AMT RM 60.31\nROUNDING ADJ -0.01\nCASH RM 70.30\nCHANGE RM 10.00')).toBe('60.30');
    // Far from every total: an OCR slip in cash or change, so the printed total stands.
    expect(totalOf('TOTAL 42.40\nCASH 100.00\nCHANGE 7.60')).toBe('42.40');
    // No readable total at all: what was paid.
    expect(totalOf('Total Amount 7731OO\nCash Received 101.00\nChange 70.00')).toBe('31.00');
  });
});

describe('supplier', () => {
  const supplierOf = (text: string): string | undefined => findSupplier(splitLines(text));

  it('takes the line with a legal form near the top over a first line that is a greeting or a slogan', () => {
    expect(supplierOf('Willkommen!\nFrische jeden Tag\nBäckerei Krume GmbH & Co. KG\nMarktplatz 1')).toBe('Bäckerei Krume GmbH & Co. KG');
  });

  it('takes the first line that reads like a name when there is no legal form', () => {
    expect(supplierOf('*** RECEIPT ***\n| Corner Café ~\n12 Mill Lane\nTel 0117 496 0000')).toBe('Corner Café');
    expect(supplierOf('tan woon yann\nINDAH GIFT & HOME DECO\n27, JALAN DEDAP 13')).toBe('INDAH GIFT & HOME DECO');
  });

  it('joins a name broken after "&" or "und" with its next line', () => {
    expect(supplierOf('HOME MASTER HARDWARE &\nELECTRICAL\nNO.113G JALAN SETIA')).toBe('HOME MASTER HARDWARE & ELECTRICAL');
    expect(supplierOf('Müller und\nSöhne GmbH\nHauptstr. 1')).toBe('Müller und Söhne GmbH');
  });

  it('skips OCR fragments, a lone legal form, addresses and numbers', () => {
    expect(supplierOf('BHD\nJER A En — Re\n(001451637-M)\nLIGHTROOM GALLERY SDN BHD')).toBe('LIGHTROOM GALLERY SDN BHD');
    // The town after the street is the address, not a name: better no supplier than a wrong one.
    expect(supplierOf('12345\n2 rue de la Paix\nPARIS')).toBeUndefined();
    expect(supplierOf('(001451637-M)\nNO. 53, JALAN BESAR, 45600 BATANG BERJUNTAI\nSELANGOR DARUL EHSAN')).toBeUndefined();
    expect(supplierOf('0123 4567')).toBeUndefined();
  });
});

describe('VAT ids', () => {
  it.each([
    ['USt-IdNr.: DE 812 706 034', 'DE812706034'],
    ['N° TVA : FR40303265045', 'FR40303265045'],
    ['VAT No GB123456789', 'GB123456789'],
    ['UID ATU12345678', 'ATU12345678'],
    ['BTW NL123456789B01', 'NL123456789B01'],
    ['P.IVA IT12345678901', 'IT12345678901'],
    ['NIF ESA12345674', 'ESA12345674'],
    ['MWST CHE-123.456.788 MWST', 'CHE123456788'],
    ['GST REG NO: 000306020352', '000306020352'],
  ])('reads "%s" as %s', (text, id) => {
    expect(vatIdOf(text)).toBe(id);
  });

  it('rejects German and French numbers whose check digits are wrong (OCR misreads)', () => {
    expect(vatIdOf('USt-IdNr. DE812706035')).toBeUndefined();
    expect(vatIdOf('TVA FR41303265045')).toBeUndefined();
  });

  it('does not read phone numbers or postcodes as VAT ids', () => {
    expect(vatIdOf('Tel: +49 30 1234567\n10115 Berlin DE')).toBeUndefined();
  });
});

describe('currency', () => {
  it.each([
    ['TOTAL £12.00', 'GBP'],
    ['Summe 12,00 €', 'EUR'],
    ['Total CHF 12.00', 'CHF'],
    ['TOTAL (RM): 9.00', 'MYR'],
    ['Total S$ 12.00', 'SGD'],
    ['TOTAL $12.00', 'USD'],
  ])('reads "%s" as %s', (text, code) => {
    expect(prefillFromText(text).currency).toBe(code);
  });

  it('takes the currency on the total line over others on the receipt', () => {
    expect(prefillFromText('Exchange rate 1 EUR = 1.08 USD\nItems 10.00 USD\nTOTAL 12.00 EUR').currency).toBe('EUR');
  });
});
