import { writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { ROLES } from '../../../src-shared/roles.js';
import type { Role } from '../../../src-shared/roles.js';
import { UsageError } from '../spec.js';
import type { CommandSpec } from '../spec.js';

const dirArg = ['dir'] as const;

export const vaultCommands: readonly CommandSpec[] = [
  {
    name: 'vault create',
    summary: 'Create a vault in an empty folder, with its owner and a Recovery Kit PDF.',
    positionals: dirArg,
    options: {
      owner: { type: 'string', value: 'NAME', description: "The owner's user name.", required: true },
      company: { type: 'string', value: 'NAME', description: 'Company name (default: the folder name).' },
      kit: { type: 'string', value: 'FILE', description: 'Where to write the Recovery Kit PDF (default: ./Sealbook-Recovery-Kit-<id>.pdf).' },
      'password-only': {
        type: 'boolean',
        description: 'Do not bind the vault to this device\'s keychain. Weaker: anyone with a copy of the folder can guess passwords offline.',
      },
    },
    env: { SEALBOOK_PASSWORD: "The owner's password (at least 12 characters, strong)." },
    unlocks: false,
    async run(ctx) {
      const dir = resolve(ctx.cwd, ctx.string('dir'));
      const password = await ctx.secret('SEALBOOK_PASSWORD', 'Owner password: ');
      const created = await ctx.call('vault.create', {
        dir,
        company: ctx.optionalString('company') ?? basename(dir),
        owner: ctx.string('owner'),
        password,
        passwordOnly: ctx.args.options['password-only'] === true,
      });
      const kitPath = resolve(ctx.cwd, ctx.optionalString('kit') ?? `Sealbook-Recovery-Kit-${created.vaultId.slice(0, 8)}.pdf`);
      await writeFile(kitPath, Buffer.from(created.recoveryKitPdf, 'base64'), { mode: 0o600, flag: 'wx' });
      return {
        json: { vaultId: created.vaultId, recoveryKey: created.recoveryKey, recoveryKit: kitPath },
        text: [
          `Vault ${created.vaultId} created in ${dir}.`,
          `Recovery key (shown once, keep it offline): ${created.recoveryKey}`,
          `Recovery Kit: ${kitPath} - print it and store it safely, then delete the file.`,
        ].join('\n'),
      };
    },
  },
  {
    name: 'vault status',
    summary: 'Check that a user can unlock the vault (exit 4 on a wrong password or a lockout).',
    positionals: dirArg,
    options: {},
    unlocks: true,
    async run(ctx) {
      const info = await ctx.call('app.info', {});
      const vault = info.vault;
      const session = info.session;
      if (!vault || !session) throw new Error('unlock reported success without a session');
      return {
        json: { vaultId: vault.id, name: vault.name, user: session.user, role: session.role, mfaEnrolled: session.mfaEnrolled },
        text: `Vault "${vault.name}" (${vault.id}) unlocks for ${session.user} (${session.role}).`,
      };
    },
  },
  {
    name: 'vault recover',
    summary: "Open a vault with its recovery key (new machine or lost keychain) and set the owner's new password.",
    positionals: dirArg,
    options: {},
    env: {
      SEALBOOK_RECOVERY_KEY: 'The recovery key from the Recovery Kit.',
      SEALBOOK_NEW_PASSWORD: "The owner's new password.",
    },
    unlocks: false,
    async run(ctx) {
      const dir = resolve(ctx.cwd, ctx.string('dir'));
      const recoveryKey = await ctx.secret('SEALBOOK_RECOVERY_KEY', 'Recovery key: ');
      const newPassword = await ctx.secret('SEALBOOK_NEW_PASSWORD', 'New owner password: ');
      const session = await ctx.call('vault.recover', { dir, recoveryKey, newPassword });
      return {
        json: { user: session.user, role: session.role },
        text: `Vault recovered. ${session.user} can now unlock it on this device with the new password.`,
      };
    },
  },
  {
    name: 'vault rotate-key',
    summary: 'Replace the vault master key and re-encrypt the database (owner only).',
    positionals: dirArg,
    options: {},
    unlocks: true,
    async run(ctx) {
      const result = await ctx.call('vault.rotateKey', {});
      return { json: result, text: `Master key rotated at ${result.rotatedAt}. The old key no longer opens the vault.` };
    },
  },
  {
    name: 'vault new-recovery-key',
    summary: 'Replace the recovery key (the old one stops working), write a new Recovery Kit, and rotate the master key.',
    positionals: dirArg,
    options: {
      kit: { type: 'string', value: 'FILE', description: 'Where to write the new Recovery Kit PDF (default: ./Sealbook-Recovery-Kit-<id>-<date>.pdf).' },
    },
    unlocks: true,
    async run(ctx) {
      const info = await ctx.call('app.info', {});
      const vaultId = info.vault?.id ?? 'vault';
      const replaced = await ctx.call('vault.replaceRecoveryKey', {});
      const day = new Date().toISOString().slice(0, 10);
      const kitPath = resolve(ctx.cwd, ctx.optionalString('kit') ?? `Sealbook-Recovery-Kit-${vaultId.slice(0, 8)}-${day}.pdf`);
      await writeFile(kitPath, Buffer.from(replaced.recoveryKitPdf, 'base64'), { mode: 0o600, flag: 'wx' });
      return {
        json: { recoveryKey: replaced.recoveryKey, recoveryKit: kitPath },
        text: [
          `New recovery key (shown once, keep it offline): ${replaced.recoveryKey}`,
          `Recovery Kit: ${kitPath}. The old recovery key no longer opens the vault.`,
        ].join('\n'),
      };
    },
  },
  {
    name: 'user add',
    summary: 'Add a user with a role and a one-time password they change at first unlock.',
    positionals: ['dir', 'name'],
    options: {
      role: { type: 'string', value: ROLES.join('|'), description: 'The new user\'s role.', required: true },
    },
    env: { SEALBOOK_NEW_PASSWORD: "The new user's one-time password." },
    unlocks: true,
    async run(ctx) {
      const role = ctx.string('role');
      if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}.`);
      const oneTimePassword = await ctx.secret('SEALBOOK_NEW_PASSWORD', 'One-time password for the new user: ');
      const user = await ctx.call('users.add', { name: ctx.string('name'), role: role as Role, oneTimePassword });
      return { json: user, text: `User ${user.name} added as ${user.role}; they must change the password at first unlock.` };
    },
  },
];
