import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the app keeps its own small state (recent vaults), per OS convention. */
export function defaultAppDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SEALBOOK_DATA_DIR) return env.SEALBOOK_DATA_DIR;
  switch (process.platform) {
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Sealbook');
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'Sealbook');
    default:
      return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Sealbook');
  }
}
