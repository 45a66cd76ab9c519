import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractedText, Prefill, TextSource } from '../../../src-main/core/receipts/text/index.js';
import type { TextFunctions } from '../../../src-main/core/receipts/context.js';
import { RetentionError } from '../../../src-main/core/errors.js';
import { confirmExpense, createCategory, createManualExpense, getExpense, updateExpense } from '../../../src-main/core/expenses/service.js';
import { readExpense, readExpenses } from '../../../src-main/core/expenses/index.js';
import { importPaths, resumeImports, startImport } from '../../../src-main/core/receipts/imports.js';
import * as journal from '../../../src-main/core/receipts/journal.js';
import { deleteReceipt, updateReceiptsSettings } from '../../../src-main/core/receipts/service.js';
import { listReceipts, storedReceipt } from '../../../src-main/core/receipts/store.js';
import { PAN_NOTICE, runTextPhase } from '../../../src-main/core/receipts/text-phase.js';
import { newBlobId } from '../../../src-main/core/vault/blobs.js';
import { WorkerPool } from '../../../src-main/core/workers/pool.js';
import { auditRows } from '../invoices/setup.js';
import * as fx from './fixtures.js';
import type { ReceiptsVault } from './setup.js';
import { blobFiles, openReceiptsVault } from './setup.js';

/** A small extractor: the text phase's plumbing, not OCR, is under test here. */
const seen: TextSource['kind'][] = [];
const testText: TextFunctions = {
  extractText: (source: TextSource): Promise<ExtractedText> => {
    seen.push(source.kind);
    return Promise.resolve({ text: `Café Krone Berlin SUMME 23,40 EUR Karte 4111 1111 1111 1111 kind ${source.kind}`, method: 'ocr', panMasked: false });
  },
  prefillFromText: (text: string): Prefill => (text.includes('Krone') ? { date: '2026-11-30', total: '23.40', currency: 'EUR', supplier: 'Café Krone 4111111111111111', vatRate: '19' } : {}),
};

let pool: WorkerPool;
let vault: ReceiptsVault;
let dir: string;

beforeAll(async () => {
  pool = new WorkerPool({ size: 2 });
  vault = openReceiptsVault(pool, testText, '2026-11-30T10:00:00Z');
  dir = join(vault.dir, 'in');
  mkdirSync(dir);
  writeFileSync(join(dir, 'a.jpg'), await fx.jpeg(90, 60, 'a'));
  writeFileSync(join(dir, 'b.heic'), fx.heic());
  writeFileSync(join(dir, 'c.tiff'), await fx.multiPageTiff(2));
});

afterAll(async () => {
  vault.close();
  await pool.close();
});

describe('the text phase', () => {
  it('runs after the archive, stores masked text for search, prefills the draft and flags the card number', async () => {
    const report = await importPaths(vault.rctx, [dir]);
    expect(report.imported).toHaveLength(3);
    expect(listReceipts(vault.db, 'Krone', 0, 10).total).toBe(0);
    const firstId = report.imported[0]?.receiptId ?? '';
    expect(storedReceipt(vault.db, firstId).text_state).toBe('pending');

    // Resumable: a phase stopped after one receipt leaves the rest pending and picks them up later.
    expect(await runTextPhase(vault.rctx, { limit: 1 })).toBe(1);
    expect((vault.db.prepare(`SELECT count(*) AS n FROM receipts WHERE text_state = 'pending'`).get() as { n: number }).n).toBe(2);
    expect(await runTextPhase(vault.rctx)).toBe(2);
    // HEIC and TIFF reach the extractor decoded to PNG.
    expect(seen.sort()).toEqual(['jpeg', 'png', 'png']);

    const hits = listReceipts(vault.db, 'krone berl', 0, 10);
    expect(hits.total).toBe(3);
    expect(hits.rows[0]?.panMasked).toBe(true);
    const body = vault.db.prepare('SELECT body FROM receipt_search').all() as { body: string }[];
    expect(body.every((b) => b.body.includes('************1111') && !b.body.includes('4111 1111'))).toBe(true);

    const receipt = storedReceipt(vault.db, firstId);
    const expense = getExpense(vault.rctx, receipt.expense_id ?? '');
    expect(expense).toMatchObject({ status: 'draft', date: '2026-11-30', gross: '23.40', net: '19.66', vat: '3.74', currency: 'EUR', prefilled: true, panMasked: true });
    expect(expense.supplier).toBe('Café Krone ************1111');
    expect(PAN_NOTICE).toContain('last 4 digits');
    const audit = auditRows(vault.db).filter((r) => r.action === 'receipts.text');
    expect(audit).toHaveLength(3);
    expect(audit.every((r) => !r.details.includes('4111111111111111'))).toBe(true);
  });

  it('never overwrites a draft a person already edited', async () => {
    const [id] = (vault.db.prepare(`SELECT expense_id FROM expense_receipts LIMIT 1`).all() as { expense_id: string }[]).map((r) => r.expense_id);
    vault.clock.now = new Date('2026-11-30T11:00:00Z');
    updateExpense(vault.rctx, id ?? '', { supplier: 'Krone GmbH' });
    vault.db.prepare(`UPDATE receipts SET text_state = 'pending'`).run();
    await runTextPhase(vault.rctx);
    expect(getExpense(vault.rctx, id ?? '').supplier).toBe('Krone GmbH');
  });
});

describe('expenses', () => {
  it('splits a receipt over categories, links several receipts, confirms once and then stays fixed', () => {
    const travel = createCategory(vault.rctx, 'Travel');
    const meals = createCategory(vault.rctx, 'Meals');
    const receipts = (vault.db.prepare('SELECT id FROM receipts ORDER BY rowid').all() as { id: string }[]).map((r) => r.id);
    const manual = createManualExpense(vault.rctx, {
      date: '2026-11-29',
      supplier: 'Deutsche Bahn',
      lines: [
        { categoryId: travel.id, description: 'Ticket', net: '100.00', vatRate: '7' },
        { categoryId: meals.id, description: 'Bistro', net: '10.00', vatRate: '19' },
      ],
      receiptIds: receipts.slice(0, 2),
    });
    expect(manual).toMatchObject({ source: 'manual', net: '110.00', vat: '8.90', gross: '118.90' });
    expect(manual.lines.map((l) => l.categoryName)).toEqual(['Travel', 'Meals']);
    expect(manual.receiptIds).toHaveLength(2);
    // The links moved onto the manual expense.
    const linked = vault.db.prepare('SELECT expense_id FROM expense_receipts WHERE receipt_id = ?').get(receipts[0]) as { expense_id: string };
    expect(linked.expense_id).toBe(manual.id);

    const confirmed = confirmExpense(vault.rctx, manual.id);
    expect(confirmed).toMatchObject({ status: 'confirmed', confirmedBy: 'alice' });
    expect(() => updateExpense(vault.rctx, manual.id, { supplier: 'x' })).toThrow(/confirmed/);
    expect(() => vault.db.prepare(`UPDATE expenses SET supplier = 'x' WHERE id = ?`).run(manual.id)).toThrow(/immutable/);

    const record = readExpense(vault.db, manual.id);
    expect(record).toMatchObject({ grossMinor: 11890n, netMinor: 11000n, vatMinor: 890n, currency: 'EUR', status: 'confirmed' });
    expect(record?.lines.map((l) => l.vatRate)).toEqual([700n, 1900n]);
    expect(readExpenses(vault.db, { status: 'confirmed' }).map((e) => e.id)).toEqual([manual.id]);
  });

  it('refuses to confirm an incomplete draft, naming the fields', () => {
    const draft = createManualExpense(vault.rctx, {});
    expect(() => confirmExpense(vault.rctx, draft.id)).toThrow(/Complete the expense/);
  });
});

describe('retention', () => {
  it('refuses deletion before the end with the date, audits every attempt, allows it after', async () => {
    const single = join(vault.dir, 'single');
    mkdirSync(single);
    writeFileSync(join(single, 'late.png'), await fx.png(50, 40, 'late'));
    updateReceiptsSettings(vault.rctx, { retentionPreset: 'DE' });
    const { imported } = await importPaths(vault.rctx, [single]);
    const id = imported[0]?.receiptId ?? '';
    expect(storedReceipt(vault.db, id).retain_until).toBe('2034-12-31');
    let error: unknown;
    try {
      deleteReceipt(vault.rctx, id);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RetentionError);
    expect((error as Error).message).toContain('2035-01-01');
    expect(auditRows(vault.db).filter((r) => r.action === 'receipts.delete.refused' && r.subject === `receipt:${id}`)).toHaveLength(1);

    const blobsBefore = blobFiles(vault.dir).length;
    vault.clock.now = new Date('2035-01-01T08:00:00Z');
    deleteReceipt(vault.rctx, id);
    expect(() => storedReceipt(vault.db, id)).toThrow(/no receipt/);
    expect(blobFiles(vault.dir).length).toBe(blobsBefore - 2);
    expect(auditRows(vault.db).filter((r) => r.action === 'receipts.delete')).toHaveLength(1);
    vault.clock.now = new Date('2026-11-30T12:00:00Z');
  });
});

describe('the journal', () => {
  it('resumes an item cut off mid-write: removes its unreferenced blob files, stores it once', async () => {
    const folder = join(vault.dir, 'crash');
    mkdirSync(folder);
    writeFileSync(join(folder, 'one.webp'), await fx.webp(40, 30, 'one'));
    writeFileSync(join(folder, 'two.png'), await fx.png(40, 30, 'two'));
    const importId = startImport(vault.rctx);
    const [first, second] = journal.addItems(vault.db, importId, [
      { name: 'one.webp', sourcePath: join(folder, 'one.webp') },
      { name: 'two.png', sourcePath: join(folder, 'two.png') },
    ]);
    // As a kill leaves it: planned ids committed, one blob file renamed into place, one temp file, no rows.
    const planned = [newBlobId(), newBlobId()];
    journal.markWriting(vault.db, importId, first ?? 0, planned);
    writeFileSync(join(vault.dir, 'blobs', planned[0] ?? ''), 'half');
    writeFileSync(join(vault.dir, 'blobs', `.${planned[1] ?? ''}.tmp`), 'half');
    expect(second).toBe(1);

    const reports = await resumeImports(vault.rctx);
    expect(reports).toHaveLength(1);
    expect(reports[0]?.imported.map((r) => r.file).sort()).toEqual(['one.webp', 'two.png']);
    const rows = (vault.db.prepare('SELECT id FROM blobs').all() as { id: string }[]).map((r) => r.id).sort();
    expect(blobFiles(vault.dir)).toEqual(rows);
    expect(journal.runningImports(vault.db)).toEqual([]);
  });
});
