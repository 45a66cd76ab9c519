import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, FakeEvent, electron } from './fakes.js';
import { createMainWindow } from '../../../src-main/electron/window.js';

vi.mock('electron', async () => (await import('./fakes.js')).electron);

function lastWindow(): FakeBrowserWindow {
  const window = FakeBrowserWindow.instances.at(-1);
  if (!window) throw new Error('no window was created');
  return window;
}

function prefsOf(window: FakeBrowserWindow): Record<string, unknown> {
  return window.options.webPreferences as Record<string, unknown>;
}

beforeEach(() => {
  electron.app.isPackaged = false;
  electron.shell.openExternal.mockClear();
});

describe('main window', () => {
  it('turns every renderer hardening flag on and Node off', () => {
    const window = createMainWindow({ preloadPath: '/opt/sealbook/dist/main/preload.cjs' });
    expect(window).toBe(lastWindow());
    const prefs = prefsOf(lastWindow());
    expect(prefs).toMatchObject({
      preload: '/opt/sealbook/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('allows DevTools only when not packaged', () => {
    createMainWindow({ preloadPath: '/p.cjs' });
    expect(prefsOf(lastWindow()).devTools).toBe(true);
    electron.app.isPackaged = true;
    createMainWindow({ preloadPath: '/p.cjs' });
    expect(prefsOf(lastWindow()).devTools).toBe(false);
  });

  it('loads the app from app://sealbook and shows it when ready', () => {
    createMainWindow({ preloadPath: '/p.cjs' });
    const window = lastWindow();
    expect(window.loaded).toEqual(['app://sealbook/index.html']);
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('prevents navigation, redirects and webviews, and denies new windows', () => {
    createMainWindow({ preloadPath: '/p.cjs' });
    const contents = lastWindow().webContents;
    for (const name of ['will-navigate', 'will-redirect']) {
      const event = new FakeEvent();
      contents.emit(name, event, 'https://evil.example/');
      expect(event.defaultPrevented, name).toBe(true);
    }
    const attach = new FakeEvent();
    const webPreferences: Record<string, unknown> = { preload: '/evil.js', nodeIntegration: true };
    contents.emit('will-attach-webview', attach, webPreferences, { src: 'https://evil.example/' });
    expect(attach.defaultPrevented).toBe(true);
    expect(webPreferences).not.toHaveProperty('preload');
    expect(webPreferences.nodeIntegration).toBe(false);
    expect(contents.openHandler?.({ url: 'app://sealbook/index.html' })).toEqual({ action: 'deny' });
  });

  it('routes https window.open links to the system browser, still denying the window', () => {
    createMainWindow({ preloadPath: '/p.cjs' });
    const open = lastWindow().webContents.openHandler;
    expect(open?.({ url: 'https://example.com/help' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal.mock.calls).toEqual([['https://example.com/help']]);
  });

  it('keeps webPreferences an inline literal that electronegativity can read', () => {
    const source = readFileSync(new URL('../../../src-main/electron/window.ts', import.meta.url), 'utf8');
    expect(source).toMatch(/new BrowserWindow\(\{[\s\S]*webPreferences: \{[\s\S]*sandbox: true,/);
  });
});
