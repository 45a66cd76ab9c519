/**
 * The supplier is printed at the top, above its address. Among the lines before
 * the address block, take the one that carries a legal form (GmbH, SARL, Ltd,
 * Sdn Bhd ...), else the first that reads like a name: mostly letters, not a
 * document title, a phone number or a date. No line qualifies: no supplier,
 * which a reviewer fills faster than they notice and correct a wrong one.
 */
import type { Line } from './lines.js';

const TOP_LINES = 8;

// Legal forms and the business-name endings registered as such in Malaysia (SROIE): Enterprise, Trading.
const LEGAL_FORM =
  /\b(GMBH|AG|KG|OHG|UG|E\.? ?K|GBR|SARL|SAS|SASU|EURL|SNC|S\.?A|SPA|SRL|BV|NV|LTD|LIMITED|LLC|LLP|INC|PLC|CORP|SDN|BHD|S\/B|ENTERPRISES?|TRADING|PERNIAGAAN)\b/;

const NOT_A_NAME =
  /\b(RECEIPT|TAX INVOICE|INVOICE|CASH BILL|BILL|WELCOME|WILLKOMMEN|BIENVENUE|KASSENBON|QUITTUNG|RECHNUNG|BELEG|FACTURE|TICKET|RECU|TEL|TELEFON|PHONE|FAX|EMAIL|E-MAIL|WWW|HTTP|GST|VAT|MWST|UST|TVA|DATE|DATUM|NO\.|JALAN|JLN|STRASSE|STR\.|RUE|AVENUE|ROAD|STREET|TAMAN|COPY|DUPLICATE)\b/;

// The address block follows the name: street words, a postcode with its town, a phone number.
const ADDRESS =
  /\b(JALAN|JLN|LOT|NO\.? ?\d+|RUE|AVENUE|AVE|ROAD|RD|STREET|PLACE|PLATZ|WEG|ALLEE|BOULEVARD|BD|TEL|TELEFON|PHONE|FAX)\b|STRASSE\b|STR\. ?\d|\b\d{5} \p{L}{3,}|\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b/u;

export function findSupplier(lines: readonly Line[]): string | undefined {
  // Lines after the address are the address and the sale, not the name.
  // "Brasserie Place Vendôme SARL" is a name that mentions a place.
  const addressAt = lines.findIndex((line) => ADDRESS.test(line.folded) && !LEGAL_FORM.test(line.folded));
  const top = lines.slice(0, addressAt === -1 ? TOP_LINES : Math.min(addressAt, TOP_LINES)).filter(readsLikeName);
  const withLegalForm = top.find((line) => LEGAL_FORM.test(line.folded));
  const chosen = withLegalForm ?? top[0];
  if (chosen === undefined) return undefined;
  // "HOME MASTER HARDWARE &" / "ELECTRICAL": a name broken after a joining word goes on, either way.
  const at = lines.indexOf(chosen);
  const before = lines[at - 1];
  const after = lines[at + 1];
  const parts = [chosen.raw];
  if (before !== undefined && CONTINUES.test(before.folded) && readsLikeName(before)) parts.unshift(before.raw);
  else if (after !== undefined && CONTINUES.test(chosen.folded) && /^[\p{L}(]/u.test(after.raw)) parts.push(after.raw);
  return tidy(parts.join(' '));
}

const CONTINUES = /(&|\+|\bAND|\bUND|\bET)$/;

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
