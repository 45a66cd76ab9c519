import sharp from 'sharp';
import type { SealIdentity } from '../../pdf/seal-certificate.js';
import type { SealInfo } from '../../pdf/pades-signer.js';
import { sealPdf } from '../../pdf/pades-signer.js';
import type { ContentKind, ImageKind } from '../kinds.js';
import { pdfEnvelope } from './envelope.js';
import { heicSharp, ImageDecodeError, imagePdf } from './image.js';

/**
 * Worker-side work of the receipts feature (run through the pool, never on
 * the main thread): build and seal the rendition; decode an image for OCR.
 */
export interface ArchiveInput {
  readonly bytes: Uint8Array;
  readonly kind: ContentKind;
  readonly fileName: string;
  readonly seal: SealIdentity;
  readonly sealInfo: SealInfo;
}

export type ArchiveOutput =
  /** `original` is the input's bytes, handed back (the pool moves them, it does not copy them). */
  | { readonly ok: true; readonly pdf: Uint8Array; readonly original: Uint8Array; readonly pages: number; readonly note: string | null }
  | { readonly ok: false; readonly message: string };

export async function archive(input: ArchiveInput): Promise<ArchiveOutput> {
  let built: { doc: Parameters<typeof sealPdf>[0]; pages: number; note: string | null };
  if (input.kind === 'pdf') {
    built = await pdfEnvelope(input.bytes, input.fileName);
  } else {
    try {
      built = { ...(await imagePdf(input.bytes, input.kind)), note: null };
    } catch (error) {
      if (!(error instanceof ImageDecodeError)) throw error;
      return { ok: false, message: `The image is damaged or incomplete (${error.message.split('\n')[0] ?? ''}); export it again from the scanner or phone and drop the new file.` };
    }
  }
  const pdf = await sealPdf(built.doc, input.seal, input.sealInfo);
  return { ok: true, pdf, original: input.bytes, pages: built.pages, note: built.note };
}

export interface DecodeInput {
  readonly bytes: Uint8Array;
  readonly kind: ImageKind;
}
export interface DecodeOutput {
  readonly kind: 'png' | 'jpeg';
  readonly bytes: Uint8Array;
}

/** What OCR reads: JPEG and PNG as they are, the first page of anything else as PNG. */
export async function decodeForText(input: DecodeInput): Promise<DecodeOutput> {
  if (input.kind === 'jpeg' || input.kind === 'png') return { kind: input.kind, bytes: input.bytes };
  const image = input.kind === 'heic' ? await heicSharp(input.bytes) : sharp(input.bytes, { page: 0 });
  const png = await image.rotate().png().toBuffer();
  return { kind: 'png', bytes: new Uint8Array(png) };
}
