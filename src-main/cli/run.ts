import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { Dispatcher } from '../ipc/dispatcher.js';
import { commandHelp, findCommand, generalHelp } from './help.js';
import { readSecret } from './secrets.js';
import { CallFailedError, EXIT, InputError, UsageError, exitCodeFor } from './spec.js';
import type { CommandContext, CommandOutcome, CommandSpec } from './spec.js';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** Runs one CLI invocation against a dispatcher; returns the exit code. */
export async function runCli(argv: readonly string[], dispatcher: Dispatcher, io: CliIo): Promise<number> {
  const found = findCommand(argv);
  if (!found) {
    const wantsHelp = argv.length === 0 || argv.includes('--help') || argv.includes('-h');
    if (wantsHelp) {
      io.stdout(generalHelp());
      return EXIT.ok;
    }
    io.stderr(`Unknown command "${argv.join(' ')}". Run \`sealbook --help\` for the list.`);
    return EXIT.usage;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(commandHelp(command));
    return EXIT.ok;
  }
  const json = rest.includes('--json');
  try {
    const ctx = buildContext(command, rest, dispatcher, io);
    if (command.unlocks) await ctx.unlock(ctx.string('dir'), ctx.string('user'));
    const outcome: CommandOutcome = await command.run(ctx);
    io.stdout(json ? JSON.stringify(outcome.json, null, 2) : outcome.text);
    return outcome.exitCode ?? EXIT.ok;
  } catch (error) {
    return reportFailure(error, json, command, io);
  } finally {
    // Close the DB and zero the keys before the process exits.
    dispatcher.app.lockSession('user');
  }
}

function reportFailure(error: unknown, json: boolean, command: CommandSpec, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr(`${error.message}\nRun \`sealbook ${command.name} --help\` for usage.`);
    if (json) io.stdout(JSON.stringify({ error: { code: 'USAGE', message: error.message } }, null, 2));
    return EXIT.usage;
  }
  if (error instanceof InputError) {
    io.stderr(error.message);
    if (json) io.stdout(JSON.stringify({ error: { code: 'VALIDATION', message: error.message } }, null, 2));
    return EXIT.invalidInput;
  }
  if (error instanceof CallFailedError) {
    io.stderr(error.error.message);
    if (json) io.stdout(JSON.stringify({ error: error.error }, null, 2));
    return exitCodeFor(error.error.code);
  }
  const message = error instanceof Error && 'code' in error && error.code === 'EEXIST'
    ? 'The output file already exists; choose another path.'
    : 'Something went wrong inside Sealbook.';
  io.stderr(message);
  if (process.env.SEALBOOK_DEBUG === '1') io.stderr(String(error instanceof Error ? error.stack : error));
  if (json) io.stdout(JSON.stringify({ error: { code: 'INTERNAL', message } }, null, 2));
  return EXIT.internal;
}

function buildContext(command: CommandSpec, rest: readonly string[], dispatcher: Dispatcher, io: CliIo): CommandContext {
  const options: NonNullable<ParseArgsConfig['options']> = { json: { type: 'boolean' } };
  if (command.unlocks) options.user = { type: 'string' };
  for (const [name, spec] of Object.entries(command.options)) options[name] = { type: spec.type };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...rest], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const fixed = command.positionals.length;
  const countOk = command.rest === undefined ? parsed.positionals.length === fixed : parsed.positionals.length > fixed;
  if (!countOk) {
    const rest = command.rest === undefined ? [] : [`<${command.rest}>...`];
    throw new UsageError(`Expected ${[...command.positionals.map((p) => `<${p}>`), ...rest].join(' ')}.`);
  }
  const positionals = Object.fromEntries(command.positionals.map((name, i) => [name, parsed.positionals[i] ?? '']));
  const values = parsed.values as Record<string, string | boolean | undefined>;
  for (const [name, spec] of Object.entries(command.options)) {
    if (spec.required === true && values[name] === undefined) throw new UsageError(`--${name} is required.`);
  }
  if (command.unlocks && typeof values.user !== 'string') throw new UsageError('--user NAME is required.');

  const lookup = (name: string): string | undefined => {
    const value = positionals[name] ?? values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const ctx: CommandContext = {
    args: { positionals, rest: parsed.positionals.slice(fixed), options: values },
    env: io.env,
    cwd: io.cwd,
    async call(channel, input) {
      const result = await dispatcher.invoke(channel, input);
      if (!result.ok) throw new CallFailedError(result.error);
      return result.value as never;
    },
    secret: (envName, prompt) => readSecret(io.env, envName, prompt),
    string(name) {
      const value = lookup(name);
      if (value === undefined) throw new UsageError(`--${name} is required.`);
      return value;
    },
    optionalString: lookup,
    unlock: (dir, user) => unlock(ctx, dir, user),
  };
  return ctx;
}

/** Opens the vault and unlocks it as `user`, asking for a TOTP code when enrolled. */
async function unlock(ctx: CommandContext, dir: string, user: string): Promise<void> {
  await ctx.call('vault.open', { dir });
  const password = await ctx.secret('SEALBOOK_PASSWORD', `Password for ${user}: `);
  try {
    await ctx.call('session.unlock', { user, password });
  } catch (error) {
    const needsCode = error instanceof CallFailedError && error.error.details?.needs === 'totp';
    if (!needsCode) throw error;
    const totp = await ctx.secret('SEALBOOK_TOTP', 'Authenticator code (or a recovery code): ');
    await ctx.call('session.unlock', { user, password, totp });
  }
}
