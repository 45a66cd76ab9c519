import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCategory } from '../../../src-main/core/bank/categories.js';
import { importStatement } from '../../../src-main/core/bank/importer.js';
import { StatementRefusedError, streamStatementFile } from '../../../src-main/core/bank/parsers/index.js';
import { readOnThread } from '../../../src-main/core/bank/reading-thread.js';
import { createRule } from '../../../src-main/core/bank/rules.js';
import { WorkerPool } from '../../../src-main/core/workers/pool.js';
import type { TestVault } from './setup.js';
import { newAccount, openTestVault } from './setup.js';

/**
 * A file of 1 MiB or more is read on a worker thread while the caller's
 * thread stores its lines (importer.ts). Both ways must store the very same
 * lines, keys and categories, report the same rejections and reconcile the
 * same; a file refused on the thread is refused as on the caller's.
 */
const pool = new WorkerPool({ size: 1 });
afterAll(() => pool.close());

let threaded: TestVault;
let inline: TestVault;
beforeEach(() => {
  threaded = openTestVault();
  inline = openTestVault();
});
afterEach(() => {
  vi.restoreAllMocks();
  threaded.close();
  inline.close();
});

const PAYEES = ['Stadtwerke München', 'Telekom Deutschland GmbH', 'Café Müller', 'Acme SARL'];
const euros = (cents: number): string => `${cents < 0 ? '-' : ''}${String(Math.floor(Math.abs(cents) / 100))},${String(Math.abs(cents) % 100).padStart(2, '0')}`;

/** About 1.25 MB: identical payments on one day, a card number, a NUL, a bad amount, the balances before and after. */
function largeCsv(): { bytes: Uint8Array; lines: number; energy: number } {
  const rows = ['Anfangssaldo;;;1.000,00', 'Buchungstag;Verwendungszweck;Begünstigter / Auftraggeber;Betrag'];
  let total = 100_000;
  let lines = 0;
  let energy = 0;
  for (let i = 0; i < 24_000; i += 1) {
    const day = new Date(Date.UTC(2025, 0, 1) + Math.floor(i / 50) * 86_400_000).toISOString().slice(0, 10);
    const date = `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
    // Every tenth line repeats the one before it: the same real payment twice on one day.
    const n = i % 10 === 9 ? i - 1 : i;
    const cents = ((n * 7919) % 50_000) - 25_000 || 1;
    // A NUL inside a text (it happens in broken exports) must survive the hand-over too.
    const text = n === 4242 ? 'Karte 4111 1111 1111 1111 Tankstelle' : n === 15_000 ? 'Rechnung\u0000 115000' : `Rechnung ${String(100_000 + n)}`;
    rows.push(`${date};${text};${PAYEES[n % PAYEES.length] ?? ''};${euros(cents)}`);
    total += cents;
    lines += 1;
    if (n % PAYEES.length === 0) energy += 1;
    if (i === 777) rows.push(`${date};Kaputt;Acme SARL;zwölf Euro`);
  }
  rows.push(`Schlusssaldo;;;${euros(total)}`);
  return { bytes: Buffer.from(rows.join('\r\n'), 'utf8'), lines, energy };
}

function stored(vault: TestVault): unknown[] {
  return vault.db
    .prepare(
      `SELECT t.booking_date, t.amount, t.payee, t.text, t.reference, t.dedup_key, c.name AS category
       FROM bank_transactions t LEFT JOIN bank_categories c ON c.id = t.category_id ORDER BY t.id`,
    )
    .all();
}

function withRule(vault: TestVault): string {
  const category = createCategory(vault.ctx, 'Energie');
  createRule(vault.ctx, { field: 'payee', contains: 'stadtwerke', categoryId: category.id });
  return newAccount(vault.ctx, 'Giro');
}

describe('a large statement read on a worker thread', () => {
  it('stores the same lines, keys and categories as when read on the caller’s thread, and reconciles the same', () => {
    const { bytes, lines, energy } = largeCsv();
    expect(bytes.byteLength).toBeGreaterThan(1024 * 1024);
    const onThread = vi.spyOn(pool, 'runIfIdle');
    const a = importStatement(threaded.ctx, { accountId: withRule(threaded), fileName: 'umsaetze.csv', bytes }, { pool });
    expect(onThread).toHaveBeenCalledTimes(1);
    expect(onThread.mock.results[0]?.value).not.toBeNull();
    const b = importStatement(inline.ctx, { accountId: withRule(inline), fileName: 'umsaetze.csv', bytes }, { pool: null });

    expect(a).toMatchObject({ format: 'csv', new: lines, duplicates: 0, alreadyImported: false });
    expect(a.rejected).toEqual([
      { line: 781, message: expect.stringMatching(/^Line 781: 'zwölf Euro' is not an amount/) as unknown, reason: { code: 'not-an-amount', params: { value: 'zwölf Euro' } } },
    ]);
    expect(a.reconciliation).toHaveLength(1);
    expect(a.reconciliation[0]?.ok).toBe(true);
    expect({ ...a, importId: null }).toEqual({ ...b, importId: null });
    const rows = stored(threaded);
    expect(rows).toEqual(stored(inline));
    expect(rows).toHaveLength(lines);
    expect(new Set(rows.map((r) => (r as { dedup_key: string }).dedup_key)).size).toBe(lines);
    expect(rows.filter((r) => (r as { category: string | null }).category === 'Energie')).toHaveLength(energy);
    // The search index, filled batch by batch, holds every line and agrees with the rows (FTS5's own check).
    for (const vault of [threaded, inline]) {
      expect(() => vault.db.prepare("INSERT INTO bank_transactions_fts (bank_transactions_fts, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
      expect(vault.db.prepare("SELECT count(*) FROM bank_transactions_fts WHERE bank_transactions_fts MATCH '\"stadtwerke\"*'").pluck().get()).toBe(energy);
      expect(vault.db.prepare("SELECT count(*) FROM bank_transactions_fts WHERE bank_transactions_fts MATCH '\"rechnung\"*'").pluck().get()).toBe(lines - 1);
    }
    expect(JSON.stringify(rows)).not.toContain('4111 1111 1111 1111');
    expect(JSON.stringify(rows)).toContain('Karte ************1111 Tankstelle');

    // The same file again, on the thread: every line is known.
    expect(importStatement(threaded.ctx, { accountId: threaded.ctx.db.prepare('SELECT id FROM bank_accounts').pluck().get() as string, fileName: 'umsaetze.csv', bytes }, { pool })).toMatchObject({
      new: 0,
      duplicates: lines,
      alreadyImported: true,
    });
  });

  it('hands a refusal on the thread back as the same refusal', async () => {
    // The pool's one thread is free once its last task's answer reached this thread's event loop.
    const idle = (): Promise<void> => vi.waitFor(() => { expect(pool.load).toBe(0); });
    // No mapping given: the thread detects one, and a file with no dated amounts is refused there.
    const bytes = Buffer.from(`Kontoauszüge 2026, bitte ablegen.\n${'Notiz ohne Datum und Betrag\n'.repeat(40_000)}`, 'utf8');
    const job = { bytes, format: 'csv' as const, account: { name: 'Giro', iban: '', currency: 'EUR' }, rules: [] };
    let inlineError: unknown;
    try {
      streamStatementFile(bytes, job);
    } catch (error) {
      inlineError = error;
    }
    expect(inlineError).toBeInstanceOf(StatementRefusedError);
    await idle();
    const reading = readOnThread(pool, job);
    if (reading === null) throw new Error('no pool thread was free');
    try {
      expect(() => [...reading.parts]).toThrow(StatementRefusedError);
    } finally {
      reading.close();
    }
    await idle();
    const again = readOnThread(pool, job);
    if (again === null) throw new Error('no pool thread was free');
    expect(() => [...again.parts]).toThrow((inlineError as Error).message);
    again.close();
  });

  it('reads other formats than CSV on the caller’s thread, however large (they are parsed whole first)', () => {
    const bytes = Buffer.from(`<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>${'x'.repeat(1_100_000)}`, 'utf8');
    const onThread = vi.spyOn(pool, 'runIfIdle');
    const accountId = newAccount(threaded.ctx, 'Giro');
    expect(() => importStatement(threaded.ctx, { accountId, fileName: 'broken.xml', bytes }, { pool })).toThrow(StatementRefusedError);
    expect(onThread).not.toHaveBeenCalled();
    expect(threaded.db.prepare('SELECT count(*) FROM bank_imports').pluck().get()).toBe(0);
  });

  it('is read on the caller’s thread where this thread may not block (as in a browser)', () => {
    const refused = vi.spyOn(Atomics, 'wait').mockImplementation(() => {
      throw new TypeError('Atomics.wait cannot be called in this context');
    });
    const onThread = vi.spyOn(pool, 'runIfIdle');
    try {
      const { bytes, lines } = largeCsv();
      expect(importStatement(threaded.ctx, { accountId: newAccount(threaded.ctx, 'Giro'), fileName: 'umsaetze.csv', bytes }, { pool })).toMatchObject({ new: lines });
      expect(refused).toHaveBeenCalled();
      expect(onThread).not.toHaveBeenCalled();
    } finally {
      refused.mockRestore();
    }
  });

  it('gives the import up with a clear error, storing nothing, when the reading thread dies', async () => {
    // A pool thread that stops at once, as a crashed one would: the parts never come.
    const dir = mkdtempSync(join(tmpdir(), 'sealbook-dead-worker-'));
    const script = join(dir, 'dead.mjs');
    writeFileSync(script, 'process.exit(3);\n');
    const before = process.env['SEALBOOK_WORKER_SCRIPT'];
    process.env['SEALBOOK_WORKER_SCRIPT'] = script;
    const dead = new WorkerPool({ size: 1 });
    try {
      const { bytes, lines } = largeCsv();
      const accountId = newAccount(threaded.ctx, 'Giro');
      const started = Date.now();
      expect(() => importStatement(threaded.ctx, { accountId, fileName: 'umsaetze.csv', bytes }, { pool: dead })).toThrow(/stopped halfway; nothing was imported/);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(threaded.db.prepare('SELECT count(*) FROM bank_transactions').pluck().get()).toBe(0);
      expect(threaded.db.prepare('SELECT count(*) FROM bank_imports').pluck().get()).toBe(0);
      // The vault took no harm: the same file imports whole when tried again.
      expect(importStatement(threaded.ctx, { accountId, fileName: 'umsaetze.csv', bytes }, { pool: null })).toMatchObject({ new: lines, alreadyImported: false });
    } finally {
      if (before === undefined) delete process.env['SEALBOOK_WORKER_SCRIPT'];
      else process.env['SEALBOOK_WORKER_SCRIPT'] = before;
      await dead.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('is read on the caller’s thread when no pool thread is free at once', async () => {
    const busy = new WorkerPool({ size: 1 });
    try {
      const hashing = busy.run('sha256', new Uint8Array(64 * 1024 * 1024));
      // The only thread is hashing: a task that waited for it would wait for this blocked thread.
      expect(busy.runIfIdle('sha256', new Uint8Array(1), [])).toBeNull();
      const { bytes, lines } = largeCsv();
      expect(importStatement(threaded.ctx, { accountId: newAccount(threaded.ctx, 'Giro'), fileName: 'umsaetze.csv', bytes }, { pool: busy })).toMatchObject({ new: lines });
      await hashing;
      const free = busy.runIfIdle('sha256', new Uint8Array([1, 2, 3]), []);
      expect(free).not.toBeNull();
      await expect(free).resolves.toMatchObject({ sha256: '039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81' });
    } finally {
      await busy.close();
    }
  });
});
