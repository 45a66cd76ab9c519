import { requireVaultSession, updateMfaHint } from '../../core/people/app-vault.js';
import { beginMfa, confirmMfa, disableMfa } from '../../core/people/mfa.js';
import { getUser } from '../../core/people/user-store.js';
import { addUser, listUsers, resetPassword, updateUser } from '../../core/people/users.js';
import type { HandlerMap } from '../handlers.js';

export const userHandlers: HandlerMap<
  'users.list' | 'users.add' | 'users.update' | 'users.resetPassword' | 'mfa.begin' | 'mfa.confirm' | 'mfa.disable'
> = {
  'users.list': (_input, ctx) => listUsers(requireVaultSession(ctx.session)),
  'users.add': (input, ctx) => addUser(requireVaultSession(ctx.session), input, ctx.app.now()),
  'users.update': (input, ctx) => updateUser(requireVaultSession(ctx.session), input),
  'users.resetPassword': (input, ctx) => resetPassword(requireVaultSession(ctx.session), input),

  'mfa.begin': (_input, ctx) => {
    const session = requireVaultSession(ctx.session);
    return beginMfa(session.db, getUser(session.db, session.userId), session.vault.folder.header.company);
  },
  'mfa.confirm': ({ code }, ctx) => {
    const session = requireVaultSession(ctx.session);
    const recoveryCodes = session.transaction(() => {
      const codes = confirmMfa(session.db, getUser(session.db, session.userId), code, ctx.app.now(), session.vault.folder.header.company);
      session.audit({ action: 'mfa.enrolled', subject: session.userName });
      return codes;
    });
    updateMfaHint(session.vault.folder, session.userName, true);
    return { recoveryCodes };
  },
  'mfa.disable': (_input, ctx) => {
    const session = requireVaultSession(ctx.session);
    session.transaction(() => {
      disableMfa(session.db, session.userId);
      session.audit({ action: 'mfa.disabled', subject: session.userName });
    });
    updateMfaHint(session.vault.folder, session.userName, false);
    return null;
  },
};
