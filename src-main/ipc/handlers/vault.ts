import { randomUUID } from 'node:crypto';
import { closeVault, openVaultFolder, requireVaultSession, startSession, useVault } from '../../core/people/app-vault.js';
import { assertStrongPassword } from '../../core/people/password-policy.js';
import { Session } from '../../core/people/session.js';
import { recoverSession } from '../../core/people/unlock.js';
import { insertOwner } from '../../core/people/users.js';
import { readVaultFolder } from '../../core/vault/folder.js';
import { renderRecoveryKit } from '../../core/vault/recovery-kit.js';
import { createVault } from '../../core/vault/vault.js';
import type { HandlerMap } from '../handlers.js';

export const vaultHandlers: HandlerMap<
  'vault.create' | 'vault.open' | 'vault.close' | 'vault.recover' | 'vault.rotateKey' | 'vault.replaceRecoveryKey'
> = {
  'vault.create': async (input, { app }) => {
    assertStrongPassword(input.password, 'password', [input.owner, input.company]);
    app.lockSession('user');
    const now = app.now();
    const userId = randomUUID();
    const { vault, recoveryKey } = await createVault({
      dir: input.dir,
      company: input.company,
      keychain: app.keychain,
      passwordOnly: input.passwordOnly,
      owner: { userId, userName: input.owner, password: input.password },
      now,
    });
    const vaultId = vault.folder.header.vaultId;
    const session = new Session(app, vault, userId, input.owner, 'owner');
    let kit: Uint8Array;
    try {
      session.transaction(() => {
        insertOwner(session, now);
        session.audit({ action: 'vault.created', subject: input.company, details: { vaultId, passwordOnly: input.passwordOnly } });
      });
      kit = await renderRecoveryKit({ company: input.company, vaultId, createdAt: now, recoveryKey });
    } catch (error) {
      session.end();
      throw error;
    }
    useVault(app, vault.folder);
    startSession(app, session);
    return { vaultId, recoveryKey, recoveryKitPdf: Buffer.from(kit).toString('base64') };
  },
  'vault.open': ({ dir }, { app }) => openVaultFolder(app, dir),
  'vault.close': (_input, { app }) => {
    closeVault(app);
    return null;
  },
  'vault.recover': async (input, { app }) => {
    app.lockSession('user');
    const folder = readVaultFolder(input.dir);
    const session = await recoverSession(app, folder, app.keychain, input);
    useVault(app, folder);
    return startSession(app, session);
  },
  'vault.rotateKey': async (_input, ctx) => {
    const session = requireVaultSession(ctx.session);
    await session.vault.rotateMasterKey();
    const rotatedAt = ctx.app.now().toISOString();
    // PRAGMA rekey cannot run inside a transaction: the audit row follows the finished rotation.
    session.audit({ action: 'vault.keyRotated', details: { unlockers: session.vault.folder.header.unlockers.length } });
    return { rotatedAt };
  },
  'vault.replaceRecoveryKey': async (_input, ctx) => {
    const session = requireVaultSession(ctx.session);
    const header = session.vault.folder.header;
    const recoveryKey = session.vault.replaceRecoveryKey();
    // A header copied earlier still holds the old key's seal of this master key: rotate it away.
    await session.vault.rotateMasterKey();
    session.audit({ action: 'vault.recoveryKeyReplaced', details: { vaultId: header.vaultId } });
    const kit = await renderRecoveryKit({ company: header.company, vaultId: header.vaultId, createdAt: ctx.app.now(), recoveryKey });
    return { recoveryKey, recoveryKitPdf: Buffer.from(kit).toString('base64') };
  },
};
