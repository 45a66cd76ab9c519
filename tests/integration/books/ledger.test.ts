import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../../src-main/core/errors.js';
import { getEntry, listEntries } from '../../../src-main/core/books/entries.js';
import { discardDraft, reverseEntry } from '../../../src-main/core/books/ledger.js';
import { draftManualEntry, postDraft, postManualEntry, postOpeningBalances } from '../../../src-main/core/books/manual.js';
import { closePeriod, reopenPeriod } from '../../../src-main/core/books/periods.js';
import { createRecurringEntry, runDueRecurringEntries } from '../../../src-main/core/books/recurring.js';
import { generalLedger } from '../../../src-main/core/books/reports/detail.js';
import { balanceSheet, trialBalance } from '../../../src-main/core/books/reports/statements.js';
import { vatSummary } from '../../../src-main/core/books/reports/vat.js';
import { saveAccount } from '../../../src-main/core/books/setup.js';
import { recordPayment } from '../../../src-main/core/invoices/documents.js';
import type { TestVault } from './setup.js';
import { auditRows, issued, openBooksVault } from './setup.js';

let vault: TestVault;
afterEach(() => {
  vault.close();
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n').toString('base64');
const rent = (date = '2026-11-03') => ({
  date,
  text: 'Miete November',
  voucher: 'M-11',
  lines: [
    { account: '4210', debit: '800.00' },
    { account: '1200', credit: '800.00' },
  ],
});

describe('manual entries', () => {
  it('refuses an unbalanced entry and names the difference; refuses an entry without a voucher', () => {
    vault = openBooksVault('skr03');
    expect(() => postManualEntry(vault.ctx, { ...rent(), lines: [{ account: '4210', debit: '800.00' }, { account: '1200', credit: '799.99' }] })).toThrow(
      /does not balance: debits 800.00, credits 799.99/,
    );
    expect(() => postManualEntry(vault.ctx, { ...rent(), voucher: '' })).toThrow(/voucher \(GoBD\)/);
    expect(() => postManualEntry(vault.ctx, { ...rent(), lines: [{ account: '9999', debit: '1' }, { account: '1200', credit: '1' }] })).toThrow(/9999 is not in the chart/);
    expect(() => postManualEntry(vault.ctx, { ...rent(), lines: [{ account: '4210', debit: '1,5' }, { account: '1200', credit: '1.5' }] })).toThrow(ValidationError);
    expect((vault.db.prepare('SELECT COUNT(*) AS n FROM journal_entries').get() as { n: number }).n).toBe(0);
  });

  it('stores attachments as encrypted blobs; the voucher defaults to the file name; a text file is refused', () => {
    vault = openBooksVault('skr03');
    const id = postManualEntry(vault.ctx, { ...rent(), voucher: undefined, attachments: [{ fileName: 'mietvertrag.pdf', base64: PDF }] });
    const entry = getEntry(vault.ctx, id);
    expect(entry).toMatchObject({ state: 'posted', number: '2026-000001', voucher: { type: 'manual', number: 'mietvertrag.pdf' } });
    expect(entry.attachments).toHaveLength(1);
    expect(vault.blobs.get(entry.attachments[0]?.blobId ?? '').toString('base64')).toBe(PDF);
    expect(() => postManualEntry(vault.ctx, { ...rent(), attachments: [{ fileName: 'note.txt', base64: Buffer.from('hello').toString('base64') }] })).toThrow(/not a PDF, PNG or JPEG/);
  });

  it('a draft has no number until posted; posting takes the next number; drafts can be discarded, posted entries not', () => {
    vault = openBooksVault('skr03');
    const draft = draftManualEntry(vault.ctx, rent());
    expect(getEntry(vault.ctx, draft).number).toBeNull();
    expect(trialBalance(vault.ctx, '2026-01-01', '2026-12-31').rows).toEqual([]);
    const posted = postManualEntry(vault.ctx, rent('2026-11-04'));
    postDraft(vault.ctx, draft);
    expect([getEntry(vault.ctx, posted).number, getEntry(vault.ctx, draft).number]).toEqual(['2026-000001', '2026-000002']);
    expect(() => discardDraft(vault.ctx, posted)).toThrow(ConflictError);
    const other = draftManualEntry(vault.ctx, rent());
    discardDraft(vault.ctx, other);
    expect(listEntries(vault.ctx, {}, 0, 10).total).toBe(2);
  });

  it('posted entries are immutable in the schema; a reversal negates every line and cannot be repeated', () => {
    vault = openBooksVault('skr03');
    const id = postManualEntry(vault.ctx, rent());
    expect(() => vault.db.prepare('UPDATE journal_lines SET amount = 1 WHERE entry_id = ?').run(id)).toThrow(/immutable/);
    expect(() => vault.db.prepare('DELETE FROM journal_entries WHERE id = ?').run(id)).toThrow(/immutable/);
    expect(() => vault.db.prepare("UPDATE journal_entries SET text = 'x' WHERE id = ?").run(id)).toThrow(/immutable/);
    const reversal = reverseEntry(vault.ctx, id, '2026-11-20', 'Doppelt erfasst');
    expect(getEntry(vault.ctx, reversal)).toMatchObject({ number: '2026-000002', reverses: id, text: 'Reversal of 2026-000001: Doppelt erfasst' });
    expect(getEntry(vault.ctx, id).reversedBy).toBe(reversal);
    expect(trialBalance(vault.ctx, '2026-01-01', '2026-12-31').rows.every((r) => r.closing === '0.00')).toBe(true);
    expect(() => reverseEntry(vault.ctx, id, '2026-11-21', '')).toThrow(/already reversed/);
  });

  it('opening balances post against the opening account, which takes the difference', () => {
    vault = openBooksVault('skr04');
    postOpeningBalances(vault.ctx, '2026-01-01', [{ account: '1800', debit: '5000.00' }, { account: '0650', debit: '1200.00' }, { account: '2000', credit: '2500.00' }], 'EB 2026');
    const bs = balanceSheet(vault.ctx, '2026-01-01');
    expect(bs.equity.map((r) => [r.account, r.amount])).toEqual([['2000', '2500.00'], ['9000', '3700.00']]);
    expect(bs.totalAssets).toBe('6200.00');
    expect(bs.totalLiabilitiesAndEquity).toBe('6200.00');
  });

  it('manual lines with a VAT code feed the VAT summary (input VAT on an expense)', () => {
    vault = openBooksVault('skr03');
    postManualEntry(vault.ctx, {
      date: '2026-11-10', text: 'Bürobedarf', voucher: 'R-77',
      lines: [{ account: '4930', debit: '100.00', vatCode: 'V19' }, { account: '1576', debit: '19.00', vatCode: 'V19' }, { account: '1200', credit: '119.00' }],
    });
    const vat = vatSummary(vault.ctx, '2026-11-01', '2026-11-30');
    expect(vat.rows).toEqual([{ code: 'V19', name: 'Vorsteuer 19 %', rate: '19', direction: 'input', base: '100.00', tax: '19.00' }]);
    expect(vat.due).toBe('-19.00');
    expect(vat.form.lines.find((l) => l.line === '66')?.amount).toBe('19.00');
  });
});

describe('periods', () => {
  it('a closed month refuses postings (manual and automatic, the whole payment rolls back); reopening needs a reason and is audited', async () => {
    vault = openBooksVault('skr03');
    const invoice = await issued(vault);
    closePeriod(vault.ctx, '2026-11');
    expect(() => closePeriod(vault.ctx, '2026-11')).toThrow(/already closed/);
    expect(() => postManualEntry(vault.ctx, rent())).toThrow(/period 2026-11 is closed/);
    expect(() => recordPayment(vault.ctx, invoice, { amount: '10', date: '2026-11-28', method: 'bank_transfer' })).toThrow(/2026-11 is closed/);
    expect((vault.db.prepare('SELECT COUNT(*) AS n FROM invoice_payments').get() as { n: number }).n).toBe(0);
    recordPayment(vault.ctx, invoice, { amount: '10', date: '2026-12-01', method: 'bank_transfer' });
    expect(() => reopenPeriod(vault.ctx, '2026-11', '')).toThrow(/Say why/);
    reopenPeriod(vault.ctx, '2026-11', 'Late supplier invoice');
    postManualEntry(vault.ctx, rent());
    const actions = auditRows(vault.db).map((r) => [r.action, r.subject]);
    expect(actions).toContainEqual(['books.close', 'period:2026-11']);
    expect(actions).toContainEqual(['books.reopen', 'period:2026-11']);
    expect(JSON.parse(auditRows(vault.db).find((r) => r.action === 'books.reopen')?.details ?? '{}')).toEqual({ reason: 'Late supplier invoice' });
  });

  it('a closed year or quarter covers its months; drafts in a period block its close', () => {
    vault = openBooksVault('skr03');
    closePeriod(vault.ctx, '2026-Q3');
    expect(() => postManualEntry(vault.ctx, rent('2026-08-31'))).toThrow(/2026-Q3 is closed/);
    draftManualEntry(vault.ctx, rent('2026-10-02'));
    expect(() => closePeriod(vault.ctx, '2026')).toThrow(/draft entry is dated in 2026/);
    expect(() => closePeriod(vault.ctx, '2026-13')).toThrow(/not a period/);
  });
});

describe('accounts, recurring entries, ledger', () => {
  it('a new account can be added and used; an account with postings keeps its type', () => {
    vault = openBooksVault('skr03');
    saveAccount(vault.ctx, { number: '1210', name: 'Sparkasse', type: 'asset' });
    postManualEntry(vault.ctx, { ...rent(), lines: [{ account: '4210', debit: '800.00' }, { account: '1210', credit: '800.00' }] });
    expect(() => saveAccount(vault.ctx, { number: '1210', name: 'Sparkasse', type: 'expense' })).toThrow(/keeps|stays asset/);
    expect(saveAccount(vault.ctx, { number: '1210', name: 'Sparkasse Köln', type: 'asset' }).name).toBe('Sparkasse Köln');
    const gl = generalLedger(vault.ctx, '1210', '2026-11-01', '2026-11-30');
    expect(gl.lines.map((l) => [l.number, l.credit, l.balance])).toEqual([['2026-000001', '800.00', '-800.00']]);
  });

  it('a monthly template posts each due month once, even when run twice, and skips a closed month', () => {
    vault = openBooksVault('skr03', 'accrual', '2026-11-24T09:00:00Z');
    createRecurringEntry(vault.ctx, { name: 'Miete', text: 'Büromiete', day: 3, startDate: '2026-08-01', lines: rent().lines });
    closePeriod(vault.ctx, '2026-09');
    const first = runDueRecurringEntries(vault.ctx);
    expect(first.posted.map((p) => p.month)).toEqual(['2026-08', '2026-10', '2026-11']);
    expect(first.skipped.map((s) => s.month)).toEqual(['2026-09']);
    expect(runDueRecurringEntries(vault.ctx).posted).toEqual([]);
    vault.clock.now = new Date('2026-12-03T07:00:00Z');
    expect(runDueRecurringEntries(vault.ctx).posted.map((p) => p.month)).toEqual(['2026-12']);
  });
});
