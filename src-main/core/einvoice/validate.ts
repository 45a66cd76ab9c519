import type { RuleFinding, ValidationReport } from '../../../src-shared/einvoice.js';
import { sharedPool } from '../workers/pool.js';
import { ValidationError } from '../errors.js';
import { rulesDir, stylesheetPath } from './rules.js';
import type { StylesheetId } from './rules.js';
import { detectSyntax } from './syntax.js';
import { decodeSafeXml } from './xml-safety.js';
import { validateAgainstXsd } from './xsd.js';

/**
 * The offline validator (issue 10 item 4): XSD with xmllint-wasm, then the
 * official EN 16931 schematron (and Factur-X's EN16931 profile for Factur-X)
 * with SaxonJS from precompiled SEF. SaxonJS, not Saxon-HE, because the
 * desktop app cannot count on a Java runtime; the README records the
 * timings that made it good enough. The XSD runs in its own thread and each
 * stylesheet in a worker-pool thread, all at once: main stays free and a
 * Factur-X costs the slowest of the three, not their sum.
 */
export class NotAnEInvoiceError extends ValidationError {}

function schematron(sheet: StylesheetId, xml: string): Promise<RuleFinding[]> {
  // Checked here so that a missing rule set gives its own clear error, not a worker's.
  stylesheetPath(sheet);
  return sharedPool().run('einvoice.schematron', { sheet, xml, rulesDir: rulesDir() });
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
  const sheets: StylesheetId[] = [syntax === 'cii' ? 'en16931-cii' : 'en16931-ubl'];
  if (options.facturx === true && syntax === 'cii') sheets.push('facturx-en16931');
  const schema = validateAgainstXsd(xml, syntax);
  const rules = Promise.all(sheets.map((sheet) => schematron(sheet, xml)));
  // Never an unhandled rejection: a schema-invalid file may also break a stylesheet.
  rules.catch(() => undefined);
  const findings = await schema;
  const checked: string[] = ['xsd'];
  // A schema-invalid file can make the schematron misreport; its XSD errors say enough.
  if (findings.length === 0) {
    for (const [index, found] of (await rules).entries()) {
      // The Factur-X profile repeats many EN 16931 rules: each rule id is reported once.
      findings.push(...(index === 0 ? found : found.filter((f) => !findings.some((g) => g.ruleId === f.ruleId))));
      checked.push(sheets[index] ?? '');
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
