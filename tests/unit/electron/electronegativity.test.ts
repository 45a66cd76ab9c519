import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Runs the real scanner (through npx, first run downloads it) on src-main and
 * on a deliberately unsafe window, so the script is shown to catch findings.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = mkdtempSync(join(tmpdir(), 'sealbook-eng-fixture-'));
afterAll(() => {
  rmSync(fixture, { recursive: true, force: true });
});

function scan(target: string) {
  const run = spawnSync(process.execPath, ['scripts/electronegativity.mjs', target], { cwd: root, encoding: 'utf8', timeout: 600_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('electronegativity', { timeout: 600_000 }, () => {
  it('reports zero findings on src-main', () => {
    const { status, output } = scan('src-main');
    expect(output).toContain('electronegativity: 0 findings');
    expect(status).toBe(0);
  });

  it('fails and names each finding for an unsafe window', () => {
    writeFileSync(
      join(fixture, 'unsafe.ts'),
      "import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\n",
    );
    const { status, output } = scan(fixture);
    expect(status).toBe(1);
    expect(output).toMatch(/NODE_INTEGRATION_JS_CHECK \S*unsafe\.ts:2/);
    expect(output).toMatch(/CONTEXT_ISOLATION_JS_CHECK/);
    expect(output).toMatch(/electronegativity: [1-9]\d* findings/);
  });
});
