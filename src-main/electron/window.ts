import { BrowserWindow, app } from 'electron';
import { APP_ENTRY_URL } from './origin.js';
import { installNavigationGuards } from './security.js';

export interface MainWindowOptions {
  /** Absolute path of the bundled, sandboxed preload (`dist/main/preload.cjs`). */
  readonly preloadPath: string;
}

/**
 * The one window. `webPreferences` stays an inline literal so that
 * electronegativity (which only reads literals) can check every flag.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Sealbook',
    backgroundColor: '#1f2328',
    webPreferences: {
      // Reviewed preload: bundled, sandboxed, exposes only invoke/subscribe (preload.ts).
      preload: options.preloadPath, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click would otherwise open links in a new window.
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  installNavigationGuards(window.webContents);
  window.once('ready-to-show', () => {
    window.show();
  });
  void window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    console.error('[sealbook] the window could not load the app', error);
  });
  return window;
}
