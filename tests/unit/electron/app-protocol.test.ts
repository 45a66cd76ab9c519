import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS, contentTypeFor, relativeAssetPath, resolveAppRequest } from '../../../src-main/electron/app-protocol.js';

const EXPECTED_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

let base: string;
let renderer: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'sealbook-app-protocol-'));
  renderer = join(base, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Sealbook</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1);');
  writeFileSync(join(renderer, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(renderer, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(join(base, 'secret.txt'), 'outside the renderer');
  symlinkSync(join(base, 'secret.txt'), join(renderer, 'assets', 'escape.txt'));
});

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => resolveAppRequest(renderer, { method, url });

describe('app:// request handling', () => {
  it('serves index.html for the root and for /index.html with the right type', async () => {
    for (const url of ['app://sealbook/', 'app://sealbook', 'app://sealbook/index.html?x=1#top']) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers['Content-Type']).toBe('text/html; charset=utf-8');
      expect(response.body?.toString()).toContain('<title>Sealbook</title>');
    }
  });

  it('gives assets their content types', async () => {
    expect((await get('app://sealbook/assets/app.js')).headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect((await get('app://sealbook/assets/app.css')).headers['Content-Type']).toBe('text/css; charset=utf-8');
    expect((await get('app://sealbook/assets/font.woff2')).headers['Content-Type']).toBe('font/woff2');
    expect(contentTypeFor('x.SVG')).toBe('image/svg+xml');
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream');
  });

  it('puts the strict CSP and nosniff on every response, errors included', async () => {
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(EXPECTED_CSP);
    const responses = await Promise.all([
      get('app://sealbook/index.html'),
      get('app://sealbook/missing.js'),
      get('app://evil/index.html'),
      get('app://sealbook/index.html', 'POST'),
      get('app://sealbook/a%2f..%2f..%2fsecret.txt'),
    ]);
    for (const response of responses) {
      expect(response.headers['Content-Security-Policy']).toBe(EXPECTED_CSP);
      expect(response.headers['X-Content-Type-Options']).toBe('nosniff');
    }
  });

  it('answers HEAD without a body and refuses other methods with 405', async () => {
    const head = await get('app://sealbook/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    expect(head.headers['Content-Length']).toBe('38');
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      const response = await get('app://sealbook/index.html', method);
      expect(response.status, method).toBe(405);
      expect(response.body).toBeNull();
      expect(response.headers.Allow).toBe('GET, HEAD');
    }
  });

  it('answers only the exact host sealbook, without port or credentials', async () => {
    for (const url of [
      'app://evil/index.html',
      'app://sealbook.evil/index.html',
      'app://SEALBOOKX/index.html',
      'app://user:pw@sealbook/index.html',
      'app://sealbook:8080/index.html',
      'https://sealbook/index.html',
      'not a url',
    ]) {
      expect((await get(url)).status, url).toBe(404);
    }
  });

  it('refuses traversal: dot segments are folded, encoded separators, backslashes and NUL are refused', async () => {
    // The URL parser folds these to /secret.txt, which is not in the renderer folder.
    for (const url of ['app://sealbook/../secret.txt', 'app://sealbook/%2e%2e/secret.txt', 'app://sealbook/assets/%2E%2E/%2e%2e/secret.txt']) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(response.body).toBeNull();
    }
    for (const url of [
      'app://sealbook/assets%2f..%2f..%2fsecret.txt',
      'app://sealbook/assets%2F%2E%2E%2F..%2Fsecret.txt',
      'app://sealbook/..%5c..%5csecret.txt',
      'app://sealbook/assets\\..\\..\\secret.txt',
      'app://sealbook/index.html%00.png',
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(403);
      expect(response.body).toBeNull();
    }
  });

  it('refuses a symlink that leads out of the renderer folder', async () => {
    const response = await get('app://sealbook/assets/escape.txt');
    expect(response.status).toBe(404);
    expect(response.body).toBeNull();
  });

  it('answers 404 for directories, missing files and malformed encoding', async () => {
    expect((await get('app://sealbook/assets/')).status).toBe(404);
    expect((await get('app://sealbook/assets')).status).toBe(404);
    expect((await get('app://sealbook/nope.js')).status).toBe(404);
    expect((await get('app://sealbook/%E0%A4%A.js')).status).toBe(404);
    expect((await resolveAppRequest(join(base, 'no-build'), { method: 'GET', url: 'app://sealbook/' })).status).toBe(404);
  });

  it('maps paths without leaving the folder', () => {
    expect(relativeAssetPath('/')).toBe('index.html');
    expect(relativeAssetPath('/assets//app.js')).toBe('assets/app.js');
    expect(relativeAssetPath('/a/%2e%2e/b')).toBe(403);
    expect(relativeAssetPath('/./a')).toBe(403);
    expect(relativeAssetPath('/a%00')).toBe(403);
  });
});
