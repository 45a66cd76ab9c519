import { afterEach, describe, expect, it } from 'vitest';
import { postManualEntry } from '../../../src-main/core/books/manual.js';
import { vatSummary } from '../../../src-main/core/books/reports/vat.js';
import type { TestVault } from './setup.js';
import { openBooksVault } from './setup.js';

let vault: TestVault;
afterEach(() => {
  vault.close();
});

const ca3 = (): Record<string, string> => Object.fromEntries(vatSummary(vault.ctx, '2026-11-01', '2026-11-30').form.lines.map((l) => [l.line, l.amount]));

/** The CA3 (3310-CA3-SD) lines of the 2.1 % rate and of autoliquidated intra-EU purchases; see charts/france.ts for the sources. */
describe('CA3 lines', () => {
  it('declares a sale at 2.1 % in France continentale on T6 (base and tax), inside A1', () => {
    vault = openBooksVault('pcg');
    postManualEntry(vault.ctx, {
      date: '2026-11-12', text: 'Vente médicaments remboursables', voucher: 'F-21',
      lines: [{ account: '512000', debit: '102.10' }, { account: '707100', credit: '100.00', vatCode: 'C21' }, { account: '445710', credit: '2.10', vatCode: 'C21' }],
    });
    expect(ca3()).toEqual({ A1: '100.00', T6: '100.00', 'T6 TVA': '2.10', '16': '2.10', '23': '0.00', '28': '2.10' });
  });

  it('autoliquidates an intra-EU acquisition: base on B2 and 08, tax owed on 08 and 17, deducted on 20, nothing net to pay', () => {
    vault = openBooksVault('pcg');
    postManualEntry(vault.ctx, {
      date: '2026-11-15', text: 'Achat intracommunautaire', voucher: 'AIC-1',
      lines: [
        { account: '601000', debit: '500.00', vatCode: 'AIC' },
        { account: '445660', debit: '100.00', vatCode: 'AIC' },
        { account: '445200', credit: '100.00' },
        { account: '401000', credit: '500.00' },
      ],
    });
    const lines = ca3();
    expect(lines).toEqual({ B2: '500.00', '08': '500.00', '08 TVA': '100.00', '20': '100.00', '16': '100.00', '17': '100.00', '23': '100.00', '28': '0.00' });
    expect(vatSummary(vault.ctx, '2026-11-01', '2026-11-30').form.lines.find((l) => l.line === 'A3')).toBeUndefined();
  });
});
