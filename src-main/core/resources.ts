import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Finds the `resources/` folder (fonts, PDF assets) whether we run from the
 * source tree (tests, CLI via tsx), from a bundle in `dist/`, or packaged by
 * electron-builder (`process.resourcesPath`).
 */
export function resourcesDir(): string {
  // Set by Electron only; plain Node has no such property.
  const packaged = (process as unknown as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    process.env.SEALBOOK_RESOURCES,
    packaged === undefined ? undefined : join(packaged, 'resources'),
    ...ancestors(__dirnameSafe()),
    ...ancestors(process.cwd()),
  ];
  for (const candidate of candidates) {
    if (candidate !== undefined && existsSync(join(candidate, 'fonts'))) return candidate;
  }
  throw new Error('Sealbook resources folder not found; reinstall the app or set SEALBOOK_RESOURCES.');
}

export function resourcePath(...parts: string[]): string {
  return join(resourcesDir(), ...parts);
}

function ancestors(start: string | undefined): string[] {
  if (start === undefined) return [];
  const found: string[] = [];
  let dir = resolve(start);
  for (let depth = 0; depth < 6; depth += 1) {
    found.push(join(dir, 'resources'));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return found;
}

function __dirnameSafe(): string | undefined {
  return process.argv[1] === undefined ? undefined : dirname(process.argv[1]);
}
