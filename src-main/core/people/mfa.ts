import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { MfaEnrollment } from '../../../src-shared/contract.js';
import { ConflictError, UnauthenticatedError, ValidationError } from '../errors.js';
import type { UserRecord } from './user-store.js';

export const RECOVERY_CODE_COUNT = 10;
const PERIOD_S = 30;
const BASE32 = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no I, O, 0, 1: easy to copy by hand

function totpFor(secret: string, company: string, userName: string): TOTP {
  return new TOTP({
    issuer: 'Sealbook',
    label: `${company} (${userName})`,
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1', // what every authenticator app supports (RFC 6238 default)
    digits: 6,
    period: PERIOD_S,
  });
}

/** Starts enrollment: a new secret, kept as pending until a code confirms it. */
export async function beginMfa(db: Database.Database, user: UserRecord, company: string): Promise<MfaEnrollment> {
  if (user.mfaSecret !== null) throw new ConflictError('Two-step sign-in is already on. Turn it off first to enroll a new device.');
  const secret = new Secret({ size: 20 }).base32;
  db.prepare<[string, string]>('UPDATE users SET mfa_pending_secret = ? WHERE id = ?').run(secret, user.id);
  const otpauthUrl = totpFor(secret, company, user.name).toString();
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, otpauthUrl, qrSvg };
}

/** The accepted time step for `code`, or null. One step of drift either way. */
function matchStep(secret: string, code: string, now: Date, company: string, userName: string): number | null {
  const timestamp = now.getTime();
  const delta = totpFor(secret, company, userName).validate({ token: code, timestamp, window: 1 });
  return delta === null ? null : Math.floor(timestamp / 1000 / PERIOD_S) + delta;
}

function hashRecoveryCode(userId: string, code: string): string {
  return createHash('sha256').update(`${userId}:${normalizeRecoveryCode(code)}`).digest('hex');
}

function normalizeRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => BASE32[b % BASE32.length] ?? 'A').join(''); // 32 divides 256: no bias
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Confirms enrollment with a first code; returns the ten recovery codes (shown once, stored hashed). */
export function confirmMfa(db: Database.Database, user: UserRecord, code: string, now: Date, company: string): string[] {
  const pending = user.mfaPendingSecret;
  if (pending === null) throw new ConflictError('Start the two-step sign-in setup first.');
  const step = matchStep(pending, code, now, company, user.name);
  if (step === null) {
    throw new ValidationError('That code does not match. Check the time on your phone and enter the current code.', {
      code: 'Code does not match.',
    });
  }
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  db.prepare<[string, number, string]>(
    'UPDATE users SET mfa_secret = ?, mfa_pending_secret = NULL, mfa_last_step = ? WHERE id = ?',
  ).run(pending, step, user.id);
  db.prepare<[string]>('DELETE FROM mfa_recovery_codes WHERE user_id = ?').run(user.id);
  const insert = db.prepare<[string, string]>('INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES (?, ?)');
  for (const c of codes) insert.run(user.id, hashRecoveryCode(user.id, c));
  return codes;
}

export function disableMfa(db: Database.Database, userId: string): void {
  db.prepare<[string]>(
    'UPDATE users SET mfa_secret = NULL, mfa_pending_secret = NULL, mfa_last_step = NULL WHERE id = ?',
  ).run(userId);
  db.prepare<[string]>('DELETE FROM mfa_recovery_codes WHERE user_id = ?').run(userId);
}

export type SecondFactor = 'totp' | 'recovery-code';

/**
 * Checks the second factor at unlock: a current TOTP code (each accepted
 * once) or an unused recovery code (then spent). Throws when neither holds.
 */
export function verifySecondFactor(
  db: Database.Database,
  user: UserRecord,
  input: string | undefined,
  now: Date,
  company: string,
): SecondFactor {
  const secret = user.mfaSecret;
  if (secret === null) throw new Error('verifySecondFactor called for a user without MFA');
  if (input === undefined || input.trim() === '') {
    throw new UnauthenticatedError('Enter the 6-digit code from your authenticator app, or a recovery code.', { needs: 'totp' });
  }
  const code = input.trim();
  if (/^\d{6}$/.test(code)) {
    const step = matchStep(secret, code, now, company, user.name);
    if (step !== null && (user.mfaLastStep === null || step > user.mfaLastStep)) {
      db.prepare<[number, string]>('UPDATE users SET mfa_last_step = ? WHERE id = ?').run(step, user.id);
      return 'totp';
    }
  } else {
    const spent = db
      .prepare<[string, string, string]>(
        'UPDATE mfa_recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL',
      )
      .run(now.toISOString(), user.id, hashRecoveryCode(user.id, code));
    if (spent.changes === 1) return 'recovery-code';
  }
  throw new UnauthenticatedError('That code is not valid (codes are used once). Enter the current code from your app.', {
    needs: 'totp',
  });
}

/** For tests and the CLI: the current code for a secret. */
export function currentTotp(secret: string, now: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: now.getTime(), period: PERIOD_S, digits: 6 });
}

export function remainingRecoveryCodes(db: Database.Database, userId: string): number {
  return (
    db
      .prepare<[string], { n: number }>('SELECT count(*) AS n FROM mfa_recovery_codes WHERE user_id = ? AND used_at IS NULL')
      .get(userId)?.n ?? 0
  );
}
