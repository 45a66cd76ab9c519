import { afterEach, describe, expect, it } from 'vitest';
import { importStatement } from '../../../src-main/core/bank/importer.js';
import { acceptMatch, undoMatch } from '../../../src-main/core/bank/matching/index.js';
import { listTransactions } from '../../../src-main/core/bank/transactions.js';
import { postAllPending, reverseSource } from '../../../src-main/core/books/sources/index.js';
import { trialBalance } from '../../../src-main/core/books/reports/statements.js';
import { newAccount } from '../bank/setup.js';
import type { TestVault } from './setup.js';
import { issued, linesOf, openBooksVault } from './setup.js';

let vault: TestVault;
afterEach(() => {
  vault.close();
});

/** An issued invoice of 140.40 and a bank line paying it, accepted as a match. */
async function matchedInvoice(): Promise<{ invoiceId: string; line: { id: number } }> {
  vault = openBooksVault('skr03');
  const invoiceId = await issued(vault);
  const giro = newAccount(vault.ctx, 'Giro');
  importStatement(vault.ctx, { accountId: giro, fileName: 'a.csv', bytes: Buffer.from('Datum;Verwendungszweck;Name;Betrag\n30.11.2026;Rechnung danke;Müller KG;140,40', 'utf8') });
  const line = listTransactions(vault.ctx, { search: 'danke', accountId: giro }, null, 1).rows[0];
  if (!line) throw new Error('the statement line was not imported');
  acceptMatch(vault.ctx, line.id, 'invoice', invoiceId);
  return { invoiceId, line };
}

describe('a bank line matched to an invoice', () => {
  it('posts once, as the invoice payment it records (bank / receivable), and never as a separate bank-line entry', async () => {
    const { invoiceId } = await matchedInvoice();

    const payments = vault.db.prepare('SELECT id FROM invoice_payments WHERE invoice_id = ?').all(invoiceId) as { id: string }[];
    expect(payments).toHaveLength(1);
    expect(linesOf(vault, 'payment', payments[0]?.id ?? '')).toEqual([['1200', 14040], ['1400', -14040]]);
    expect(vault.db.prepare("SELECT source_type, count(*) AS n FROM journal_entries GROUP BY source_type ORDER BY source_type").all()).toEqual([
      { source_type: 'invoice', n: 1 },
      { source_type: 'payment', n: 1 },
    ]);
    // The catch-up pass finds nothing left to post.
    expect(vault.ctx.transaction(() => postAllPending(vault.ctx))).toBe(0);
    const tb = trialBalance(vault.ctx, '2026-01-01', '2026-12-31');
    expect(tb.rows.find((r) => r.account === '1400')?.closing).toBe('0.00');
  });
});

describe('undoing a bank match', () => {
  it('counter-books the payment entry in the same transaction, once; the receivable is open again', async () => {
    const { line } = await matchedInvoice();
    const paymentId = (vault.db.prepare('SELECT id FROM invoice_payments').get() as { id: string }).id;
    const receivable = (): string | undefined => trialBalance(vault.ctx, '2026-01-01', '2026-12-31').rows.find((r) => r.account === '1400')?.closing;
    expect(receivable()).toBe('0.00');
    undoMatch(vault.ctx, line.id);
    expect(receivable()).toBe('140.40');
    const reversals = vault.db.prepare('SELECT id FROM journal_entries WHERE reverses_id IS NOT NULL').all() as { id: string }[];
    expect(reversals).toHaveLength(1);
    // Asking again finds the same reversal instead of booking a second one.
    expect(reverseSource(vault.ctx, 'payment', paymentId, 'again')).toBe(reversals[0]?.id);
    expect(reverseSource(vault.ctx, 'expense', 'never-posted', 'x')).toBeNull();
  });
});
