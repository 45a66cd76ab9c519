/**
 * IBAN checks (ISO 13616): country code, check digits, and the mod-97
 * checksum, computed piecewise so no number grows past a few digits.
 */
export function normaliseIban(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}

export function ibanChecksumOk(iban: string): boolean {
  const value = normaliseIban(iban);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(value)) return false;
  const rearranged = value.slice(4) + value.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

/** "DE89370400440532013000" -> "DE89 3704 0044 0532 0130 00" */
export function formatIban(iban: string): string {
  return normaliseIban(iban).replace(/(.{4})/g, '$1 ').trim();
}

/** BIC: 4 bank letters, 2 country letters, 2 location characters, optional 3 branch characters. */
export function bicOk(bic: string): boolean {
  return /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic.trim().toUpperCase());
}
