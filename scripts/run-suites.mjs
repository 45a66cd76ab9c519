// Runs every suite in order, even after a failure, and ends with the one
// line CI reads: "N passed, N failed" (tests from Vitest, plus one per check).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const reports = join('test-results', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const suites = [
  { name: 'types (main, shared, tests)', cmd: ['npx', 'tsc', '-p', 'tsconfig.node.json', '--noEmit'] },
  { name: 'types (renderer)', cmd: ['npx', 'svelte-check', '--tsconfig', './tsconfig.renderer.json', '--fail-on-warnings', '--output', 'machine'] },
  { name: 'lint', cmd: ['npx', 'eslint', '--max-warnings', '0', '.'] },
  { name: 'unit and integration', vitest: 'unit', cmd: ['npx', 'vitest', 'run'] },
  { name: 'end-to-end', vitest: 'e2e', cmd: ['npx', 'vitest', 'run', '--config', 'tests/e2e/vitest.e2e.config.ts'] },
];

let passed = 0;
let failed = 0;
const lines = [];
for (const suite of suites) {
  const started = Date.now();
  const args = [...suite.cmd];
  const jsonFile = suite.vitest ? join(reports, `${suite.vitest}.json`) : undefined;
  if (jsonFile) args.push('--reporter=default', '--reporter=json', `--outputFile.json=${jsonFile}`);
  console.log(`\n=== ${suite.name}: ${args.join(' ')}`);
  const run = spawnSync(args[0], args.slice(1), { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (jsonFile) {
    const counts = vitestCounts(jsonFile);
    // A crashed runner that reported nothing still counts as a failure.
    const crashed = run.status !== 0 && counts.failed === 0;
    passed += counts.passed;
    failed += counts.failed + (crashed ? 1 : 0);
    lines.push(`${suite.name}: ${counts.passed} passed, ${counts.failed + (crashed ? 1 : 0)} failed (${seconds}s)`);
  } else if (run.status === 0) {
    passed += 1;
    lines.push(`${suite.name}: ok (${seconds}s)`);
  } else {
    failed += 1;
    lines.push(`${suite.name}: FAILED (${seconds}s)`);
  }
}

console.log('\n=== summary');
for (const line of lines) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;

function vitestCounts(file) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    // Skipped or todo tests are neither passed nor failed.
    return { passed: report.numPassedTests ?? 0, failed: report.numFailedTests ?? 0 };
  } catch {
    return { passed: 0, failed: 0 };
  }
}
