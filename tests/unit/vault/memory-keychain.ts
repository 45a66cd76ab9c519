import type { Keychain } from '../../../src-main/core/vault/keychain.js';

/** An in-memory Keychain for unit tests and benches that must run without a Secret Service. */
export class MemoryKeychain implements Keychain {
  readonly entries = new Map<string, string>();

  getSecret(account: string): Promise<Buffer | null> {
    const value = this.entries.get(account);
    return Promise.resolve(value === undefined ? null : Buffer.from(value, 'base64'));
  }

  setSecret(account: string, secret: Buffer): Promise<void> {
    this.entries.set(account, secret.toString('base64'));
    return Promise.resolve();
  }

  deleteSecret(account: string): Promise<void> {
    this.entries.delete(account);
    return Promise.resolve();
  }
}
