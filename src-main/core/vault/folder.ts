import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NotFoundError, UnauthenticatedError } from '../errors.js';
import { HEADER_FILE, readHeader, writeHeader } from './header.js';
import type { VaultHeader } from './header.js';
import type { Keychain } from './keychain.js';
import { zero } from './keys.js';
import { parseRecoveryKey, recoveryKeyPair } from './recovery-key.js';
import { openUnlockedVault } from './unlocked.js';
import type { UnlockedVault } from './unlocked.js';
import { boundElsewhere, deviceSecretFor, openPasswordUnlocker, unsealVmks } from './unlockers.js';

export const DB_FILE = 'vault.db';

const WRONG_LOGIN = 'Wrong user name or password.';

/** A vault folder on disk, not yet unlocked: its public header and the ways to open it. */
export class VaultFolder {
  private current: VaultHeader;

  constructor(
    readonly dir: string,
    header: VaultHeader,
  ) {
    this.current = header;
  }

  /** The header as last read or written by this process. */
  get header(): VaultHeader {
    return this.current;
  }

  get dbPath(): string {
    return join(this.dir, DB_FILE);
  }

  /** Names of users who have a password unlocker, in header order. */
  userNames(): string[] {
    return this.current.unlockers.flatMap((u) => (u.kind === 'password' && u.userName !== undefined ? [u.userName] : []));
  }

  /** Re-reads the header from disk (another process may have written it). */
  reload(): VaultHeader {
    this.current = readHeader(this.dir);
    return this.current;
  }

  /** Read, change, validate and write atomically; `mutate` must return a new header. */
  updateHeader(mutate: (header: VaultHeader) => VaultHeader): void {
    const next = mutate(this.reload());
    writeHeader(this.dir, next);
    this.current = next;
  }

  /**
   * UnauthenticatedError('Wrong user name or password.') for an unknown user
   * or a wrong password alike; UnavailableError when this device's key is
   * missing from the keychain (then the recovery key opens the vault).
   */
  async unlockWithPassword(userName: string, password: string, keychain: Keychain): Promise<UnlockedVault> {
    const header = this.reload();
    const deviceSecret = await deviceSecretFor(header, keychain);
    const name = userName.normalize('NFC');
    const unlocker = header.unlockers.find((u) => u.kind === 'password' && u.userName === name);
    let privateKey: Buffer | null;
    try {
      privateKey = await openPasswordUnlocker(header.vaultId, unlocker, password, deviceSecret, header.kdf);
    } finally {
      zero(deviceSecret);
    }
    if (!privateKey || !unlocker) {
      if (boundElsewhere(header, unlocker)) {
        throw new UnauthenticatedError(
          'Your password was set before this vault was recovered on this device. Ask the vault owner to reset your password.',
        );
      }
      throw new UnauthenticatedError(WRONG_LOGIN);
    }
    const vmks = unsealWith(header, unlocker, privateKey);
    const { userId, userName: storedName } = unlocker;
    const by = { unlockerId: unlocker.id, kind: 'password' as const, ...(userId ? { userId } : {}), ...(storedName ? { userName: storedName } : {}) };
    return openUnlockedVault(this, vmks, keychain, by);
  }

  /** Opens with the recovery key alone; then set the owner's password with `bindToThisDevice`. */
  unlockWithRecoveryKey(recoveryKey: string, keychain: Keychain): Promise<UnlockedVault> {
    // Async for symmetry with password unlock; the work itself is synchronous.
    return new Promise((resolve) => {
      resolve(this.openWithRecoveryKey(recoveryKey, keychain));
    });
  }

  private openWithRecoveryKey(recoveryKey: string, keychain: Keychain): UnlockedVault {
    const header = this.reload();
    const secret = parseRecoveryKey(recoveryKey);
    const pair = recoveryKeyPair(secret);
    zero(secret);
    const unlocker = header.unlockers.find((u) => u.kind === 'recovery' && u.publicKey === pair.publicKey.toString('base64'));
    if (!unlocker) {
      zero(pair.privateKey);
      throw new UnauthenticatedError('This recovery key does not belong to this vault. Check that you chose the right vault folder and Recovery Kit.');
    }
    const vmks = unsealWith(header, unlocker, pair.privateKey);
    return openUnlockedVault(this, vmks, keychain, { unlockerId: unlocker.id, kind: 'recovery' });
  }
}

function unsealWith(header: VaultHeader, unlocker: VaultHeader['unlockers'][number], privateKey: Buffer) {
  try {
    return unsealVmks(header.vaultId, unlocker, privateKey);
  } finally {
    zero(privateKey);
  }
}

export function isVaultFolder(dir: string): boolean {
  return existsSync(join(dir, HEADER_FILE));
}

export function readVaultFolder(dir: string): VaultFolder {
  if (!isVaultFolder(dir)) {
    throw new NotFoundError(`There is no Sealbook vault in ${dir} (no ${HEADER_FILE}). Choose the folder that holds vault.json.`);
  }
  return new VaultFolder(dir, readHeader(dir));
}
