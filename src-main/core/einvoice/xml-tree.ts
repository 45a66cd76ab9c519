import { XMLParser } from 'fast-xml-parser';
import { ValidationError } from '../errors.js';
import { decodeXmlEntities } from './xml-entities.js';

/**
 * A namespace-stripped tree of an e-invoice, read with fast-xml-parser:
 * every value stays a string (amounts are never parsed as floats) and every
 * element may repeat, so readers ask for `one` or `all` explicitly. `text`
 * and `attr` give characters ("Müller & Söhne"), not the file's escapes.
 */
export type XmlNode = { readonly [name: string]: XmlValue };
export type XmlValue = string | XmlNode | readonly XmlValue[];

export class BrokenXmlError extends ValidationError {}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/** Call only on XML libxml2 found well-formed (checkWellFormed): this parser is lenient by design. */
export function parseXmlTree(xml: string): XmlNode {
  return parser.parse(xml) as XmlNode;
}

function asNode(value: XmlValue | undefined): XmlNode | undefined {
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) return undefined;
  return value as XmlNode;
}

/** Every child element `name` of each node in turn. */
export function all(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? (value as readonly XmlValue[]) : [value];
  return list.map((item) => (typeof item === 'string' ? { '#text': item } : (asNode(item) ?? {})));
}

/** The first element at a path of child names. */
export function one(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let current = node;
  for (const name of path) current = all(current, name)[0];
  return current;
}

/** The text of the element at a path, trimmed; null when absent or empty. */
export function text(node: XmlNode | undefined, ...path: string[]): string | null {
  const target = path.length === 0 ? node : one(node, ...path);
  const value = target?.['#text'];
  const raw = typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
  const trimmed = raw?.trim();
  return trimmed === undefined || trimmed === '' ? null : decodeXmlEntities(trimmed);
}

export function attr(node: XmlNode | undefined, name: string): string | null {
  const value = node?.[`@${name}`];
  return typeof value === 'string' ? decodeXmlEntities(value) : null;
}
