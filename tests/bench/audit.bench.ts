/**
 * Audit log benchmark: 100,000 chained rows in an encrypted vault; the
 * viewer's filtered page (median of 9) and a full chain verification.
 * Prints JSON; never fails on times.
 *
 *   npm run bench -- audit
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { appendAudit } from '../../src-main/core/audit/chain.js';
import { listAudit } from '../../src-main/core/audit/query.js';
import { verifyAudit } from '../../src-main/core/audit/verify.js';
import { median, openBenchVault } from './support.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const bench = openBenchVault('sealbook-audit-bench-');
try {
  const key = randomBytes(32);
  const start = Date.UTC(2026, 0, 1);
  const t0 = performance.now();
  bench.db.transaction(() => {
    for (let i = 0; i < ROWS; i += 1) {
      appendAudit(bench.db, key, {
        actor: i % 2 ? 'anna' : 'bob',
        action: i % 3 ? 'invoices.issue' : 'session.unlock',
        subject: `INV-${i}`,
        details: { n: i },
        at: new Date(start + i * 60_000),
      });
    }
  })();
  const appendMs = performance.now() - t0;

  const pageMs: number[] = [];
  for (let i = 0; i < 9; i += 1) {
    const t = performance.now();
    listAudit(bench.db, { actor: 'anna', from: '2026-02-01' }, 500 + i * 100, 100);
    pageMs.push(performance.now() - t);
  }
  const t1 = performance.now();
  const verdict = await verifyAudit(bench.db, key);
  const verifyMs = performance.now() - t1;
  if (!verdict.ok) throw new Error('The benchmark chain did not verify.');

  const round = (x: number): number => Math.round(x * 10) / 10;
  console.log(JSON.stringify({
    rows: ROWS,
    appendRowsPerSecond: Math.round(ROWS / (appendMs / 1000)),
    filteredPageMedianMs: round(median(pageMs)),
    verifyMs: round(verifyMs),
    loadavg: loadavg().map(round),
  }, null, 2));
} finally {
  bench.close();
}
