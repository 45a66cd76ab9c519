import { describe, expect, it } from 'vitest';
import { ok, statementFile, useDispatcher } from './dispatcher.js';
import { auditRows } from './setup.js';

const harness = useDispatcher();

/** Imports one statement into a new account "Giro" and returns its lines by payee. */
async function importLines(rows: string[]): Promise<Map<string, number>> {
  const { dispatcher } = harness();
  await ok(dispatcher.call('bank.accounts.create', { name: 'Giro' }));
  await ok(dispatcher.call('bank.import', { account: 'Giro', fileName: 'dez.csv', dataBase64: statementFile(rows) }));
  const { rows: lines } = await ok(dispatcher.call('bank.transactions.list', { filter: {} }));
  return new Map(lines.map((l) => [l.payee, l.id]));
}

function lineOf(lines: Map<string, number>, payee: string): number {
  const id = lines.get(payee);
  if (id === undefined) throw new Error(`no line paid to ${payee}`);
  return id;
}

describe('matching bank debits to expenses through the dispatcher', () => {
  it('proposes confirmed and draft expenses with their reasons, links on accept and undo removes exactly that link', async () => {
    const { vault, dispatcher, signIn } = harness();
    signIn('owner');
    const lines = await importLines([
      '03.12.2026;Kartenzahlung 1234;DB Fernverkehr AG Deutsche Bahn;-118,90',
      '09.12.2026;Lastschrift;Telekom Deutschland GmbH;-39,95',
      '20.12.2026;Lastschrift;Deutsche Bahn;-118,90',
    ]);
    const bahn = await ok(dispatcher.call('expenses.create', { date: '2026-12-01', supplier: 'Deutsche Bahn', gross: '118.90', vatRate: '19' }));
    await ok(dispatcher.call('expenses.confirm', { id: bahn.id }));
    const telekom = await ok(dispatcher.call('expenses.create', { date: '2026-12-09', supplier: 'Télékom Deutschland GmbH', gross: '39.95', vatRate: '19' }));
    // Same amount, but a different currency or outside the 3 days: never proposed.
    await ok(dispatcher.call('expenses.create', { date: '2026-12-03', supplier: 'Deutsche Bahn', gross: '118.90', currency: 'CHF', vatRate: '0' }));

    const trainLine = lineOf(lines, 'DB Fernverkehr AG Deutsche Bahn');
    const train = await ok(dispatcher.call('bank.matches.suggest', { transactionId: trainLine }));
    expect(train).toEqual([
      {
        transactionId: trainLine,
        kind: 'expense',
        targetId: bahn.id,
        label: 'Expense 2026-12-01 — Deutsche Bahn',
        score: 50 + 30 - 2 * 7 + 20,
        reasons: ['amount 118.90 equals the expense gross', '2 days from the expense date', 'supplier Deutsche Bahn in the text', 'confirmed expense'],
        amount: '-118.90',
      },
    ]);
    // Accents and legal forms do not stop the name matching a draft.
    const [phone] = await ok(dispatcher.call('bank.matches.suggest', { transactionId: lineOf(lines, 'Telekom Deutschland GmbH') }));
    expect(phone).toMatchObject({ kind: 'expense', targetId: telekom.id, score: 95, reasons: ['amount 39.95 equals the expense gross', 'same day as the expense', 'supplier Télékom Deutschland GmbH in the text', 'draft expense, not confirmed yet'] });
    // 19 days after the expense date: outside the window.
    expect(await ok(dispatcher.call('bank.matches.suggest', { transactionId: lineOf(lines, 'Deutsche Bahn') }))).toEqual([]);

    signIn('bookkeeper');
    expect(await dispatcher.call('bank.matches.accept', { transactionId: trainLine, kind: 'expense', targetId: bahn.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    signIn('accountant');
    const match = await ok(dispatcher.call('bank.matches.accept', { transactionId: trainLine, kind: 'expense', targetId: bahn.id }));
    expect(match).toMatchObject({ kind: 'expense', targetId: bahn.id, label: 'Expense 2026-12-01 — Deutsche Bahn', amount: '-118.90' });
    expect(await ok(dispatcher.call('bank.matches.of', { transactionId: trainLine }))).toEqual([match]);
    // A linked expense is not proposed again, and cannot be linked to a second line.
    const phoneLine = lineOf(lines, 'Telekom Deutschland GmbH');
    expect(await dispatcher.call('bank.matches.accept', { transactionId: phoneLine, kind: 'expense', targetId: bahn.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await ok(dispatcher.call('bank.matches.accept', { transactionId: phoneLine, kind: 'expense', targetId: telekom.id }));

    await ok(dispatcher.call('bank.matches.undo', { transactionId: trainLine }));
    expect(await ok(dispatcher.call('bank.matches.of', { transactionId: trainLine }))).toEqual([]);
    expect(await ok(dispatcher.call('bank.matches.of', { transactionId: phoneLine }))).toMatchObject([{ targetId: telekom.id }]);
    expect(await ok(dispatcher.call('expenses.get', { id: bahn.id }))).toMatchObject({ status: 'confirmed', gross: '118.90' });
    expect((await ok(dispatcher.call('bank.matches.suggest', { transactionId: trainLine }))).map((s) => s.targetId)).toEqual([bahn.id]);

    const rows = auditRows(vault.db).filter((r) => r.action.startsWith('bank.match.'));
    expect(rows.map((r) => [r.action, r.subject])).toEqual([
      ['bank.match.accept', `bank-line:${String(trainLine)}`],
      ['bank.match.accept', `bank-line:${String(phoneLine)}`],
      ['bank.match.undo', `bank-line:${String(trainLine)}`],
    ]);
  });

  it('does not propose money coming in, or an expense without a date', async () => {
    const { dispatcher, signIn } = harness();
    signIn('owner');
    const lines = await importLines(['03.12.2026;Erstattung;Deutsche Bahn;118,90', '03.12.2026;Lastschrift;Acme;-20,00']);
    await ok(dispatcher.call('expenses.create', { date: '2026-12-03', supplier: 'Deutsche Bahn', gross: '118.90', vatRate: '19' }));
    await ok(dispatcher.call('expenses.create', { supplier: 'Acme', gross: '20.00', vatRate: '19' }));
    expect(await ok(dispatcher.call('bank.matches.suggest', { transactionId: lineOf(lines, 'Deutsche Bahn') }))).toEqual([]);
    expect(await ok(dispatcher.call('bank.matches.suggest', { transactionId: lineOf(lines, 'Acme') }))).toEqual([]);
  });
});
