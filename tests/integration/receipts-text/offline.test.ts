/**
 * Text recognition never touches the network and never keeps the process
 * alive: a child process with every fetch, socket and DNS lookup refused (in
 * the main thread and in worker threads) reads a receipt and exits by itself.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const here = import.meta.dirname;
const ChildReport = z.object({
  guard: z.object({ main: z.boolean(), worker: z.boolean() }),
  scan: z.object({ method: z.string(), text: z.string() }),
  blankPdf: z.string(),
});

interface ChildRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Seconds between the report line and the process exit. */
  readonly exitDelaySeconds: number;
}

function runOffline(): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', join(here, 'no-network.cjs'), '--import', 'tsx', join(here, 'offline-child.ts')], {
      env: { ...process.env, SEALBOOK_OCR_DATA: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let reportedAt = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n') && reportedAt === 0) reportedAt = Date.now();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The engine's idle shutdown is 60 s: a child still alive at 100 s was held open by it.
    const limit = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(limit);
      resolve({ code, stdout, stderr, exitDelaySeconds: reportedAt === 0 ? Number.NaN : (Date.now() - reportedAt) / 1000 });
    });
  });
}

describe('offline text recognition', () => {
  it('reads a scanned receipt with the network cut off, and lets the process exit', async () => {
    const run = await runOffline();
    // The child's own probes of the guard are the only attempts allowed.
    const attempts = run.stderr.split('\n').filter((line) => line.includes('NETWORK ATTEMPT') && !line.includes('guard-probe'));
    expect(attempts).toEqual([]);
    expect(run.code, run.stderr).toBe(0);
    const report = ChildReport.parse(JSON.parse(run.stdout.trim().split('\n').at(-1) ?? ''));
    expect(report.guard).toEqual({ main: true, worker: true });
    expect(report.scan.method).toBe('ocr');
    expect(report.scan.text).toMatch(/SAM SAM TRADING/i);
    expect(report.blankPdf).toBe('none');
    // Well under the 60 s idle shutdown: the OCR thread was not holding the process.
    expect(run.exitDelaySeconds).toBeLessThan(30);
  }, 120_000);
});
