import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealbook } from '../cli/run-cli.js';
import { sharedEInvoiceDir } from '../einvoice/corpus.js';
import * as fx from './fixtures.js';
import { pdfsig } from './setup.js';

const PASSWORD = 'amber falcon ledger 4417';
const BOOKKEEPER_PASSWORD = 'river pebble compass 9034';

interface ImportJson {
  imported: { file: string; id: string; notice?: string }[];
  duplicates: { file: string; id: string }[];
  rejected: { file: string; code: string; message: string }[];
  einvoices: { file: string; id: string; number: string; valid: boolean }[];
  einvoiceDuplicates: { file: string; id: string; message: string }[];
}

/** Issue 7's CLI, end to end through the built `sealbook` bin on a real vault and keychain. */
describe('sealbook receipts and expenses CLI', () => {
  const work = mkdtempSync(join(tmpdir(), 'sealbook-cli-rcp-'));
  const dir = join(work, 'books');
  const inbox = join(work, 'inbox');
  const run = (args: string[], password = PASSWORD) => sealbook(args, { SEALBOOK_PASSWORD: password }, join(work, 'app-data'));
  let imported: ImportJson;

  beforeAll(async () => {
    mkdirSync(join(inbox, 'nested'), { recursive: true });
    writeFileSync(join(inbox, 'coffee.jpg'), await fx.jpeg(100, 70, 'coffee'));
    writeFileSync(join(inbox, 'nested', 'coffee-again.jpg'), readFileSync(join(inbox, 'coffee.jpg')));
    writeFileSync(join(inbox, 'hotel.pdf'), await fx.digitalPdf(['Hotel Adler', 'GESAMT 180.00 EUR']));
    writeFileSync(join(inbox, 'readme.pdf'), 'not a pdf at all\n');
    // An official CII e-invoice dropped with the receipts, twice: routed to e-invoices by content.
    const cii = readFileSync(join(sharedEInvoiceDir(), 'en16931/cii/examples/CII_example1.xml'));
    writeFileSync(join(inbox, 'supplier.xml'), cii);
    writeFileSync(join(inbox, 'nested', 'supplier-again.xml'), cii);
    writeFileSync(join(work, 'single.png'), await fx.png(60, 40, 'single'));
    expect((await run(['vault', 'create', dir, '--owner', 'olga', '--company', 'Adler & Co KG', '--kit', join(work, 'kit.pdf')])).code).toBe(0);
    const added = await sealbook(['user', 'add', dir, 'ben', '--role', 'bookkeeper', '--user', 'olga'], { SEALBOOK_PASSWORD: PASSWORD, SEALBOOK_NEW_PASSWORD: BOOKKEEPER_PASSWORD }, join(work, 'app-data'));
    expect(added.code, added.stderr).toBe(0);
  }, 120_000);

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('imports folders (walked) and files; reports imported, duplicates and rejected', async () => {
    const result = await run(['receipts', 'import', dir, inbox, join(work, 'single.png'), '--user', 'olga', '--json']);
    expect(result.code, result.stderr).toBe(0);
    imported = JSON.parse(result.stdout) as ImportJson;
    // Two copies are hashed in parallel: whichever is hashed first is archived, the other is its duplicate.
    const copies = ['coffee.jpg', 'coffee-again.jpg'];
    const kept = imported.imported.find((r) => copies.includes(r.file));
    expect(imported.imported.map((r) => r.file).filter((f) => !copies.includes(f)).sort()).toEqual(['hotel.pdf', 'single.png']);
    expect(imported.imported).toHaveLength(3);
    expect(imported.duplicates).toEqual([{ file: copies.find((f) => f !== kept?.file), id: kept?.id }]);
    expect(imported.rejected).toEqual([expect.objectContaining({ file: 'readme.pdf', code: 'UNSUPPORTED_TYPE' })]);
    // Items run a few at a time, so either copy may be filed first; the other links to it.
    const files = ['supplier.xml', 'supplier-again.xml'];
    expect(imported.einvoices.map((r) => [files.includes(r.file), r.valid, r.number.length > 0])).toEqual([[true, true, true]]);
    const filed = imported.einvoices[0];
    const dup = imported.einvoiceDuplicates;
    expect(dup.map((r) => [r.file, r.id])).toEqual([[files.find((f) => f !== filed?.file), filed?.id]]);
    expect(dup[0]?.message).toMatch(/already received/);
  });

  it('lists receipts and finds them by search', async () => {
    const all = await run(['receipts', 'list', dir, '--user', 'olga', '--json']);
    expect(all.code, all.stderr).toBe(0);
    expect((JSON.parse(all.stdout) as unknown[]).length).toBe(3);
    const found = await run(['receipts', 'list', dir, '--search', 'hotel', '--user', 'olga', '--json']);
    expect((JSON.parse(found.stdout) as { file: string }[]).map((r) => r.file)).toEqual(['hotel.pdf']);
  });

  it('exports the sealed rendition (pdfsig valid) and the original byte for byte', async () => {
    const id = imported.imported.find((r) => r.file === 'hotel.pdf')?.id ?? '';
    const sealed = join(work, 'hotel.sealed.pdf');
    expect((await run(['receipts', 'export', dir, id, '--out', sealed, '--user', 'olga'])).code).toBe(0);
    const report = pdfsig(work, readFileSync(sealed), 'verify.pdf');
    expect(report).toContain('Signature is Valid.');
    expect(report).toContain('Total document signed');
    const original = join(work, 'hotel.original.pdf');
    expect((await run(['receipts', 'export', dir, id, '--out', original, '--original', '--user', 'olga'])).code).toBe(0);
    expect(readFileSync(original).equals(readFileSync(join(inbox, 'hotel.pdf')))).toBe(true);
  });

  it('refuses deletion under retention with exit 6 and the date', async () => {
    const id = imported.imported[0]?.id ?? '';
    const refused = await run(['receipts', 'delete', dir, id, '--user', 'olga', '--json']);
    expect(refused.code).toBe(6);
    const year = new Date().getUTCFullYear();
    expect(refused.stderr).toContain(`${year + 11}-01-01`);
    expect((JSON.parse(refused.stdout) as { error: { code: string } }).error.code).toBe('RETENTION');
  });

  it('lists draft expenses; only owner and accountant confirm', async () => {
    const drafts = await run(['expenses', 'list', dir, '--status', 'draft', '--user', 'olga', '--json']);
    const rows = JSON.parse(drafts.stdout) as { id: string; status: string; supplier: string }[];
    expect(rows).toHaveLength(3);
    // A draft the text phase left without a supplier (it may have prefilled the hotel's by now).
    const id = rows.find((r) => r.supplier === '')?.id ?? '';
    // The bookkeeper (still on a one-time password) meets the role check first.
    expect((await run(['expenses', 'confirm', dir, id, '--user', 'ben'], BOOKKEEPER_PASSWORD)).code).toBe(5);
    // An empty draft cannot be confirmed: the message names what is missing.
    const incomplete = await run(['expenses', 'confirm', dir, id, '--user', 'olga']);
    expect(incomplete.code).toBe(6);
    expect(incomplete.stderr).toContain('supplier');
  });
});
