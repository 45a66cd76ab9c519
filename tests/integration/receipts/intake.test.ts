import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../src-shared/contract-receipts.js';
import { importPaths } from '../../../src-main/core/receipts/imports.js';
import { receiptFile } from '../../../src-main/core/receipts/service.js';
import { listReceipts, storedReceipt } from '../../../src-main/core/receipts/store.js';
import { WorkerPool } from '../../../src-main/core/workers/pool.js';
import { auditRows } from '../invoices/setup.js';
import * as fx from './fixtures.js';
import type { ReceiptsVault } from './setup.js';
import { blobFiles, openReceiptsVault, pdfsig } from './setup.js';

let pool: WorkerPool;
let vault: ReceiptsVault;
let report: ImportReport;
let inbox: string;

const receiptOf = (file: string) => {
  const hit = report.imported.find((r) => r.file === file);
  if (!hit) throw new Error(`${file} was not imported: ${JSON.stringify(report)}`);
  return storedReceipt(vault.db, hit.receiptId);
};
const rendition = (file: string) => Buffer.from(receiptFile(vault.rctx, receiptOf(file).id, false, 'receipts.open').base64, 'base64');
const pdfinfo = (bytes: Uint8Array): string => {
  const path = join(vault.dir, 'info.pdf');
  writeFileSync(path, bytes);
  return execFileSync('pdfinfo', [path], { encoding: 'utf8' });
};

beforeAll(async () => {
  pool = new WorkerPool({ size: 2 });
  vault = openReceiptsVault(pool);
  inbox = join(vault.dir, 'inbox');
  mkdirSync(join(inbox, 'sub'), { recursive: true });
  const photo = await fx.jpeg(120, 80, 'upright');
  const files: Record<string, Buffer> = {
    'photo.jpg': photo,
    'photo-copy.jpeg': photo,
    'rotated.jpg': await fx.jpeg(120, 80, 'phone', 6),
    'scan.png': await fx.png(),
    'web.webp': await fx.webp(),
    'scanner.tiff': await fx.multiPageTiff(3),
    'phone.heic': fx.heic(),
    'invoice.pdf': await fx.digitalPdf(['ACME', 'TOTAL 12.50'], 2),
    'signed.pdf': await fx.signedPdf(),
    'locked.pdf': await fx.encryptedPdf(),
    'mail.eml': await fx.mailWithAttachments(),
    'notes.pdf': Buffer.from('This is a text file named .pdf\n'),
    'empty.jpg': Buffer.alloc(0),
    'cut.jpg': await fx.truncatedJpeg(),
    'letter.docx': fx.zipFile(),
  };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(inbox, name), bytes);
  writeFileSync(join(inbox, 'sub', 'again.jpg'), photo);
  // Sparse: 51 MB on paper, nothing read, refused by size.
  writeFileSync(join(inbox, 'huge.pdf'), '%PDF-1.7\n');
  truncateSync(join(inbox, 'huge.pdf'), 51 * 1024 * 1024);
  report = await importPaths(vault.rctx, [inbox]);
}, 120_000);

afterAll(async () => {
  vault.close();
  await pool.close();
});

describe('a mixed batch', () => {
  it('imports the good files, explains duplicates and refusals, one outcome each', () => {
    const imported = report.imported.map((r) => r.file).sort();
    expect(imported).toEqual(
      ['invoice.pdf', 'locked.pdf', 'mail.eml › photo.jpg', 'mail.eml › taxi.pdf', 'phone.heic', 'photo-copy.jpeg', 'rotated.jpg', 'scan.png', 'scanner.tiff', 'signed.pdf', 'web.webp'].sort(),
    );
    // The walk is sorted: photo-copy.jpeg comes before photo.jpg and sub/again.jpg; both copies point at it.
    const first = report.imported.find((r) => r.file === 'photo-copy.jpeg')?.receiptId;
    expect(report.duplicates.map((d) => d.file).sort()).toEqual(['again.jpg', 'photo.jpg']);
    expect(report.duplicates.every((d) => d.receiptId === first)).toBe(true);
    const rejected = Object.fromEntries(report.rejected.map((r) => [r.file, r]));
    expect(Object.keys(rejected).sort()).toEqual(['cut.jpg', 'empty.jpg', 'huge.pdf', 'letter.docx', 'notes.pdf']);
    expect(rejected['notes.pdf']).toMatchObject({ code: 'UNSUPPORTED_TYPE' });
    expect(rejected['notes.pdf']?.message).toContain('plain text');
    expect(rejected['letter.docx']?.message).toContain('Word document');
    expect(rejected['empty.jpg']).toMatchObject({ code: 'EMPTY' });
    expect(rejected['huge.pdf']).toMatchObject({ code: 'TOO_LARGE' });
    expect(rejected['huge.pdf']?.message).toContain('50 MB');
    expect(rejected['cut.jpg']).toMatchObject({ code: 'DAMAGED' });
  });

  it('stores each content once: a row per receipt, a blob per file, no orphan file', () => {
    const rows = vault.db.prepare('SELECT count(*) AS n FROM receipts').get() as { n: number };
    expect(rows.n).toBe(11);
    const blobRows = (vault.db.prepare('SELECT id FROM blobs').all() as { id: string }[]).map((r) => r.id).sort();
    // 11 renditions + 10 originals (the mail is the original of both its attachments).
    expect(blobRows).toHaveLength(21);
    expect(blobFiles(vault.dir)).toEqual(blobRows);
    const mailParts = vault.db.prepare('SELECT DISTINCT original_blob_id FROM receipts WHERE via_mail = 1').all();
    expect(mailParts).toHaveLength(1);
  });

  it('keeps the original bytes untouched', () => {
    const original = receiptFile(vault.rctx, receiptOf('scan.png').id, true, 'receipts.export');
    expect(Buffer.from(original.base64, 'base64').equals(readFileSync(join(inbox, 'scan.png')))).toBe(true);
    const mail = receiptFile(vault.rctx, receiptOf('mail.eml › taxi.pdf').id, true, 'receipts.export');
    expect(mail.mime).toBe('message/rfc822');
    expect(Buffer.from(mail.base64, 'base64').equals(readFileSync(join(inbox, 'mail.eml')))).toBe(true);
  });

  it('seals every rendition so that pdfsig accepts it', () => {
    for (const r of report.imported) {
      const out = pdfsig(vault.dir, rendition(r.file));
      expect(out, r.file).toContain('Signature is Valid.');
      expect(out, r.file).toContain('Total document signed');
      expect(out.match(/Signature #/g), r.file).toHaveLength(1);
    }
  });

  it('sizes image pages to the image with EXIF orientation applied, one page per TIFF page', () => {
    expect(pdfinfo(rendition('photo-copy.jpeg'))).toMatch(/Page size:\s+120 x 80 pts/);
    expect(pdfinfo(rendition('rotated.jpg'))).toMatch(/Page size:\s+80 x 120 pts/);
    expect(pdfinfo(rendition('scanner.tiff'))).toMatch(/Pages:\s+3/);
    expect(receiptOf('scanner.tiff').pages).toBe(3);
    expect(pdfinfo(rendition('phone.heic'))).toMatch(/Page size:\s+120 x 80 pts/);
  });

  it('wraps a PDF in an envelope: pages copied, original attached byte-exact as Source, old signature gone', () => {
    const envelope = rendition('signed.pdf');
    expect(pdfinfo(envelope)).toMatch(/Pages:\s+1/);
    expect(envelope.includes('/AFRelationship /Source')).toBe(true);
    const out = join(vault.dir, 'detached');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'envelope.pdf'), envelope);
    execFileSync('pdfdetach', ['-saveall', '-o', out, join(out, 'envelope.pdf')]);
    const attached = readFileSync(join(out, 'signed.pdf'));
    expect(attached.equals(readFileSync(join(inbox, 'signed.pdf')))).toBe(true);
    // The supplier's signature still verifies inside the attachment; the envelope carries only ours.
    expect(pdfsig(vault.dir, attached, 'attached.pdf')).toContain('Signature is Valid.');
    expect(pdfsig(vault.dir, envelope)).toContain('Signer Certificate Common Name: Müller & Söhne GmbH');
    expect(pdfinfo(rendition('invoice.pdf'))).toMatch(/Pages:\s+2/);
  });

  it('keeps a password-protected PDF as original and says its pages could not be rendered', () => {
    const locked = report.imported.find((r) => r.file === 'locked.pdf');
    expect(locked?.notice).toContain('password-protected');
    expect(receiptOf('locked.pdf').render_note).toContain('could not be rendered');
    expect(pdfsig(vault.dir, rendition('locked.pdf'))).toContain('Signature is Valid.');
  });

  it('audits each import, gives each receipt a draft expense, lists newest first', () => {
    const rows = auditRows(vault.db).filter((r) => r.action === 'receipts.import');
    expect(rows).toHaveLength(11);
    const drafts = vault.db.prepare(`SELECT count(*) AS n FROM expenses WHERE status = 'draft' AND source = 'receipt'`).get() as { n: number };
    expect(drafts.n).toBe(11);
    const listed = listReceipts(vault.db, undefined, 0, 100);
    expect(listed.total).toBe(11);
    expect(listReceipts(vault.db, 'scanner', 0, 10).rows.map((r) => r.fileName)).toEqual(['scanner.tiff']);
  });

  it('dedups against the whole vault on a later import', async () => {
    const again = await importPaths(vault.rctx, [join(inbox, 'photo.jpg'), join(inbox, 'mail.eml')]);
    expect(again.imported).toEqual([]);
    expect(again.duplicates.map((d) => d.file).sort()).toEqual(['mail.eml › photo.jpg', 'mail.eml › taxi.pdf', 'photo.jpg']);
    expect((vault.db.prepare('SELECT count(*) AS n FROM receipts').get() as { n: number }).n).toBe(11);
  });
});
