/**
 * The supplier is printed at the top. Take the first line near the top that
 * carries a legal form (GmbH, SARL, Ltd, Sdn Bhd ...), else the first line that
 * reads like a name: mostly letters, not a document title, an address, a phone
 * number or a date.
 */
import type { Line } from './lines.js';

const TOP_LINES = 8;

// Legal forms and the business-name endings registered as such in Malaysia (SROIE): Enterprise, Trading.
const LEGAL_FORM =
  /\b(GMBH|AG|KG|OHG|UG|E\.? ?K|GBR|SARL|SAS|SASU|EURL|SNC|S\.?A|SPA|SRL|BV|NV|LTD|LIMITED|LLC|LLP|INC|PLC|CORP|SDN|BHD|S\/B|ENTERPRISES?|TRADING|PERNIAGAAN)\b/;

const NOT_A_NAME =
  /\b(RECEIPT|TAX INVOICE|INVOICE|CASH BILL|BILL|WELCOME|WILLKOMMEN|BIENVENUE|KASSENBON|QUITTUNG|RECHNUNG|BELEG|FACTURE|TICKET|RECU|TEL|TELEFON|PHONE|FAX|EMAIL|E-MAIL|WWW|HTTP|GST|VAT|MWST|UST|TVA|DATE|DATUM|NO\.|JALAN|JLN|STRASSE|STR\.|RUE|AVENUE|ROAD|STREET|TAMAN|COPY|DUPLICATE)\b/;

export function findSupplier(lines: readonly Line[]): string | undefined {
  const top = lines.slice(0, TOP_LINES).filter(readsLikeName);
  const withLegalForm = top.find((line) => LEGAL_FORM.test(line.folded));
  const chosen = withLegalForm ?? top[0];
  return chosen === undefined ? undefined : tidy(chosen.raw);
}

function readsLikeName(line: Line): boolean {
  const letters = (line.folded.match(/\p{L}/gu) ?? []).length;
  const visible = line.folded.replace(/\s/g, '').length;
  if (letters < 3 || letters / visible < 0.6) return false;
  // Printed names have capitals; an all-lower-case line is handwriting or a stamp read by OCR.
  if (line.raw === line.raw.toLowerCase()) return false;
  // Registration numbers such as "(789417-W)" or postcodes with a town are not names.
  if (/\d{4,}/.test(line.folded)) return false;
  const words = line.folded.split(' ').map((word) => word.replace(/[^\p{L}]/gu, '')).filter((word) => word !== '');
  // A lone "BHD" or "GmbH" is the tail of a name broken over two lines, not the name.
  if (words.every((word) => LEGAL_FORM.test(word))) return false;
  if (LEGAL_FORM.test(line.folded)) return true;
  if (NOT_A_NAME.test(line.folded)) return false;
  // OCR noise ("JER A En — Re") is short fragments; names have words of three letters or more.
  return words.reduce((sum, word) => sum + word.length, 0) / words.length >= 3;
}

/** Drops OCR specks at the ends ("| ACME GMBH ~") and collapses spaces. */
function tidy(raw: string): string {
  return raw
    .replace(/^[^\p{L}\p{N}(]+/u, '')
    .replace(/[^\p{L}\p{N}).]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
}
