import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'sealbook.cjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The real `sealbook` bin (the bundle from `npm run build`) against a real
 * SQLCipher vault and the real keychain of the test session.
 */
export async function sealbook(args: string[], env: Record<string, string> = {}, dataDir: string): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '', HOME: process.env.HOME ?? '/root', SEALBOOK_DATA_DIR: dataDir, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

