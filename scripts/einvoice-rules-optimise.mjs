// Makes the official schematron XSLTs cheaper to run in SaxonJS without
// changing which rules run or what they find (issue 10 benchmarks). The
// ISO skeleton that generated them walks the whole document once per
// pattern in every mode; SaxonJS interprets each walk node by node, so the
// walks, not the asserts, were most of a validation. Six rewrites, each
// checked by tests/integration/einvoice (every official example and
// XRechnung case gives the same failed asserts as before) and the last two
// also by tests/unit/einvoice, which run old and new forms in SaxonJS:
// 1. `<xsl:apply-templates />` inside each `<svrl:active-pattern>` walks the
//    document in the default mode, where the only template outputs nothing
//    for text: the walk writes nothing, so it goes.
// 2. `<svrl:fired-rule>` is written for every node a rule matches (tens of
//    KB of SVRL per invoice that nothing reads); the rule itself still fires
//    and evaluates every assert, only the trace element goes.
// 3. Each pattern walked the whole tree (`select="@*|*"` from every rule and
//    fallback), testing every node against every rule. Instead each pattern
//    now applies its templates once to the nodes that can match one of its
//    rules (found by element name through an xsl:key, in document order, as
//    the walk found them) and no template recurses. The template-matching
//    (priorities, first rule wins) is untouched, so each node fires the same
//    rule in the same order; the nodes left out could only reach the
//    skeleton's fallback, which writes nothing.
// 4. The Factur-X rules look each code up in their code list file with
//    document(); the lists are given to the stylesheet as strings instead,
//    see einvoice-rules-code-lists.mjs.
// 5. Absolute scans `//cac:TaxCategory` in the rule tests become lookups in
//    an xsl:key by element (or attribute) name; see einvoice-rules-descendants.mjs.
// 6. Each assert's SVRL output becomes a call of one shared template, so the
//    stylesheet SaxonJS prepares for every transform is a third of the size;
//    see einvoice-rules-findings.mjs.
// Any input that does not have the expected shape is refused, so a new
// release of the rules cannot silently skip a rewrite.

import { listDeclarations, listLookup, readCodeLists, unescapeXml } from './einvoice-rules-code-lists.mjs';
import { keyDescendantScans } from './einvoice-rules-descendants.mjs';
import { shareFindingTemplate } from './einvoice-rules-findings.mjs';

/** A match pattern with its predicates removed: what the pattern can select. */
function withoutPredicates(pattern) {
  let depth = 0;
  let out = '';
  let quote = null;
  for (const ch of pattern) {
    if (quote !== null) {
      if (ch === quote) quote = null;
      continue;
    }
    if (depth > 0 && (ch === '"' || ch === "'")) quote = ch;
    else if (ch === '[') depth += 1;
    else if (ch === ']') depth -= 1;
    else if (depth === 0) out += ch;
  }
  return out;
}

/** Splits at a separator outside predicates, parentheses and string literals. */
function splitTopLevel(text, separator) {
  const parts = [];
  let depth = 0;
  let quote = null;
  let current = '';
  for (const ch of text) {
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '(') depth += 1;
    else if (ch === ']' || ch === ')') depth -= 1;
    else if (depth === 0 && ch === separator) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

const QNAME = /^(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)$/;

/**
 * What a rule's match pattern can select, by its last step: expanded element
 * names ("Q{uri}local"), the document node ("/"), or null when the pattern is
 * anything else (then every element is a candidate).
 */
function candidatesOf(pattern, namespaces, name) {
  const found = [];
  for (const branch of splitTopLevel(unescapeXml(pattern), '|').map((b) => b.trim())) {
    if (branch === '/') {
      found.push('/');
      continue;
    }
    const last = withoutPredicates(splitTopLevel(branch, '/').at(-1) ?? '').trim();
    const qname = QNAME.exec(last);
    if (qname === null) return null;
    const [, prefix, local] = qname;
    const uri = prefix === undefined ? '' : namespaces.get(prefix);
    if (uri === undefined) throw new Error(`${name}: the prefix ${prefix} in the rule context ${pattern} is not declared.`);
    found.push(`Q{${uri}}${local}`);
  }
  return found;
}

function stylesheetNamespaces(xsl) {
  const root = /<xsl:stylesheet\b[^>]*>/.exec(xsl)?.[0] ?? '';
  return new Map([...root.matchAll(/xmlns:([\w.-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

const KEY_NAME = 'sealbook-elements-by-name';
const ATTRIBUTE_KEY = 'sealbook-attributes-by-name';

/**
 * `readBeside(fileName)` gives the text of a file the rules read with
 * document() beside themselves (the Factur-X code lists).
 */
export function optimiseSchematronXslt(xsl, name, readBeside) {
  const walks = [...xsl.matchAll(/(<svrl:active-pattern>(?:(?!<\/svrl:active-pattern>)[\s\S])*?)<xsl:apply-templates \/>(\s*<\/svrl:active-pattern>)/g)];
  const patterns = new Set([...xsl.matchAll(/mode="(M\d+)"/g)].map((m) => m[1]));
  if (walks.length === 0 || walks.length !== patterns.size) {
    throw new Error(`${name}: expected one default-mode walk per pattern (${patterns.size} patterns, ${walks.length} walks); the rules changed shape, update scripts/einvoice-rules-optimise.mjs.`);
  }
  let out = xsl.replace(/(<svrl:active-pattern>(?:(?!<\/svrl:active-pattern>)[\s\S])*?)<xsl:apply-templates \/>(\s*<\/svrl:active-pattern>)/g, '$1$2');
  const fired = (out.match(/<svrl:fired-rule\b[^>]*\/>/g) ?? []).length;
  if (fired === 0 || /<svrl:fired-rule\b[^>]*[^/]>/.test(out)) throw new Error(`${name}: svrl:fired-rule has an unexpected shape; update scripts/einvoice-rules-optimise.mjs.`);
  out = out.replace(/<svrl:fired-rule\b[^>]*\/>/g, '');
  const namespaces = stylesheetNamespaces(out);
  const candidates = new Map();
  for (const match of out.matchAll(/<xsl:template match="([^"]*)"([^>]*)>/g)) {
    const mode = /mode="(M\d+)"/.exec(match[2])?.[1];
    if (mode === undefined || match[1] === '@*|node()' || match[1] === 'text()') continue;
    const names = candidatesOf(match[1], namespaces, name);
    const previous = candidates.get(mode) ?? { root: false, elements: [] };
    candidates.set(mode, {
      root: previous.root || /(^|\|)\s*\/\s*($|\|)/.test(match[1]),
      elements: previous.elements === null || names === null ? null : [...previous.elements, ...names.filter((n) => n !== '/')],
    });
  }
  const recursions = (out.match(/<xsl:apply-templates mode="M\d+" select="@\*\|\*" \/>/g) ?? []).length;
  const allCalls = (out.match(/<xsl:apply-templates mode="M\d+"/g) ?? []).length;
  if (recursions + patterns.size !== allCalls) throw new Error(`${name}: a pattern mode is applied in an unexpected way; update scripts/einvoice-rules-optimise.mjs.`);
  out = out.replace(/<xsl:apply-templates mode="M\d+" select="@\*\|\*" \/>/g, '');
  let wholeTree = 0;
  out = out.replace(/<xsl:apply-templates mode="(M\d+)" select="\/" \/>/g, (_whole, mode) => {
    const found = candidates.get(mode);
    if (found === undefined) throw new Error(`${name}: pattern ${mode} has no rules.`);
    // The document node only when a rule matches it: its built-in template would walk the tree again.
    const selected = found.root ? ['/'] : [];
    if (found.elements === null) {
      wholeTree += 1;
      selected.push('//*');
    } else if (found.elements.length > 0) {
      selected.push(`key('${KEY_NAME}', (${[...new Set(found.elements)].map((n) => `'${n}'`).join(', ')}))`);
    }
    return `<xsl:apply-templates mode="${mode}" select="${selected.join(' | ')}" />`;
  });
  const key = `<xsl:key name="${KEY_NAME}" match="*" use="'Q{' || namespace-uri() || '}' || local-name()" />`;
  out = out.replace(/(<xsl:stylesheet\b[^>]*>)/, `$1\n${key}`);
  // Only in the tests that run (xsl:when, xsl:if); the SVRL's copy of each test (svrl:failed-assert/@test) goes with rewrite 6.
  const tests = /<xsl:(when|if) test="([^"]*)"/g;
  const lookups = [...out.matchAll(tests)].reduce((sum, m) => sum + (m[2].match(/document\(/g) ?? []).length, 0);
  let keyed = 0;
  const listsUsed = new Set();
  let lists = null;
  out = out.replace(tests, (_whole, instruction, test) => {
    const rewritten = test.replace(/document\('([\w.-]+\.xml)'\)\/codedb\/cl\[@id=(\d+)\]\/enumeration\[@value=\$(codeValue\d+)\]/g, (_lookup, file, list, variable) => {
      if (readBeside === undefined) throw new Error(`${name}: the rules read ${file}; pass its reader to optimiseSchematronXslt.`);
      lists ??= readCodeLists(readBeside(file), file);
      keyed += 1;
      listsUsed.add(list);
      return listLookup(list, variable);
    });
    return `<xsl:${instruction} test="${rewritten}"`;
  });
  if (keyed !== lookups) throw new Error(`${name}: ${lookups - keyed} code list lookups have an unexpected shape; update scripts/einvoice-rules-optimise.mjs.`);
  if (lists !== null) out = out.replace(/(<xsl:stylesheet\b[^>]*>)/, (root) => `${root}\n${listDeclarations(lists, [...listsUsed].sort((a, b) => a - b), name)}`);
  let scansKeyed = 0;
  out = out.replace(tests, (_whole, instruction, test) => {
    const rewritten = keyDescendantScans(test, namespaces, { elements: KEY_NAME, attributes: ATTRIBUTE_KEY }, name);
    scansKeyed += rewritten.count;
    return `<xsl:${instruction} test="${rewritten.test}"`;
  });
  if (out.includes(`key('${ATTRIBUTE_KEY}'`)) out = out.replace(/(<xsl:stylesheet\b[^>]*>)/, `$1\n<xsl:key name="${ATTRIBUTE_KEY}" match="@*" use="'Q{' || namespace-uri() || '}' || local-name()" />`);
  const shared = shareFindingTemplate(out, name);
  return {
    xsl: shared.xsl,
    stats: {
      walksRemoved: walks.length,
      firedRulesRemoved: fired,
      recursionsRemoved: recursions,
      patternsWalkingWholeTree: wholeTree,
      codeListLookupsInlined: keyed,
      descendantScansKeyed: scansKeyed,
      findingsShared: shared.count,
    },
  };
}
