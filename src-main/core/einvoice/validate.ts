import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import SaxonJS from 'saxon-js';
import type { EInvoiceSyntax, RuleFinding, ValidationReport } from '../../../src-shared/einvoice.js';
import { ValidationError } from '../errors.js';
import { MAIN_SCHEMA, codeListPath, schemaFiles, stylesheetPath } from './rules.js';
import type { StylesheetId } from './rules.js';
import { parseSvrl } from './svrl.js';
import { detectSyntax } from './syntax.js';
import { decodeSafeXml } from './xml-safety.js';
import { validateAgainstXsd } from './xsd.js';

/**
 * The offline validator (issue 10 item 4): XSD with xmllint-wasm, then the
 * official EN 16931 schematron (and Factur-X's EN16931 profile for Factur-X)
 * with SaxonJS from precompiled SEF. SaxonJS, not Saxon-HE, because the
 * desktop app cannot count on a Java runtime; the README records the
 * timings that made it good enough.
 */
export class NotAnEInvoiceError extends ValidationError {}

const prepared = new Map<StylesheetId, unknown>();
let documentPool: Record<string, unknown> | null = null;

/**
 * The Factur-X rules look up code lists with document() 118 times per run;
 * parsed once and handed to SaxonJS, the lookups cost nothing.
 */
async function codeLists(): Promise<Record<string, unknown>> {
  if (documentPool) return documentPool;
  const file = codeListPath();
  documentPool = { [pathToFileURL(file).href]: await SaxonJS.getResource({ file, type: 'xml' }) };
  return documentPool;
}

/** Runs one schematron stylesheet; the first call parses the SEF (~1 s), later calls reuse it. */
async function runSchematron(id: StylesheetId, xml: string): Promise<RuleFinding[]> {
  const path = stylesheetPath(id);
  const internal = prepared.get(id) ?? (JSON.parse(readFileSync(path, 'utf8')) as unknown);
  const pool = id === 'facturx-en16931' ? await codeLists() : {};
  const result = SaxonJS.transform(
    // The base URI lets the Factur-X rules resolve their code list file beside the SEF.
    { stylesheetInternal: internal, stylesheetBaseURI: pathToFileURL(path).href, sourceText: xml, destination: 'serialized', documentPool: pool },
    'sync',
  );
  prepared.set(id, result.stylesheetInternal);
  return parseSvrl(result.principalResult);
}

function runXsd(syntax: EInvoiceSyntax, xml: string): Promise<RuleFinding[]> {
  return validateAgainstXsd(xml, MAIN_SCHEMA[syntax], schemaFiles(syntax === 'cii' ? 'cii' : 'ubl'));
}

/** BT-24, read cheaply; the report shows it and Factur-X picks its profile from it. */
export function specificationId(xml: string): string | null {
  const match = /<(?:\w+:)?GuidelineSpecifiedDocumentContextParameter>\s*<(?:\w+:)?ID>([^<]+)</.exec(xml) ?? /<(?:\w+:)?CustomizationID>([^<]+)</.exec(xml);
  return match?.[1]?.trim() ?? null;
}

export interface ValidateOptions {
  /** Also run the Factur-X EN16931 profile's own schematron (for Factur-X we issue). */
  readonly facturx?: boolean;
}

export async function validateEInvoiceXml(xml: string, options: ValidateOptions = {}): Promise<ValidationReport> {
  const syntax = detectSyntax(xml);
  if (syntax === null) {
    throw new NotAnEInvoiceError('This XML is not an e-invoice: its root is neither a CII CrossIndustryInvoice nor a UBL Invoice or CreditNote.');
  }
  if (syntax === 'zugferd1') {
    throw new NotAnEInvoiceError('This is a ZUGFeRD 1.0 invoice, which predates EN 16931 and cannot be checked against it; ask the sender for ZUGFeRD 2 / Factur-X.');
  }
  const checked: string[] = ['xsd'];
  const findings = await runXsd(syntax, xml);
  // A schema-invalid file can make the schematron misreport; its XSD errors say enough.
  if (findings.length === 0) {
    const sheet: StylesheetId = syntax === 'cii' ? 'en16931-cii' : 'en16931-ubl';
    findings.push(...(await runSchematron(sheet, xml)));
    checked.push(sheet);
    if (options.facturx === true && syntax === 'cii') {
      const own = await runSchematron('facturx-en16931', xml);
      findings.push(...own.filter((f) => !findings.some((g) => g.ruleId === f.ruleId)));
      checked.push('facturx-en16931');
    }
  }
  const errors = findings.filter((f) => f.severity === 'error');
  return {
    syntax,
    specification: specificationId(xml),
    valid: errors.length === 0,
    errors,
    warnings: findings.filter((f) => f.severity === 'warning'),
    checked,
  };
}

/** Validates bytes as given in a file: refuses unsafe XML before any parser sees it. */
export function validateEInvoiceBytes(bytes: Uint8Array, fileName: string, options: ValidateOptions = {}): Promise<ValidationReport> {
  return validateEInvoiceXml(decodeSafeXml(bytes, fileName), options);
}
