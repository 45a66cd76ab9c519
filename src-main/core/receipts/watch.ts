import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { ImportReport } from '../../../src-shared/contract-receipts.js';

/**
 * The watched folder (issue 7 item 1, after Paperless-ngx's consume folder):
 * a file a scanner or phone-sync app puts there is imported once its size
 * has stopped changing, then moved to `imported/` (or `rejected/` when no
 * receipt could be taken from it, so it is not retried forever and stays
 * where a person looks for it).
 */
export const IMPORTED_DIR = 'imported';
export const REJECTED_DIR = 'rejected';

export type ImportFiles = (paths: readonly string[]) => Promise<ImportReport>;

export class FolderWatcher {
  private readonly seen = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;

  constructor(
    /** Read at every pass, so a change in settings applies without a restart. */
    private readonly folder: () => string | null,
    private readonly importFiles: ImportFiles,
    private readonly intervalMs = 5000,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.scan(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass: imports the files that were already there, unchanged, at the previous pass. */
  scan(): Promise<void> {
    this.scanning ??= this.scanOnce()
      .catch(this.onError)
      .finally(() => {
        this.scanning = null;
      });
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    const folder = this.folder();
    if (folder === null || !existsSync(folder)) return;
    const stable: string[] = [];
    const present = new Set<string>();
    for (const name of await readdir(folder)) {
      if (name.startsWith('.') || name === IMPORTED_DIR || name === REJECTED_DIR) continue;
      const path = join(folder, name);
      const info = await stat(path).catch(() => null);
      if (!info?.isFile()) continue;
      present.add(path);
      const signature = `${info.size}:${info.mtimeMs}`;
      if (this.seen.get(path) === signature) stable.push(path);
      else this.seen.set(path, signature);
    }
    for (const path of this.seen.keys()) if (!present.has(path)) this.seen.delete(path);
    if (stable.length === 0) return;
    const report = await this.importFiles(stable);
    for (const path of stable) {
      await this.moveAway(folder, path, report);
      this.seen.delete(path);
    }
  }

  private async moveAway(folder: string, path: string, report: ImportReport): Promise<void> {
    const name = path.slice(folder.length + 1);
    const mine = (file: string): boolean => file === name || file.startsWith(`${name} › `);
    const taken = report.imported.some((r) => mine(r.file)) || report.duplicates.some((r) => mine(r.file));
    const target = join(folder, taken ? IMPORTED_DIR : REJECTED_DIR);
    await mkdir(target, { recursive: true });
    await rename(path, await freeName(target, name));
  }
}

/** `scan.pdf`, else `scan (2).pdf` ...: a file already moved there is never overwritten. */
async function freeName(dir: string, name: string): Promise<string> {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; n < 10_000; n += 1) {
    const candidate = join(dir, n === 1 ? name : `${stem} (${n})${ext}`);
    if (!(await stat(candidate).catch(() => null))) return candidate;
  }
  return join(dir, `${stem} (${Date.now()})${ext}`);
}
