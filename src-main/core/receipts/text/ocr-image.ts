/**
 * Page images in a form Tesseract reads well: PNG, upright (EXIF orientation
 * applied: phone photos are often stored sideways), grey, and not larger than
 * needed. WebP, TIFF (every page of a scanner's multi-page TIFF) and HEIC
 * (phone photos, via heic-decode because the prebuilt libvips has no HEVC) are
 * converted with sharp.
 */
import decodeHeic from 'heic-decode';
import sharp, { type Sharp } from 'sharp';
import { ValidationError } from '../../errors.js';

export type ImageKind = 'jpeg' | 'png' | 'webp' | 'tiff' | 'heic';

// ~300 dpi for an A4 page; larger photos only slow Tesseract down.
const MAX_SIDE = 3508;
// A scanner TIFF of more pages than this is not a receipt; the rest are skipped.
export const MAX_OCR_PAGES = 20;

export async function pageImages(kind: ImageKind, bytes: Uint8Array): Promise<Uint8Array[]> {
  try {
    switch (kind) {
      case 'jpeg':
      case 'png':
      case 'webp':
        return [await prepare(sharp(bytes))];
      case 'tiff':
        return await tiffPages(bytes);
      case 'heic':
        return [await prepare(await heicImage(bytes))];
      default: {
        const never: never = kind;
        throw new Error(`Unknown image kind ${String(never)}`);
      }
    }
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    const reason = (error instanceof Error ? error.message : String(error)).trim().replace(/\s*\n\s*/g, '; ');
    throw new ValidationError(
      `The ${kind.toUpperCase()} image could not be decoded for text recognition (${reason}). ` +
        'The original is kept; scan or export it again to get its text.',
    );
  }
}

/** Turns a rendered page (PDF without a text layer) into the same OCR-ready form. */
export function prepareRaster(png: Uint8Array): Promise<Uint8Array> {
  return prepare(sharp(png));
}

async function tiffPages(bytes: Uint8Array): Promise<Uint8Array[]> {
  const { pages = 1 } = await sharp(bytes).metadata();
  const count = Math.min(pages, MAX_OCR_PAGES);
  const images: Uint8Array[] = [];
  for (let page = 0; page < count; page += 1) images.push(await prepare(sharp(bytes, { page })));
  return images;
}

async function heicImage(bytes: Uint8Array): Promise<Sharp> {
  const { width, height, data } = await decodeHeic({ buffer: bytes });
  return sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { raw: { width, height, channels: 4 } });
}

async function prepare(image: Sharp): Promise<Uint8Array> {
  return image
    .rotate()
    .flatten({ background: '#ffffff' })
    .grayscale()
    .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .png({ compressionLevel: 1 })
    .toBuffer();
}
