import { sessionInfo, vaultSummary } from '../../core/people/app-vault.js';
import { checkPassword } from '../../core/people/password-policy.js';
import type { HandlerMap } from '../handlers.js';

export const appHandlers: HandlerMap<'app.info' | 'app.recentVaults' | 'password.check'> = {
  'app.info': (_input, { app }) => ({
    version: app.version,
    mode: app.mode,
    vault: app.vault ? vaultSummary(app.vault) : null,
    session: sessionInfo(app.session),
  }),
  'app.recentVaults': (_input, { app }) => app.recentVaults.list(),
  'password.check': ({ password, userInputs }) => checkPassword(password, userInputs),
};
