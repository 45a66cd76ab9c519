/**
 * Bank at scale (issue 8, DESIGN §9), in one run:
 * - bulk insert of N transactions (default 1,000,000) into the real bank
 *   schema (indexes and search index included), SQLCipher and plain SQLite
 *   side by side, each in one transaction with the importer's bulk
 *   settings, written in alternating steps: the ratio (target <= 1.2);
 * - search-as-you-type over the SQLCipher vault: the median time of the
 *   first page for each prefix a person types (target <= 50 ms);
 * - first screen of that vault: open with the key, accounts with balances,
 *   the first page of lines and their count (target <= 1 s).
 * Prints JSON; never fails on times.
 *
 *   node --import tsx tests/bench/bank-million.bench.ts [N]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3-multiple-ciphers';
import { listAccounts } from '../../src-main/core/bank/accounts.js';
import { withBulkWrite } from '../../src-main/core/bank/bulk.js';
import type { BankContext } from '../../src-main/core/bank/context.js';
import { listTransactions } from '../../src-main/core/bank/transactions.js';
import { migrate } from '../../src-main/core/db/migrate.js';
import { openEncryptedDb } from '../../src-main/core/db/open.js';
import { BlobStore } from '../../src-main/core/vault/blobs.js';

const N = Number(process.argv[2] ?? 1_000_000);
const round = (x: number): number => Math.round(x * 10) / 10;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const PAYEES = ['Stadtwerke München', 'Telekom Deutschland', 'Müller Söhne', 'Amazon Payments', 'Finanzamt Berlin', 'REWE Markt', 'Deutsche Bahn', 'Hausverwaltung Nord', 'Acme SARL', 'Bäckerei Schröder', 'Globex Corporation', 'Initech Consulting'];
const WORDS = ['Rechnung', 'Miete', 'Strom', 'Gehalt', 'Lastschrift', 'Gutschrift', 'Kartenzahlung', 'Beitrag', 'Abo', 'Erstattung', 'Versicherung', 'Honorar'];

interface FillTime {
  ms: number;
  cpuMs: number;
}

/** Rows per step: each database gets this many, then the other one. */
const STEP = 50_000;

function timed(time: FillTime, work: () => void): void {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  work();
  const cpu = process.cpuUsage(cpuStart);
  time.ms += performance.now() - start;
  time.cpuMs += (cpu.user + cpu.system) / 1000;
}

/**
 * Fills both databases with the same N rows, each in one transaction with
 * the importer's bulk settings and its search index, as one bulk import. The
 * two are written in alternating steps (each step timed on its own) so that
 * a change in the machine's load weighs on both alike: run one after the
 * other, 15 s each, the ratio followed the load.
 */
function fillBoth(plain: Database.Database, encrypted: Database.Database): { plain: FillTime; encrypted: FillTime } {
  const dbs = [
    { db: plain, time: { ms: 0, cpuMs: 0 } },
    { db: encrypted, time: { ms: 0, cpuMs: 0 } },
  ];
  const inserts = dbs.map(({ db }) => {
    db.prepare("INSERT INTO bank_accounts (id, name, currency, created_at, updated_at) VALUES ('acc', 'Giro', 'EUR', '2026-01-01', '2026-01-01')").run();
    return db.prepare("INSERT INTO bank_transactions (account_id, booking_date, amount, payee, text, reference, dedup_key) VALUES ('acc', ?, ?, ?, ?, ?, ?)");
  });
  withBulkWrite(plain, () => withBulkWrite(encrypted, () => {
    for (const { db, time } of dbs) timed(time, () => db.exec('BEGIN'));
    try {
      for (let from = 0; from < N; from += STEP) {
        // Who goes first alternates too.
        const order = (from / STEP) % 2 === 0 ? [0, 1] : [1, 0];
        for (const which of order) {
          const insert = inserts[which];
          const target = dbs[which];
          if (!insert || !target) continue;
          timed(target.time, () => {
            for (let i = from; i < Math.min(N, from + STEP); i += 1) {
              const date = new Date(Date.UTC(2016, 0, 1) + Math.floor(i / 300) * 86_400_000).toISOString().slice(0, 10);
              insert.run(date, ((i * 7919) % 500_000) - 250_000, PAYEES[i % PAYEES.length], `${WORDS[i % WORDS.length] ?? ''} ${String(100_000 + i)} ${WORDS[(i * 7) % WORDS.length] ?? ''}`, `E2E-${String(i)}`, `k${String(i)}`);
            }
          });
        }
      }
      // As the importer does: the search index in one statement after the rows, then the commit.
      for (const { db, time } of dbs) {
        timed(time, () => {
          db.exec('INSERT INTO bank_transactions_fts (rowid, payee, text, reference) SELECT id, payee, text, reference FROM bank_transactions');
          db.exec('COMMIT');
        });
      }
    } finally {
      for (const { db } of dbs) if (db.inTransaction) db.exec('ROLLBACK');
    }
  }));
  return { plain: dbs[0]?.time ?? { ms: 0, cpuMs: 0 }, encrypted: dbs[1]?.time ?? { ms: 0, cpuMs: 0 } };
}

const work = mkdtempSync(join(tmpdir(), 'sealbook-bench-million-'));
try {
  const key = randomBytes(32);
  const encrypted = openEncryptedDb(join(work, 'vault.db'), key);
  migrate(encrypted);
  const plain = new Database(join(work, 'plain.db'));
  plain.pragma('journal_mode = WAL');
  plain.pragma('synchronous = NORMAL');
  plain.pragma('foreign_keys = ON');
  migrate(plain);
  const { plain: plainFill, encrypted: encryptedFill } = fillBoth(plain, encrypted);
  plain.close();
  encrypted.close();

  // CPU time beside wall time: on a shared machine the wall time also counts other people's work.
  const cpuMs = (since: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  // First screen: what the app does after unlock, on a cold handle.
  let start = performance.now();
  let cpu = process.cpuUsage();
  const db = openEncryptedDb(join(work, 'vault.db'), key, { mustExist: true });
  migrate(db);
  const ctx: BankContext = {
    db,
    blobs: new BlobStore(work, () => db, () => new Date()),
    now: () => new Date(),
    actor: 'bench',
    transaction: (fn) => db.transaction(fn)(),
    audit: () => undefined,
  };
  const accounts = listAccounts(ctx);
  const firstPage = listTransactions(ctx, {}, null, 100);
  const firstScreenMs = performance.now() - start;
  const firstScreenCpuMs = cpuMs(cpu);

  // Search as you type: every prefix of a few queries, first page each.
  const queries = ['stadtwerke', 'miete 1234', 'schröder', 'e2e-99999', 'globex rechnung', 'honorar 5'];
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const perQuery: Record<string, number> = {};
  for (const query of queries) {
    for (let length = 2; length <= query.length; length += 1) {
      start = performance.now();
      cpu = process.cpuUsage();
      const page = listTransactions(ctx, { search: query.slice(0, length) }, null, 100);
      times.push(performance.now() - start);
      cpuTimes.push(cpuMs(cpu));
      if (length === query.length) perQuery[query] = page.total ?? 0;
    }
  }
  // Amount filters over all accounts (no text): the date index is walked with the amount in it.
  const amountFilters = [
    { minAmount: '119.00', maxAmount: '119.00' },
    { minAmount: '-50', maxAmount: '-40' },
    { minAmount: '2000', maxAmount: '2500' },
  ];
  const amountTimes: number[] = [];
  const amountMatches: Record<string, number> = {};
  for (let round = 0; round < 3; round += 1) {
    for (const filter of amountFilters) {
      start = performance.now();
      const page = listTransactions(ctx, filter, null, 100);
      amountTimes.push(performance.now() - start);
      amountMatches[`${filter.minAmount}..${filter.maxAmount}`] = page.total ?? 0;
    }
  }
  db.close();
  console.log(
    JSON.stringify(
      {
        bench: 'bank-million',
        transactions: N,
        bulkInsert: {
          plainMs: round(plainFill.ms),
          sqlcipherMs: round(encryptedFill.ms),
          ratio: Math.round((encryptedFill.ms / plainFill.ms) * 100) / 100,
          plainCpuMs: round(plainFill.cpuMs),
          sqlcipherCpuMs: round(encryptedFill.cpuMs),
          cpuRatio: Math.round((encryptedFill.cpuMs / plainFill.cpuMs) * 100) / 100,
          target: 1.2,
        },
        search: { keystrokes: times.length, medianMs: round(median(times)), p95Ms: round([...times].sort((a, b) => a - b)[Math.floor(times.length * 0.95)] ?? 0), maxMs: round(Math.max(...times)), medianCpuMs: round(median(cpuTimes)), targetMs: 50, matches: perQuery },
        amountFilter: { runs: amountTimes.length, medianMs: round(median(amountTimes)), maxMs: round(Math.max(...amountTimes)), matches: amountMatches },
        firstScreen: { ms: round(firstScreenMs), cpuMs: round(firstScreenCpuMs), accounts: accounts.length, rows: firstPage.rows.length, total: firstPage.total, targetMs: 1000 },
        loadavg: loadavg().map(round),
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
