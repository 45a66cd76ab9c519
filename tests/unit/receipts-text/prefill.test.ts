import { describe, expect, it } from 'vitest';
import { prefillFromText } from '../../../src-main/core/receipts/text/index.js';
import { ENGLISH_SHOP, FRENCH_RESTAURANT, GERMAN_SUPERMARKET, MALAYSIAN_OCR } from './receipts.js';

describe('prefillFromText on whole receipts', () => {
  it('reads a German supermarket receipt with two VAT rates', () => {
    expect(prefillFromText(GERMAN_SUPERMARKET)).toEqual({
      date: '2026-12-03',
      total: '11.02',
      currency: 'EUR',
      supplier: 'REWE Markt GmbH',
      // 1.16 at 19 % plus 0.25 at 7 %: no single rate to prefill.
      vatAmount: '1.41',
      vatId: 'DE812706034',
    });
  });

  it('reads a French restaurant bill (TTC total, TVA rate with decimals, written date)', () => {
    expect(prefillFromText(FRENCH_RESTAURANT)).toEqual({
      date: '2026-12-03',
      total: '55.00',
      currency: 'EUR',
      supplier: 'Le Petit Zinc SARL',
      vatAmount: '5.00',
      vatRate: '10',
      vatId: 'FR03552081317',
    });
  });

  it('reads an English shop receipt (pound sign, GB VAT number, card payment)', () => {
    expect(prefillFromText(ENGLISH_SHOP)).toEqual({
      date: '2026-11-14',
      total: '29.99',
      currency: 'GBP',
      supplier: 'Harbour Books Ltd',
      vatAmount: '5.00',
      vatRate: '20',
      vatId: 'GB123456789',
    });
  });

  it('takes cash minus change as the paid total when OCR gives the unrounded total, and skips handwriting', () => {
    expect(prefillFromText(MALAYSIAN_OCR)).toEqual({
      date: '2018-11-18',
      total: '30.90',
      currency: 'MYR',
      supplier: 'MR D.I.Y. (M) SDN BHD',
      vatAmount: '1.75',
      vatId: '000306020352',
    });
  });

  it('finds nothing in text that is not a receipt', () => {
    expect(prefillFromText('')).toEqual({});
    expect(prefillFromText('lorem ipsum dolor sit amet\nconsectetur 42')).toEqual({});
  });

  it('drops a VAT amount that cannot be the tax of the total (an OCR misread)', () => {
    const text = 'ACME TRADING\nGST 6% 15.00\nTOTAL 15.90\n';
    expect(prefillFromText(text)).toMatchObject({ total: '15.90', vatRate: '6' });
    expect(prefillFromText(text).vatAmount).toBeUndefined();
  });
});
