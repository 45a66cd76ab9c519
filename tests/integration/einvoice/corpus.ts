import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';

/** The repository root, and the official e-invoice material beside it (CI clones main with shared/ next to it). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SHARED_CANDIDATES = [resolve(repoRoot, '../shared/einvoice'), resolve(repoRoot, '../../shared/einvoice')];

export function sharedEInvoiceDir(): string {
  const found = SHARED_CANDIDATES.find((dir) => existsSync(join(dir, 'en16931')));
  if (found === undefined) throw new Error(`The shared e-invoice material is missing; looked in ${SHARED_CANDIDATES.join(', ')}.`);
  return found;
}

/**
 * Points the validator at the rules `npm run build` compiled; compiles them
 * first when a checkout has none yet (once: test files running in parallel
 * must not rewrite them under each other).
 */
export function ensureEInvoiceRules(): void {
  const out = join(repoRoot, 'dist/einvoice-rules');
  if (!existsSync(join(out, 'manifest.json'))) {
    execFileSync(process.execPath, [join(repoRoot, 'scripts/build-einvoice-rules.mjs')], { stdio: 'inherit' });
  }
  process.env.SEALBOOK_EINVOICE_RULES_DIR = out;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export interface CorpusFile {
  readonly path: string;
  readonly label: string;
}

/** Every official CEN example and every XRechnung business case (standard and extension). */
export function validCorpus(): CorpusFile[] {
  const shared = sharedEInvoiceDir();
  const dirs = ['en16931/cii/examples', 'en16931/ubl/examples', 'xrechnung-testsuite/src/test/business-cases'];
  return dirs
    .flatMap((dir) => walk(join(shared, dir)))
    .filter((path) => /\.xml$/i.test(path))
    .sort()
    .map((path) => ({ path, label: relative(shared, path) }));
}

/** The XRechnung technical cases: deliberately built around edge cases, some invalid. */
export function technicalCorpus(): CorpusFile[] {
  const shared = sharedEInvoiceDir();
  return walk(join(shared, 'xrechnung-testsuite/src/test/technical-cases'))
    .filter((path) => path.endsWith('.xml'))
    .sort()
    .map((path) => ({ path, label: relative(shared, path) }));
}

/** A hybrid PDF the way other vendors' tools make one: a page, and the XML attached under `name` (factur-x.xml, ZUGFeRD-invoice.xml ...). */
export async function pdfCarrying(xml: Uint8Array, name: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]);
  await doc.attach(xml, name, { mimeType: 'text/xml' });
  return doc.save();
}
