import { realpath, stat } from 'node:fs/promises';
import { extname, posix, sep } from 'node:path';

/**
 * The built renderer's files, served by both the Electron `app://` protocol
 * and the browser host: one path check, one content-type table.
 */

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps the URL path to a relative file path inside the renderer folder, or
 * returns the HTTP status that refuses it. The URL parser already folds `..`
 * and `%2e%2e` segments; what is left is the encoded kind (`%2f..`, `%5c`,
 * `%00`): refuse anything that decodes to a traversal instead of normalising it.
 */
export function relativeAssetPath(pathname: string): string | 403 | 404 {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // Malformed percent-encoding is never a file we ship.
    return 404;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return 403;
  const segments = decoded.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.')) return 403;
  const normalised = posix.normalize(`/${decoded}`).replace(/^\/+/, '');
  if (normalised === '') return 'index.html';
  if (normalised.endsWith('/')) return 404;
  return normalised;
}

/**
 * The file for `relative` inside `rendererDir`, or null. Symlinks are
 * resolved and must still land inside the folder.
 */
export async function confinedFile(rendererDir: string, relative: string): Promise<{ path: string; size: number } | null> {
  try {
    const root = await realpath(rendererDir);
    const target = await realpath(`${root}${sep}${relative.split('/').join(sep)}`);
    if (!target.startsWith(root + sep)) return null;
    const info = await stat(target);
    return info.isFile() ? { path: target, size: info.size } : null;
  } catch (error) {
    // Missing files (and missing renderer builds) are a plain 404.
    if (isNotFound(error)) return null;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP' || code === 'ENAMETOOLONG';
}
