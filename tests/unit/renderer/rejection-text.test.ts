import { describe, expect, it } from 'vitest';
import type { ImportRejection } from '../../../src-shared/bank.js';
import { REJECTION_CODES } from '../../../src-shared/bank.js';
import { rejectionText } from '../../../src-renderer/views/bank/rejection-text.js';

describe('rejected bank rows in the reader’s language (bank import result)', () => {
  it('words a row from its reason, the line number grouped the local way', () => {
    const row: ImportRejection = { line: 1234, message: "Line 1234: 'zwölf' is not an amount (decimal mark ',').", reason: { code: 'not-an-amount', params: { value: 'zwölf' } } };
    expect(rejectionText(row, 'fr')).toBe('Ligne 1\u202f234 : « zwölf » n’est pas un montant.');
    expect(rejectionText(row, 'en')).toBe("Line 1,234: 'zwölf' is not an amount.");
  });

  it('words a refused statement with its accounts', () => {
    const statement: ImportRejection = {
      line: 1,
      message: '(English, from main)',
      reason: { code: 'other-currency', params: { currency: 'EUR', account: 'Dollar', accountCurrency: 'USD' } },
    };
    expect(rejectionText(statement, 'fr')).toBe('Ce relevé est en EUR, mais Dollar est tenu en USD ; il n’a pas été importé.');
  });

  it('keeps main’s message where no reason came with it, and has words for every reason', () => {
    expect(rejectionText({ line: 2, message: 'Line 2: something new.' }, 'fr')).toBe('Line 2: something new.');
    for (const code of REJECTION_CODES) {
      for (const language of ['en', 'fr'] as const) {
        const text = rejectionText({ line: 9, message: 'x', reason: { code, params: { value: 'V', currency: 'EUR', account: 'A', accountIban: 'I', accountCurrency: 'USD', iban: 'J' } } }, language);
        expect(text).not.toContain('bank.rejected');
        expect(text).not.toMatch(/\{\w+\}/);
      }
    }
  });
});
