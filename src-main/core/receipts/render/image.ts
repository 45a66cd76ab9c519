import { concatTransformationMatrix, drawObject, PDFDocument, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import type { PDFName, PDFOperator, PDFRef } from 'pdf-lib';
import sharp from 'sharp';
import type { Metadata, Sharp } from 'sharp';
import type { ImageKind } from '../kinds.js';
import { pngStream } from './png-stream.js';

/**
 * An image becomes PDF pages sized to it, EXIF orientation applied
 * (DESIGN §5; pdf-lib ignores orientation, so sharp's `.rotate()` does it).
 *
 * Measured on the 2-core build machine, one 2 MP image (issue 7 item 5):
 * pdf-lib `embedPng` (PNG decoded in JavaScript) 341 ms; sharp decode +
 * zlib deflate of the raw pixels as a FlateDecode image 76 ms (lossless);
 * sharp re-encode to JPEG + `embedJpg` 71 ms. So: photos (JPEG, HEIC, WebP)
 * go in as JPEG (an upright JPEG as it came, byte for byte), PNG and TIFF
 * scans as lossless Flate pixels (compressed by libvips, never raw in
 * JavaScript). pdf-lib never decodes an image.
 */

/** A damaged or unreadable image: the file is refused, the batch goes on. */
export class ImageDecodeError extends Error {}

// Beyond this PDF viewers refuse a page (ISO 32000-1 Annex C: 14 400 units).
const MAX_PAGE_POINTS = 14_400;
const JPEG_QUALITY = 90;

interface PageImage {
  readonly width: number;
  readonly height: number;
  readonly density: number;
  readonly embed: (doc: PDFDocument) => Promise<PDFRef> | PDFRef;
}

export async function imagePdf(bytes: Uint8Array, kind: ImageKind): Promise<{ doc: PDFDocument; pages: number }> {
  const images = await decodePages(bytes, kind);
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (const image of images) {
    const ref = await image.embed(doc);
    const scale = Math.min(72 / image.density, MAX_PAGE_POINTS / Math.max(image.width, image.height));
    const width = image.width * scale;
    const height = image.height * scale;
    const page = doc.addPage([width, height]);
    const name = page.node.newXObject('Img', ref);
    page.pushOperators(...drawImageOperators(name, width, height));
  }
  return { doc, pages: images.length };
}

async function decodePages(bytes: Uint8Array, kind: ImageKind): Promise<PageImage[]> {
  try {
    switch (kind) {
      case 'jpeg':
        return [await jpegPage(bytes)];
      case 'png':
        return [await flatePage(sharp(bytes))];
      case 'webp':
        return [await reencodedJpegPage(sharp(bytes))];
      case 'heic':
        return [await reencodedJpegPage(await heicSharp(bytes))];
      case 'tiff':
        return await tiffPages(bytes);
      default: {
        const unreachable: never = kind;
        return unreachable;
      }
    }
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    throw new ImageDecodeError(error instanceof Error ? error.message : String(error));
  }
}

function densityOf(meta: Metadata): number {
  const density = meta.density ?? 72;
  return density >= 50 && density <= 2400 ? density : 72;
}

async function jpegPage(bytes: Uint8Array): Promise<PageImage> {
  const meta = await sharp(bytes).metadata();
  // A JPEG cut off in transfer has no end-of-image marker; checking it spares decoding every photo.
  if (!endsWithEoi(bytes)) throw new ImageDecodeError('the file ends before the end of the image');
  const upright = (meta.orientation ?? 1) === 1 && meta.space !== 'cmyk';
  if (!upright) return reencodedJpegPage(sharp(bytes));
  const width = meta.width;
  const height = meta.height;
  return { width, height, density: densityOf(meta), embed: async (doc) => (await doc.embedJpg(bytes)).ref };
}

/** EOI (FF D9) at the end, allowing the padding some cameras append. */
function endsWithEoi(bytes: Uint8Array): boolean {
  let end = bytes.length;
  while (end > 2 && bytes[end - 1] === 0x00) end -= 1;
  for (let i = end - 2; i >= Math.max(0, end - 64); i -= 1) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  return false;
}

async function reencodedJpegPage(image: Sharp): Promise<PageImage> {
  const meta = await image.metadata();
  const { data, info } = await image
    .rotate()
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .jpeg({ quality: JPEG_QUALITY, mozjpeg: false })
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, density: densityOf(meta), embed: async (doc) => (await doc.embedJpg(data)).ref };
}

/** Lossless: libvips writes the upright pixels as PNG, whose compressed rows become the page image (png-stream.ts). */
async function flatePage(image: Sharp): Promise<PageImage> {
  const meta = await image.metadata();
  const grey = meta.channels <= 2;
  const pipeline = image.rotate().flatten({ background: '#ffffff' });
  const png = await (grey ? pipeline.toColourspace('b-w') : pipeline.toColourspace('srgb'))
    .png({ compressionLevel: 6, adaptiveFiltering: false, palette: false, progressive: false })
    .toBuffer();
  const { width, height, colors, bitsPerComponent, data } = pngStream(png);
  return {
    width,
    height,
    density: densityOf(meta),
    embed: (doc) =>
      doc.context.register(
        doc.context.stream(data, {
          Type: 'XObject',
          Subtype: 'Image',
          Width: width,
          Height: height,
          ColorSpace: colors === 1 ? 'DeviceGray' : 'DeviceRGB',
          BitsPerComponent: bitsPerComponent,
          Filter: 'FlateDecode',
          DecodeParms: { Predictor: 15, Colors: colors, BitsPerComponent: bitsPerComponent, Columns: width },
        }),
      ),
  };
}

/** Multi-page scanner TIFFs: one PDF page per TIFF page (sharp's `page`). */
async function tiffPages(bytes: Uint8Array): Promise<PageImage[]> {
  const meta = await sharp(bytes).metadata();
  const count = Math.max(1, meta.pages ?? 1);
  const pages: PageImage[] = [];
  for (let page = 0; page < count; page += 1) pages.push(await flatePage(sharp(bytes, { page })));
  return pages;
}

/**
 * sharp's prebuilt libvips reads HEIF with AV1 (AVIF) but has no HEVC
 * decoder, which real phone photos use: those go through heic-decode
 * (libheif in WebAssembly) to raw pixels.
 */
export async function heicSharp(bytes: Uint8Array): Promise<Sharp> {
  try {
    const viaSharp = sharp(bytes);
    await viaSharp.clone().raw().toBuffer();
    return viaSharp;
  } catch {
    const { default: decode } = await import('heic-decode');
    const { width, height, data } = await decode({ buffer: bytes });
    return sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { raw: { width, height, channels: 4 } });
  }
}

/** Places the image XObject over the whole page. */
function drawImageOperators(name: PDFName, width: number, height: number): PDFOperator[] {
  return [pushGraphicsState(), concatTransformationMatrix(width, 0, 0, height, 0, 0), drawObject(name), popGraphicsState()];
}
