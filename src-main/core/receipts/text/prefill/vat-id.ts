/**
 * VAT identification numbers by their published country formats (EU VIES
 * formats, GB and XI, Swiss UID "CHE-123.456.789 MWST", Norway "NO 123456789 MVA"),
 * with the check digits of DE and FR verified because an OCR misread is common.
 * A receipt without a country prefix is matched only after a keyword: the
 * Malaysian GST registration number (12 digits) of the SROIE test set.
 */
import type { Line } from './lines.js';

// n digits, each optionally followed by one space, dot or dash (how ids are printed: DE 123 456 789).
const digits = (n: number): string => `(?:\\d[ .-]?){${n - 1}}\\d`;
const oneOf = (...counts: number[]): string => `(?:${counts.sort((a, b) => b - a).map(digits).join('|')})`;

const FORMATS: Readonly<Record<string, string>> = {
  AT: `U${digits(8)}`,
  BE: `[01]${digits(9)}`,
  BG: oneOf(9, 10),
  CY: `${digits(8)}[A-Z]`,
  CZ: oneOf(8, 9, 10),
  DE: digits(9),
  DK: digits(8),
  EE: digits(9),
  EL: digits(9),
  ES: `[A-Z0-9]${digits(7)}[A-Z0-9]`,
  FI: digits(8),
  FR: `[0-9A-HJ-NP-Z]{2} ?${digits(9)}`,
  HR: digits(11),
  HU: digits(8),
  IE: `\\d[A-Z0-9+*]\\d{5}[A-W][A-I]?`,
  IT: digits(11),
  LT: oneOf(9, 12),
  LU: digits(8),
  LV: digits(11),
  MT: digits(8),
  NL: `${digits(9)} ?B ?\\d{2}`,
  PL: digits(10),
  PT: digits(9),
  RO: oneOf(2, 3, 4, 5, 6, 7, 8, 9, 10),
  SE: digits(12),
  SI: digits(8),
  SK: digits(10),
  GB: `(?:${oneOf(9, 12)}|GD\\d{3}|HA\\d{3})`,
  XI: `(?:${oneOf(9, 12)}|GD\\d{3}|HA\\d{3})`,
  CHE: `${digits(9)}(?: ?(?:MWST|TVA|IVA))?`,
  NO: `${digits(9)} ?MVA`,
};

// One pattern per country, so that one country's prefix never swallows another's number.
const PREFIXED = Object.entries(FORMATS).map(
  ([country, format]) => [country, new RegExp(`(?<![A-Z0-9])${country}[ -]?(${format})(?![0-9A-Z])`, 'g')] as const,
);
const VAT_ID_KEYWORD = /\b(VAT|UST|USt|IDNR|ID-NR|UID|TVA|INTRACOM\w*|N° TVA|MWST|GST|TAX ID|BTW|IVA)\b/;
const MALAYSIAN_GST_ID = /\bGST\s*(?:REG(?:ISTRATION)?|ID)\.?\s*(?:NO|NUMBER)?\.?\s*[:.]?\s*(\d{12})(?!\d)/;

export function findVatId(lines: readonly Line[]): string | undefined {
  const found: Array<{ id: string; keyword: boolean }> = [];
  for (const line of lines) {
    const keyword = VAT_ID_KEYWORD.test(line.folded);
    const inLine: Array<{ id: string; keyword: boolean; at: number }> = [];
    for (const [country, pattern] of PREFIXED) {
      for (const match of line.folded.matchAll(pattern)) {
        const body = (match[1] ?? '').replace(/[ .-]|MWST|TVA|IVA|MVA/g, '');
        if (checkDigitsValid(country, body)) inLine.push({ id: `${country}${body}`, keyword, at: match.index });
      }
    }
    const malaysian = MALAYSIAN_GST_ID.exec(line.folded);
    if (malaysian?.[1] !== undefined) inLine.push({ id: malaysian[1], keyword: true, at: malaysian.index });
    found.push(...inLine.sort((a, b) => a.at - b.at));
  }
  return (found.find((hit) => hit.keyword) ?? found[0])?.id;
}

function checkDigitsValid(country: string, body: string): boolean {
  switch (country) {
    case 'DE':
      return germanCheckDigitValid(body);
    case 'FR':
      return frenchKeyValid(body);
    default:
      return true;
  }
}

/** ISO 7064 MOD 11,10 over the first 8 digits (Bundeszentralamt für Steuern). */
function germanCheckDigitValid(body: string): boolean {
  let product = 10;
  for (const char of body.slice(0, 8)) {
    let sum = (Number(char) + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const check = (11 - product) % 10;
  return check === Number(body[8]);
}

/** FR: the two-digit key is (12 + 3 × (SIREN mod 97)) mod 97; letter keys (new scheme) are not checkable this way. */
function frenchKeyValid(body: string): boolean {
  const key = body.slice(0, 2);
  if (!/^\d{2}$/.test(key)) return true;
  const siren = Number(body.slice(2));
  return Number(key) === (12 + 3 * (siren % 97)) % 97;
}
