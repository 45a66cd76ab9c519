/**
 * What intake knows about a file from its bytes. One classifier, one union:
 * a later route (e-invoices: XML, Factur-X PDFs) adds its kind here.
 */
export type ImageKind = 'jpeg' | 'png' | 'heic' | 'webp' | 'tiff';
export type ContentKind = ImageKind | 'pdf';

export type Classification =
  | { readonly kind: ContentKind }
  | { readonly kind: 'eml' }
  | { readonly kind: 'refused'; readonly type: string };

export const MIME_OF: Readonly<Record<ContentKind | 'eml', string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  heic: 'image/heic',
  webp: 'image/webp',
  tiff: 'image/tiff',
  pdf: 'application/pdf',
  eml: 'message/rfc822',
};

export function isContentKind(kind: string): kind is ContentKind {
  return kind === 'jpeg' || kind === 'png' || kind === 'heic' || kind === 'webp' || kind === 'tiff' || kind === 'pdf';
}
