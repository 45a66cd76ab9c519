import type { Classification } from './kinds.js';

/**
 * The type of a file from its bytes, never its name (issue 7 item 2).
 * Refusals name what the file is, so the message can say it.
 */
export function classify(bytes: Uint8Array): Classification {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096));
  const ascii = head.toString('latin1');
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { kind: 'jpeg' };
  if (ascii.startsWith('\x89PNG\r\n\x1a\n')) return { kind: 'png' };
  // PDF readers accept the header anywhere in the first KiB (ISO 32000-1 7.5.2 tolerance).
  if (ascii.slice(0, 1024).includes('%PDF-')) return { kind: 'pdf' };
  if (ascii.slice(4, 8) === 'ftyp') return heifFamily(ascii.slice(8, 12), ascii.slice(16, 40));
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return { kind: 'webp' };
  if (ascii.startsWith('II*\x00') || ascii.startsWith('MM\x00*')) return { kind: 'tiff' };
  return refusedOrMail(head, ascii);
}

const HEIF_BRANDS = ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis'];

function heifFamily(major: string, compatible: string): Classification {
  if (HEIF_BRANDS.includes(major) || HEIF_BRANDS.some((brand) => compatible.includes(brand))) return { kind: 'heic' };
  return { kind: 'refused', type: 'a video or other ISO media file' };
}

function refusedOrMail(head: Buffer, ascii: string): Classification {
  if (ascii.startsWith('PK\x03\x04')) {
    if (ascii.includes('word/')) return { kind: 'refused', type: 'a Word document' };
    if (ascii.includes('xl/')) return { kind: 'refused', type: 'an Excel workbook' };
    if (ascii.includes('ppt/')) return { kind: 'refused', type: 'a PowerPoint presentation' };
    if (ascii.includes('[Content_Types].xml') || ascii.includes('mimetypeapplication/vnd.oasis')) return { kind: 'refused', type: 'an Office document' };
    return { kind: 'refused', type: 'a ZIP archive' };
  }
  if (ascii.startsWith('\xd0\xcf\x11\xe0')) return { kind: 'refused', type: 'an old-style Office document' };
  if (ascii.startsWith('MZ')) return { kind: 'refused', type: 'a Windows program' };
  if (ascii.startsWith('\x7fELF')) return { kind: 'refused', type: 'a program (ELF executable)' };
  if (ascii.startsWith('GIF8')) return { kind: 'refused', type: 'a GIF image' };
  if (ascii.startsWith('BM')) return { kind: 'refused', type: 'a BMP image' };
  if (ascii.startsWith('\x1f\x8b')) return { kind: 'refused', type: 'a gzip archive' };
  if (ascii.startsWith('Rar!') || ascii.startsWith('7z\xbc\xaf')) return { kind: 'refused', type: 'a compressed archive' };
  if (head.includes(0)) return { kind: 'refused', type: 'a binary file of an unknown type' };
  if (looksLikeMail(ascii)) return { kind: 'eml' };
  if (/^\s*<(!doctype html|html)/i.test(ascii.replace(/^\uFEFF|^\xef\xbb\xbf/, ''))) return { kind: 'refused', type: 'an HTML page' };
  // E-invoice XML is routed before this classifier runs (intake.ts), so what reaches here is other XML.
  if (/^(\xef\xbb\xbf)?\s*</.test(ascii)) return { kind: 'refused', type: 'an XML file that is not an e-invoice (CII, UBL or XRechnung)' };
  return { kind: 'refused', type: 'a plain text file' };
}

const MAIL_HEADER = /^(from|to|subject|date|received|return-path|mime-version|message-id|delivered-to|x-[a-z0-9-]+|content-type):/im;

/** RFC 5322: header lines before the first empty line, with a sender and a content or MIME header. */
function looksLikeMail(ascii: string): boolean {
  const end = ascii.search(/\r?\n\r?\n/);
  const headers = end < 0 ? ascii : ascii.slice(0, end);
  const firstLine = headers.split(/\r?\n/, 1)[0] ?? '';
  if (!/^[A-Za-z][A-Za-z0-9-]*:/.test(firstLine) || !MAIL_HEADER.test(headers)) return false;
  return /^from:/im.test(headers) && /^(mime-version|content-type|subject|date):/im.test(headers);
}
