import { randomBytes, randomUUID } from 'node:crypto';
import { UnavailableError, ValidationError } from '../errors.js';
import type { KdfParams, Unlocker, VaultHeader } from './header.js';
import type { Keychain } from './keychain.js';
import { vaultAccount } from './keychain.js';
import {
  constantTimeEqual,
  decrypt,
  deriveKek,
  deriveVmkKeys,
  deviceCheck,
  encrypt,
  generateX25519,
  openSealed,
  sealTo,
  zero,
} from './keys.js';
import { recoveryKeyPair } from './recovery-key.js';

/**
 * Unlockers (DESIGN §2): each holds the VMK sealed to its X25519 public key.
 * A password unlocker also holds its private key under the user's KEK; the
 * recovery unlocker's private key is derived from the recovery key itself.
 */

const SALT_BYTES = 16;
const b64 = (b: Buffer): string => b.toString('base64');
export const unb64 = (s: string): Buffer => Buffer.from(s, 'base64');

// Associated data binds every box to its vault and unlocker, so boxes cannot be swapped between them.
const vmkAad = (vaultId: string, unlockerId: string): string => `vmk/${vaultId}/${unlockerId}`;
const privateKeyAad = (vaultId: string, unlockerId: string): string => `private-key/${vaultId}/${unlockerId}`;
const dataKeyAad = (vaultId: string): string => `data-key/${vaultId}`;

export interface UserRef {
  readonly userId: string;
  readonly userName: string;
}

export async function makePasswordUnlocker(args: {
  vaultId: string;
  vmk: Buffer;
  user: UserRef;
  password: string;
  deviceSecret: Buffer | null;
  kdf: KdfParams;
}): Promise<Unlocker> {
  const id = randomUUID();
  const pair = generateX25519();
  const salt = randomBytes(SALT_BYTES);
  const kek = await deriveKek(args.password, salt, args.deviceSecret, args.kdf);
  try {
    return {
      id,
      kind: 'password',
      userId: args.user.userId,
      userName: args.user.userName.normalize('NFC'),
      publicKey: b64(pair.publicKey),
      sealedVmk: b64(sealTo(pair.publicKey, args.vmk, vmkAad(args.vaultId, id))),
      salt: b64(salt),
      encryptedPrivateKey: b64(encrypt(kek, pair.privateKey, privateKeyAad(args.vaultId, id))),
      ...(args.deviceSecret ? { boundTo: b64(deviceCheck(args.deviceSecret, args.vaultId)) } : {}),
    };
  } finally {
    zero(kek, pair.privateKey);
  }
}

export function makeRecoveryUnlocker(vaultId: string, vmk: Buffer, recoverySecret: Buffer): Unlocker {
  const id = randomUUID();
  const pair = recoveryKeyPair(recoverySecret);
  zero(pair.privateKey);
  return {
    id,
    kind: 'recovery',
    publicKey: b64(pair.publicKey),
    sealedVmk: b64(sealTo(pair.publicKey, vmk, vmkAad(vaultId, id))),
  };
}

/**
 * The private key of a password unlocker, or null on a wrong password. When
 * `unlocker` is undefined (unknown user) the KDF still runs on a throwaway
 * salt, so the answer takes as long and says the same.
 */
export async function openPasswordUnlocker(
  vaultId: string,
  unlocker: Unlocker | undefined,
  password: string,
  deviceSecret: Buffer | null,
  kdf: KdfParams,
): Promise<Buffer | null> {
  const salt = unlocker?.salt === undefined ? randomBytes(SALT_BYTES) : unb64(unlocker.salt);
  const kek = await deriveKek(password, salt, deviceSecret, kdf);
  try {
    if (unlocker?.encryptedPrivateKey === undefined) return null;
    return decrypt(kek, unb64(unlocker.encryptedPrivateKey), privateKeyAad(vaultId, unlocker.id));
  } finally {
    zero(kek);
  }
}

/** The current VMK and, while a rotation is unfinished, the previous one. */
export function unsealVmks(vaultId: string, unlocker: Unlocker, privateKey: Buffer): { current: Buffer; previous: Buffer | null } {
  const aad = vmkAad(vaultId, unlocker.id);
  const current = openSealed(privateKey, unb64(unlocker.sealedVmk), aad);
  if (!current) {
    throw new ValidationError('The vault header is damaged (a sealed key does not open). Restore the vault from a backup.');
  }
  const previous = unlocker.previousSealedVmk === undefined ? null : openSealed(privateKey, unb64(unlocker.previousSealedVmk), aad);
  return { current, previous };
}

/** Rotation needs no password: the new VMK is sealed to each public key. */
export function resealUnlocker(vaultId: string, unlocker: Unlocker, vmk: Buffer): Unlocker {
  return {
    ...unlocker,
    previousSealedVmk: unlocker.sealedVmk,
    sealedVmk: b64(sealTo(unb64(unlocker.publicKey), vmk, vmkAad(vaultId, unlocker.id))),
  };
}

export function wrapDataKey(vaultId: string, vmk: Buffer, dataKey: Buffer): string {
  const { db, wrap } = deriveVmkKeys(vmk);
  try {
    return b64(encrypt(wrap, dataKey, dataKeyAad(vaultId)));
  } finally {
    zero(db, wrap);
  }
}

export function unwrapDataKey(vaultId: string, vmk: Buffer, wrapped: string): Buffer {
  const { db, wrap } = deriveVmkKeys(vmk);
  try {
    const dataKey = decrypt(wrap, unb64(wrapped), dataKeyAad(vaultId));
    if (!dataKey) throw new ValidationError('The vault header is damaged (the data key does not open). Restore the vault from a backup.');
    return dataKey;
  } finally {
    zero(db, wrap);
  }
}

/**
 * This device's secret for the vault, or null for a password-only vault.
 * A missing entry, or one left from an earlier copy of the vault, means the
 * password alone cannot open it here: the recovery key can.
 */
export async function deviceSecretFor(header: VaultHeader, keychain: Keychain): Promise<Buffer | null> {
  if (header.passwordOnly) return null;
  const secret = await keychain.getSecret(vaultAccount(header.vaultId));
  if (secret && header.deviceCheck !== undefined && constantTimeEqual(deviceCheck(secret, header.vaultId), unb64(header.deviceCheck))) {
    return secret;
  }
  zero(secret);
  throw new UnavailableError(
    `This device's key for the vault "${header.company}" is missing from the system keychain (the vault was copied or restored here, or the keychain entry was deleted). Open the vault with its recovery key, then set a new password.`,
    { needs: 'recovery' },
  );
}

/** True when the unlocker was made with another device secret than the vault's current one. */
export function boundElsewhere(header: VaultHeader, unlocker: Unlocker | undefined): boolean {
  return (
    unlocker?.boundTo !== undefined &&
    header.deviceCheck !== undefined &&
    !constantTimeEqual(unb64(unlocker.boundTo), unb64(header.deviceCheck))
  );
}
