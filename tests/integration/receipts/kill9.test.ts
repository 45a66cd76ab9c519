import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { sealbook } from '../cli/run-cli.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'sealbook.cjs');
const PASSWORD = 'granite orchard signal 6620';
const FILES = 200;
const COPIES = 5;
const KILLED_RUNS = 20;

/** A seeded generator, so a failing run can be replayed from the printed seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Issue 7 item 15: `kill -9` at random points of a 200-file import through
 * the real CLI. Each run starts the same command again, which first finishes
 * the batch the previous kill cut off. The end state must be the same as
 * an uninterrupted import: every file once, no orphan or half-written blob.
 */
describe('an import killed with SIGKILL at random points', () => {
  const work = mkdtempSync(join(tmpdir(), 'sealbook-kill9-'));
  const dir = join(work, 'books');
  const inbox = join(work, 'inbox');
  const env = { PATH: process.env.PATH ?? '', DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '', HOME: process.env.HOME ?? '/root', SEALBOOK_DATA_DIR: join(work, 'app-data'), SEALBOOK_PASSWORD: PASSWORD };
  const expected = new Set<string>();

  beforeAll(async () => {
    mkdirSync(inbox);
    for (let i = 0; i < FILES; i += 1) {
      const image = sharp({ create: { width: 48, height: 32, channels: 3, background: { r: i % 256, g: (i * 7) % 256, b: 90 } } });
      const bytes = i % 4 === 0 ? await image.png().toBuffer() : await image.jpeg({ quality: 70 }).toBuffer();
      writeFileSync(join(inbox, `r${String(i).padStart(3, '0')}.${i % 4 === 0 ? 'png' : 'jpg'}`), bytes);
      expected.add(createHash('sha256').update(bytes).digest('hex'));
      if (i < COPIES) writeFileSync(join(inbox, `z-copy-${i}.${i % 4 === 0 ? 'png' : 'jpg'}`), bytes);
    }
    const created = await sealbook(['vault', 'create', dir, '--owner', 'kim', '--company', 'Kill Test GmbH', '--kit', join(work, 'kit.pdf')], { SEALBOOK_PASSWORD: PASSWORD }, join(work, 'app-data'));
    expect(created.code, created.stderr).toBe(0);
  }, 120_000);

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  /** Stored blob files (a receipt's original and rendition), not the temporary ones being written. */
  const storedBlobs = (): number => {
    try {
      return readdirSync(join(dir, 'blobs')).filter((name) => !name.startsWith('.')).length;
    } catch {
      return 0;
    }
  };

  /**
   * One run of the import, killed either after `ms` (early: start, unlock,
   * finishing the cut-off batch) or once it has stored `blobs` more files
   * (in the middle of the work, whatever the machine's speed).
   */
  type Kill = { readonly ms: number } | { readonly blobs: number } | null;
  const importOnce = (kill: Kill): Promise<{ killed: boolean; code: number | null; stdout: string }> =>
    new Promise((done, fail) => {
      const before = storedBlobs();
      const child = spawn(process.execPath, [BIN, 'receipts', 'import', dir, inbox, '--user', 'kim', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      const killer = kill !== null && 'ms' in kill ? setTimeout(() => child.kill('SIGKILL'), kill.ms) : null;
      const watcher =
        kill !== null && 'blobs' in kill
          ? setInterval(() => {
              if (storedBlobs() - before >= kill.blobs) child.kill('SIGKILL');
            }, 5)
          : null;
      // Bounded: no run may take more than a minute.
      const limit = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('error', fail);
      child.on('exit', (code, signal) => {
        if (killer) clearTimeout(killer);
        if (watcher) clearInterval(watcher);
        clearTimeout(limit);
        done({ killed: signal === 'SIGKILL', code, stdout });
      });
    });

  it(`resumes after ${KILLED_RUNS} kills to the state of an uninterrupted import`, async () => {
    const seed = Number(process.env.SEALBOOK_KILL_SEED ?? Date.now() % 100_000);
    const next = random(seed);
    let interrupted = 0;
    for (let run = 0; run < KILLED_RUNS; run += 1) {
      // Every other kill comes early, the others mid-import: on a fast machine a timed kill alone mostly came after the end.
      const outcome = await importOnce(run % 2 === 0 ? { ms: 150 + Math.floor(next() * 900) } : { blobs: 1 + Math.floor(next() * 24) });
      if (outcome.killed) interrupted += 1;
      else expect(outcome.code, `seed ${seed}, run ${run}: ${outcome.stdout}`).toBe(0);
    }
    expect(interrupted, `seed ${seed}`).toBeGreaterThanOrEqual(KILLED_RUNS / 2);

    const last = await importOnce(null);
    expect(last.code, `seed ${seed}: ${last.stdout}`).toBe(0);
    const report = JSON.parse(last.stdout) as { imported: unknown[]; duplicates: unknown[]; rejected: unknown[] };
    expect(report.rejected).toEqual([]);
    expect(report.imported.length + report.duplicates.length).toBe(FILES + COPIES);

    const listed = await sealbook(['receipts', 'list', dir, '--user', 'kim', '--json'], { SEALBOOK_PASSWORD: PASSWORD }, join(work, 'app-data'));
    const rows = JSON.parse(listed.stdout) as { sha256: string }[];
    expect(rows).toHaveLength(FILES);
    expect(new Set(rows.map((r) => r.sha256))).toEqual(expected);
    // Every blob file belongs to a receipt (original + rendition), none is half-written.
    const files = readdirSync(join(dir, 'blobs'));
    expect(files.filter((f) => f.startsWith('.'))).toEqual([]);
    expect(files).toHaveLength(2 * FILES);
  }, 200_000);
});
