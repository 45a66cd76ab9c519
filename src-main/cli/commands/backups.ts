import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EXIT, InputError } from '../spec.js';
import type { CommandContext, CommandSpec, OptionSpec } from '../spec.js';

const S3_ENV = {
  SEALBOOK_S3_ACCESS_KEY_ID: 'The access key id of the bucket.',
  SEALBOOK_S3_SECRET_ACCESS_KEY: 'Its secret access key (kept in the OS keychain, never on disk).',
};

const connectionOptions: Readonly<Record<string, OptionSpec>> = {
  endpoint: { type: 'string', value: 'URL', description: 'The S3 endpoint, e.g. https://s3.eu-central-1.amazonaws.com.', required: true },
  bucket: { type: 'string', value: 'B', description: 'The bucket.', required: true },
  region: { type: 'string', value: 'R', description: 'The region (default us-east-1).' },
  prefix: { type: 'string', value: 'P', description: 'A folder inside the bucket (default: none).' },
  'path-style': { type: 'boolean', description: 'Address the bucket in the path (MinIO and most self-hosted stores).' },
  'ca-file': { type: 'string', value: 'F', description: 'A PEM file with the CA that signed the server certificate.' },
  'allow-insecure-localhost': { type: 'boolean', description: 'Allow plain HTTP to 127.0.0.1 (tests and local mirrors only).' },
};

const targetOption: OptionSpec = { type: 'string', value: 'N', description: 'The target name.', required: true };

async function caPem(ctx: CommandContext): Promise<string | null> {
  const file = ctx.optionalString('ca-file');
  if (file === undefined) return null;
  const path = resolve(ctx.cwd, file);
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new InputError(`Cannot read the CA file ${path}. Check the path.`);
  }
}

function envSecret(ctx: CommandContext, name: keyof typeof S3_ENV): string {
  const value = ctx.env[name];
  if (value === undefined || value === '') throw new InputError(`Set ${name} in the environment (${S3_ENV[name]}).`);
  return value;
}

async function connection(ctx: CommandContext) {
  return {
    endpoint: ctx.string('endpoint'),
    bucket: ctx.string('bucket'),
    region: ctx.optionalString('region') ?? 'us-east-1',
    prefix: ctx.optionalString('prefix') ?? '',
    pathStyle: ctx.args.options['path-style'] === true,
    allowInsecureLocalhost: ctx.args.options['allow-insecure-localhost'] === true,
    caPem: await caPem(ctx),
    accessKeyId: envSecret(ctx, 'SEALBOOK_S3_ACCESS_KEY_ID'),
    secretAccessKey: envSecret(ctx, 'SEALBOOK_S3_SECRET_ACCESS_KEY'),
  };
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export const backupsCommands: readonly CommandSpec[] = [
  {
    name: 'backup target add',
    summary: 'Add an S3-compatible backup target (the secret goes to the OS keychain).',
    positionals: ['dir'],
    options: { name: targetOption, ...connectionOptions },
    env: S3_ENV,
    unlocks: true,
    async run(ctx) {
      const target = await ctx.call('backups.addTarget', { name: ctx.string('name'), ...(await connection(ctx)) });
      return { json: target, text: `Backup target "${target.name}" added (${target.endpoint}, bucket ${target.bucket}).` };
    },
  },
  {
    name: 'backup run',
    summary: 'Back up to every target (or one); exits 1 when any target failed, naming it.',
    positionals: ['dir'],
    options: { target: { ...targetOption, required: false } },
    unlocks: true,
    async run(ctx) {
      const target = ctx.optionalString('target');
      const result = await ctx.call('backups.run', target === undefined ? {} : { target });
      const failed = result.targets.filter((t) => !t.ok);
      const lines = result.targets.map((t) =>
        t.ok ? `${t.name}: snapshot ${t.snapshot ?? ''}, ${String(t.objectsUploaded)} objects, ${mb(t.bytesUploaded)} uploaded.` : `${t.name}: FAILED - ${t.error ?? ''}`,
      );
      return { json: result, text: lines.join('\n'), exitCode: failed.length > 0 ? EXIT.internal : EXIT.ok };
    },
  },
  {
    name: 'backup verify',
    summary: 'Check a target: objects exist and a sample decrypts; --full downloads all and test-restores (exit 3 when anything is wrong).',
    positionals: ['dir'],
    options: { target: targetOption, full: { type: 'boolean', description: 'Download every object and test-restore the latest snapshot.' } },
    unlocks: true,
    async run(ctx) {
      const report = await ctx.call('backups.verify', { target: ctx.string('target'), full: ctx.args.options.full === true });
      const text = report.ok ? `Target ${report.target}: ${report.tiers.join(', ')} ok (${String(report.checkedObjects)} objects).` : [`Target ${report.target}: problems found:`, ...report.problems].join('\n');
      return { json: report, text, exitCode: report.ok ? EXIT.ok : EXIT.verificationFailed };
    },
  },
  {
    name: 'backup snapshots',
    summary: "List a target's snapshots, newest first.",
    positionals: ['dir'],
    options: { target: targetOption },
    unlocks: true,
    async run(ctx) {
      const snapshots = await ctx.call('backups.snapshots', { target: ctx.string('target') });
      return { json: snapshots, text: snapshots.map((s) => `${s.id}  ${s.createdAt}  ${mb(s.size)}  ${String(s.documents)} documents`).join('\n') || 'No snapshots yet.' };
    },
  },
  {
    name: 'backup restore',
    summary: 'Restore a vault from a target into a new, empty folder, with the recovery key.',
    positionals: [],
    options: {
      ...connectionOptions,
      'vault-id': { type: 'string', value: 'ID', description: 'The vault id (on the Recovery Kit).', required: true },
      snapshot: { type: 'string', value: 'S', description: 'The snapshot id (default: the latest).' },
      to: { type: 'string', value: 'DIR', description: 'A new, empty folder for the restored vault.', required: true },
    },
    env: { ...S3_ENV, SEALBOOK_RECOVERY_KEY: 'The recovery key from the Recovery Kit.' },
    unlocks: false,
    async run(ctx) {
      const recoveryKey = await ctx.secret('SEALBOOK_RECOVERY_KEY', 'Recovery key: ');
      const snapshot = ctx.optionalString('snapshot');
      const result = await ctx.call('backups.restore', {
        ...(await connection(ctx)),
        vaultId: ctx.string('vault-id'),
        recoveryKey,
        to: resolve(ctx.cwd, ctx.string('to')),
        ...(snapshot === undefined ? {} : { snapshot }),
      });
      return {
        json: result,
        text: `Restored "${result.company}" (snapshot ${result.snapshot} of ${result.createdAt}, ${String(result.documents)} documents) into ${result.dir}; checked. Open it with \`sealbook vault recover ${result.dir}\` and the recovery key.`,
      };
    },
  },
];
