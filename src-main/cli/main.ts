import { AppState } from '../core/app.js';
import { defaultAppDataDir } from '../core/paths.js';
import { createDispatcher } from '../ipc/dispatcher.js';
import { createHandlers } from '../ipc/registry.js';
import { runCli } from './run.js';
import { APP_VERSION } from '../core/version.js';

async function main(): Promise<void> {
  const app = new AppState({ mode: 'cli', version: APP_VERSION, appDataDir: defaultAppDataDir() });
  const debug = process.env.SEALBOOK_DEBUG === '1';
  const dispatcher = createDispatcher(app, createHandlers(), {
    log: (message, error) => {
      if (debug) console.error(message, error);
    },
  });
  process.exitCode = await runCli(process.argv.slice(2), dispatcher, {
    stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    env: process.env,
    cwd: process.cwd(),
  });
}

void main();
