/**
 * Trial balance and profit and loss over 1,000,000 postings (issue 11:
 * <= 200 ms each), on a real SQLCipher vault, side by side with
 * `hledger balance` on the same data exported as a plain-text journal.
 * The fixture is written with prepared statements in one transaction (what
 * the posting service writes per entry, minus its per-entry checks), and the
 * day totals are built the way posting keeps them.
 * Run: node --import tsx tests/bench/books.bench.ts   (BOOKS_BENCH_POSTINGS to change the size)
 * Prints one JSON line; never gates on absolute times.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { appendAudit } from '../../src-main/core/audit/chain.js';
import type { BooksContext } from '../../src-main/core/books/context.js';
import { plainTextJournal } from '../../src-main/core/books/exports/journal.js';
import { profitAndLoss, trialBalance } from '../../src-main/core/books/reports/statements.js';
import { enableBooks } from '../../src-main/core/books/setup.js';
import { migrate } from '../../src-main/core/db/migrate.js';
import { openEncryptedDb } from '../../src-main/core/db/open.js';
import { BlobStore } from '../../src-main/core/vault/blobs.js';

const POSTINGS = Number(process.env.BOOKS_BENCH_POSTINGS ?? 1_000_000);
const RUNS = 5;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const round = (value: number): number => Math.round(value * 10) / 10;
const time = (fn: () => unknown): number => {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return round(median(samples));
};

const dir = mkdtempSync(join(tmpdir(), 'sealbook-books-bench-'));
const db = openEncryptedDb(join(dir, 'vault.db'), randomBytes(32));
migrate(db);
const auditKey = randomBytes(32);
const ctx: BooksContext = {
  db,
  blobs: new BlobStore(dir, () => db),
  now: () => new Date('2026-12-31T12:00:00Z'),
  actor: 'bench',
  transaction: (fn) => db.transaction(fn)(),
  audit: (entry) => {
    appendAudit(db, auditKey, { ...entry, actor: 'bench', at: new Date() });
  },
};

enableBooks(ctx, 'skr03', 'accrual');

/** Pairs a small business books all year: sales, payments, purchases, rent, salaries, fees. */
const PAIRS: readonly [string, string][] = [['1400', '8400'], ['1200', '1400'], ['3400', '1600'], ['1600', '1200'], ['4210', '1200'], ['4120', '1200'], ['4970', '1200'], ['4930', '1000']];

/** Lines go in while the entries are drafts (posted entries take no lines: the triggers), then all are posted at once. */
function fill(): number {
  const start = performance.now();
  const entry = db.prepare("INSERT INTO journal_entries (id, state, date, text, source_type, source_id, voucher, created_at, created_by) VALUES (?, 'draft', ?, ?, 'manual', ?, ?, '2026-12-31T12:00:00Z', 'bench')");
  const line = db.prepare("INSERT INTO journal_lines (entry_id, position, date, account, amount, currency, text) VALUES (?, ?, ?, ?, ?, 'EUR', '')");
  db.transaction(() => {
    for (let i = 0; i < POSTINGS / 2; i += 1) {
      const id = randomUUID();
      // Day-major, so insertion order is date order and the entry numbers follow it.
      const date = new Date(Date.UTC(2026, 0, 1 + Math.floor((i * 365) / (POSTINGS / 2)))).toISOString().slice(0, 10);
      const [debit = '1200', credit = '1400'] = PAIRS[i % PAIRS.length] ?? [];
      const amount = 100 + ((i * 7919) % 500_000);
      entry.run(id, date, `Bench ${String(i)}`, id, `B-${String(i)}`);
      line.run(id, 0, date, debit, amount);
      line.run(id, 1, date, credit, -amount);
    }
    // Posting as the ledger does, in bulk: numbers in date order, then the day totals.
    db.exec(`
      UPDATE journal_entries SET state = 'posted', fiscal_year = 2026, posted_at = '2026-12-31T12:00:00Z', posted_by = 'bench',
        seq = rowid - (SELECT MIN(rowid) FROM journal_entries WHERE state = 'draft') + 1
      WHERE state = 'draft';
      INSERT INTO account_day_totals (day, account, debit, credit)
        SELECT date, account, SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END), SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END)
        FROM journal_lines GROUP BY date, account
        ON CONFLICT (day, account) DO UPDATE SET debit = debit + excluded.debit, credit = credit + excluded.credit;
    `);
  })();
  return performance.now() - start;
}

try {
  const fillMs = fill();
  const lines = (db.prepare('SELECT COUNT(*) AS n FROM journal_lines').get() as { n: number }).n;
  const year = { from: '2026-01-01', to: '2026-12-31' };
  const ragged = { from: '2026-01-15', to: '2026-11-20' };
  const tb = trialBalance(ctx, year.from, year.to);
  if (tb.totalDebit !== tb.totalCredit) throw new Error('The trial balance does not balance.');
  const figures = {
    trialBalanceYearMs: time(() => trialBalance(ctx, year.from, year.to)),
    trialBalanceRaggedMs: time(() => trialBalance(ctx, ragged.from, ragged.to)),
    profitAndLossYearMs: time(() => profitAndLoss(ctx, year.from, year.to)),
    profitAndLossRaggedMs: time(() => profitAndLoss(ctx, ragged.from, ragged.to)),
  };
  const exportStart = performance.now();
  const journal = join(dir, 'bench.journal');
  writeFileSync(journal, plainTextJournal(ctx, year.from, year.to));
  const exportMs = round(performance.now() - exportStart);
  const hledgerStart = performance.now();
  const out = execFileSync('hledger', ['-f', journal, 'balance', '--flat', '-O', 'csv'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const hledgerMs = round(performance.now() - hledgerStart);
  const hledger8400 = /"8400 Erlöse 19 % USt","([^"]+)"/.exec(out)?.[1] ?? '';
  const ours8400 = tb.rows.find((r) => r.account === '8400')?.closing ?? '';
  console.log(JSON.stringify({
    bench: 'books',
    postings: lines,
    fixtureMs: Math.round(fillMs),
    ...figures,
    budgetMs: 200,
    journalExportMs: exportMs,
    hledgerBalanceMs: hledgerMs,
    hledgerOverSealbookTrialBalance: round(hledgerMs / Math.max(figures.trialBalanceYearMs, 0.1)),
    sameTotal8400: hledger8400.replace(/ EUR$/, '') === ours8400,
  }));
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
