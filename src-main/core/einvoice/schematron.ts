import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import SaxonJS from 'saxon-js';
import type { RuleFinding } from '../../../src-shared/einvoice.js';
import type { StylesheetId } from './rules.js';
import { CODE_LIST_FILE } from './rules.js';
import { parseSvrl } from './svrl.js';

/**
 * Runs one compiled schematron stylesheet (SaxonJS SEF) on one invoice, in
 * whichever thread calls it: a worker-pool thread (validate.ts sends each
 * stylesheet there, so the EN 16931 and Factur-X rules run side by side) or
 * the caller's. The first run of a stylesheet parses its SEF (~1 s); the
 * thread keeps it, so later runs only transform.
 */
export interface SchematronJob {
  readonly sheet: StylesheetId;
  readonly xml: string;
  /** The rules folder, as the main thread found it (rules.ts). */
  readonly rulesDir: string;
}

const prepared = new Map<string, unknown>();
const documentPools = new Map<string, Record<string, unknown>>();

/**
 * The Factur-X rules look up code lists with document() 118 times per run;
 * parsed once and handed to SaxonJS, the lookups cost nothing.
 */
async function codeLists(rulesDir: string): Promise<Record<string, unknown>> {
  const known = documentPools.get(rulesDir);
  if (known) return known;
  const file = join(rulesDir, CODE_LIST_FILE);
  const pool = { [pathToFileURL(file).href]: await SaxonJS.getResource({ file, type: 'xml' }) };
  documentPools.set(rulesDir, pool);
  return pool;
}

export async function runSchematron(job: SchematronJob): Promise<RuleFinding[]> {
  const path = join(job.rulesDir, `${job.sheet}.sef.json`);
  const internal = prepared.get(path) ?? (JSON.parse(readFileSync(path, 'utf8')) as unknown);
  const pool = job.sheet === 'facturx-en16931' ? await codeLists(job.rulesDir) : {};
  const result = SaxonJS.transform(
    // The base URI lets the Factur-X rules resolve their code list file beside the SEF.
    { stylesheetInternal: internal, stylesheetBaseURI: pathToFileURL(path).href, sourceText: job.xml, destination: 'serialized', documentPool: pool },
    'sync',
  );
  prepared.set(path, result.stylesheetInternal);
  return parseSvrl(result.principalResult);
}
