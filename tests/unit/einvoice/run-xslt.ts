import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SaxonJS from 'saxon-js';
import { repoRoot } from '../../integration/einvoice/corpus.js';

/**
 * Compiles a small stylesheet with xslt3 (as the build compiles the rules)
 * and runs it in SaxonJS on `source`; `beside` are files the stylesheet
 * reads with document(), written next to it. Returns the serialized result.
 */
export function runXslt(xsl: string, source: string, beside: Readonly<Record<string, string>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'sealbook-xslt-'));
  try {
    for (const [name, text] of Object.entries(beside)) writeFileSync(join(dir, name), text);
    const xslPath = join(dir, 'check.xsl');
    const sefPath = join(dir, 'check.sef.json');
    writeFileSync(xslPath, xsl);
    execFileSync(process.execPath, [join(repoRoot, 'node_modules/xslt3/xslt3.js'), `-xsl:${xslPath}`, `-export:${sefPath}`, '-nogo'], { stdio: 'ignore' });
    return SaxonJS.transform({ stylesheetFileName: sefPath, sourceText: source, destination: 'serialized' }, 'sync').principalResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
