import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createSealIdentity } from '../../../src-main/core/pdf/seal-certificate.js';
import type { ImageKind } from '../../../src-main/core/receipts/kinds.js';
import { archive } from '../../../src-main/core/receipts/render/tasks.js';

/**
 * Scans go into the sealed PDF as libvips' PNG rows with PNG predictors
 * (render/png-stream.ts), never decoded in JavaScript: the page image that
 * poppler's pdfimages takes out must be the scan's pixels, byte for byte.
 */
const dir = mkdtempSync(join(tmpdir(), 'sealbook-render-'));
const seal = createSealIdentity({ legalName: 'Render Test GmbH' }).identity;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every pixel differs from its neighbours, so a wrong predictor or row length shows. */
function pattern(width: number, height: number): Buffer {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      raw[i] = x % 256;
      raw[i + 1] = (y * 7) % 256;
      raw[i + 2] = (x * y) % 256;
    }
  }
  return raw;
}

/** The one page image of the sealed rendition: its colour space as pdfimages lists it, and its pixels in that space. */
async function pageImage(name: string, bytes: Buffer, kind: ImageKind): Promise<{ pixels: Buffer; color: string; width: number; height: number }> {
  const sealed = await archive({ bytes: new Uint8Array(bytes), kind, fileName: name, seal, sealInfo: { reason: 'Receipt archived', name: 'Render Test GmbH' } });
  if (!sealed.ok) throw new Error(sealed.message);
  expect(Buffer.from(sealed.original).equals(bytes)).toBe(true);
  const pdf = join(dir, `${name}.pdf`);
  writeFileSync(pdf, sealed.pdf);
  expect(execFileSync('pdfsig', [pdf], { encoding: 'utf8' })).toContain('Signature Validation: Signature is Valid.');
  const listed = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n');
  expect(listed).toHaveLength(3);
  const color = listed[2]?.trim().split(/\s+/)[5] ?? '';
  execFileSync('pdfimages', ['-png', pdf, join(dir, name)]);
  const extracted = readdirSync(dir).filter((file) => file.startsWith(`${name}-`) && file.endsWith('.png'));
  expect(extracted).toHaveLength(1);
  const image = sharp(join(dir, extracted[0] ?? ''));
  const { data, info } = await (color === 'gray' ? image.toColourspace('b-w') : image).raw().toBuffer({ resolveWithObject: true });
  return { pixels: data, color, width: info.width, height: info.height };
}

describe('scan renditions', () => {
  it('keeps an RGB PNG scan lossless, with its odd width', async () => {
    const [width, height] = [301, 203];
    const source = await sharp(pattern(width, height), { raw: { width, height, channels: 3 } }).png().toBuffer();
    const page = await pageImage('rgb', source, 'png');
    expect(page).toMatchObject({ width, height, color: 'rgb' });
    expect(page.pixels.equals(pattern(width, height))).toBe(true);
  });

  it('keeps a grey TIFF scan lossless as a one-channel image', async () => {
    const [width, height] = [157, 90];
    const tiff = await sharp(pattern(width, height), { raw: { width, height, channels: 3 } }).toColourspace('b-w').tiff().toBuffer();
    // The scan's pixels as libvips reads the file, in grey.
    const expected = await sharp(tiff).toColourspace('b-w').raw().toBuffer();
    const page = await pageImage('grey', tiff, 'tiff');
    expect(page).toMatchObject({ width, height, color: 'gray' });
    expect(page.pixels.equals(expected)).toBe(true);
  });
});
