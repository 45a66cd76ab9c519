import { afterEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src-main/core/db/migrate.js';
import { reportCsv } from '../../../src-main/core/receipts/journal.js';
import { deletableFrom, retainUntil, underRetention } from '../../../src-main/core/receipts/retention.js';
import { classify } from '../../../src-main/core/receipts/sniff.js';
import { ftsQuery } from '../../../src-main/core/receipts/store.js';
import { tempVaultDb } from '../people/helpers.js';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');

describe('classify: the type from the bytes', () => {
  it('takes receipt formats whatever the name', () => {
    expect(classify(bytes('\xff\xd8\xff\xe0....JFIF'))).toEqual({ kind: 'jpeg' });
    expect(classify(bytes('\x89PNG\r\n\x1a\n....'))).toEqual({ kind: 'png' });
    expect(classify(bytes('junk before %PDF-1.7\n'))).toEqual({ kind: 'pdf' });
    expect(classify(bytes('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic'))).toEqual({ kind: 'heic' });
    expect(classify(bytes('RIFF\x10\x00\x00\x00WEBPVP8 '))).toEqual({ kind: 'webp' });
    expect(classify(bytes('II*\x00\x08\x00\x00\x00'))).toEqual({ kind: 'tiff' });
    expect(classify(bytes('From: a@b.example\r\nSubject: receipt\r\nMIME-Version: 1.0\r\n\r\nbody'))).toEqual({ kind: 'eml' });
  });

  it('refuses everything else and names it', () => {
    const type = (text: string): string => {
      const found = classify(bytes(text));
      return found.kind === 'refused' ? found.type : found.kind;
    };
    expect(type('PK\x03\x04....word/document.xml')).toBe('a Word document');
    expect(type('PK\x03\x04....xl/workbook.xml')).toBe('an Excel workbook');
    expect(type('PK\x03\x04....other')).toBe('a ZIP archive');
    expect(type('MZ\x90\x00')).toBe('a Windows program');
    expect(type('\x7fELF\x02\x01')).toBe('a program (ELF executable)');
    expect(type('Just some notes\n')).toBe('a plain text file');
    expect(type('<?xml version="1.0"?><Invoice/>')).toBe('an XML file that is not an e-invoice (CII, UBL or XRechnung)');
    expect(type('\x00\x01\x02garbage')).toBe('a binary file of an unknown type');
    expect(type('\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00isom')).toBe('a video or other ISO media file');
  });
});

describe('retention', () => {
  it('counts from the end of the calendar year the receipt came in', () => {
    expect(retainUntil('default', 'voucher', '2026-01-03T10:00:00Z')).toBe('2036-12-31');
    expect(retainUntil('DE', 'voucher', '2026-12-31T23:00:00Z')).toBe('2034-12-31');
    expect(deletableFrom('2036-12-31')).toBe('2037-01-01');
    expect(underRetention('2036-12-31', '2036-12-31')).toBe(true);
    expect(underRetention('2036-12-31', '2037-01-01')).toBe(false);
  });
});

describe('search and report helpers', () => {
  it('turns search words into quoted FTS5 prefix terms, dropping query syntax', () => {
    expect(ftsQuery('Hotel "Adler" OR x*')).toBe('"Hotel"* "Adler"* "OR"* "x"*');
    expect(ftsQuery('  -- ; ')).toBeNull();
  });

  it('writes the report as RFC 4180 CSV', () => {
    const csv = reportCsv({
      importId: 'i',
      state: 'done',
      imported: [{ file: 'a, b.jpg', receiptId: 'r1', notice: null }],
      duplicates: [{ file: 'c.jpg', receiptId: 'r1' }],
      rejected: [{ file: 'd.pdf', code: 'UNSUPPORTED_TYPE', message: 'd.pdf is "text"' }],
      einvoices: [{ file: 'e.xml', supplierInvoiceId: 's1', number: 'R-1', valid: false }],
      einvoiceDuplicates: [{ file: 'f.xml', supplierInvoiceId: 's1', message: 'f.xml was already received' }],
    });
    expect(csv.split('\r\n')).toEqual([
      'file,outcome,id,code,message',
      '"a, b.jpg",imported,r1,,',
      'c.jpg,duplicate,r1,,Already archived',
      'd.pdf,rejected,,UNSUPPORTED_TYPE,"d.pdf is ""text"""',
      'e.xml,einvoice,s1,,"E-invoice R-1, breaks EN 16931 rules: see its validation report"',
      'f.xml,einvoice-duplicate,s1,,f.xml was already received',
      '',
    ]);
  });
});

describe('migration 0004-receipts', () => {
  let cleanup = (): void => undefined;
  afterEach(() => cleanup());

  it('migrates a version-3 database forward with the receipts, journal, search and expense tables', () => {
    const t = tempVaultDb(3);
    cleanup = t.cleanup;
    expect(schemaVersion(t.db)).toBe(3);
    migrate(t.db);
    expect(schemaVersion(t.db)).toBeGreaterThanOrEqual(4);
    const tables = t.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['receipts', 'receipt_search', 'receipt_imports', 'receipt_import_items', 'expenses', 'expense_lines', 'expense_receipts', 'expense_categories']));
  });
});
