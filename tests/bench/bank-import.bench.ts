/**
 * Bank import benchmark (issue 8, DESIGN §9): a 100,000-row bank CSV imported
 * with dedup into a real SQLCipher vault, side by side in the same run with
 * `hledger print` / `hledger import --dry-run` reading the same file through
 * a CSV rules file, and `ledger convert` (which reads only comma-separated,
 * dot-decimal CSV: it gets the same rows in that layout). Target for ours:
 * <= 1.0 s and ahead of both. A tool that is not installed is skipped with a
 * printed reason. Prints JSON; never fails on times.
 *
 * Ours reads the file on a worker thread while it stores the lines, as the
 * app does; the thread runs the bundle the app runs (dist/workers/worker.cjs,
 * `npm run build:main` first) where it exists, else the sources through tsx,
 * whose start-up (~0.3 s) then counts in the figure. The output says which.
 *
 *   node --import tsx tests/bench/bank-import.bench.ts
 *   BENCH_ROWS=10000 BENCH_TOOLS=0 node --import tsx tests/bench/bank-import.bench.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createAccount } from '../../src-main/core/bank/accounts.js';
import type { BankContext } from '../../src-main/core/bank/context.js';
import { importStatement } from '../../src-main/core/bank/importer.js';
import { appendAudit } from '../../src-main/core/audit/chain.js';
import { migrate } from '../../src-main/core/db/migrate.js';
import { openEncryptedDb } from '../../src-main/core/db/open.js';
import { BlobStore } from '../../src-main/core/vault/blobs.js';

const ROWS = Number(process.env['BENCH_ROWS'] ?? 100_000);
const PAYEES = ['Stadtwerke München', 'Telekom Deutschland GmbH', 'Müller & Söhne KG', 'Amazon EU S.a.r.l.', 'Finanzamt Berlin', 'REWE Markt', 'Deutsche Bahn', 'Hausverwaltung Nord', 'Acme SARL', 'Bäckerei Schröder'];
const round = (x: number): number => Math.round(x * 10) / 10;

function rows(): { date: string; text: string; payee: string; cents: number }[] {
  return Array.from({ length: ROWS }, (_, i) => {
    const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(i / 40) * 86_400_000);
    const cents = ((i * 7919) % 250_000) - 125_000 || 1;
    return { date: day.toISOString().slice(0, 10), text: `Rechnung ${String(100_000 + i)} Posten ${String(i % 13)}`, payee: PAYEES[i % PAYEES.length] ?? '', cents };
  });
}

const german = (iso: string): string => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
const decimal = (cents: number, mark: string): string => `${cents < 0 ? '-' : ''}${String(Math.floor(Math.abs(cents) / 100))}${mark}${String(Math.abs(cents) % 100).padStart(2, '0')}`;

/** BENCH_TOOLS=0 times only ours (for profiling runs). */
function available(tool: string): boolean {
  if (process.env['BENCH_TOOLS'] === '0') return false;
  return spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
}

function timed(command: string, args: string[]): { ms: number; exitCode: number | null } {
  const start = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const ms = performance.now() - start;
  if (result.status !== 0) console.error(`${command} failed: ${result.stderr.toString().slice(0, 400)}`);
  return { ms: round(ms), exitCode: result.status };
}

const builtWorker = fileURLToPath(new URL('../../dist/workers/worker.cjs', import.meta.url));
if (existsSync(builtWorker) && process.env['SEALBOOK_WORKER_SCRIPT'] === undefined) process.env['SEALBOOK_WORKER_SCRIPT'] = builtWorker;
const workerScript = process.env['SEALBOOK_WORKER_SCRIPT'] === undefined ? 'worker.ts through tsx' : relative(process.cwd(), process.env['SEALBOOK_WORKER_SCRIPT']);

const work = mkdtempSync(join(tmpdir(), 'sealbook-bench-bank-'));
try {
  const data = rows();
  const csvPath = join(work, 'umsaetze.csv');
  writeFileSync(csvPath, ['Buchungstag;Verwendungszweck;Begünstigter / Auftraggeber;Betrag', ...data.map((r) => `${german(r.date)};${r.text};${r.payee};${decimal(r.cents, ',')}`)].join('\n'));
  const rulesPath = `${csvPath}.rules`;
  writeFileSync(rulesPath, ['skip 1', 'separator ;', 'fields date, description, payee_, amount', 'date-format %d.%m.%Y', 'decimal-mark ,', 'currency EUR', 'account1 assets:bank', 'account2 expenses:unknown', ''].join('\n'));
  const ledgerCsv = join(work, 'umsaetze-ledger.csv');
  writeFileSync(ledgerCsv, ['date,payee,note,amount', ...data.map((r) => `${r.date},"${r.payee}","${r.text}",${decimal(r.cents, '.')}`)].join('\n'));

  // Ours: a real SQLCipher vault, the full import path (parse, mask, dedup, rules, FTS, audit).
  const db = openEncryptedDb(join(work, 'vault.db'), randomBytes(32));
  migrate(db);
  const auditKey = randomBytes(32);
  const ctx: BankContext = {
    db,
    blobs: new BlobStore(work, () => db, () => new Date()),
    now: () => new Date(),
    actor: 'bench',
    transaction: (fn) => db.transaction(fn)(),
    audit: (entry) => {
      appendAudit(db, auditKey, { ...entry, actor: 'bench', at: new Date() });
    },
  };
  const accountId = createAccount(ctx, { name: 'Giro' }).id;
  const bytes = readFileSync(csvPath);
  // CPU time beside wall time: on a shared machine the wall time also counts other people's work.
  const cpuMs = (since: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(since);
    return round((used.user + used.system) / 1000);
  };
  let start = performance.now();
  let cpu = process.cpuUsage();
  const first = importStatement(ctx, { accountId, fileName: 'umsaetze.csv', bytes });
  const oursMs = round(performance.now() - start);
  const oursCpuMs = cpuMs(cpu);
  start = performance.now();
  cpu = process.cpuUsage();
  const again = importStatement(ctx, { accountId, fileName: 'umsaetze.csv', bytes });
  const againMs = round(performance.now() - start);
  const againCpuMs = cpuMs(cpu);
  db.close();

  const tools: Record<string, unknown> = {};
  if (available('hledger')) {
    const version = execFileSync('hledger', ['--version']).toString().trim();
    const print = timed('hledger', ['-f', csvPath, '--rules-file', rulesPath, 'print']);
    const journal = join(work, 'main.journal');
    writeFileSync(journal, '');
    const imported = timed('hledger', ['-f', journal, 'import', '--rules-file', rulesPath, '--dry-run', csvPath]);
    tools['hledger'] = { version, printMs: print.ms, importDryRunMs: imported.ms, ok: print.exitCode === 0 && imported.exitCode === 0 };
  } else {
    tools['hledger'] = { skipped: 'hledger is not installed (apt-get install hledger)' };
  }
  if (available('ledger')) {
    const version = execFileSync('ledger', ['--version']).toString().split('\n')[0] ?? '';
    const convert = timed('ledger', ['-f', '/dev/null', 'convert', ledgerCsv, '--account', 'assets:bank', '--input-date-format', '%Y-%m-%d']);
    tools['ledger'] = { version, convertMs: convert.ms, ok: convert.exitCode === 0 };
  } else {
    tools['ledger'] = { skipped: 'ledger is not installed (apt-get install ledger)' };
  }
  const ratio = (other: unknown): number | null => (typeof other === 'number' && oursMs > 0 ? round(other / oursMs) : null);
  const hledger = tools['hledger'] as { printMs?: number };
  const ledger = tools['ledger'] as { convertMs?: number };
  console.log(
    JSON.stringify(
      {
        bench: 'bank-import',
        rows: ROWS,
        fileBytes: bytes.byteLength,
        ours: { workerScript, importMs: oursMs, importCpuMs: oursCpuMs, new: first.new, rejected: first.rejected.length, sameFileAgainMs: againMs, sameFileAgainCpuMs: againCpuMs, duplicates: again.duplicates, targetMs: 1000 },
        ...tools,
        speedup: { vsHledgerPrint: ratio(hledger.printMs), vsLedgerConvert: ratio(ledger.convertMs) },
        loadavg: loadavg().map(round),
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
