import { describe, expect, it } from 'vitest';
import { issueInvoice } from '../../../src-main/core/invoices/documents.js';
import { newCustomerId, newDraftId } from '../invoices/setup.js';
import { ok, statementFile as file, useDispatcher } from './dispatcher.js';
import { auditRows } from './setup.js';

const harness = useDispatcher();

describe('bank roles through the dispatcher', () => {
  it('bookkeepers import and categorise, owner and accountant accept matches, auditors read', async () => {
    const { vault, dispatcher, signIn } = harness();
    const invoiceId = newDraftId(vault.ctx, newCustomerId(vault.ctx));
    const { number } = await issueInvoice(vault.ctx, invoiceId);

    signIn('bookkeeper');
    const denied = await dispatcher.call('bank.accounts.create', { name: 'Giro' });
    expect(denied).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    signIn('owner');
    const account = await ok(dispatcher.call('bank.accounts.create', { name: 'Giro', iban: 'DE89370400440532013000' }));

    signIn('bookkeeper');
    const imported = await ok(dispatcher.call('bank.import', { account: 'Giro', fileName: 'dez.csv', dataBase64: file([`01.12.2026;${number};Acme SARL;99,16`]) }));
    expect(imported).toMatchObject({ new: 1, format: 'csv' });
    const [line] = (await ok(dispatcher.call('bank.transactions.list', { filter: { accountId: account.id } }))).rows;
    if (!line) throw new Error('no line');
    const category = await ok(dispatcher.call('bank.categories.create', { name: 'Umsatz' }));
    expect(await ok(dispatcher.call('bank.transactions.categorise', { id: line.id, categoryId: category.id }))).toEqual({ learnedRule: 'Acme SARL' });
    const [suggestion] = await ok(dispatcher.call('bank.matches.suggest', { transactionId: line.id }));
    expect(suggestion).toMatchObject({ kind: 'invoice', targetId: invoiceId });
    expect(await dispatcher.call('bank.matches.accept', { transactionId: line.id, kind: 'invoice', targetId: invoiceId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });

    signIn('auditor');
    expect((await ok(dispatcher.call('bank.transactions.list', { filter: { search: 'acme' } }))).rows).toHaveLength(1);
    expect(await dispatcher.call('bank.import', { account: 'Giro', fileName: 'x.csv', dataBase64: file(['02.12.2026;x;y;1,00']) })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    signIn('accountant');
    await ok(dispatcher.call('bank.matches.accept', { transactionId: line.id, kind: 'invoice', targetId: invoiceId }));
    expect(await ok(dispatcher.call('invoices.get', { id: invoiceId }))).toMatchObject({ status: 'paid' });
    await ok(dispatcher.call('bank.matches.undo', { transactionId: line.id }));
    expect(await ok(dispatcher.call('invoices.get', { id: invoiceId }))).toMatchObject({ status: 'issued', balance: '99.16' });

    const rows = auditRows(vault.db);
    expect(rows.filter((r) => r.action === 'access.denied').map((r) => r.subject)).toEqual(['bank.accounts.create', 'bank.matches.accept', 'bank.import']);
    const accept = rows.find((r) => r.action === 'bank.match.accept');
    expect(accept?.seq).toBe((rows.find((r) => r.action === 'invoices.pay')?.seq ?? 0) + 1);
  });

  it('rejects an invalid mapping at the boundary with the field named', async () => {
    const { dispatcher, signIn } = harness();
    signIn('owner');
    const result = await dispatcher.call('bank.csv.preview', { dataBase64: file(['01.12.2026;a;b;1,00']), mapping: { encoding: 'auto' } as never });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const preview = await ok(dispatcher.call('bank.csv.preview', { dataBase64: file(['01.12.2026;a;b;1,00']) }));
    expect(preview).toMatchObject({ header: ['Datum', 'Verwendungszweck', 'Name', 'Betrag'], rows: [{ line: 2, date: '2026-12-01', amount: '1.00', error: null }] });
  });
});
