import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importStatement } from '../../../src-main/core/bank/importer.js';
import { acceptMatch, matchesOf, suggestMatches, undoMatch } from '../../../src-main/core/bank/matching/index.js';
import { listTransactions } from '../../../src-main/core/bank/transactions.js';
import { issueInvoice } from '../../../src-main/core/invoices/documents.js';
import { getInvoice } from '../../../src-main/core/invoices/store.js';
import { newCustomerId, newDraftId, setUpCompany } from '../invoices/setup.js';
import type { TestVault } from './setup.js';
import { auditRows, newAccount, openTestVault } from './setup.js';

let vault: TestVault;
let giro: string;
beforeEach(() => {
  vault = openTestVault();
  setUpCompany(vault.ctx);
  giro = newAccount(vault.ctx, 'Giro');
});
afterEach(() => {
  vault.close();
});

const csv = (rows: string[]): Uint8Array => Buffer.from(['Datum;Verwendungszweck;Name;Betrag', ...rows].join('\n'), 'utf8');
const load = (accountId: string, rows: string[], fileName = 'a.csv') => importStatement(vault.ctx, { accountId, fileName, bytes: csv(rows) });
const lineId = (search: string, accountId = giro): number => {
  const row = listTransactions(vault.ctx, { search, accountId }, null, 1).rows[0];
  if (!row) throw new Error(`no line for ${search}`);
  return row.id;
};

/** An issued invoice of 99.16 EUR (see the invoices setup) to the named customer. */
async function issued(customer: string): Promise<{ id: string; number: string }> {
  const id = newDraftId(vault.ctx, newCustomerId(vault.ctx, customer));
  const result = await issueInvoice(vault.ctx, id);
  return { id, number: result.number };
}

describe('matching bank lines to invoices', () => {
  it('ranks by amount, invoice number and customer name with the reasons, records the payment on accept, and undo removes it', async () => {
    const acme = await issued('Acme SARL');
    const other = await issued('Globex Corporation');
    load(giro, [`01.12.2026;Rechnung ${acme.number} vielen Dank;ACME SARL;99,16`, '02.12.2026;Gutschrift;Unbekannt;99,16']);
    const suggestions = suggestMatches(vault.ctx, giro);
    const best = suggestions[0];
    expect(best).toMatchObject({ kind: 'invoice', targetId: acme.id, score: 100, amount: '99.16' });
    expect(best?.reasons).toEqual([`amount 99.16 equals the open balance`, `invoice number ${acme.number} in the reference`, 'customer name Acme SARL in the text']);
    // The anonymous line matches either invoice by amount alone, with a lower score.
    const anonymous = suggestions.filter((s) => s.transactionId === lineId('unbekannt'));
    expect(anonymous.map((s) => s.score)).toEqual([50, 50]);
    expect(anonymous.map((s) => s.targetId).sort()).toEqual([acme.id, other.id].sort());

    const line = lineId('vielen');
    acceptMatch(vault.ctx, line, 'invoice', acme.id);
    expect(getInvoice(vault.ctx, acme.id)).toMatchObject({ status: 'paid', balance: '0.00' });
    expect(getInvoice(vault.ctx, acme.id).payments).toMatchObject([{ amount: '99.16', date: '2026-12-01', method: 'bank_transfer' }]);
    expect(listTransactions(vault.ctx, { matched: true }, null, 10).rows.map((r) => r.id)).toEqual([line]);
    expect(matchesOf(vault.ctx, line)).toMatchObject([{ kind: 'invoice', targetId: acme.id, amount: '99.16' }]);
    expect(() => acceptMatch(vault.ctx, line, 'invoice', other.id)).toThrow(/matched already/);
    // A paid invoice is no longer proposed.
    expect(suggestMatches(vault.ctx, giro).some((s) => s.targetId === acme.id)).toBe(false);

    undoMatch(vault.ctx, line);
    expect(getInvoice(vault.ctx, acme.id)).toMatchObject({ status: 'issued', balance: '99.16', payments: [] });
    expect(listTransactions(vault.ctx, { matched: true }, null, 10).rows).toEqual([]);
    const actions = auditRows(vault.db).map((r) => r.action);
    expect(actions.slice(-4)).toEqual(['invoices.pay', 'bank.match.accept', 'invoices.payment.undo', 'bank.match.undo']);
  });

  it('proposes a partial payment and records exactly the bank amount', async () => {
    const acme = await issued('Acme SARL');
    load(giro, [`05.12.2026;${acme.number} Teilzahlung;Acme;50,00`]);
    const [suggestion] = suggestMatches(vault.ctx, giro);
    expect(suggestion).toMatchObject({ targetId: acme.id, reasons: ['partial payment: 50.00 of 99.16 open', `invoice number ${acme.number} in the reference`, 'customer name Acme SARL in the text'] });
    acceptMatch(vault.ctx, lineId('teilzahlung'), 'invoice', acme.id);
    expect(getInvoice(vault.ctx, acme.id)).toMatchObject({ status: 'partially_paid', balance: '49.16' });
  });

  it('does not propose money going out, or an amount above the open balance', async () => {
    await issued('Acme SARL');
    load(giro, ['05.12.2026;Acme;Acme;-99,16', '06.12.2026;Acme;Acme;150,00']);
    expect(suggestMatches(vault.ctx, giro).filter((s) => s.kind === 'invoice')).toEqual([]);
  });
});

describe('transfers between own accounts', () => {
  it('pairs opposite amounts within two days, matches both sides, and undo frees both', () => {
    const savings = newAccount(vault.ctx, 'Tagesgeld');
    load(giro, ['01.12.2026;Umbuchung Tagesgeld;Ich;-500,00', '01.12.2026;Miete;Vermieter;-950,00']);
    load(savings, ['03.12.2026;Umbuchung vom Giro;Ich;500,00', '10.12.2026;Umbuchung spät;Ich;950,00'], 'b.csv');
    const out = lineId('umbuchung');
    const [suggestion] = suggestMatches(vault.ctx, giro).filter((s) => s.transactionId === out);
    expect(suggestion).toMatchObject({ kind: 'transfer', label: 'Transfer to Tagesgeld on 2026-12-03', score: 70, reasons: ['opposite amount 500.00 in Tagesgeld', '2 days apart'] });
    // The rent is 9 days away from the 950.00 credit: no transfer.
    expect(suggestMatches(vault.ctx, giro).filter((s) => s.transactionId === lineId('miete'))).toEqual([]);
    acceptMatch(vault.ctx, out, 'transfer', suggestion?.targetId ?? '');
    expect(listTransactions(vault.ctx, { matched: true }, null, 10).rows.map((r) => r.accountName).sort()).toEqual(['Giro', 'Tagesgeld']);
    undoMatch(vault.ctx, Number(suggestion?.targetId));
    expect(listTransactions(vault.ctx, { matched: true }, null, 10).rows).toEqual([]);
  });
});
