import { afterEach, describe, expect, it } from 'vitest';
import { importStatement } from '../../../src-main/core/bank/importer.js';
import { acceptMatch, suggestionsFor, undoMatch } from '../../../src-main/core/bank/matching/index.js';
import { getTransactionRow, listTransactions } from '../../../src-main/core/bank/transactions.js';
import { trialBalance } from '../../../src-main/core/books/reports/statements.js';
import { confirmSupplierInvoice, receiveEInvoice } from '../../../src-main/core/einvoice/receive.js';
import { ConflictError } from '../../../src-main/core/errors.js';
import { newAccount } from '../bank/setup.js';
import type { TestVault } from './setup.js';
import { linesOf, openBooksVault, useEInvoiceRules, xrechnung0110 } from './setup.js';

let vault: TestVault;
const xrechnung = xrechnung0110;
useEInvoiceRules();
afterEach(() => {
  vault.close();
});

/** The received invoice and two debits: one paying it (its number in the text), one of another amount. */
async function invoiceAndDebits(): Promise<{ invoiceId: string; paying: number; other: number }> {
  vault = openBooksVault('skr03');
  const received = await receiveEInvoice(vault.ctx, xrechnung(), '01.10a.xml');
  const giro = newAccount(vault.ctx, 'Giro');
  const csv = 'Datum;Verwendungszweck;Name;Betrag\n08.07.2016;Überweisung Rechnungsnummer;Seller Name;-2.594,20\n09.07.2016;Überweisung Büromaterial;Papier AG;-2.594,00';
  importStatement(vault.ctx, { accountId: giro, fileName: 'juli.csv', bytes: Buffer.from(csv, 'utf8') });
  const lineFor = (search: string): number => {
    const line = listTransactions(vault.ctx, { search, accountId: giro }, null, 1).rows[0];
    if (!line) throw new Error(`the line "${search}" was not imported`);
    return line.id;
  };
  return { invoiceId: received.id, paying: lineFor('Rechnungsnummer'), other: lineFor('Büromaterial') };
}

const row = (id: number): NonNullable<ReturnType<typeof getTransactionRow>> => {
  const found = getTransactionRow(vault.ctx, id);
  if (!found) throw new Error(`no bank line ${String(id)}`);
  return found;
};
/** Up to today: an undo is counter-booked on the day it is done. */
const payable = (): string | undefined => trialBalance(vault.ctx, '2016-01-01', new Date().toISOString().slice(0, 10)).rows.find((r) => r.account === '1600')?.closing;
const bankEntries = (): number => (vault.db.prepare("SELECT count(*) AS n FROM journal_entries WHERE source_type = 'bank_line'").get() as { n: number }).n;

describe('a bank line paying a received supplier e-invoice', () => {
  it('is suggested with its reasons; another amount is not', async () => {
    const { invoiceId, paying, other } = await invoiceAndDebits();
    const [best] = suggestionsFor(vault.ctx, row(paying));
    expect(best).toMatchObject({ kind: 'supplier_invoice', targetId: invoiceId, label: 'Supplier invoice Rechnungsnummer — [Seller name]', amount: '-2594.20' });
    expect(best?.reasons).toEqual(expect.arrayContaining(['amount 2594.20 equals the amount due', 'invoice number Rechnungsnummer in the text', 'seller [Seller name] in the text']));
    expect(suggestionsFor(vault.ctx, row(other)).filter((s) => s.kind === 'supplier_invoice')).toEqual([]);
    expect(() => acceptMatch(vault.ctx, other, 'supplier_invoice', invoiceId)).toThrow(ConflictError);
  });

  it('matched while the invoice waits for review, posts its payment right after the confirmation clears the payable', async () => {
    const { invoiceId, paying } = await invoiceAndDebits();
    acceptMatch(vault.ctx, paying, 'supplier_invoice', invoiceId);
    expect(bankEntries()).toBe(0);
    confirmSupplierInvoice(vault.ctx, invoiceId);
    const order = vault.db.prepare("SELECT source_type FROM journal_entries WHERE state = 'posted' ORDER BY seq").all() as { source_type: string }[];
    expect(order.map((r) => r.source_type)).toEqual(['supplier_invoice', 'bank_line']);
    const matchId = (vault.db.prepare('SELECT id FROM bank_matches WHERE transaction_id = ?').get(paying) as { id: string }).id;
    expect(linesOf(vault, 'bank_line', matchId)).toEqual([['1200', -259420], ['1600', 259420]]);
    expect(payable()).toBe('0.00');
    expect(() => acceptMatch(vault.ctx, paying, 'supplier_invoice', invoiceId)).toThrow(ConflictError);
  });

  it('undo counter-books the payment and the invoice is open again', async () => {
    const { invoiceId, paying } = await invoiceAndDebits();
    confirmSupplierInvoice(vault.ctx, invoiceId);
    expect(payable()).toBe('-2594.20');
    acceptMatch(vault.ctx, paying, 'supplier_invoice', invoiceId);
    expect(payable()).toBe('0.00');
    undoMatch(vault.ctx, paying);
    expect(payable()).toBe('-2594.20');
    const reversal = vault.db
      .prepare("SELECT r.source_type FROM journal_entries r JOIN journal_entries e ON e.id = r.reverses_id WHERE e.source_type = 'bank_line'")
      .get() as { source_type: string } | undefined;
    expect(reversal?.source_type).toBe('reversal');
    expect(suggestionsFor(vault.ctx, row(paying))[0]).toMatchObject({ kind: 'supplier_invoice', targetId: invoiceId });
  });
});
