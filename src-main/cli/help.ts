import { COMMANDS } from './commands/index.js';
import { EXIT } from './spec.js';
import type { CommandSpec } from './spec.js';

export function findCommand(argv: readonly string[]): { command: CommandSpec; rest: string[] } | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  const command = COMMANDS.find((c) => {
    const parts = c.name.split(' ');
    return parts.every((part, i) => words[i] === part);
  });
  if (!command) return undefined;
  const rest = [...argv];
  for (const part of command.name.split(' ')) rest.splice(rest.indexOf(part), 1);
  return { command, rest };
}

const EXIT_TEXT = [
  'Exit codes:',
  `  ${EXIT.ok}  ok`,
  `  ${EXIT.internal}  internal error`,
  `  ${EXIT.usage}  usage error`,
  `  ${EXIT.verificationFailed}  verification failed`,
  `  ${EXIT.authentication}  authentication failed or locked out`,
  `  ${EXIT.forbidden}  forbidden for this user's role`,
  `  ${EXIT.invalidInput}  invalid input (also: deletion refused under legal retention)`,
].join('\n');

export function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Sealbook: accounting in an encrypted local vault.',
    '',
    'Usage: sealbook <command> [arguments] [--json]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Commands that act for a user take --user NAME and read the password from',
    'SEALBOOK_PASSWORD, or ask for it on a terminal (and SEALBOOK_TOTP for the',
    'authenticator code when one is enrolled).',
    '--json prints machine-readable results (and errors as {"error": {...}}).',
    'Run `sealbook <command> --help` for a command\'s arguments.',
    '',
    EXIT_TEXT,
  ].join('\n');
}

export function commandHelp(command: CommandSpec): string {
  const usage = [
    `sealbook ${command.name}`,
    ...command.positionals.map((p) => `<${p}>`),
    ...(command.rest === undefined ? [] : [`<${command.rest}>...`]),
    ...(command.unlocks ? ['--user NAME'] : []),
    ...Object.entries(command.options).map(([name, spec]) => {
      const flag = spec.type === 'string' ? `--${name} ${spec.value ?? 'VALUE'}` : `--${name}`;
      return spec.required === true ? flag : `[${flag}]`;
    }),
    '[--json]',
  ].join(' ');
  const options = Object.entries(command.options).map(
    ([name, spec]) => `  --${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}\n      ${spec.description}`,
  );
  const env = Object.entries({
    ...(command.unlocks ? { SEALBOOK_PASSWORD: 'Password of --user.', SEALBOOK_TOTP: 'Authenticator code, when enrolled.' } : {}),
    ...command.env,
  }).map(([name, text]) => `  ${name}\n      ${text}`);
  return [
    command.summary,
    '',
    `Usage: ${usage}`,
    ...(options.length > 0 ? ['', 'Options:', ...options] : []),
    ...(command.unlocks ? ['  --user NAME\n      The user acting (password from SEALBOOK_PASSWORD).'] : []),
    '  --json\n      Print the result as JSON.',
    ...(env.length > 0 ? ['', 'Environment:', ...env] : []),
    '',
    EXIT_TEXT,
  ].join('\n');
}
