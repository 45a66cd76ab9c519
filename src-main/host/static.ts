import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { confinedFile, contentTypeFor, relativeAssetPath } from '../core/static-assets.js';

export const BRIDGE_PATH = '/__sealbook/bridge.js';

export interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
}

/** Resolves a URL path inside `root`, or null for anything that tries to leave it. */
export function confinedPath(root: string, urlPath: string): string | null {
  const relative = relativeAssetPath(urlPath);
  return typeof relative === 'number' ? null : join(root, relative.split('/').join(sep));
}

export async function readStatic(root: string, urlPath: string): Promise<StaticFile | null> {
  const relative = relativeAssetPath(urlPath);
  if (typeof relative === 'number') return null;
  const file = await confinedFile(root, relative);
  if (file === null) return null;
  let body: Buffer = await readFile(file.path);
  if (relative === 'index.html') body = injectBridge(body);
  return { body, contentType: contentTypeFor(file.path) };
}

/** The bridge must run before the app: add it as the first script of <head>. */
function injectBridge(html: Buffer): Buffer {
  const text = html.toString('utf8');
  const tag = `<script src="${BRIDGE_PATH}"></script>`;
  return Buffer.from(text.includes('<head>') ? text.replace('<head>', `<head>\n    ${tag}`) : tag + text, 'utf8');
}
