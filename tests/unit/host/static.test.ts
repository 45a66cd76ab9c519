import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRIDGE_PATH, confinedPath, readStatic } from '../../../src-main/host/static.js';

describe('static files of the browser host', () => {
  const root = mkdtempSync(join(tmpdir(), 'sealbook-static-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><html><head><title>x</title></head><body></body></html>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');

  it.each(['/../secret', '/..%2fsecret', '/%2e%2e/%2e%2e/secret', '/assets/../../secret'])('keeps %s inside the root', (path) => {
    const resolved = confinedPath(root, path);
    expect(resolved === null || resolved.startsWith(`${root}/`)).toBe(true);
  });

  it.each(['/assets/..\\..\\secret', '/a%00b', '/%E0%A4%A'])('refuses %s', (path) => {
    expect(confinedPath(root, path)).toBeNull();
  });

  it('maps / to index.html and injects the bridge as the first script', async () => {
    const file = await readStatic(root, '/');
    expect(file?.contentType).toBe('text/html; charset=utf-8');
    const html = file?.body.toString('utf8') ?? '';
    expect(html.indexOf(BRIDGE_PATH)).toBeGreaterThan(html.indexOf('<head>'));
    expect(html.indexOf(BRIDGE_PATH)).toBeLessThan(html.indexOf('<title>'));
  });

  it('serves assets with their content type and 404s the rest', async () => {
    expect((await readStatic(root, '/assets/app.js'))?.contentType).toBe('text/javascript; charset=utf-8');
    expect(await readStatic(root, '/missing.js')).toBeNull();
  });
});
