import { describe, expect, it } from 'vitest';
import type { ReconciliationNote } from '../../../src-shared/bank.js';
import { reconciliationText } from '../../../src-renderer/views/bank/reconciliation-text.js';

const agrees: ReconciliationNote = {
  ok: true,
  message: 'Statement 2026-11-01 to 2026-11-02: opening 1000.00 EUR plus 1 line (-200.00 EUR) equals the closing balance 800.00 EUR.',
  facts: { currency: 'EUR', from: '2026-11-01', to: '2026-11-02', opening: '1000.00', closing: '800.00', lines: 1, total: '-200.00', mismatch: null, gap: null },
};

const both: ReconciliationNote = {
  ok: false,
  message: '(English, from main)',
  facts: {
    currency: 'EUR',
    from: '2026-12-01',
    to: '2026-12-02',
    opening: '750.00',
    closing: '900.00',
    lines: 1,
    total: '100.00',
    mismatch: { computed: '850.00', difference: '50.00', missing: true, rejected: 2 },
    gap: { previousClosing: '800.00', previousDate: '2026-11-02', opening: '750.00', difference: '50.00' },
  },
};

describe('reconciliation in the reader’s language (bank import result)', () => {
  it('words an agreeing statement, grouping amounts and dating the local way', () => {
    expect(reconciliationText(agrees, 'en')).toBe('Statement Nov 1, 2026 to Nov 2, 2026: opening 1,000.00 EUR plus 1 line(s) (-200.00 EUR) equals the closing balance 800.00 EUR.');
    expect(reconciliationText(agrees, 'fr')).toBe('Relevé du 1 nov. 2026 au 2 nov. 2026 : solde initial 1\u202f000,00 EUR plus 1 ligne(s) (-200,00 EUR) égale le solde final 800,00 EUR.');
  });

  it('names a mismatch (with the rejected rows) and a gap to the previous statement, both', () => {
    expect(reconciliationText(both, 'fr')).toBe(
      'Relevé du 1 déc. 2026 au 2 déc. 2026 : le solde initial 750,00 EUR plus 1 ligne(s) (100,00 EUR) donne 850,00 EUR, mais la banque indique un solde final de 900,00 EUR : il manque 50,00 EUR (2 ligne(s) refusée(s)) ; et le relevé précédent s’est clos à 800,00 EUR le 2 nov. 2026, mais celui-ci s’ouvre à 750,00 EUR : un écart de 50,00 EUR, il manque peut-être un relevé entre les deux.',
    );
    const tooMuch = { ...both, facts: { ...both.facts, mismatch: { computed: '950.00', difference: '50.00', missing: false, rejected: 0 }, gap: null } };
    expect(reconciliationText(tooMuch, 'en')).toBe(
      'Statement Dec 1, 2026 to Dec 2, 2026: the opening balance 750.00 EUR plus 1 line(s) (100.00 EUR) makes 950.00 EUR, but the bank states a closing balance of 900.00 EUR: 50.00 EUR too much.',
    );
  });

  it('says a statement with one balance continues from the previous one, on one day', () => {
    const single = { ...agrees, facts: { ...agrees.facts, from: '2026-11-02', opening: null } };
    expect(reconciliationText(single, 'en')).toBe('Statement Nov 2, 2026: closing balance 800.00 EUR continues from the previous statement.');
  });
});
