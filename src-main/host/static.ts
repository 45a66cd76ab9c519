import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export const BRIDGE_PATH = '/__sealbook/bridge.js';

export interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
}

/** Resolves a URL path inside `root`, or null for anything outside it. */
export function confinedPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^[/\\]+/, '');
  if (relative.split(sep).includes('..')) return null;
  const full = join(root, relative);
  return full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : null;
}

export async function readStatic(root: string, urlPath: string): Promise<StaticFile | null> {
  const path = confinedPath(root, urlPath);
  if (path === null) return null;
  try {
    let body: Buffer = await readFile(path);
    if (path.endsWith('index.html')) body = injectBridge(body);
    return { body, contentType: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}

/** The bridge must run before the app: add it as the first script of <head>. */
function injectBridge(html: Buffer): Buffer {
  const text = html.toString('utf8');
  const tag = `<script src="${BRIDGE_PATH}"></script>`;
  return Buffer.from(text.includes('<head>') ? text.replace('<head>', `<head>\n    ${tag}`) : tag + text, 'utf8');
}
