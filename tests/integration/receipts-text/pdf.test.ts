/**
 * PDF receipts: a digital one (laid out with pdf-lib and the embedded DejaVu
 * font, as a supplier's invoicing software would) is read from its text layer;
 * a scanned one (only a page image) is rendered and OCRed; unreadable ones are refused.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src-main/core/errors.js';
import { resourcePath } from '../../../src-main/core/resources.js';
import { extractText, prefillFromText } from '../../../src-main/core/receipts/text/index.js';
import { loadSroie } from './sroie.js';

const work = mkdtempSync(join(tmpdir(), 'sealbook-pdf-text-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const INVOICE_LINES: ReadonlyArray<readonly [string, string?]> = [
  ['Librairie Étoile SARL'],
  ['8 place du Marché, 69002 Lyon'],
  ['N° TVA intracommunautaire : FR40303265045'],
  ['Facture n° 2026-118 du 17 févr. 2026'],
  ['Désignation', 'Montant'],
  ['Atlas des oiseaux d’Europe', '32,00 €'],
  ['Carnet de terrain', '8,00 €'],
  ['Total HT', '40,00 €'],
  ['TVA 5,5 %', '2,20 €'],
  ['Total TTC', '42,20 €'],
  ['Payé par carte 4970 1012 3456 7893'],
];

async function digitalInvoice(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(readFileSync(resourcePath('fonts', 'DejaVuSans.ttf')), { subset: true });
  const page = pdf.addPage([420, 595]);
  INVOICE_LINES.forEach(([label], index) => page.drawText(label, { x: 30, y: 550 - index * 22, size: 11, font }));
  // Right-aligned amounts are drawn after all labels: drawing order is not reading order.
  INVOICE_LINES.forEach(([, amount], index) => {
    if (amount !== undefined) page.drawText(amount, { x: 390 - font.widthOfTextAtSize(amount, 11), y: 550 - index * 22, size: 11, font });
  });
  return pdf.save();
}

describe('PDF receipts', () => {
  it('reads a digital PDF from its text layer, line by line, and masks the card number', async () => {
    const result = await extractText({ kind: 'pdf', bytes: await digitalInvoice() });
    expect(result.method).toBe('pdf-text');
    expect(result.pages).toBe(1);
    expect(result.text).toContain('Librairie Étoile SARL');
    expect(result.text).toContain('Total TTC 42,20 €');
    expect(result.panMasked).toBe(true);
    expect(result.text).toContain('Payé par carte ************7893');
    expect(result.text).not.toMatch(/4970/);
    expect(prefillFromText(result.text)).toEqual({
      date: '2026-02-17',
      total: '42.20',
      currency: 'EUR',
      supplier: 'Librairie Étoile SARL',
      vatAmount: '2.20',
      vatRate: '5.5',
      vatId: 'FR40303265045',
    });
  });

  it('OCRs a scanned PDF that has no text layer by rendering its page', async () => {
    const receipt = loadSroie('005');
    const pdf = await PDFDocument.create();
    const image = await pdf.embedJpg(receipt.image);
    pdf.addPage([image.width, image.height]).drawImage(image, { x: 0, y: 0, width: image.width, height: image.height });
    const result = await extractText({ kind: 'pdf', bytes: await pdf.save() });
    expect(result.method).toBe('ocr');
    expect(result.text).toMatch(/ABC HO TRADING/);
    expect(prefillFromText(result.text)).toMatchObject({ date: receipt.date, total: receipt.total });
  });

  it('refuses a password-protected PDF, saying how to fix it', async () => {
    const plain = join(work, 'plain.pdf');
    const locked = join(work, 'locked.pdf');
    writeFileSync(plain, await digitalInvoice());
    execFileSync('qpdf', ['--encrypt', 'user-pw', 'owner-pw', '256', '--', plain, locked]);
    const attempt = extractText({ kind: 'pdf', bytes: readFileSync(locked) });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toThrow(/password-protected.*remove the password/);
  });

  it('refuses a text file named .pdf', async () => {
    const attempt = extractText({ kind: 'pdf', bytes: new TextEncoder().encode('Dear customer, please find attached...') });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toThrow(/PDF could not be read.*original is kept/);
  });
});
