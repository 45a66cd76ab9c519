import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppState } from '../core/app.js';
import { defaultAppDataDir } from '../core/paths.js';
import { APP_VERSION } from '../core/version.js';
import { installRecurringRuns } from '../ipc/background.js';
import { installBackupSchedule } from '../ipc/backup-schedule.js';
import { installReceiptsBackground } from '../core/receipts/background.js';
import { createDispatcher } from '../ipc/dispatcher.js';
import { createHandlers } from '../ipc/registry.js';
import { startBrowserHost } from './server.js';

/**
 * `npm start` where Electron cannot run: the same UI and dispatcher, served
 * to a browser on 127.0.0.1. Expects the bundles from `npm run build`.
 */
async function main(): Promise<void> {
  const dist = resolve(process.env.SEALBOOK_DIST ?? join(process.cwd(), 'dist'));
  const rendererDir = join(dist, 'renderer');
  const bridgeFile = join(dist, 'host', 'bridge.js');
  if (!existsSync(join(rendererDir, 'index.html')) || !existsSync(bridgeFile)) {
    process.stderr.write('The Sealbook UI is not built yet. Run `npm run build`, then start again.\n');
    process.exitCode = 1;
    return;
  }
  const app = new AppState({ mode: 'browser', version: APP_VERSION, appDataDir: defaultAppDataDir() });
  const dispatcher = createDispatcher(app, createHandlers());
  installRecurringRuns(app, (message, error) => console.error(message, error));
  installBackupSchedule(app, (message, error) => console.error(message, error));
  installReceiptsBackground(app, (message, error) => console.error(message, error));
  const port = Number(process.env.SEALBOOK_PORT ?? '0');
  const host = await startBrowserHost({ dispatcher, rendererDir, bridgeFile, port });
  process.stdout.write(`Sealbook is running in your browser at ${host.url}\n`);
  process.stdout.write('Keep this window open while you work; press Ctrl+C to stop.\n');
  const stop = (): void => {
    app.lockSession('user');
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
