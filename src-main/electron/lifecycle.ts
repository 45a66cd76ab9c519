import { join } from 'node:path';
import { BrowserWindow, Menu, app, powerMonitor, session } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import { AppState } from '../core/app.js';
import { installRecurringRuns } from '../ipc/background.js';
import { installBackupSchedule } from '../ipc/backup-schedule.js';
import { installReceiptsBackground } from '../core/receipts/background.js';
import { createDispatcher } from '../ipc/dispatcher.js';
import { createHandlers } from '../ipc/registry.js';
import { forwardEvents, registerIpc } from './ipc.js';
import { handleAppProtocol, registerAppScheme } from './protocol.js';
import { guardAllWebContents, hardenSession } from './security.js';
import { createMainWindow } from './window.js';

/** Where the build puts things, relative to the app root (package.json). */
export function shellPaths(appRoot: string): { readonly rendererDir: string; readonly preloadPath: string } {
  return {
    rendererDir: join(appRoot, 'dist', 'renderer'),
    preloadPath: join(appRoot, 'dist', 'main', 'preload.cjs'),
  };
}

/** macOS needs App and Edit menus for Quit and clipboard shortcuts; elsewhere no menu at all. */
export function applicationMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] | null {
  if (platform !== 'darwin') return null;
  return [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }];
}

/**
 * Starts the Electron face. Everything that must happen before `ready`
 * (privileged scheme, sandbox for all renderers, single-instance lock) runs
 * synchronously here; the rest once the app is ready.
 */
export function startShell(platform: NodeJS.Platform = process.platform): void {
  registerAppScheme();
  app.enableSandbox();
  // A second Sealbook on the same vault would fight over the DB and the session.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  let mainWindow: BrowserWindow | null = null;
  const state = new AppState({ mode: 'electron', version: app.getVersion(), appDataDir: app.getPath('userData') });
  const { rendererDir, preloadPath } = shellPaths(app.getAppPath());

  const openWindow = (): void => {
    const window = createMainWindow({ preloadPath });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
  };

  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  guardAllWebContents();

  app.on('window-all-closed', () => {
    // macOS convention: the app stays in the dock until Cmd+Q; the vault locks anyway.
    state.lockSession('user');
    if (platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    state.lockSession('user');
  });

  void app
    .whenReady()
    .then(() => {
      hardenSession(session.defaultSession);
      handleAppProtocol(rendererDir);
      const template = applicationMenuTemplate(platform);
      Menu.setApplicationMenu(template === null ? null : Menu.buildFromTemplate(template));

      const dispatcher = createDispatcher(state, createHandlers());
      registerIpc(dispatcher);
      installRecurringRuns(state, (message, error) => console.error(message, error));
      installBackupSchedule(state, (message, error) => console.error(message, error));
      installReceiptsBackground(state, (message, error) => console.error(message, error));
      forwardEvents(state, () => mainWindow?.webContents ?? null);
      powerMonitor.on('suspend', () => {
        state.lockSession('suspend');
      });
      powerMonitor.on('lock-screen', () => {
        state.lockSession('screen-lock');
      });

      openWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openWindow();
      });
    })
    .catch((error: unknown) => {
      console.error('[sealbook] Sealbook could not start', error);
      app.exit(1);
    });
}
