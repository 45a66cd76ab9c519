import { readFile } from 'node:fs/promises';
import { confinedFile, contentTypeFor, relativeAssetPath } from '../core/static-assets.js';
import { APP_HOST, APP_SCHEME } from './origin.js';

export { contentTypeFor, relativeAssetPath };

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
