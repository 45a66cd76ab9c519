// Runs @doyensec/electronegativity on src-main and fails on any finding.
// It exits 0 even with findings (and its CSV output is racy), so the SARIF
// report is parsed instead. Suppressions live inline in the code, each with
// its reason (`// eng-disable CHECK_ID: why`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = '1.10.3';
const ELECTRON_VERSION = '45.4.1';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = resolve(root, process.argv[2] ?? 'src-main');

/** Findings of a SARIF 2.1 log as { rule, file, line, message }. */
export function findingsFromSarif(sarif) {
  const findings = [];
  for (const run of sarif.runs ?? []) {
    for (const result of run.results ?? []) {
      const location = result.locations?.[0]?.physicalLocation;
      const uri = location?.artifactLocation?.uri ?? '';
      findings.push({
        rule: result.ruleId ?? 'UNKNOWN_RULE',
        // Global checks (e.g. "no CSP anywhere") point at `file:///`.
        file: uri === '' || uri === 'file:///' ? 'N/A' : uri.startsWith('file://') ? fileURLToPath(uri) : uri,
        line: location?.region?.startLine ?? 0,
        message: result.message?.text ?? '',
      });
    }
  }
  return findings;
}

function main() {
  const work = mkdtempSync(join(tmpdir(), 'sealbook-eng-'));
  const out = join(work, 'electronegativity.sarif');
  try {
    const run = spawnSync(
      'npx',
      ['-y', `@doyensec/electronegativity@${VERSION}`, '-i', target, '-r', '-e', ELECTRON_VERSION, '-x', 'AvailableSecurityFixesGlobalCheck', '-o', out],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let sarif;
    try {
      sarif = JSON.parse(readFileSync(out, 'utf8'));
    } catch (error) {
      process.stderr.write(run.stdout ?? '');
      process.stderr.write(run.stderr ?? '');
      console.error(`electronegativity did not write a readable report (exit ${run.status}): ${error.message}`);
      return 2;
    }
    const findings = findingsFromSarif(sarif);
    for (const finding of findings) {
      const file = finding.file === 'N/A' ? 'N/A' : relative(root, resolve(target, finding.file));
      console.log(`${finding.rule} ${file}:${finding.line} ${finding.message}`.trimEnd());
    }
    console.log(`electronegativity: ${findings.length} findings`);
    return findings.length > 0 ? 1 : 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
