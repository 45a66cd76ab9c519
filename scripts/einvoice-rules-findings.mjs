// Rewrite 6 of scripts/einvoice-rules-optimise.mjs: each assert and report
// of the skeleton writes its SVRL element with its own instructions (an
// element, xsl:attribute for id, flag and location, a text element): about
// thirty compiled nodes per assert, 806 asserts in the CEN CII rules. SaxonJS
// prepares the whole stylesheet again at the start of every transform, in
// time that grows with the number of compiled nodes (measured on the CII
// rules: 43,000 nodes and ~30 ms per transform before any rule ran, 16,000
// nodes and ~10 ms after). So each one becomes a call of one shared template
// that writes the same element, with its fixed parts (kind, id, flag, text)
// packed in one string. The SVRL keeps everything findings are read from
// (id, flag, location, text, in the same order); the copy of the test's
// source text (`@test`), which nothing reads, is no longer written.

import { unescapeXml } from './einvoice-rules-code-lists.mjs';

export const FINDING_TEMPLATE = 'sealbook-finding';
const SEPARATOR = '|';

const FINDING = new RegExp(
  [
    '<svrl:(failed-assert|successful-report) test="[^"]*">\\s*',
    '(?:<xsl:attribute name="id">([^<]*)</xsl:attribute>\\s*)?',
    '(?:<xsl:attribute name="flag">([^<]*)</xsl:attribute>\\s*)?',
    '<xsl:attribute name="location">\\s*<xsl:apply-templates mode="schematron-select-full-path" select="\\." />\\s*</xsl:attribute>\\s*',
    '<svrl:text>([^<]*)</svrl:text>\\s*',
    '</svrl:\\1>',
  ].join(''),
  'g',
);

/** A string as an XPath literal inside a double-quoted XML attribute. */
function attributeLiteral(text) {
  const xpath = `'${text.replaceAll("'", "''")}'`;
  return xpath.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;').replaceAll('\n', '&#10;').replaceAll('\r', '&#13;').replaceAll('\t', '&#9;');
}

/** Writes the element the skeleton wrote, from "kind|id|flag|text" (an empty id or flag: no such attribute, as before). */
const TEMPLATE = `<xsl:template name="${FINDING_TEMPLATE}">
  <xsl:param name="finding" />
  <xsl:variable name="afterKind" select="substring-after($finding, '${SEPARATOR}')" />
  <xsl:variable name="id" select="substring-before($afterKind, '${SEPARATOR}')" />
  <xsl:variable name="afterId" select="substring-after($afterKind, '${SEPARATOR}')" />
  <xsl:variable name="flag" select="substring-before($afterId, '${SEPARATOR}')" />
  <xsl:element name="svrl:{substring-before($finding, '${SEPARATOR}')}" namespace="http://purl.oclc.org/dsdl/svrl">
    <xsl:if test="$id != ''"><xsl:attribute name="id" select="$id" /></xsl:if>
    <xsl:if test="$flag != ''"><xsl:attribute name="flag" select="$flag" /></xsl:if>
    <xsl:attribute name="location"><xsl:apply-templates mode="schematron-select-full-path" select="." /></xsl:attribute>
    <svrl:text><xsl:value-of select="substring-after($afterId, '${SEPARATOR}')" /></svrl:text>
  </xsl:element>
</xsl:template>`;

/**
 * Every failed-assert and successful-report element becomes a call of the
 * shared template; an element of any other shape is refused, so that a new
 * release of the rules cannot keep some in the old form unnoticed.
 */
export function shareFindingTemplate(xsl, name) {
  const total = (xsl.match(/<svrl:(?:failed-assert|successful-report)\b/g) ?? []).length;
  let count = 0;
  const out = xsl.replace(FINDING, (_whole, kind, id = '', flag = '', text) => {
    // The id and flag hold no separator; the text is everything after the third one.
    if (id.includes(SEPARATOR) || flag.includes(SEPARATOR)) throw new Error(`${name}: a rule id or flag contains "${SEPARATOR}"; update scripts/einvoice-rules-findings.mjs.`);
    count += 1;
    const packed = [kind, unescapeXml(id), unescapeXml(flag), unescapeXml(text)].join(SEPARATOR);
    return `<xsl:call-template name="${FINDING_TEMPLATE}"><xsl:with-param name="finding" select="${attributeLiteral(packed)}" /></xsl:call-template>`;
  });
  if (count !== total || count === 0) throw new Error(`${name}: ${total - count} of ${total} asserts and reports have an unexpected shape; update scripts/einvoice-rules-findings.mjs.`);
  return { xsl: out.replace(/(<\/xsl:stylesheet>\s*)$/, `${TEMPLATE}\n$1`), count };
}
