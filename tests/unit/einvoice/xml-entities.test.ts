import { describe, expect, it } from 'vitest';
import { decodeXmlEntities } from '../../../src-main/core/einvoice/xml-entities.js';
import { attr, one, parseXmlTree, text } from '../../../src-main/core/einvoice/xml-tree.js';

describe('XML escapes back to characters', () => {
  it('decodes the predefined entities and character references once, and nothing else', () => {
    expect(decodeXmlEntities('Müller &amp; Söhne &lt;GmbH&gt; &quot;Nord&quot; l&apos;atelier &#xE9;t&#233;')).toBe('Müller & Söhne <GmbH> "Nord" l\'atelier été');
    // Once: an escaped escape stays an escape, an unknown entity or a reference to no character stays as written.
    expect(decodeXmlEntities('&amp;lt; &nbsp; &#x110000; plain')).toBe('&lt; &nbsp; &#x110000; plain');
  });

  it('gives received invoices their names as written, not as escaped in the file', () => {
    const tree = parseXmlTree('<Invoice><Seller name="A &amp; B"><Name>Müller &amp; Söhne &#x2014; Nord</Name></Seller></Invoice>');
    expect(text(tree, 'Invoice', 'Seller', 'Name')).toBe('Müller & Söhne — Nord');
    expect(attr(one(tree, 'Invoice', 'Seller'), 'name')).toBe('A & B');
  });
});
