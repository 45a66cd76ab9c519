import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppState } from '../../../src-main/core/app.js';
import { applicationMenuTemplate, shellPaths, startShell } from '../../../src-main/electron/lifecycle.js';
import { FakeBrowserWindow, electron, topFrame } from './fakes.js';

vi.mock('electron', async () => (await import('./fakes.js')).electron);
// The shell only wires the registry; the features' handlers are tested elsewhere.
vi.mock('../../../src-main/ipc/registry.js', () => ({
  createHandlers: () => ({ 'app.info': () => ({ version: 'stub', mode: 'electron', vault: null, session: null }) }),
}));

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

beforeEach(() => {
  vi.restoreAllMocks();
  electron.app.removeAllListeners();
  electron.powerMonitor.removeAllListeners();
  electron.app.requestSingleInstanceLock.mockReturnValue(true);
  electron.app.quit.mockClear();
  electron.app.whenReady.mockClear();
  electron.Menu.setApplicationMenu.mockClear();
  electron.ipcMainHandlers.clear();
  FakeBrowserWindow.instances.splice(0);
});

describe('startShell', () => {
  it('prepares the scheme and the sandbox before ready, then opens one hardened window', async () => {
    startShell('linux');
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    expect(electron.app.enableSandbox).toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    await settle();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const window = FakeBrowserWindow.instances[0];
    expect((window?.options.webPreferences as Record<string, unknown>).preload).toBe('/opt/sealbook/dist/main/preload.cjs');
    expect(window?.loaded).toEqual(['app://sealbook/index.html']);
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(electron.session.defaultSession.permissionRequest).not.toBeNull();
    expect(electron.session.defaultSession.beforeRequest).not.toBeNull();
    expect(electron.app.listenerCount('web-contents-created')).toBe(1);
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
  });

  it('answers IPC from the window through the dispatcher and the registry', async () => {
    startShell('linux');
    await settle();
    const handler = electron.ipcMainHandlers.get('sealbook:invoke');
    const frame = topFrame();
    await expect(handler?.({ senderFrame: frame, sender: { mainFrame: frame } }, 'app.info', {})).resolves.toMatchObject({
      ok: true,
      value: { version: 'stub' },
    });
  });

  it('quits at once when another instance holds the lock', async () => {
    electron.app.requestSingleInstanceLock.mockReturnValue(false);
    startShell('linux');
    await settle();
    expect(electron.app.quit).toHaveBeenCalledOnce();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('brings the first window back when a second instance starts', async () => {
    startShell('linux');
    await settle();
    const window = FakeBrowserWindow.instances[0];
    if (!window) throw new Error('no window');
    window.minimized = true;
    electron.app.emit('second-instance');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('locks the session on suspend and on screen lock', async () => {
    const lock = vi.spyOn(AppState.prototype, 'lockSession');
    startShell('linux');
    await settle();
    electron.powerMonitor.emit('suspend');
    electron.powerMonitor.emit('lock-screen');
    expect(lock.mock.calls).toEqual([['suspend'], ['screen-lock']]);
  });

  it('quits when the last window closes, except on macOS', async () => {
    const lock = vi.spyOn(AppState.prototype, 'lockSession');
    startShell('linux');
    await settle();
    electron.app.emit('window-all-closed');
    expect(electron.app.quit).toHaveBeenCalledOnce();
    expect(lock).toHaveBeenCalledWith('user');

    electron.app.removeAllListeners();
    electron.app.quit.mockClear();
    startShell('darwin');
    await settle();
    electron.app.emit('window-all-closed');
    expect(electron.app.quit).not.toHaveBeenCalled();
  });

  it('reopens a window on activate when none is left', async () => {
    startShell('darwin');
    await settle();
    const first = FakeBrowserWindow.instances[0];
    if (!first) throw new Error('no window');
    electron.app.emit('activate');
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    first.closed = true;
    first.emit('closed');
    electron.app.emit('activate');
    expect(FakeBrowserWindow.instances).toHaveLength(2);
  });
});

describe('menu and paths', () => {
  it('has no menu outside macOS and only App, Edit and Window menus on macOS', () => {
    expect(applicationMenuTemplate('linux')).toBeNull();
    expect(applicationMenuTemplate('win32')).toBeNull();
    expect(applicationMenuTemplate('darwin')?.map((item) => item.role)).toEqual(['appMenu', 'editMenu', 'windowMenu']);
  });

  it('finds the renderer and the preload under dist/', () => {
    expect(shellPaths('/app')).toEqual({ rendererDir: '/app/dist/renderer', preloadPath: '/app/dist/main/preload.cjs' });
  });
});
