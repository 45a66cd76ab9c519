import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, posix, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './origin.js';

/**
 * The `app://sealbook/...` request -> response logic, free of Electron so it
 * is tested in plain Node. `protocol.ts` adapts it to `protocol.handle`.
 */

/**
 * Sent with every response, errors included. The CSP (DESIGN §8: no remote
 * code, no inline script, no eval, no network) is one literal assigned by
 * header name, the form electronegativity's CSP check reads and grades.
 */
function securityHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
  // 'self' is graded "maybe weak" (JSONP, uploads); app:// serves only our own built files, never user files.
  headers['Content-Security-Policy'] = // eng-disable CSP_GLOBAL_CHECK
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  return Object.freeze(headers);
}

export const SECURITY_HEADERS = securityHeaders();

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

export interface AppRequest {
  readonly method: string;
  readonly url: string;
}

export interface AppResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Null for HEAD and for errors. */
  readonly body: Buffer | null;
}

function refuse(status: number, extra: Readonly<Record<string, string>> = {}): AppResponse {
  return { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra }, body: null };
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
 * Serves GET/HEAD for `app://sealbook/<path>` from `rendererDir` only. Symlinks
 * are resolved and must still land inside the folder.
 */
export async function resolveAppRequest(rendererDir: string, request: AppRequest): Promise<AppResponse> {
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') return refuse(405, { Allow: 'GET, HEAD' });

  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    // An unparsable URL cannot name a file of ours.
    return refuse(404);
  }
  if (
    url.protocol !== `${APP_SCHEME}:` ||
    url.hostname !== APP_HOST ||
    url.port !== '' ||
    url.username !== '' ||
    url.password !== ''
  ) {
    return refuse(404);
  }

  const relative = relativeAssetPath(url.pathname);
  if (typeof relative === 'number') return refuse(relative);

  const file = await confinedFile(rendererDir, relative);
  if (file === null) return refuse(404);
  const headers = { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(file.path), 'Content-Length': String(file.size) };
  if (method === 'HEAD') return { status: 200, headers, body: null };
  return { status: 200, headers, body: await readFile(file.path) };
}

async function confinedFile(rendererDir: string, relative: string): Promise<{ path: string; size: number } | null> {
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
