import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { createSealIdentity } from '../../../src-main/core/pdf/seal-certificate.js';
import { sealPdf } from '../../../src-main/core/pdf/pades-signer.js';

/**
 * Receipt files made on the spot (sharp writes JPEG/PNG/TIFF/WebP; qpdf
 * encrypts). The one committed file is `fixtures/phone.heic`: a real HEVC
 * HEIC made with libheif's heif-enc (x265), as phones write them.
 */
export const HEIC_FIXTURE = join(import.meta.dirname, 'fixtures', 'phone.heic');

export function heic(): Buffer {
  return readFileSync(HEIC_FIXTURE);
}

const svg = (width: number, height: number, label: string, background: string): Buffer =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${background}"/>` +
      `<rect x="8" y="8" width="${Math.max(1, width - 16)}" height="${Math.max(1, Math.round(height / 6))}" fill="#222"/>` +
      `<text x="10" y="${Math.round(height / 2)}" font-size="${Math.max(8, Math.round(height / 10))}" fill="#000">${label}</text></svg>`,
  );

/** A JPEG of the given size; `orientation` 6 means "rotate 90° clockwise to view" (a phone held upright). */
export async function jpeg(width = 120, height = 80, label = 'receipt', orientation?: number): Promise<Buffer> {
  const image = sharp(svg(width, height, label, '#fdfdf5')).jpeg({ quality: 80 });
  return orientation === undefined ? image.toBuffer() : image.withMetadata({ orientation }).toBuffer();
}

export async function png(width = 100, height = 70, label = 'png receipt'): Promise<Buffer> {
  return sharp(svg(width, height, label, '#ffffff')).png().toBuffer();
}

export async function webp(width = 90, height = 60, label = 'webp'): Promise<Buffer> {
  return sharp(svg(width, height, label, '#f0fff0')).webp().toBuffer();
}

/** A scanner's multi-page TIFF: `pages` pages of width × height. */
export async function multiPageTiff(pages = 3, width = 80, height = 60): Promise<Buffer> {
  const frames = await Promise.all(Array.from({ length: pages }, (_, i) => sharp(svg(width, height, `page ${i + 1}`, '#ffffff')).png().toBuffer()));
  return sharp(frames, { join: { animated: true } }).tiff({ compression: 'lzw' }).toBuffer();
}

/** A digital PDF with real text (standard font is fine for a fixture: it is what a supplier sends). */
export async function digitalPdf(lines: readonly string[] = ['ACME Supplies', 'TOTAL 12.50 EUR'], pages = 1): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < pages; p += 1) {
    const page = doc.addPage([300, 400]);
    lines.forEach((line, i) => page.drawText(line, { x: 20, y: 360 - i * 20, size: 12, font }));
  }
  return Buffer.from(await doc.save());
}

/** A PDF signed by someone else (a supplier's own seal). */
export async function signedPdf(): Promise<Buffer> {
  const supplier = createSealIdentity({ legalName: 'Supplier SARL', country: 'FR', vatId: '' }, { keyType: 'EC' }).identity;
  const doc = await PDFDocument.load(await digitalPdf(['Supplier SARL', 'Facture 42', 'TOTAL TTC 99.00 EUR']));
  return Buffer.from(await sealPdf(doc, supplier, { reason: 'Invoice issued', name: 'Supplier SARL' }));
}

/** A password-protected PDF (AES-256, user password "secret"), made by qpdf. */
export async function encryptedPdf(): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'sealbook-qpdf-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), await digitalPdf(['Confidential']));
    execFileSync('qpdf', ['--encrypt', 'secret', 'owner-secret', '256', '--', join(dir, 'in.pdf'), join(dir, 'out.pdf')]);
    return readFileSync(join(dir, 'out.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface MailPart {
  readonly name: string;
  readonly type: string;
  readonly bytes: Uint8Array;
}

/** An RFC 5322 mail with a text part and base64 attachments, as a mail program saves it. */
export function mail(subject: string, parts: readonly MailPart[], from = 'Taxi Berlin <billing@taxi.example>', body = 'Thank you for riding with us.'): Buffer {
  const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64').replace(/.{76}/g, '$&\r\n');
  const lines = [
    `From: ${from}`,
    'To: books@acme.example',
    `Subject: ${subject}`,
    'Date: Tue, 01 Dec 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
  ];
  for (const part of parts) {
    lines.push('--b1', `Content-Type: ${part.type}; name="${part.name}"`, `Content-Disposition: attachment; filename="${part.name}"`, 'Content-Transfer-Encoding: base64', '', b64(part.bytes));
  }
  lines.push('--b1--', '');
  return Buffer.from(lines.join('\r\n'));
}

/** A mail with a PDF and a JPEG attached (and a text part that is not a receipt). */
export async function mailWithAttachments(): Promise<Buffer> {
  const pdf = await digitalPdf(['Taxi Berlin', 'Summe 23.40 EUR']);
  const photo = await jpeg(64, 48, 'mail photo');
  return mail('Your receipt', [
    { name: 'taxi.pdf', type: 'application/pdf', bytes: pdf },
    { name: 'photo.jpg', type: 'image/jpeg', bytes: photo },
  ]);
}

/** The first `length` bytes of a JPEG: a transfer cut off. */
export async function truncatedJpeg(): Promise<Buffer> {
  const full = await jpeg(200, 150, 'cut off');
  return full.subarray(0, Math.floor(full.length / 2));
}

export function zipFile(): Buffer {
  return Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26), Buffer.from('word/document.xml', 'latin1')]);
}
