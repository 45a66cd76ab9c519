import { z } from 'zod';
import { channel, returns } from './channel.js';
import type { Role } from './roles.js';
import { ROLES } from './roles.js';
import type { JobSummary } from './events.js';
import { INVOICING_CONTRACT } from './contract-invoicing.js';
import { RECEIPTS_CONTRACT } from './contract-receipts.js';
import { BANK_CONTRACT } from './contract-bank.js';
import { BACKUPS_CONTRACT } from './contract-backups.js';
import { BOOKS_CONTRACT } from './contract-books.js';
import { EINVOICE_CONTRACT } from './contract-einvoice.js';

const empty = z.object({}).strict();
const id = z.string().min(1).max(64);
const folder = z.string().min(1, 'Choose a folder.').max(4096);
const password = z.string().min(1, 'Enter the password.').max(1024);
const userName = z
  .string()
  .trim()
  .min(1, 'Enter a user name.')
  .max(64, 'Use at most 64 characters.')
  .regex(/^[\p{L}\p{N}._@-]+$/u, 'Use letters, digits, dot, dash, underscore or @ only.');
const role = z.enum(ROLES);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-24.');

export interface AppInfo {
  readonly version: string;
  readonly mode: 'electron' | 'browser' | 'cli';
  readonly vault: VaultSummary | null;
  readonly session: SessionInfo | null;
}
export interface VaultSummary {
  readonly id: string;
  readonly name: string;
  readonly dir: string;
  readonly users: readonly string[];
  readonly passwordOnly: boolean;
}
export interface SessionInfo {
  readonly user: string;
  readonly userId: string;
  readonly role: Role;
  readonly mustChangePassword: boolean;
  readonly mfaEnrolled: boolean;
  readonly autoLockMinutes: number;
}
export interface RecentVault {
  readonly dir: string;
  readonly name: string;
  readonly id: string;
  readonly lastOpened: string;
}
export interface PasswordVerdict {
  readonly ok: boolean;
  /** 0..4 (zxcvbn scale). */
  readonly score: number;
  /** Why it is refused, or a hint to make it stronger. */
  readonly feedback: string;
}
export interface CreatedVault {
  readonly vaultId: string;
  /** Shown once; never stored in clear anywhere. */
  readonly recoveryKey: string;
  /** The Recovery Kit PDF, base64. */
  readonly recoveryKitPdf: string;
}
export interface UserRow {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly mustChangePassword: boolean;
  readonly mfaEnrolled: boolean;
  readonly createdAt: string;
}
export interface MfaEnrollment {
  readonly secret: string;
  readonly otpauthUrl: string;
  /** SVG markup of the QR code. */
  readonly qrSvg: string;
}
export interface AuditRow {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly details: string;
}
export interface AuditVerdict {
  readonly ok: boolean;
  readonly rows: number;
  readonly firstBadSeq?: number;
}
export interface Settings {
  readonly autoLockMinutes: number;
}

const auditFilter = z
  .object({
    actor: z.string().max(64).optional(),
    action: z.string().max(64).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .strict();

/**
 * The single list of IPC channels. Feature contracts (invoicing ...) are
 * spread in here so there is still one list to check against the handlers.
 */
export const CONTRACT = {
  'app.info': channel(empty, returns<AppInfo>(), { access: 'public', audited: false }),
  'app.recentVaults': channel(empty, returns<readonly RecentVault[]>(), { access: 'public', audited: false }),
  'password.check': channel(
    z.object({ password, userInputs: z.array(z.string().max(200)).max(10).default([]) }).strict(),
    returns<PasswordVerdict>(),
    { access: 'public', audited: false },
  ),

  'vault.create': channel(
    z
      .object({
        dir: folder,
        company: z.string().trim().min(1, 'Enter the company name.').max(200),
        owner: userName,
        password,
        passwordOnly: z.boolean().default(false),
      })
      .strict(),
    returns<CreatedVault>(),
    { access: 'public', audited: true },
  ),
  'vault.open': channel(z.object({ dir: folder }).strict(), returns<VaultSummary>(), {
    access: 'public',
    audited: false,
  }),
  'vault.close': channel(empty, returns<null>(), { access: 'public', audited: false }),
  'vault.recover': channel(
    z.object({ dir: folder, recoveryKey: z.string().trim().min(1, 'Enter the recovery key.').max(200), newPassword: password }).strict(),
    returns<SessionInfo>(),
    { access: 'public', audited: true },
  ),
  /** A new recovery key (the old one stops working) and its Recovery Kit; the master key is rotated too. */
  'vault.replaceRecoveryKey': channel(empty, returns<{ readonly recoveryKey: string; readonly recoveryKitPdf: string }>(), {
    access: 'keys.manage',
    audited: true,
    reauth: true,
  }),
  'vault.rotateKey': channel(empty, returns<{ readonly rotatedAt: string }>(), {
    access: 'keys.manage',
    audited: true,
    reauth: true,
  }),

  'session.unlock': channel(
    z.object({ user: userName, password, totp: z.string().trim().max(20).optional() }).strict(),
    returns<SessionInfo>(),
    { access: 'public', audited: true },
  ),
  'session.lock': channel(empty, returns<null>(), { access: 'session', audited: false }),
  'session.reauth': channel(z.object({ password }).strict(), returns<null>(), { access: 'session', audited: false }),
  'session.touch': channel(empty, returns<null>(), { access: 'session', audited: false }),
  'session.changePassword': channel(z.object({ current: password, next: password }).strict(), returns<SessionInfo>(), {
    access: 'session',
    audited: true,
  }),

  'users.list': channel(empty, returns<readonly UserRow[]>(), { access: 'users.read', audited: false }),
  'users.add': channel(z.object({ name: userName, role, oneTimePassword: password }).strict(), returns<UserRow>(), {
    access: 'users.manage',
    audited: true,
    reauth: true,
  }),
  'users.update': channel(
    z.object({ id, role: role.optional(), disabled: z.boolean().optional() }).strict(),
    returns<UserRow>(),
    { access: 'users.manage', audited: true, reauth: true },
  ),
  'users.resetPassword': channel(z.object({ id, oneTimePassword: password }).strict(), returns<UserRow>(), {
    access: 'users.manage',
    audited: true,
    reauth: true,
  }),

  'mfa.begin': channel(empty, returns<MfaEnrollment>(), { access: 'session', audited: false, reauth: true }),
  'mfa.confirm': channel(
    z.object({ code: z.string().trim().regex(/^\d{6}$/, 'Enter the 6-digit code from your app.') }).strict(),
    returns<{ readonly recoveryCodes: readonly string[] }>(),
    { access: 'session', audited: true },
  ),
  'mfa.disable': channel(empty, returns<null>(), { access: 'session', audited: true, reauth: true }),

  'settings.get': channel(empty, returns<Settings>(), { access: 'settings.read', audited: false }),
  'settings.update': channel(
    z.object({ autoLockMinutes: z.number().int().min(1, 'At least 1 minute.').max(60, 'At most 60 minutes.') }).strict(),
    returns<Settings>(),
    { access: 'settings.write', audited: true },
  ),

  'audit.list': channel(
    z
      .object({
        filter: auditFilter.default({}),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    returns<{ readonly rows: readonly AuditRow[]; readonly total: number }>(),
    { access: 'audit.read', audited: false },
  ),
  'audit.facets': channel(empty, returns<{ readonly actors: readonly string[]; readonly actions: readonly string[] }>(), {
    access: 'audit.read',
    audited: false,
  }),
  'audit.verify': channel(empty, returns<AuditVerdict>(), { access: 'audit.read', audited: true }),
  'audit.exportCsv': channel(z.object({ filter: auditFilter.default({}) }).strict(), returns<{ readonly csv: string }>(), {
    access: 'audit.export',
    audited: true,
  }),

  'jobs.list': channel(empty, returns<readonly JobSummary[]>(), { access: 'session', audited: false }),
  'jobs.cancel': channel(z.object({ jobId: id }).strict(), returns<null>(), { access: 'session', audited: false }),
  ...INVOICING_CONTRACT,
  ...RECEIPTS_CONTRACT,
  ...BANK_CONTRACT,
  ...BACKUPS_CONTRACT,
  ...BOOKS_CONTRACT,
  ...EINVOICE_CONTRACT,
} as const;

export type Contract = typeof CONTRACT;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.output<Contract[C]['input']>;
/** What a caller may pass: defaults may be left out. */
export type ChannelArgs<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = Contract[C]['output'];

export const CHANNELS = Object.keys(CONTRACT) as Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CONTRACT, name);
}
