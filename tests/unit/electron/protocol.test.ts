import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Protocol } from 'electron';
import { electron } from './fakes.js';
import { handleAppProtocol, registerAppScheme } from '../../../src-main/electron/protocol.js';

vi.mock('electron', async () => (await import('./fakes.js')).electron);

type Handler = (request: Request) => Promise<Response>;

let renderer: string;
beforeAll(() => {
  renderer = mkdtempSync(join(tmpdir(), 'sealbook-protocol-'));
  mkdirSync(join(renderer, 'assets'));
  writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
  mkdirSync(join(renderer, 'unreadable.js'));
});
afterAll(() => {
  rmSync(renderer, { recursive: true, force: true });
});
beforeEach(() => {
  electron.protocol.handle.mockClear();
});

function installedHandler(log = vi.fn()): Handler {
  handleAppProtocol(renderer, electron.protocol as unknown as Protocol, log);
  const call = electron.protocol.handle.mock.calls[0] as unknown[] | undefined;
  expect(call?.[0]).toBe('app');
  return call?.[1] as Handler;
}

describe('app:// scheme registration', () => {
  it('registers app as standard and secure, without fetch, CORS, CSP bypass or service workers', () => {
    registerAppScheme();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } },
    ]);
  });

  it('serves files through protocol.handle as real Responses with the CSP', async () => {
    const handler = installedHandler();
    const response = await handler(new Request('app://sealbook/index.html'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<!doctype html>');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses POST with 405 and a foreign host with 404 through the handler', async () => {
    const handler = installedHandler();
    const post = await handler(new Request('app://sealbook/index.html', { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
    expect(await post.text()).toBe('');
    expect((await handler(new Request('app://other/index.html'))).status).toBe(404);
  });
});

describe('app:// errors', () => {
  it('logs an unexpected read failure and answers 500 with the security headers only', async () => {
    const log = vi.fn();
    // A folder named like a file is simply not a file: 404, nothing logged.
    const handler = installedHandler(log);
    expect((await handler(new Request('app://sealbook/unreadable.js'))).status).toBe(404);
    expect(log).not.toHaveBeenCalled();
    // A renderer path the file system rejects outright (not ENOENT) is a real failure.
    const broken = installedHandlerFor('\0bad', log);
    const failed = await broken(new Request('app://sealbook/index.html'));
    expect(failed.status).toBe(500);
    expect(failed.headers.get('content-security-policy')).toContain("connect-src 'none'");
    expect(log).toHaveBeenCalledOnce();
  });
});

function installedHandlerFor(dir: string, log: (message: string, error: unknown) => void): Handler {
  electron.protocol.handle.mockClear();
  handleAppProtocol(dir, electron.protocol as unknown as Protocol, log);
  return electron.protocol.handle.mock.calls[0]?.[1] as Handler;
}
