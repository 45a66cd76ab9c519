/**
 * Offline OCR of real scanned receipts (SROIE, with their labels), in every
 * image kind intake hands over: JPEG as scanned, WebP, a two-page TIFF and a
 * HEIC made from the same scans. A few receipts only: all 30 are in the benchmark.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src-main/core/errors.js';
import { extractText, prefillFromText, type TextSource } from '../../../src-main/core/receipts/text/index.js';
import { loadSroie, nameSimilarity, type SroieReceipt } from './sroie.js';

const work = mkdtempSync(join(tmpdir(), 'sealbook-ocr-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function expectLabelledFields(text: string, receipt: SroieReceipt): void {
  const prefill = prefillFromText(text);
  expect(prefill.total, `total of ${receipt.id}`).toBe(receipt.total);
  expect(prefill.date, `date of ${receipt.id}`).toBe(receipt.date);
  expect(nameSimilarity(prefill.supplier ?? '', receipt.company), `supplier of ${receipt.id}: ${prefill.supplier ?? ''}`).toBeGreaterThanOrEqual(0.8);
}

describe('OCR of scanned receipts', () => {
  it('reads a JPEG scan as printed and prefills its labelled company, date and total', async () => {
    const receipt = loadSroie('002');
    const result = await extractText({ kind: 'jpeg', bytes: receipt.image });
    expect(result.method).toBe('ocr');
    expect(result.panMasked).toBe(false);
    expect(result.text).toMatch(/KAWASAN PERINDUSTRIAN BALAKONG/);
    expect(result.text).toMatch(/CHANGE RM 16\.10/);
    expect(prefillFromText(result.text).currency).toBe('MYR');
    expectLabelledFields(result.text, receipt);
  });

  it('reads a WebP (converted with sharp first)', async () => {
    const receipt = loadSroie('003');
    const webp = await sharp(receipt.image).webp({ lossless: true }).toBuffer();
    const result = await extractText({ kind: 'webp', bytes: webp });
    expect(result.text).toMatch(/YONGFATT/);
    expectLabelledFields(result.text, receipt);
  });

  it('reads every page of a multi-page scanner TIFF, in page order', async () => {
    const pages = [loadSroie('009').image, loadSroie('010').image];
    const result = await extractText({ kind: 'tiff', bytes: await multiPageTiff(pages) });
    expect(result.pages).toBe(2);
    expect(result.text).toMatch(/GERBANG ALAF RESTAURANTS/i);
    expect(result.text).toMatch(/SAM SAM TRADING/i);
    const upper = result.text.toUpperCase();
    expect(upper.indexOf('GERBANG')).toBeLessThan(upper.indexOf('SAM SAM'));
  });

  it('reads a HEIC phone photo (decoded with heic-decode)', async () => {
    const receipt = loadSroie('006');
    const png = join(work, '006.png');
    const heic = join(work, '006.heic');
    await sharp(receipt.image).png().toFile(png);
    execFileSync('heif-enc', ['-q', '90', png, '-o', heic]);
    const result = await extractText({ kind: 'heic', bytes: readFileSync(heic) });
    expect(result.text).toMatch(/SOON HUAT MACHINERY/);
    expectLabelledFields(result.text, receipt);
  });

  it.each<[string, TextSource]>([
    ['a truncated JPEG', { kind: 'jpeg', bytes: loadSroie('002').image.subarray(0, 3000) }],
    ['a text file sent as PNG', { kind: 'png', bytes: new TextEncoder().encode('not an image at all') }],
  ])('refuses %s with a ValidationError that keeps the original', async (_, source) => {
    const attempt = extractText(source);
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toThrow(/could not be decoded.*original is kept/);
  });
});

/** One TIFF with a page per image, as a sheet-fed scanner writes it (pages padded to one size). */
async function multiPageTiff(images: readonly Uint8Array[]): Promise<Buffer> {
  const sizes = await Promise.all(images.map((image) => sharp(image).metadata()));
  const width = Math.max(...sizes.map((size) => size.width));
  const height = Math.max(...sizes.map((size) => size.height));
  const pages = await Promise.all(images.map((image) => sharp(image).resize({ width, height, fit: 'contain', background: '#ffffff' }).png().toBuffer()));
  return sharp(pages, { join: { animated: true } }).tiff({ compression: 'lzw' }).toBuffer();
}
