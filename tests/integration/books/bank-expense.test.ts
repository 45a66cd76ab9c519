import { afterEach, describe, expect, it } from 'vitest';
import { importStatement } from '../../../src-main/core/bank/importer.js';
import { acceptMatch, undoMatch } from '../../../src-main/core/bank/matching/index.js';
import { listTransactions } from '../../../src-main/core/bank/transactions.js';
import { trialBalance } from '../../../src-main/core/books/reports/statements.js';
import { postAllPending } from '../../../src-main/core/books/sources/index.js';
import { confirmExpense, createManualExpense } from '../../../src-main/core/expenses/service.js';
import { newAccount } from '../bank/setup.js';
import type { TestVault } from './setup.js';
import { linesOf, openBooksVault } from './setup.js';

let vault: TestVault;
afterEach(() => {
  vault.close();
});

/** A draft expense of 119.00 from Telekom Shop and a bank debit paying it. */
function expenseAndDebit(): { expenseId: string; lineId: number } {
  vault = openBooksVault('skr03');
  const draft = createManualExpense(vault.ctx, { date: '2026-11-20', supplier: 'Telekom Shop', currency: 'EUR', lines: [{ categoryId: null, description: 'Router', net: '100.00', vatRate: '19' }] });
  const giro = newAccount(vault.ctx, 'Giro');
  importStatement(vault.ctx, { accountId: giro, fileName: 'a.csv', bytes: Buffer.from('Datum;Verwendungszweck;Name;Betrag\n21.11.2026;Lastschrift Router;Telekom Shop;-119,00', 'utf8') });
  const line = listTransactions(vault.ctx, { search: 'Router', accountId: giro }, null, 1).rows[0];
  if (!line) throw new Error('the statement line was not imported');
  return { expenseId: draft.id, lineId: line.id };
}

const bankEntries = (): { id: string; source_id: string }[] =>
  vault.db.prepare("SELECT id, source_id FROM journal_entries WHERE source_type = 'bank_line' ORDER BY created_at").all() as { id: string; source_id: string }[];
const payable = (): string | undefined => trialBalance(vault.ctx, '2026-01-01', '2026-12-31').rows.find((r) => r.account === '1600')?.closing;
const matchId = (lineId: number): string => (vault.db.prepare('SELECT id FROM bank_matches WHERE transaction_id = ?').get(lineId) as { id: string }).id;

describe('a bank line matched to an expense on the payable', () => {
  it('posts payable / bank once when accepted, clearing the open item; the catch-up pass posts nothing twice', () => {
    const { expenseId, lineId } = expenseAndDebit();
    confirmExpense(vault.ctx, expenseId);
    expect(payable()).toBe('-119.00');
    acceptMatch(vault.ctx, lineId, 'expense', expenseId);

    const [entry] = bankEntries();
    expect(entry?.source_id).toBe(matchId(lineId));
    expect(linesOf(vault, 'bank_line', entry?.source_id ?? '')).toEqual([['1200', -11900], ['1600', 11900]]);
    const cleared = vault.db.prepare("SELECT open_item, date FROM journal_lines WHERE entry_id = ? AND account = '1600'").get(entry?.id) as { open_item: string; date: string };
    expect(cleared).toEqual({ open_item: `expense:${expenseId}`, date: '2026-11-21' });
    expect(payable()).toBe('0.00');
    expect(vault.ctx.transaction(() => postAllPending(vault.ctx))).toBe(0);
    expect(bankEntries()).toHaveLength(1);
  });

  it('waits for a draft expense: confirming it posts the expense and then its payment, in that order', () => {
    const { expenseId, lineId } = expenseAndDebit();
    acceptMatch(vault.ctx, lineId, 'expense', expenseId);
    expect(bankEntries()).toHaveLength(0);
    confirmExpense(vault.ctx, expenseId);
    const order = vault.db.prepare("SELECT source_type FROM journal_entries WHERE state = 'posted' ORDER BY seq").all() as { source_type: string }[];
    expect(order.map((r) => r.source_type)).toEqual(['expense', 'bank_line']);
    expect(payable()).toBe('0.00');
  });

  it('undo counter-books the payment and opens the payable again; accepting again posts a new payment', () => {
    const { expenseId, lineId } = expenseAndDebit();
    confirmExpense(vault.ctx, expenseId);
    acceptMatch(vault.ctx, lineId, 'expense', expenseId);
    const first = bankEntries()[0]?.id;
    undoMatch(vault.ctx, lineId);
    expect(payable()).toBe('-119.00');
    const reversal = vault.db.prepare('SELECT source_type FROM journal_entries WHERE reverses_id = ?').get(first) as { source_type: string } | undefined;
    expect(reversal?.source_type).toBe('reversal');

    acceptMatch(vault.ctx, lineId, 'expense', expenseId);
    expect(bankEntries()).toHaveLength(2);
    expect(payable()).toBe('0.00');
  });
});
