import { requireOpenVault, requireVaultSession, startSession } from '../../core/people/app-vault.js';
import { unlockSession, verifyOwnPassword } from '../../core/people/unlock.js';
import { changeOwnPassword } from '../../core/people/users.js';
import type { HandlerMap } from '../handlers.js';

export const sessionHandlers: HandlerMap<
  'session.unlock' | 'session.lock' | 'session.reauth' | 'session.touch' | 'session.changePassword'
> = {
  'session.unlock': async (input, { app }) => {
    const folder = requireOpenVault(app);
    app.lockSession('user');
    return startSession(app, await unlockSession(app, folder, app.keychain, input));
  },
  'session.lock': (_input, { app }) => {
    app.lockSession('user');
    return null;
  },
  'session.reauth': async ({ password }, ctx) => {
    await verifyOwnPassword(requireVaultSession(ctx.session), ctx.app.keychain, password, ctx.app.now());
    return null;
  },
  'session.touch': (_input, ctx) => {
    requireVaultSession(ctx.session).touch();
    return null;
  },
  'session.changePassword': async (input, ctx) => {
    const session = requireVaultSession(ctx.session);
    await changeOwnPassword(session, input, (password) => verifyOwnPassword(session, ctx.app.keychain, password, ctx.app.now()));
    return session.info();
  },
};
