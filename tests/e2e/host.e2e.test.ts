import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSealbook } from './harness.js';
import type { SealbookUnderTest } from './harness.js';

interface RawResponse {
  status: number;
  body: string;
}

/** A raw request, so the test controls Host and Origin (fetch would not). */
function raw(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('browser host', () => {
  let sut: SealbookUnderTest;
  let invokeUrl: string;
  const body = JSON.stringify({ channel: 'app.info', input: {} });

  beforeAll(async () => {
    sut = await startSealbook();
    invokeUrl = `${sut.host.origin}/__sealbook/invoke`;
  });
  afterAll(async () => {
    await sut.close();
  });

  it('serves the UI on 127.0.0.1 and answers through window.sealbook', async () => {
    expect(sut.host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const info = await sut.page.evaluate(async () => {
      const bridge = (globalThis as unknown as { sealbook: { invoke(c: string, i: unknown): Promise<unknown> } }).sealbook;
      return bridge.invoke('app.info', {});
    });
    expect(info).toMatchObject({ ok: true, value: { mode: 'browser', session: null } });
    // The token left the address bar once read.
    expect(sut.page.url()).not.toContain('token=');
    await sut.screenshot('host-first-screen');
  });

  it('exposes a frozen bridge the page cannot replace', async () => {
    const replaced = await sut.page.evaluate(() => {
      const w = globalThis as unknown as { sealbook: unknown };
      const before = w.sealbook;
      try {
        w.sealbook = { invoke: () => 'evil' };
      } catch {
        // strict-mode pages throw; either way nothing may change
      }
      return w.sealbook === before && Object.isFrozen(before);
    });
    expect(replaced).toBe(true);
  });

  it('refuses a call without the token', async () => {
    const res = await raw(invokeUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a wrong token of the same length', async () => {
    const wrong = sut.host.token.replace(/./g, 'A');
    const res = await raw(invokeUrl, { method: 'POST', headers: { Authorization: `Bearer ${wrong}` }, body });
    expect(res.status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const res = await raw(invokeUrl, {
      method: 'POST',
      headers: { Host: 'attacker.example:80', Authorization: `Bearer ${sut.host.token}` },
      body,
    });
    expect(res.status).toBe(421);
  });

  it('refuses a foreign Origin even with the token', async () => {
    const res = await raw(invokeUrl, {
      method: 'POST',
      headers: { Origin: 'http://evil.example', Authorization: `Bearer ${sut.host.token}` },
      body,
    });
    expect(res.status).toBe(403);
  });

  it('answers a well-formed call with the token', async () => {
    const res = await raw(invokeUrl, { method: 'POST', headers: { Authorization: `Bearer ${sut.host.token}` }, body });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true });
  });

  it('refuses path traversal and sends a strict CSP', async () => {
    const traversal = await raw(`${sut.host.origin}/..%2f..%2fpackage.json`, {});
    expect(traversal.status).toBe(404);
    const page = await sut.page.request.get(`${sut.host.origin}/index.html`);
    const csp = page.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('loaded without console errors or CSP violations', () => {
    expect(sut.consoleErrors).toEqual([]);
  });
});
