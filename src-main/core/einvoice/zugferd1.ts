import type { ValidationReport } from '../../../src-shared/einvoice.js';
import type { ParsedEInvoice } from './model.js';
import { parseZugferd1 } from './parse-cii.js';
import { specificationId } from './validate.js';
import type { XmlNode } from './xml-tree.js';

/**
 * ZUGFeRD 1.0 (2014) predates EN 16931: neither the CEN schematron nor the
 * D16B XSD applies, and Sealbook ships no 1.0 schema. What can be checked
 * truthfully is structure: the XML is well-formed (libxml2, before this
 * runs) and carries the terms a supplier invoice needs (number, date,
 * currency, seller, totals; the reader refuses it otherwise). The report
 * says so in `scope`, never that the invoice is valid EN 16931.
 */
export const ZUGFERD1_CHECKS = ['well-formed', 'zugferd1-required-terms'] as const;

export function readZugferd1(xml: string, tree: XmlNode, label: string): { parsed: ParsedEInvoice; report: ValidationReport } {
  const parsed = parseZugferd1(tree, label);
  const report: ValidationReport = {
    syntax: 'cii',
    specification: specificationId(xml),
    valid: true,
    errors: [],
    warnings: [],
    checked: [...ZUGFERD1_CHECKS],
    scope: 'zugferd1-structure',
  };
  return { parsed, report };
}
