import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toMinor } from '../../../src-main/core/bank/amounts.js';
import { dedupKeys } from '../../../src-main/core/bank/dedup.js';
import { bicOk, formatIban, ibanChecksumOk } from '../../../src-main/core/bank/iban.js';
import { decodeText } from '../../../src-main/core/bank/parsers/text.js';
import { canonicalAmount, guessDateOrder, guessDecimalMark, parseDate } from '../../../src-main/core/bank/parsers/values.js';

describe('amounts as banks write them', () => {
  it.each([
    ['1.234,56', ',', '1234.56'],
    ['-1.750,06', ',', '-1750.06'],
    ['+120,00', ',', '120.00'],
    ['9,90-', ',', '-9.90'],
    ['4.093,32 €', ',', '4093.32'],
    ['-$1,750.06', '.', '-1750.06'],
    ['- $21.59', '.', '-21.59'],
    ['£500.00', '.', '500.00'],
    ['(12.50)', '.', '-12.50'],
    ['-0,00', ',', '0.00'],
    ['200', ',', '200'],
    // The plain-cell fast path: leading zeros, a bare mark, a zero that keeps no sign.
    ['007,50', ',', '7.50'],
    ['-000', ',', '0'],
    ['12,', ',', '12'],
    ['-0,05', ',', '-0.05'],
    ['1234.5', '.', '1234.5'],
    ['1234,5', '.', null],
  ] as const)('%s (mark %s) -> %s', (raw, mark, expected) => {
    expect(canonicalAmount(raw, mark)).toBe(expected);
  });

  it('refuses what is not an amount', () => {
    for (const raw of ['12,5,3', 'abc', '', '6,17761250170673E+025', '1.2.3']) expect(canonicalAmount(raw, ',')).toBeNull();
  });

  it('guesses the decimal mark from the cells', () => {
    expect(guessDecimalMark(['-10,7', '200', '1.234,56'])).toBe(',');
    expect(guessDecimalMark(['-76.00', '1,750.06'])).toBe('.');
  });

  it('converts to minor units without rounding: extra zeros are fine, extra digits are refused', () => {
    expect(toMinor('18.150', 'EUR')).toBe(1815n);
    expect(toMinor('-3.77000', 'USD')).toBe(-377n);
    expect(toMinor('38', 'CHF')).toBe(3800n);
    expect(toMinor('1.005', 'EUR')).toBe('1.005 has more decimals than EUR allows.');
    expect(toMinor('12', 'JPY')).toBe(12n);
    expect(toMinor('1', 'DEM')).toMatch(/not supported/);
  });
});

describe('dates', () => {
  it.each([
    ['25.2.2026', 'DMY', '2026-02-25'],
    ['01/04/20', 'DMY', '2020-04-01'],
    ['4/1/2008', 'MDY', '2008-04-01'],
    ['2013/01/17', 'DMY', '2013-01-17'],
    ['20121115', 'DMY', '2012-11-15'],
    ['20091224120000[0:GMT]', 'MDY', '2009-12-24'],
    ['07 Nov 2013', 'DMY', '2013-11-07'],
    ['10-Nov-9', 'DMY', '2009-11-10'],
    ['2002-09-10T23:00:04', 'DMY', '2002-09-10'],
    ['13/08/12', 'YMD', '2013-08-12'],
  ] as const)('%s (%s) -> %s', (raw, order, expected) => {
    expect(parseDate(raw, order)).toBe(expected);
  });

  it('refuses days that do not exist', () => {
    expect(parseDate('31.02.2026', 'DMY')).toBeNull();
    expect(parseDate('29.02.2025', 'DMY')).toBeNull();
    expect(parseDate('29.02.2024', 'DMY')).toBe('2024-02-29');
    expect(parseDate('29.02.1900', 'DMY')).toBeNull();
    expect(parseDate('29.02.2000', 'DMY')).toBe('2000-02-29');
    expect(parseDate('31.04.2026', 'DMY')).toBeNull();
  });

  it('reads a date remembered under one order anew under another', () => {
    expect(parseDate('01/04/20', 'DMY')).toBe('2020-04-01');
    expect(parseDate('01/04/20', 'MDY')).toBe('2020-01-04');
    expect(parseDate('01/04/20', 'DMY')).toBe('2020-04-01');
  });

  it('picks the first order under which every date is real', () => {
    expect(guessDateOrder(['12/27/2019', '01/02/2020'], ['DMY', 'MDY'])).toBe('MDY');
    expect(guessDateOrder(['27.12.2019', '01.02.2020'], ['MDY', 'DMY'])).toBe('DMY');
    expect(guessDateOrder(['x'])).toBeNull();
  });
});

describe('IBAN and BIC', () => {
  it('checks the mod-97 checksum', () => {
    expect(ibanChecksumOk('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(ibanChecksumOk('FR76 3000 6000 0112 3456 7890 189')).toBe(true);
    expect(ibanChecksumOk('GB82WEST12345698765432')).toBe(true);
    expect(ibanChecksumOk('DE89370400440532013001')).toBe(false);
    expect(ibanChecksumOk('DE8937040044')).toBe(false);
    expect(formatIban('de89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
    expect(bicOk('COBADEFFXXX')).toBe(true);
    expect(bicOk('COBADEFF')).toBe(true);
    expect(bicOk('COBADE')).toBe(false);
  });
});

describe('dedup keys', () => {
  const line = { bookingDate: '2026-12-01', amount: -350n, payee: 'Café', text: 'Kaffee' };
  it('keeps identical lines of one file apart by their occurrence, and ignores case and spacing', () => {
    const [a, b] = dedupKeys([line, line]);
    expect(a).not.toBe(b);
    expect(dedupKeys([{ ...line, text: '  KAFFEE ' }])[0]).toBe(a);
    expect(dedupKeys([{ ...line, amount: -351n }])[0]).not.toBe(a);
  });
  it('keeps the key format of the vaults already written: the booking date, then sha256 of the base and occurrence (22 characters)', () => {
    const stored = createHash('sha256').update('tx\u001f2026-12-01\u001f-350\u001fcafé kaffee bar\u001f0').digest('base64url').slice(0, 22);
    expect(dedupKeys([{ ...line, text: 'Kaffee\t\u00a0 Bar' }])[0]).toBe(`2026-12-01${stored}`);
  });
  it('uses the bank id alone where there is one, without the date, so that a rebooked line is still caught', () => {
    const stored = createHash('sha256').update('id\u001fX1\u001f0').digest('base64url').slice(0, 22);
    expect(dedupKeys([{ ...line, bankId: 'X1' }])[0]).toBe(stored);
    expect(dedupKeys([{ ...line, bookingDate: '2026-12-02', text: 'other', bankId: 'X1' }])[0]).toBe(stored);
  });
});

describe('text decoding', () => {
  it('decodes one file once per encoding, each as asked', () => {
    const bytes = Buffer.from('\uFEFFMüller;12,50', 'utf8');
    expect(decodeText(bytes)).toBe('Müller;12,50');
    expect(decodeText(bytes, 'latin1')).toBe('ï»¿MÃ¼ller;12,50');
    expect(decodeText(bytes, 'utf-8')).toBe('Müller;12,50');
    expect(decodeText(Buffer.from([0x4d, 0xfc, 0x6c]))).toBe('Mül');
  });
});
