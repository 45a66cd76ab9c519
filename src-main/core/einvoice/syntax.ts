import type { EInvoiceSyntax } from '../../../src-shared/einvoice.js';

/**
 * Which EN 16931 syntax an XML text is, from its root element and
 * namespace: the cheap check that routes a file before any parser runs.
 */
const ROOTS: readonly { readonly syntax: EInvoiceSyntax; readonly local: string; readonly ns: string }[] = [
  { syntax: 'cii', local: 'CrossIndustryInvoice', ns: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100' },
  { syntax: 'ubl-invoice', local: 'Invoice', ns: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2' },
  { syntax: 'ubl-creditnote', local: 'CreditNote', ns: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2' },
];

/** ZUGFeRD 1.0 used its own CII draft; it is read by its own dialect (parse-cii.ts) and checked for structure only (zugferd1.ts). */
export const ZUGFERD1_NS = 'urn:ferd:CrossIndustryDocument:invoice:1p0';

/** The first element after the prolog, comments and processing instructions. */
function rootTag(xml: string): { prefix: string; local: string; tag: string } | null {
  const withoutProlog = xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '');
  const match = /<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)([^>]*)>/.exec(withoutProlog);
  if (!match) return null;
  return { prefix: match[1] ?? '', local: match[2] ?? '', tag: match[3] ?? '' };
}

export function detectSyntax(xml: string): EInvoiceSyntax | 'zugferd1' | null {
  const root = rootTag(xml.slice(0, 8192));
  if (!root) return null;
  const attr = root.prefix === '' ? 'xmlns' : `xmlns:${root.prefix}`;
  const ns = new RegExp(`${attr}\\s*=\\s*["']([^"']+)["']`).exec(root.tag)?.[1];
  if (root.local === 'CrossIndustryDocument' && ns === ZUGFERD1_NS) return 'zugferd1';
  return ROOTS.find((candidate) => candidate.local === root.local && candidate.ns === ns)?.syntax ?? null;
}
