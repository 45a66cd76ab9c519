import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A stand-in for the `electron` module (its binary cannot run here). Each
 * test file mocks `electron` with `electronStub()`; the module instance is
 * shared with the test through this file, so assertions see the same fakes.
 */

export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export interface FakeFrame {
  url: string;
  origin: string;
  parent: FakeFrame | null;
}

export function topFrame(url = 'app://sealbook/index.html', origin = 'app://sealbook'): FakeFrame {
  return { url, origin, parent: null };
}

type OpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  url = 'app://sealbook/index.html';
  destroyed = false;
  readonly sent: unknown[][] = [];
  readonly mainFrame: FakeFrame = topFrame();
  openHandler: OpenHandler | null = null;

  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly instances: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.instances.filter((window) => !window.closed);
  }

  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  closed = false;
  minimized = false;
  focused = false;
  shown = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  focus(): void {
    this.focused = true;
  }
}

export type BeforeRequest = (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;

export function fakeSession() {
  return {
    permissionRequest: null as null | ((...args: unknown[]) => void),
    permissionCheck: null as null | ((...args: unknown[]) => boolean),
    devicePermission: null as null | ((...args: unknown[]) => boolean),
    displayMedia: null as null | ((request: unknown, callback: (streams: unknown) => void) => void),
    beforeRequest: null as null | BeforeRequest,
    setPermissionRequestHandler(handler: (...args: unknown[]) => void) {
      this.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler: (...args: unknown[]) => boolean) {
      this.permissionCheck = handler;
    },
    setDevicePermissionHandler(handler: (...args: unknown[]) => boolean) {
      this.devicePermission = handler;
    },
    setDisplayMediaRequestHandler(handler: (request: unknown, callback: (streams: unknown) => void) => void) {
      this.displayMedia = handler;
    },
    get webRequest() {
      return {
        onBeforeRequest: (listener: BeforeRequest) => {
          this.beforeRequest = listener;
        },
      };
    },
  };
}

export type IpcListener = (event: unknown, ...args: unknown[]) => unknown;

function fakeApp() {
  return Object.assign(new EventEmitter(), {
    isPackaged: false,
    quit: vi.fn(),
    exit: vi.fn(),
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
    getVersion: () => '0.1.0-test',
    getPath: vi.fn(() => '/tmp/sealbook-test-user-data'),
    getAppPath: () => '/opt/sealbook',
    whenReady: vi.fn(() => Promise.resolve()),
  });
}

export function electronStub() {
  const ipcMainHandlers = new Map<string, IpcListener>();
  const rendererListeners = new Map<string, Set<IpcListener>>();
  return {
    app: fakeApp(),
    BrowserWindow: FakeBrowserWindow,
    shell: { openExternal: vi.fn((_url: string) => Promise.resolve()) },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: { defaultSession: fakeSession() },
    powerMonitor: new EventEmitter(),
    Menu: {
      setApplicationMenu: vi.fn(),
      buildFromTemplate: vi.fn((template: unknown) => ({ template })),
    },
    ipcMainHandlers,
    ipcMain: {
      handle: vi.fn((channel: string, listener: IpcListener) => {
        ipcMainHandlers.set(channel, listener);
      }),
      removeHandler: vi.fn((channel: string) => {
        ipcMainHandlers.delete(channel);
      }),
    },
    rendererListeners,
    ipcRenderer: {
      invoke: vi.fn((..._args: unknown[]) => Promise.resolve({ ok: true, value: 'from-main' })),
      on: vi.fn((channel: string, listener: IpcListener) => {
        const set = rendererListeners.get(channel) ?? new Set<IpcListener>();
        set.add(listener);
        rendererListeners.set(channel, set);
      }),
      removeListener: vi.fn((channel: string, listener: IpcListener) => {
        rendererListeners.get(channel)?.delete(listener);
      }),
    },
    contextBridge: { exposeInMainWorld: vi.fn() },
    webUtils: { getPathForFile: vi.fn((file: { name: string }) => `/dropped/${file.name}`) },
  };
}

/** The one stub every test file's `vi.mock('electron', ...)` returns. */
export const electron = electronStub();
