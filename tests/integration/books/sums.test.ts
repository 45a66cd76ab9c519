import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postManualEntry } from '../../../src-main/core/books/manual.js';
import { movements } from '../../../src-main/core/books/reports/sums.js';
import { migrate } from '../../../src-main/core/db/migrate.js';
import { MIGRATIONS } from '../../../src-main/core/db/migrations/index.js';
import { openEncryptedDb } from '../../../src-main/core/db/open.js';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { TestVault } from './setup.js';
import { openBooksVault } from './setup.js';

const ACCOUNTS = ['1000', '1200', '4210', '8400', '1890'];
const randomDate = (): string => `2026-${String(randomInt(1, 13)).padStart(2, '0')}-${String(randomInt(1, 29)).padStart(2, '0')}`;

describe('day totals against the lines', () => {
  let vault: TestVault;
  beforeAll(() => {
    vault = openBooksVault('skr03');
    for (let i = 0; i < 120; i += 1) {
      const debit = ACCOUNTS[randomInt(ACCOUNTS.length)] ?? '1000';
      const credit = ACCOUNTS.filter((a) => a !== debit)[randomInt(ACCOUNTS.length - 1)] ?? '1200';
      const amount = `${String(randomInt(1, 5000))}.${String(randomInt(0, 100)).padStart(2, '0')}`;
      postManualEntry(vault.ctx, { date: randomDate(), text: `e${String(i)}`, voucher: `V${String(i)}`, lines: [{ account: debit, debit: amount }, { account: credit, credit: amount }] });
    }
  });
  afterAll(() => {
    vault.close();
  });

  it('any range sums the same from the day totals as from a scan of every line', () => {
    const scan = vault.db.prepare(
      'SELECT account, SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS debit, SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END) AS credit FROM journal_lines WHERE date BETWEEN ? AND ? GROUP BY account',
    ).safeIntegers(true);
    const ranges = [['2026-01-01', '2026-12-31'], ['2026-03-15', '2026-03-20'], ['2026-02-28', '2026-11-01'], ['2026-06-01', '2026-06-30'], ['2025-12-31', '2027-01-01']];
    for (let i = 0; i < 30; i += 1) {
      const [a, b] = [randomDate(), randomDate()].sort();
      ranges.push([a ?? '', b ?? '']);
    }
    for (const [from = '', to = ''] of ranges) {
      const expected = Object.fromEntries((scan.all(from, to) as { account: string; debit: bigint; credit: bigint }[]).map((r) => [r.account, { debit: r.debit, credit: r.credit }]));
      expect([from, to, Object.fromEntries(movements(vault.ctx, from, to))]).toEqual([from, to, expected]);
    }
  });
});

describe('migration 0007-books', () => {
  it('migrates an invoicing-era vault forward', () => {
    const vault = openBooksVault(null);
    try {
      const db = openEncryptedDb(join(vault.dir, 'old.db'), randomBytes(32));
      const books = MIGRATIONS.findIndex((m) => m.name === 'books');
      migrate(db, MIGRATIONS, books);
      expect(migrate(db)).toEqual({ from: books, to: MIGRATIONS.length });
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(['accounts', 'vat_codes', 'journal_entries', 'journal_lines', 'vat_records', 'account_day_totals', 'closed_periods', 'recurring_entries']));
      expect(db.pragma('foreign_key_check')).toEqual([]);
      db.close();
    } finally {
      vault.close();
    }
  });
});
