import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without types.
import { listDeclarations, listLookup, readCodeLists } from '../../../scripts/einvoice-rules-code-lists.mjs';
import { runXslt } from './run-xslt.js';

/** Rewrite 4 of the schematron optimiser: the Factur-X code lists as strings in the stylesheet instead of document() lookups. */
const read = readCodeLists as (xml: string, name: string) => Map<string, string[]>;
const declarations = listDeclarations as (lists: Map<string, string[]>, used: string[], name: string) => string;
const lookup = listLookup as (id: string, variable: string) => string;

const CODE_LISTS = `<?xml version="1.0" encoding="UTF-8"?>
<codedb>
  <cl id="3">
    <enumeration value="102"/>
    <enumeration value="A&amp;B"/>
    <enumeration value="it's"/>
  </cl>
  <cl id="4">
    <enumeration value="C62"/>
    <enumeration value="H87"/>
  </cl>
</codedb>`;

describe('code lists read for inlining', () => {
  it('reads every list and its codes, entities decoded', () => {
    expect([...read(CODE_LISTS, 'codedb.xml')]).toEqual([
      ['3', ['102', 'A&B', "it's"]],
      ['4', ['C62', 'H87']],
    ]);
  });

  it('refuses a file of another shape or a code with the separator', () => {
    expect(() => read('<codedb><cl id="1"><enumeration value="x">text</enumeration></cl></codedb>', 'codedb.xml')).toThrow(/unexpected shape/);
    expect(() => read('<codedb><cl id="1"><enumeration value="a|b"/></cl></codedb>', 'codedb.xml')).toThrow(/contains "\|"/);
    expect(() => declarations(read(CODE_LISTS, 'codedb.xml'), ['9'], 'rules.xsl')).toThrow(/code list 9/);
  });
});

/**
 * The rewrite's claim, run in SaxonJS itself: the original lookup in the
 * code list document and the inlined one agree for codes in and out of the
 * list, codes of another list, empty and absent values, and values that only
 * match across the separator.
 */
describe('inlined code lists answer as the document lookup did, in SaxonJS', () => {
  const values = ['102', 'A&amp;B', 'it&apos;s', 'C62', '10', '', '102|A&amp;B', '|102|', ' 102'];
  let answers: { original: string; inlined: string }[] = [];

  beforeAll(() => {
    const lists = read(CODE_LISTS, 'codedb.xml');
    const checks = [...values, null]
      .map((_, index) => {
        const context = index < values.length ? `/values/v[${index + 1}]` : '/values/absent/v';
        return `<xsl:for-each select="/"><xsl:variable name="codeValue3" select="${context}" />
          <e><original><xsl:value-of select="boolean(document('codedb.xml')/codedb/cl[@id=3]/enumeration[@value=$codeValue3])" /></original>
          <inlined><xsl:value-of select="boolean(${lookup('3', 'codeValue3')})" /></inlined></e></xsl:for-each>`;
      })
      .join('');
    const result = runXslt(
      `<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
        ${declarations(lists, ['3', '4'], 'check.xsl')}
        <xsl:template match="/"><r>${checks}</r></xsl:template>
      </xsl:stylesheet>`,
      `<values>${values.map((value) => `<v>${value}</v>`).join('')}<absent/></values>`,
      { 'codedb.xml': CODE_LISTS },
    );
    answers = [...result.matchAll(/<e><original>(\w+)<\/original><inlined>(\w+)<\/inlined><\/e>/g)].map((m) => ({ original: m[1] ?? '', inlined: m[2] ?? '' }));
  }, 60_000);

  it('gives one answer per value', () => {
    expect(answers).toHaveLength(values.length + 1);
  });

  it.each([...values, '(absent)'].map((value, index) => ({ value, index })))('$value', ({ index }) => {
    const answer = answers[index];
    expect(answer?.inlined).toBe(answer?.original);
  });

  it('finds the listed codes and only them', () => {
    expect(answers.map((answer) => answer.original)).toEqual(['true', 'true', 'true', 'false', 'false', 'false', 'false', 'false', 'false', 'false']);
  });
});
