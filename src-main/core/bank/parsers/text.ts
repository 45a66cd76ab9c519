import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * Bytes to text. A BOM wins; otherwise valid UTF-8 is UTF-8, and anything
 * else is Windows-1252 (a superset of Latin-1 for printable text, and what
 * German and French bank exports use when they are not UTF-8).
 */
export const TEXT_ENCODINGS = ['auto', 'utf-8', 'windows-1252', 'latin1', 'cp852'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

/** Checked natively, without building the text (a 100,000-row file is 6 MB). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  return isUtf8(bytes);
}

export function detectEncoding(bytes: Uint8Array): Exclude<TextEncoding, 'auto'> {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  return isValidUtf8(bytes) ? 'utf-8' : 'windows-1252';
}

/**
 * Detection, the profile check and the parser each read the same file: it is
 * decoded once per encoding and kept while the file's bytes are alive.
 */
const decoded = new WeakMap<Uint8Array, Map<TextEncoding, string>>();

export function decodeText(bytes: Uint8Array, encoding: TextEncoding = 'auto'): string {
  const chosen = encoding === 'auto' ? detectEncoding(bytes) : encoding;
  const known = decoded.get(bytes)?.get(chosen);
  if (known !== undefined) return known;
  const raw = chosen === 'utf-8' ? new TextDecoder('utf-8').decode(bytes) : iconv.decode(Buffer.from(bytes), chosen);
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const forBytes = decoded.get(bytes) ?? new Map<TextEncoding, string>();
  forBytes.set(chosen, text);
  decoded.set(bytes, forBytes);
  return text;
}

/** Maps a charset label found in a file header (OFX CHARSET, XML encoding) to ours. */
export function encodingFromLabel(label: string | undefined): TextEncoding {
  const value = (label ?? '').trim().toLowerCase();
  if (value === '' || value === 'none') return 'auto';
  if (/^(utf-?8)$/.test(value)) return 'utf-8';
  if (/^(1252|cp1252|windows-1252)$/.test(value)) return 'windows-1252';
  if (/^(iso-?8859-?1|latin-?1|8859-1)$/.test(value)) return 'latin1';
  if (/^(us-ascii|ascii)$/.test(value)) return 'auto';
  return 'auto';
}

/** Splits on CRLF, LF, or bare CR (some exports end lines with "\r\r\n"). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}
