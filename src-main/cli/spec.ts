import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Channel, ChannelArgs, ChannelOutput } from '../../src-shared/contract.js';
import type { ErrorCode, IpcError } from '../../src-shared/result.js';

/** Exit codes (issue 2): stable, documented in `sealbook --help`. */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  verificationFailed: 3,
  authentication: 4,
  forbidden: 5,
  invalidInput: 6,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION':
    case 'NOT_FOUND':
    case 'CONFLICT':
      return EXIT.invalidInput;
    case 'UNAUTHENTICATED':
    case 'LOCKED_OUT':
      return EXIT.authentication;
    case 'FORBIDDEN':
      return EXIT.forbidden;
    // Issue 7: deletion under legal retention is refused as invalid input (exit 6), with the date.
    case 'RETENTION':
      return EXIT.invalidInput;
    case 'UNAVAILABLE':
    case 'INTERNAL':
      return EXIT.internal;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  readonly required?: boolean;
  readonly value?: string;
}

export interface CommandArgs {
  readonly positionals: Readonly<Record<string, string>>;
  /** The trailing positionals of a command with `rest` (one or more). */
  readonly rest: readonly string[];
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
}

export interface CommandContext {
  readonly args: CommandArgs;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Calls the dispatcher; a failed call throws `CallFailedError`. */
  call<C extends Channel>(channel: C, input: ChannelArgs<C>): Promise<ChannelOutput<C>>;
  /** A secret from the environment, or typed at a terminal prompt. */
  secret(envName: string, prompt: string): Promise<string>;
  /** Opens a vault and unlocks it (password from SEALBOOK_PASSWORD or a prompt). */
  unlock(dir: string, user: string): Promise<void>;
  string(name: string): string;
  optionalString(name: string): string | undefined;
}

export interface CommandOutcome {
  /** What `--json` prints. */
  readonly json: unknown;
  /** What a person reads. */
  readonly text: string;
  readonly exitCode?: number;
}

export interface CommandSpec {
  /** Words after `sealbook`, e.g. `vault create`. */
  readonly name: string;
  readonly summary: string;
  readonly positionals: readonly string[];
  /** Name of a trailing positional taken one or more times, e.g. `path` for `<path>...`. */
  readonly rest?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Environment variables the command reads. */
  readonly env?: Readonly<Record<string, string>>;
  /** Opens the vault in the first positional and unlocks it as `--user`. */
  readonly unlocks: boolean;
  run(ctx: CommandContext): Promise<CommandOutcome>;
}

export class CallFailedError extends Error {
  constructor(readonly error: IpcError) {
    super(error.message);
  }
}

export class UsageError extends Error {}

/** A file or value the user gave cannot be used (exit 6). */
export class InputError extends Error {}

/** A file found under the paths given on the command line. */
export interface InputFile {
  readonly path: string;
  readonly name: string;
  readonly size: number;
}

/** Folder depth walked at most. */
const MAX_DEPTH = 16;

/**
 * The files named on the command line, folders walked (subfolders too, in
 * name order, hidden entries left out). A path that does not exist is an
 * InputError naming it; nothing is read yet.
 */
export async function listInputFiles(cwd: string, paths: readonly string[]): Promise<InputFile[]> {
  const found: InputFile[] = [];
  const walk = async (path: string, depth: number, named: boolean): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch {
      if (named) throw new InputError(`Cannot read ${path}. Check the path.`);
      return;
    }
    if (!info.isDirectory()) {
      found.push({ path, name: basename(path), size: info.size });
      return;
    }
    if (depth >= MAX_DEPTH) return;
    const entries = (await readdir(path)).filter((entry) => !entry.startsWith('.')).sort();
    for (const entry of entries) await walk(join(path, entry), depth + 1, false);
  };
  for (const path of paths) await walk(resolve(cwd, path), 0, true);
  return found;
}

/** A file named on the command line (relative to the working folder), read whole; one that cannot be read is an InputError naming it. */
export async function readInputFile(cwd: string, file: string): Promise<{ path: string; bytes: Buffer }> {
  const path = resolve(cwd, file);
  try {
    return { path, bytes: await readFile(path) };
  } catch {
    throw new InputError(`Cannot read ${path}. Check the path.`);
  }
}
