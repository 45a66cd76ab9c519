import { UnavailableError } from '../errors.js';

/**
 * Where a vault's device secret lives (DESIGN §2): apart from the data, so a
 * vault folder copied to another machine does not open with the password.
 */
export interface Keychain {
  getSecret(account: string): Promise<Buffer | null>;
  setSecret(account: string, secret: Buffer): Promise<void>;
  deleteSecret(account: string): Promise<void>;
}

export const KEYCHAIN_SERVICE = 'Sealbook';

/** The keychain account that holds a vault's device secret. */
export function vaultAccount(vaultId: string): string {
  return `vault:${vaultId}`;
}

interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

function unavailableMessage(): string {
  switch (process.platform) {
    case 'linux':
      return (
        'No system keychain answered. Install and start a Secret Service keyring ' +
        '(gnome-keyring, or KeePassXC with Secret Service integration enabled), unlock it, and try again.'
      );
    case 'darwin':
      return 'The macOS Keychain did not answer. Unlock your login keychain in Keychain Access and try again.';
    case 'win32':
      return 'The Windows Credential Manager did not answer. Sign in to Windows normally and try again.';
    default:
      return 'No system keychain is available on this computer. Install one that offers the Secret Service API and try again.';
  }
}

/** Keeps the cause for the log but shows only what the person can act on. */
function unavailable(cause: unknown): UnavailableError {
  const error = new UnavailableError(unavailableMessage(), { needs: 'keychain' });
  error.cause = cause;
  return error;
}

let keytarPromise: Promise<KeytarApi> | null = null;

/**
 * keytar is loaded on first use: a vault that is password-only, or a CLI
 * command that never touches the keychain, must not fail because libsecret
 * or D-Bus is missing.
 */
async function loadKeytar(): Promise<KeytarApi> {
  keytarPromise ??= import('keytar').then(
    (mod: KeytarApi & { default?: KeytarApi }) => mod.default ?? mod,
    (error: unknown) => {
      keytarPromise = null;
      throw unavailable(error);
    },
  );
  return keytarPromise;
}

async function call<T>(fn: (keytar: KeytarApi) => Promise<T>): Promise<T> {
  const keytar = await loadKeytar();
  try {
    return await fn(keytar);
  } catch (error) {
    throw unavailable(error);
  }
}

/** The OS keychain through keytar (service `Sealbook`), secrets stored as base64. */
export function systemKeychain(): Keychain {
  return {
    async getSecret(account) {
      const value = await call((k) => k.getPassword(KEYCHAIN_SERVICE, account));
      return value === null ? null : Buffer.from(value, 'base64');
    },
    async setSecret(account, secret) {
      await call((k) => k.setPassword(KEYCHAIN_SERVICE, account, secret.toString('base64')));
    },
    async deleteSecret(account) {
      await call((k) => k.deletePassword(KEYCHAIN_SERVICE, account));
    },
  };
}
