/**
 * 1,000 mixed receipts (JPEGs of 1-2 MP, some PNGs, small PDFs) imported,
 * sealed and archived through the real intake on a real SQLCipher vault,
 * the worker pool sized to the cores; text recognition excluded (DESIGN §9:
 * <= 30 s, peak RSS <= 400 MB, event-loop lag of main p99 <= 100 ms).
 * The pool threads run the shipped bundle (dist/workers/worker.cjs, as the
 * app does) when it is built, else worker.ts through tsx, whose compiler
 * costs each thread memory the app never pays; the figures say which.
 * Run: npm run build && node --import tsx tests/bench/receipts.bench.ts
 * Prints one JSON line; never gates on absolute times.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { appendAudit } from '../../src-main/core/audit/chain.js';
import { migrate } from '../../src-main/core/db/migrate.js';
import { openEncryptedDb } from '../../src-main/core/db/open.js';
import { updateCompany } from '../../src-main/core/invoices/company.js';
import type { ReceiptsContext } from '../../src-main/core/receipts/context.js';
import { importPaths } from '../../src-main/core/receipts/imports.js';
import { BlobStore } from '../../src-main/core/vault/blobs.js';
import { WorkerPool } from '../../src-main/core/workers/pool.js';

const COUNT = Number(process.env.RECEIPTS_BENCH_COUNT ?? 1000);
const round = (value: number): number => Math.round(value * 100) / 100;

/** A COM segment after SOI makes each copy a distinct, valid JPEG (dedup would skip identical ones). */
function uniqueJpeg(base: Buffer, n: number): Buffer {
  const text = Buffer.from(`receipt ${n}`, 'latin1');
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([base.subarray(0, 2), segment, text, base.subarray(2)]);
}

async function photo(width: number, height: number, seed: number): Promise<Buffer> {
  // Noise-like content compresses like a real photo, unlike a flat colour.
  const raw = randomBytes(Math.floor((width * height * 3) / 16));
  return sharp(raw, { raw: { width: width / 4, height: height / 4, channels: 3 } })
    .resize(width, height, { kernel: 'cubic' })
    .modulate({ hue: seed % 360 })
    .jpeg({ quality: 82 })
    .toBuffer();
}

async function makeFiles(dir: string): Promise<{ jpeg: number; png: number; pdf: number; bytes: number }> {
  const bases = await Promise.all([[1280, 960], [1600, 1200], [1200, 1600], [1440, 1080]].map(([w = 0, h = 0], i) => photo(w, h, i * 40)));
  const counts = { jpeg: 0, png: 0, pdf: 0, bytes: 0 };
  for (let n = 0; n < COUNT; n += 1) {
    let bytes: Buffer;
    let name: string;
    if (n % 10 === 8) {
      bytes = await sharp({ create: { width: 800, height: 1100, channels: 3, background: { r: 255 - (n % 200), g: 255 - Math.floor(n / 200), b: 250 } } }).png().toBuffer();
      name = `scan-${n}.png`;
      counts.png += 1;
    } else if (n % 10 === 9) {
      const doc = await PDFDocument.create();
      const font = await doc.embedFont(StandardFonts.Helvetica);
      doc.addPage([300, 420]).drawText(`Invoice ${n} TOTAL ${(n % 97) + 0.5} EUR`, { x: 20, y: 380, size: 12, font });
      bytes = Buffer.from(await doc.save());
      name = `invoice-${n}.pdf`;
      counts.pdf += 1;
    } else {
      bytes = uniqueJpeg(bases[n % bases.length] ?? Buffer.alloc(0), n);
      name = `photo-${n}.jpg`;
      counts.jpeg += 1;
    }
    counts.bytes += bytes.length;
    writeFileSync(join(dir, name), bytes);
  }
  return counts;
}

// The files are made in a child process, so their making does not count in this process's peak RSS.
if (process.argv[2] === '--generate') {
  console.log(JSON.stringify(await makeFiles(process.argv[3] ?? '')));
  process.exit(0);
}
const work = mkdtempSync(join(tmpdir(), 'sealbook-receipts-bench-'));
const inbox = join(work, 'inbox');
mkdirSync(inbox);
const mix = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--generate', inbox], { encoding: 'utf8', env: process.env })) as unknown;

const db = openEncryptedDb(join(work, 'vault.db'), randomBytes(32));
migrate(db);
const auditKey = randomBytes(32);
const builtWorker = fileURLToPath(new URL('../../dist/workers/worker.cjs', import.meta.url));
if (existsSync(builtWorker) && process.env.SEALBOOK_WORKER_SCRIPT === undefined) process.env.SEALBOOK_WORKER_SCRIPT = builtWorker;
const pool = new WorkerPool();
const ctx: ReceiptsContext = {
  db,
  blobs: new BlobStore(work, () => db),
  now: () => new Date(),
  actor: 'bench',
  transaction: (fn) => db.transaction(fn)(),
  audit: (entry) => appendAudit(db, auditKey, { ...entry, actor: 'bench', at: new Date() }),
  pool,
  text: { extractText: () => Promise.resolve({ text: '', method: 'none', panMasked: false }), prefillFromText: () => ({}) },
};
updateCompany(ctx, { legalName: 'Bench GmbH', address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' } });

const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
const started = performance.now();
const report = await importPaths(ctx, [inbox]);
const seconds = (performance.now() - started) / 1000;
lag.disable();

const result = {
  bench: 'receipts-import',
  receipts: COUNT,
  mix,
  workers: pool.size,
  workerScript: process.env.SEALBOOK_WORKER_SCRIPT === undefined ? 'worker.ts through tsx' : relative(process.cwd(), process.env.SEALBOOK_WORKER_SCRIPT),
  imported: report.imported.length,
  duplicates: report.duplicates.length,
  rejected: report.rejected.length,
  seconds: round(seconds),
  receiptsPerSecond: round(report.imported.length / seconds),
  peakRssMb: round(process.resourceUsage().maxRSS / 1024),
  eventLoopLagMs: { p50: round(lag.percentile(50) / 1e6), p99: round(lag.percentile(99) / 1e6), max: round(lag.max / 1e6) },
  budget: { seconds: 30, peakRssMb: 400, eventLoopLagP99Ms: 100 },
};
console.log(JSON.stringify(result));
await pool.close();
db.close();
rmSync(work, { recursive: true, force: true });
