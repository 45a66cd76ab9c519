import { describe, expect, it } from 'vitest';
import { parseSvrl } from '../../../src-main/core/einvoice/svrl.js';
// @ts-expect-error: a build script in plain JavaScript, without types.
import { shareFindingTemplate } from '../../../scripts/einvoice-rules-findings.mjs';
import { runXslt } from './run-xslt.js';

/** Rewrite 6 of the schematron optimiser: each assert's SVRL output through one shared template. */
const share = shareFindingTemplate as (xsl: string, name: string) => { xsl: string; count: number };

const location = `<xsl:attribute name="location">
            <xsl:apply-templates mode="schematron-select-full-path" select="." />
          </xsl:attribute>`;

/** The three shapes the official rules use: id and flag (CEN), id only (Factur-X asserts), neither (Factur-X reports). */
const RULES = `<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:svrl="http://purl.oclc.org/dsdl/svrl">
  <xsl:template match="/">
    <svrl:schematron-output><xsl:apply-templates mode="M1" select="//item" /></svrl:schematron-output>
  </xsl:template>
  <xsl:template match="*" mode="schematron-select-full-path"><xsl:value-of select="concat('/list/item[', count(preceding-sibling::item) + 1, ']')" /></xsl:template>
  <xsl:template match="item" mode="M1">
    <xsl:choose>
      <xsl:when test="@amount &gt; 0" />
      <xsl:otherwise>
        <svrl:failed-assert test="@amount &gt; 0">
          <xsl:attribute name="id">BR-CO-15</xsl:attribute>
          <xsl:attribute name="flag">fatal</xsl:attribute>
          ${location}
          <svrl:text>[BR-CO-15]-The amount (BT-112) shall be &gt; 0 &amp; the "total" isn't | anything else.</svrl:text>
        </svrl:failed-assert>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:choose>
      <xsl:when test="@code" />
      <xsl:otherwise>
        <svrl:failed-assert test="@code">
          <xsl:attribute name="id">FX-SCH-A-000280</xsl:attribute>
          ${location}
          <svrl:text>
	[BR-52]-Each item shall have a code.</svrl:text>
        </svrl:failed-assert>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="@unused">
      <svrl:successful-report test="@unused">
        ${location}
        <svrl:text>
	Attribute @unused' marked as not used in the given context.</svrl:text>
      </svrl:successful-report>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>`;

const SOURCE = '<list><item amount="5" code="A"/><item amount="0" unused="x"/><item amount="3" unused="y" code="B"/><item amount="-1" code="C"/></list>';

describe('findings written by one shared template, in SaxonJS', () => {
  it('writes the same findings (id, flag, location, text) as the original instructions, in the same order', () => {
    const shared = share(RULES, 'rules.xsl');
    expect(shared.count).toBe(3);
    const before = parseSvrl(runXslt(RULES, SOURCE));
    const after = parseSvrl(runXslt(shared.xsl, SOURCE));
    // parseSvrl lists the failed asserts, then the reports.
    expect(before.map((f) => [f.ruleId, f.severity, f.location])).toEqual([
      ['BR-CO-15', 'error', '/list/item[2]'],
      ['FX-SCH-A-000280', 'error', '/list/item[2]'],
      ['BR-CO-15', 'error', '/list/item[4]'],
      ['UNKNOWN', 'error', '/list/item[2]'],
      ['UNKNOWN', 'error', '/list/item[3]'],
    ]);
    expect(after).toEqual(before);
    expect(after[0]?.message).toBe('The amount (BT-112) shall be > 0 & the "total" isn\'t | anything else.');
  });

  it('refuses an assert of another shape instead of leaving it in the old form', () => {
    const other = RULES.replace('<svrl:text>[BR-CO-15]', '<svrl:diagnostic-reference diagnostic="d1"/><svrl:text>[BR-CO-15]');
    expect(() => share(other, 'rules.xsl')).toThrow(/1 of 3 asserts and reports have an unexpected shape/);
  });
});
