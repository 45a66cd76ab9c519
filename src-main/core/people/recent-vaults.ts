import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { RecentVault } from '../../../src-shared/contract.js';
import { writeFileAtomic } from '../vault/header.js';

const FILE = 'recent-vaults.json';
const MAX = 10;

const recentSchema = z.array(
  z.object({ dir: z.string(), name: z.string(), id: z.string(), lastOpened: z.string() }).strict(),
);

/**
 * The welcome screen's list: folder, company name, vault id and when it was
 * last opened. No secrets, so it lives in plain JSON in the app data folder.
 */
export class RecentVaults {
  constructor(private readonly appDataDir: string) {}

  private get file(): string {
    return join(this.appDataDir, FILE);
  }

  list(): RecentVault[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    try {
      const parsed = recentSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : [];
    } catch (error) {
      // A damaged list is only a convenience lost; opening by folder still works.
      if (error instanceof SyntaxError) return [];
      throw error;
    }
  }

  remember(entry: RecentVault): void {
    const rest = this.list().filter((v) => v.dir !== entry.dir && v.id !== entry.id);
    mkdirSync(this.appDataDir, { recursive: true });
    writeFileAtomic(this.file, `${JSON.stringify([entry, ...rest].slice(0, MAX), null, 2)}\n`);
  }
}
