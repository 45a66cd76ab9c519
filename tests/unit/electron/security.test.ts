import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import { FakeEvent, FakeWebContents, electron, fakeSession } from './fakes.js';
import {
  guardAllWebContents,
  hardenSession,
  installNavigationGuards,
  isAllowedRendererRequest,
  isSafeExternalUrl,
  openExternal,
} from '../../../src-main/electron/security.js';

vi.mock('electron', async () => (await import('./fakes.js')).electron);

beforeEach(() => {
  electron.shell.openExternal.mockReset();
  electron.shell.openExternal.mockImplementation(() => Promise.resolve());
});

describe('openExternal', () => {
  it('opens well-formed https URLs through shell.openExternal', async () => {
    await expect(openExternal('https://example.com/docs?q=1#x')).resolves.toBe(true);
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://example.com/docs?q=1#x');
  });

  it('refuses everything else without calling the shell', async () => {
    const refused: unknown[] = [
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-msdt:/id',
      'app://sealbook/index.html',
      'https://user:pw@example.com/',
      'https://user@example.com/',
      ' https://example.com/',
      'https://exa\tmple.com/',
      'https://example.com/\n',
      `https://example.com/${'a'.repeat(2100)}`,
      'https:example',
      'https://',
      '',
      42,
      null,
      undefined,
      { href: 'https://example.com/' },
    ];
    for (const url of refused) {
      await expect(openExternal(url), String(url)).resolves.toBe(false);
    }
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('reports false when the shell fails', async () => {
    electron.shell.openExternal.mockImplementation(() => Promise.reject(new Error('no browser')));
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(openExternal('https://example.com/')).resolves.toBe(false);
    expect(spy).toHaveBeenCalledOnce();
    spy.mockRestore();
  });

  it('accepts only https in the pure check', () => {
    expect(isSafeExternalUrl('https://example.com')).toBe(true);
    expect(isSafeExternalUrl('HTTPS://EXAMPLE.COM/')).toBe(true);
    expect(isSafeExternalUrl('https://example.com:8443/x')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(false);
  });
});

describe('renderer session', () => {
  function hardened(isPackaged: boolean) {
    const ses = fakeSession();
    hardenSession(ses as unknown as Session, isPackaged);
    return ses;
  }

  function cancelled(ses: ReturnType<typeof fakeSession>, url: string): boolean | undefined {
    let answer: { cancel?: boolean } | undefined;
    ses.beforeRequest?.({ url }, (response) => {
      answer = response;
    });
    if (answer === undefined) throw new Error('onBeforeRequest did not answer');
    return answer.cancel;
  }

  it('denies every permission request and check', () => {
    const ses = hardened(true);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) {
      const callback = vi.fn();
      ses.permissionRequest?.({}, permission, callback, {});
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(ses.permissionCheck?.(null, permission, 'app://sealbook', {}), permission).toBe(false);
    }
    expect(ses.devicePermission?.({ deviceType: 'usb' })).toBe(false);
    const streams = vi.fn();
    ses.displayMedia?.({}, streams);
    expect(streams).toHaveBeenCalledWith(null);
  });

  it('cancels http, https, ws, wss, file and ftp; lets app, data and blob through', () => {
    const ses = hardened(true);
    for (const url of ['http://example.com/', 'https://example.com/x.js', 'ws://127.0.0.1:1/', 'wss://example.com/', 'file:///etc/passwd', 'ftp://x/', 'HTTPS://EXAMPLE.COM/', 'devtools://devtools/bundled/x.html']) {
      expect(cancelled(ses, url), url).toBe(true);
    }
    for (const url of ['app://sealbook/index.html', 'APP://sealbook/assets/a.js', 'data:image/png;base64,AA==', 'blob:app://sealbook/123']) {
      expect(cancelled(ses, url), url).toBe(false);
    }
  });

  it('lets DevTools pages load only while developing', () => {
    expect(cancelled(hardened(false), 'devtools://devtools/bundled/x.html')).toBe(false);
    expect(isAllowedRendererRequest('devtools://x', true)).toBe(false);
    expect(isAllowedRendererRequest('no-colon-at-all', false)).toBe(false);
  });
});

describe('navigation guards', () => {
  it('apply to every webContents the app creates, once each', () => {
    guardAllWebContents();
    const contents = new FakeWebContents();
    electron.app.emit('web-contents-created', new FakeEvent(), contents);
    electron.app.emit('web-contents-created', new FakeEvent(), contents);
    expect(contents.listenerCount('will-navigate')).toBe(1);
    const event = new FakeEvent();
    contents.emit('will-navigate', event, 'app://sealbook/other.html');
    expect(event.defaultPrevented).toBe(true);
    expect(contents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('make an attached webview safe even if preventDefault were ignored', () => {
    const contents = new FakeWebContents();
    installNavigationGuards(contents as unknown as WebContents);
    const prefs: Record<string, unknown> = {
      preload: '/evil.js',
      nodeIntegration: true,
      nodeIntegrationInSubFrames: true,
      contextIsolation: false,
      sandbox: false,
      webSecurity: false,
      allowRunningInsecureContent: true,
    };
    const event = new FakeEvent();
    contents.emit('will-attach-webview', event, prefs, {});
    expect(event.defaultPrevented).toBe(true);
    expect(prefs).toEqual({
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
  });

  it('prevents redirects', () => {
    const contents = new FakeWebContents();
    installNavigationGuards(contents as unknown as WebContents);
    const event = new FakeEvent();
    contents.emit('will-redirect', event, 'https://evil.example/');
    expect(event.defaultPrevented).toBe(true);
  });
});
