// Rewrite 5 of scripts/einvoice-rules-optimise.mjs: the official rule tests
// find elements anywhere in the invoice with `//cac:TaxCategory`, up to six
// such scans in one assert and 236 in the UBL rules (107 CII, 99 Factur-X),
// most of them in the rule for the invoice root. SaxonJS runs each as a walk
// over the whole document (SaxonJS on the CEN UBL example: about 210 ms
// with them, 85 ms without). An xsl:key on element (or attribute) name
// gives the same nodes, in the same document order, from an index built once
// per document.
//
// `//p:name` is `root()/descendant-or-self::node()/child::p:name`: every
// element of that name in the context's document, in document order, which is
// what `key('by-name', 'Q{uri}name')` returns (both fail alike when the
// context is not a node in a document). A predicate right after the name
// counts positions among siblings in the original and in the whole key
// result after the rewrite, so a scan is only rewritten when each of its
// predicates is certainly a boolean that ignores position (a comparison, an
// and/or, an exists()-like call, or a path of names); anything else stays.

/** XPath operators after which `//` starts a new path (not `a//b`). */
const OPERATOR_WORDS = new Set(['and', 'or', 'return', 'satisfies', 'then', 'else', 'in', 'eq', 'ne', 'lt', 'le', 'gt', 'ge']);
const BOOLEAN_CALLS = /^\s*(?:not|exists|empty|boolean|starts-with|ends-with|contains|matches|true|false)\(\)\s*$/;
const NAME_PATH = /^\s*@?[\w.-]+:[\w.-]+(?:\[\])*(?:\/@?[\w.-]+:[\w.-]+(?:\[\])*)*\s*$/;

/** The text with every string literal, parenthesised and bracketed part emptied: what is at the top level. */
function topLevel(text) {
  let out = '';
  let depth = 0;
  let quote = null;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quote !== null) {
      if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = null;
      }
      continue;
    }
    if (ch === "'" || text.startsWith('&quot;', i)) {
      quote = ch === "'" ? "'" : '&quot;';
      if (ch !== "'") i += 5;
      continue;
    }
    if (ch === '(' || ch === '[') {
      if (depth === 0) out += ch;
      depth += 1;
    } else if (ch === ')' || ch === ']') {
      depth -= 1;
      if (depth === 0) out += ch;
    } else if (depth === 0) out += ch;
  }
  return out;
}

/** True when a predicate's value is a boolean that does not depend on the context position. */
export function isPositionFreeBoolean(predicate) {
  if (/\b(?:position|last)\s*\(/.test(predicate)) return false;
  const top = topLevel(predicate);
  if (/=>/.test(top)) return false;
  if (/[=<>]|&lt;|&gt;/.test(top) || /\s(?:and|or|eq|ne|lt|le|gt|ge)\s/.test(top)) return true;
  return BOOLEAN_CALLS.test(top) || NAME_PATH.test(top);
}

/** The end of the bracketed predicate starting at `start` (its `[`), or -1. */
function predicateEnd(text, start) {
  let depth = 0;
  let quote = null;
  for (let i = start; i < text.length; i += 1) {
    if (quote !== null) {
      if (text.startsWith(quote, i)) quote = null;
      continue;
    }
    if (text[i] === "'") quote = "'";
    else if (text.startsWith('&quot;', i)) quote = '&quot;';
    else if (text[i] === '[' || text[i] === '(') depth += 1;
    else if (text[i] === ']' || text[i] === ')') {
      depth -= 1;
      if (depth === 0) return text[i] === ']' ? i : -1;
    }
  }
  return -1;
}

/** Whether the `//` at `at` starts a path of its own (an operand), rather than continuing one. */
function startsPath(text, at) {
  const before = text.slice(0, at).trimEnd();
  if (before === '' || /[([,|=!+]$|&lt;$|&gt;$|[<>]$/.test(before)) return true;
  const word = /(^|[\s)])([a-z]+)$/.exec(before);
  return word !== null && OPERATOR_WORDS.has(word[2]);
}

// `//p:name` or `//@name` / `//@p:name` (an unprefixed element name could mean another namespace: left alone).
const SCAN = /\/\/(@?)(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)(?![\w.:(-])/y;

/**
 * Rewrites the absolute `//p:name` scans of one XPath test (as written in
 * the XSLT attribute, entities and all) into key lookups. Returns the new
 * text and how many scans were rewritten.
 */
export function keyDescendantScans(test, namespaces, keys, name) {
  let out = '';
  let count = 0;
  let quote = null;
  for (let i = 0; i < test.length; ) {
    if (quote !== null) {
      const end = test.indexOf(quote, i);
      const stop = end === -1 ? test.length : end + quote.length;
      out += test.slice(i, stop);
      i = stop;
      quote = null;
      continue;
    }
    if (test[i] === "'" || test.startsWith('&quot;', i)) {
      quote = test[i] === "'" ? "'" : '&quot;';
      out += quote;
      i += quote.length;
      continue;
    }
    SCAN.lastIndex = i;
    const scan = test.startsWith('//', i) && startsPath(test, i) ? SCAN.exec(test) : null;
    if (scan === null) {
      out += test[i];
      i += 1;
      continue;
    }
    const [whole, attribute, prefix, local] = scan;
    if (prefix === undefined && attribute === '') {
      out += whole;
      i += whole.length;
      continue;
    }
    const uri = prefix === undefined ? '' : namespaces.get(prefix);
    if (uri === undefined) throw new Error(`${name}: the prefix ${prefix} in the rule test ${test} is not declared.`);
    let end = i + whole.length;
    let predicates = '';
    let positionFree = true;
    while (test[end] === '[') {
      const close = predicateEnd(test, end);
      if (close === -1) throw new Error(`${name}: unbalanced predicate in the rule test ${test}.`);
      positionFree = positionFree && isPositionFreeBoolean(test.slice(end + 1, close));
      predicates += test.slice(end, close + 1);
      end = close + 1;
    }
    if (!positionFree) {
      out += whole;
      i += whole.length;
      continue;
    }
    out += `key('${attribute === '' ? keys.elements : keys.attributes}', 'Q{${uri}}${local}')${predicates}`;
    count += 1;
    i = end;
  }
  return { test: out, count };
}
