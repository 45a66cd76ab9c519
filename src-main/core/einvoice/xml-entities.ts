/**
 * Our XML parsers run with `processEntities: false`, so that nothing is
 * ever expanded from a DOCTYPE (xml-safety.ts refuses those anyway); what
 * they hand back still carries XML's predefined entities and character
 * references ("Müller &amp; Söhne", "&#xE9;"). This turns exactly those,
 * in one pass, into their characters. A reference to no valid character
 * stays as written (libxml2 refuses such a file before it gets here).
 */
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|(lt|gt|amp|quot|apos));/g, (whole, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) return PREDEFINED[name] ?? whole;
    const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(dec);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
