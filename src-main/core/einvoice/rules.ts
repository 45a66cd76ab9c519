import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UnavailableError } from '../errors.js';

/**
 * The compiled official rules (SaxonJS SEF) and XSDs, made by
 * `scripts/build-einvoice-rules.mjs` during `npm run build` into
 * `dist/einvoice-rules/` (shipped with the app; never committed). Found
 * beside the bundle, in the source tree, or at SEALBOOK_EINVOICE_RULES_DIR.
 */
export type StylesheetId = 'en16931-cii' | 'en16931-ubl' | 'facturx-en16931';
export type SchemaSet = 'cii' | 'ubl';

export interface XsdFile {
  readonly fileName: string;
  readonly contents: string;
}

const MARKER = 'manifest.json';

function candidates(): string[] {
  const packaged = (process as unknown as { resourcesPath?: string }).resourcesPath;
  const fromEnv = process.env.SEALBOOK_EINVOICE_RULES_DIR;
  const found: string[] = [];
  if (fromEnv !== undefined) found.push(resolve(fromEnv));
  if (packaged !== undefined) found.push(join(packaged, 'einvoice-rules'));
  for (const start of [process.argv[1] === undefined ? undefined : dirname(process.argv[1]), process.cwd()]) {
    let dir = start === undefined ? undefined : resolve(start);
    for (let depth = 0; dir !== undefined && depth < 6; depth += 1) {
      found.push(join(dir, 'dist', 'einvoice-rules'), join(dir, 'einvoice-rules'));
      const parent = dirname(dir);
      dir = parent === dir ? undefined : parent;
    }
  }
  return found;
}

let located: string | null = null;

export function rulesDir(): string {
  if (located !== null) return located;
  const dir = candidates().find((candidate) => existsSync(join(candidate, MARKER)));
  if (dir === undefined) {
    throw new UnavailableError(
      'The e-invoice rules (EN 16931 schematron and schemas) are not built. Run `npm run build` (it compiles them from ../shared/einvoice), or reinstall Sealbook.',
    );
  }
  located = dir;
  return dir;
}

export function stylesheetPath(id: StylesheetId): string {
  const path = join(rulesDir(), `${id}.sef.json`);
  if (!existsSync(path)) throw new UnavailableError(`The e-invoice rule set ${id} is missing from ${rulesDir()}; run \`npm run build\` again.`);
  return path;
}

const schemaCache = new Map<SchemaSet, readonly XsdFile[]>();

/** Every XSD of one syntax, read once: xmllint-wasm gets them as in-memory files. */
export function schemaFiles(set: SchemaSet): readonly XsdFile[] {
  const cached = schemaCache.get(set);
  if (cached) return cached;
  const dir = join(rulesDir(), 'xsd', set);
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.xsd'))
    .map((fileName) => ({ fileName, contents: readFileSync(join(dir, fileName), 'utf8') }));
  schemaCache.set(set, files);
  return files;
}

export const MAIN_SCHEMA: Readonly<Record<'cii' | 'ubl-invoice' | 'ubl-creditnote', string>> = {
  cii: 'CrossIndustryInvoice_100pD16B.xsd',
  'ubl-invoice': 'UBL-Invoice-2.1.xsd',
  'ubl-creditnote': 'UBL-CreditNote-2.1.xsd',
};
