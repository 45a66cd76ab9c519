/**
 * The pixels of a PNG as a PDF image stream, without decoding them: a
 * non-interlaced PNG's IDAT chunks, joined, are a zlib stream of
 * PNG-filtered rows, which PDF's FlateDecode reads as they are with PNG
 * predictors (ISO 32000-1 7.4.4.4, Predictor 15). So sharp (libvips)
 * compresses a scan and JavaScript never holds its raw pixels: those were
 * 2.6 MB per 1 MP scan per thread, freed only when V8 next collected.
 */
export interface PngStream {
  readonly width: number;
  readonly height: number;
  /** 1 (grey) or 3 (RGB). */
  readonly colors: 1 | 3;
  readonly bitsPerComponent: 8 | 16;
  /** zlib data of the filtered rows. */
  readonly data: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const COLORS_OF_TYPE: Readonly<Record<number, 1 | 3>> = { 0: 1, 2: 3 };

/** Throws when the PNG is not a plain grey or RGB one (palette, alpha, interlaced): the caller made it, so that is a bug. */
export function pngStream(png: Uint8Array): PngStream {
  if (!SIGNATURE.every((byte, i) => png[i] === byte)) throw new Error('not a PNG');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const idat: Uint8Array[] = [];
  let header: Omit<PngStream, 'data'> | null = null;
  for (let at = SIGNATURE.length; at + 8 <= png.byteLength; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') header = parseHeader(body);
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (header === null || idat.length === 0) throw new Error('the PNG has no header or no image data');
  return { ...header, data: idat.length === 1 ? idat[0] ?? new Uint8Array(0) : Buffer.concat(idat) };
}

function parseHeader(body: Uint8Array): Omit<PngStream, 'data'> {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const bitDepth = body[8];
  const colors = COLORS_OF_TYPE[body[9] ?? -1];
  const interlaced = body[12] !== 0;
  if (colors === undefined || interlaced || (bitDepth !== 8 && bitDepth !== 16)) {
    throw new Error(`unexpected PNG layout (colour type ${String(body[9])}, depth ${String(bitDepth)}, interlace ${String(body[12])})`);
  }
  return { width: view.getUint32(0), height: view.getUint32(4), colors, bitsPerComponent: bitDepth };
}
