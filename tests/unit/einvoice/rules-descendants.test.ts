import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without types.
import { isPositionFreeBoolean, keyDescendantScans } from '../../../scripts/einvoice-rules-descendants.mjs';
import { runXslt } from './run-xslt.js';

/** Rewrite 5 of the schematron optimiser: absolute `//p:name` scans in rule tests become key lookups. */
const rewrite = keyDescendantScans as (test: string, namespaces: Map<string, string>, keys: { elements: string; attributes: string }, name: string) => { test: string; count: number };
const positionFree = isPositionFreeBoolean as (predicate: string) => boolean;

const NAMESPACES = new Map([
  ['cac', 'urn:cac'],
  ['cbc', 'urn:cbc'],
]);
const KEYS = { elements: 'by-name', attributes: 'attributes-by-name' };
const rewritten = (test: string): string => rewrite(test, NAMESPACES, KEYS, 'test.xsl').test;

describe('descendant scans as key lookups', () => {
  it('rewrites scans that start a path, with their position-free predicates', () => {
    expect(rewritten('exists(//cac:TaxCategory)')).toBe("exists(key('by-name', 'Q{urn:cac}TaxCategory'))");
    expect(rewritten("//cac:TaxCategory[cbc:ID = 'S']/cbc:Percent")).toBe("key('by-name', 'Q{urn:cac}TaxCategory')[cbc:ID = 'S']/cbc:Percent");
    expect(rewritten('cbc:ID and //cac:Party or //cac:Item')).toBe("cbc:ID and key('by-name', 'Q{urn:cac}Party') or key('by-name', 'Q{urn:cac}Item')");
    expect(rewritten('count(//cac:Line[cac:Item][not(cbc:Note)]) &gt; 0')).toBe("count(key('by-name', 'Q{urn:cac}Line')[cac:Item][not(cbc:Note)]) &gt; 0");
    expect(rewritten('not(//@schemeName)')).toBe("not(key('attributes-by-name', 'Q{}schemeName'))");
  });

  it('leaves relative paths, positional predicates, other names and string literals alone', () => {
    for (const test of [
      'cac:Party//cac:Item',
      './/cac:Item',
      'cac:Party //cac:Item',
      '//cac:Line[1]',
      '//cac:Line[position() = 1]',
      '//cac:Line[last()]',
      '//cac:Line[$index]',
      '//cac:Line[count(cac:Item)]',
      '//cac:Line[if (cbc:ID) then 1 else 2]',
      '//Line',
      '//cac:*',
      '//text()',
      "contains(cbc:URI, '//cac:Item')",
      'cbc:URI = &quot;http://x//cac:Item&quot;',
    ]) {
      expect(rewritten(test)).toBe(test);
    }
  });

  it('knows which predicates are booleans that ignore the position', () => {
    expect(positionFree("cac:TaxScheme/normalize-space(upper-case(cbc:ID))='VAT'")).toBe(true);
    expect(positionFree('cbc:ChargeIndicator=false()')).toBe(true);
    expect(positionFree('not(preceding::cbc:PaymentID/. = .)')).toBe(true);
    expect(positionFree('cac:Item/cbc:Name')).toBe(true);
    expect(positionFree('xs:decimal(cbc:Amount)')).toBe(false);
    expect(positionFree('cbc:Amount + 1')).toBe(false);
    expect(positionFree("position() != 1 and cbc:ID = 'S'")).toBe(false);
  });

  it('refuses a prefix the stylesheet does not declare', () => {
    expect(() => rewritten('exists(//ext:Thing)')).toThrow(/prefix ext .* is not declared/);
  });
});

/**
 * The rewrite's claim, run in SaxonJS itself: for each expression, the
 * original scan and the key lookup select the same nodes in the same order
 * on a document with nesting, repeats and same-named elements in two
 * namespaces.
 */
describe('descendant scans and key lookups select the same nodes in SaxonJS', () => {
  const expressions = [
    '//cac:Line',
    "//cac:Line[cbc:ID = 'B']",
    "//cac:Line[cbc:ID = 'B']/cbc:ID",
    '//cac:Line[cac:Line][not(cbc:Note)]',
    '//cbc:ID[not(preceding::cbc:ID/. = .)]',
    '//@schemeID',
    '//cac:Missing',
  ];
  const document = `<Invoice xmlns:cac="urn:cac" xmlns:cbc="urn:cbc" xmlns:other="urn:other">
    <cac:Line><cbc:ID schemeID="x">A</cbc:ID><cac:Line><cbc:ID>B</cbc:ID><cac:Line><cbc:ID schemeID="y">B</cbc:ID></cac:Line></cac:Line></cac:Line>
    <other:Line><cbc:ID>B</cbc:ID></other:Line><cac:Line><cbc:Note>n</cbc:Note><cbc:ID>B</cbc:ID><cac:Line/></cac:Line>
  </Invoice>`;
  /** Each selected node as its generated id (attributes marked), in the order selected, in brackets. */
  const ids = (select: string): string =>
    `<xsl:value-of select="'[' || string-join(for $n in ${select} return (if ($n instance of attribute()) then 'attr:' else '') || generate-id($n), ' ') || ']'" />`;
  let selected: { scan: string; key: string }[] = [];

  beforeAll(() => {
    const checks = expressions.map((expression) => `<e><scan>${ids(expression)}</scan><key>${ids(rewritten(expression))}</key></e>`).join('');
    const result = runXslt(
      `<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:cac="urn:cac" xmlns:cbc="urn:cbc">
        <xsl:key name="by-name" match="*" use="'Q{' || namespace-uri() || '}' || local-name()" />
        <xsl:key name="attributes-by-name" match="@*" use="'Q{' || namespace-uri() || '}' || local-name()" />
        <xsl:template match="/"><r>${checks}</r></xsl:template>
      </xsl:stylesheet>`,
      document,
    );
    selected = [...result.matchAll(/<e><scan>([^<]*)<\/scan><key>([^<]*)<\/key><\/e>/g)].map((m) => ({ scan: m[1] ?? '', key: m[2] ?? '' }));
  }, 60_000);

  it.each(expressions.map((expression, index) => ({ expression, index })))('$expression', ({ expression, index }) => {
    expect(rewritten(expression)).not.toBe(expression);
    const { scan, key } = selected[index] ?? { scan: 'missing', key: '' };
    expect(key).toBe(scan);
    // Every expression but the one naming an absent element selects something.
    expect(scan === '[]').toBe(expression.includes('Missing'));
  });
});
