import { XMLParser } from 'fast-xml-parser';
import type { RuleFinding } from '../../../src-shared/einvoice.js';
import { decodeXmlEntities } from './xml-entities.js';

/**
 * Reads the failed asserts (and successful reports) out of the SVRL a
 * schematron XSLT writes. The CEN and Factur-X rules put the rule id in
 * `@id` and repeat it in the text as "[BR-CO-15]-...": the id wins, the text
 * loses its prefix. `@flag` is "fatal" for errors and "warning" otherwise.
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  isArray: (name) => name === 'failed-assert' || name === 'successful-report',
  processEntities: false,
});

const failureSchema = (value: unknown): { id?: string; flag?: string; location?: string; text?: unknown } =>
  typeof value === 'object' && value !== null ? value : {};

function textOf(value: unknown): string {
  if (typeof value === 'string') return decodeXmlEntities(value);
  if (typeof value === 'object' && value !== null && '#text' in value) return decodeXmlEntities(String(value['#text']));
  return '';
}

/** "/*:Invoice[namespace-uri()='urn:...'][1]/*:Total[...][1]" -> "/Invoice[1]/Total[1]": the same path, readable. */
export function readablePath(location: string): string {
  return location.replace(/\*:([\w.-]+)\[namespace-uri\(\)='[^']*'\]/g, '$1');
}

function finding(raw: unknown): RuleFinding {
  const node = failureSchema(raw);
  const text = textOf(node.text).replace(/\s+/g, ' ').trim();
  const fromText = /^\[([A-Z][\w.-]+)\]\s*-?\s*/.exec(text);
  const ruleId = node.id ?? fromText?.[1] ?? 'UNKNOWN';
  const severity = node.flag === undefined || node.flag === 'fatal' || node.flag === 'error' ? 'error' : 'warning';
  return { ruleId, severity, message: fromText ? text.slice(fromText[0].length) : text, location: readablePath(decodeXmlEntities(node.location ?? '')) };
}

export function parseSvrl(svrl: string): RuleFinding[] {
  const doc = parser.parse(svrl) as { 'schematron-output'?: { 'failed-assert'?: unknown[]; 'successful-report'?: unknown[] } | '' };
  const output = doc['schematron-output'];
  if (output === undefined) throw new Error('The schematron produced no SVRL report.');
  // An empty <svrl:schematron-output/> (nothing fired) parses as an empty string.
  if (output === '') return [];
  return [...(output['failed-assert'] ?? []), ...(output['successful-report'] ?? [])].map(finding);
}
