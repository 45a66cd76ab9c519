import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import SaxonJS from 'saxon-js';
import type { RuleFinding } from '../../../src-shared/einvoice.js';
import type { StylesheetId } from './rules.js';
import { parseSvrl } from './svrl.js';

/**
 * Runs one compiled schematron stylesheet (SaxonJS SEF) on one invoice, in
 * whichever thread calls it: a worker-pool thread (validate.ts sends each
 * stylesheet there, so the EN 16931 and Factur-X rules run side by side) or
 * the caller's. The first run of a stylesheet parses its SEF (~1 s); the
 * thread keeps it, so later runs only transform. The Factur-X code lists are
 * built into its stylesheet (scripts/einvoice-rules-code-lists.mjs): no
 * document is read during a run.
 */
export interface SchematronJob {
  readonly sheet: StylesheetId;
  readonly xml: string;
  /** The rules folder, as the main thread found it (rules.ts). */
  readonly rulesDir: string;
}

const prepared = new Map<string, unknown>();

function transform(job: SchematronJob): RuleFinding[] {
  const path = join(job.rulesDir, `${job.sheet}.sef.json`);
  const internal = prepared.get(path) ?? (JSON.parse(readFileSync(path, 'utf8')) as unknown);
  const result = SaxonJS.transform(
    { stylesheetInternal: internal, stylesheetBaseURI: pathToFileURL(path).href, sourceText: job.xml, destination: 'serialized' },
    'sync',
  );
  prepared.set(path, result.stylesheetInternal);
  return parseSvrl(result.principalResult);
}

/** The worker-pool task (a promise, as every task is; the transform itself is synchronous). */
export function runSchematron(job: SchematronJob): Promise<RuleFinding[]> {
  return new Promise((resolve) => resolve(transform(job)));
}
