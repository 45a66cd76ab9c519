/**
 * Lays out and seals 200 invoices in one process (DESIGN §9: issue one
 * invoice <= 50 ms median, of which storing is the invoicing engine's part).
 * Run: node --import tsx tests/bench/seal.bench.ts
 * Prints one JSON line; never gates on absolute times.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { renderInvoicePdf } from '../../src-main/core/pdf/invoice-layout.js';
import { sealPdf } from '../../src-main/core/pdf/pades-signer.js';
import { createSealIdentity } from '../../src-main/core/pdf/seal-certificate.js';
import type { SealKeyType } from '../../src-main/core/pdf/seal-certificate.js';
import { verifySealedPdf } from '../../src-main/core/pdf/verify.js';
import { sampleInvoice } from '../integration/pdf/fixtures.js';

const COUNT = Number(process.env.SEAL_BENCH_COUNT ?? 200);
const LINES = Number(process.env.SEAL_BENCH_LINES ?? 8);
const keyType: SealKeyType = process.env.SEAL_BENCH_KEY === 'EC' ? 'EC' : 'RSA';

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const round = (value: number): number => Math.round(value * 100) / 100;

const identity = createSealIdentity({ legalName: 'Müller & Söhne Großhandel GmbH', country: 'DE', vatId: 'DE123456789' }, { keyType }).identity;
const invoices = Array.from({ length: COUNT }, (_, index) =>
  sampleInvoice(LINES, { number: `2026-${String(index + 1).padStart(4, '0')}` }),
);

const layoutMs: number[] = [];
for (const invoice of invoices) {
  const start = performance.now();
  await (await renderInvoicePdf(invoice)).save();
  layoutMs.push(performance.now() - start);
}

const sealMs: number[] = [];
// CPU time is reported beside wall time: on a shared, loaded machine wall time overstates the cost.
const cpuBefore = process.cpuUsage();
let bytesTotal = 0;
let lastPdf: Uint8Array = new Uint8Array();
for (const invoice of invoices) {
  const start = performance.now();
  lastPdf = await sealPdf(await renderInvoicePdf(invoice), identity, { reason: `Invoice ${invoice.number} issued`, name: invoice.seller.legalName });
  sealMs.push(performance.now() - start);
  bytesTotal += lastPdf.byteLength;
}

const cpu = process.cpuUsage(cpuBefore);
if (!verifySealedPdf(lastPdf).intact) throw new Error('The last sealed invoice does not verify; the benchmark is void.');

console.log(
  JSON.stringify({
    bench: 'seal',
    invoices: COUNT,
    linesPerInvoice: LINES,
    keyType,
    medianLayoutMs: round(median(layoutMs)),
    medianLayoutAndSealMs: round(median(sealMs)),
    p95LayoutAndSealMs: round([...sealMs].sort((a, b) => a - b)[Math.floor(sealMs.length * 0.95)] ?? 0),
    cpuMsPerLayoutAndSeal: round((cpu.user + cpu.system) / 1000 / COUNT),
    loadAverage1m: round(loadavg()[0] ?? 0),
    firstLayoutAndSealMs: round(sealMs[0] ?? 0),
    averagePdfKb: round(bytesTotal / COUNT / 1024),
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
    budgetMs: 50,
  }),
);
