import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel, ChannelArgs, ChannelOutput } from '../../../src-shared/contract.js';
import type { IpcError, Result } from '../../../src-shared/result.js';
import { AppState } from '../../../src-main/core/app.js';
import { systemKeychain, vaultAccount } from '../../../src-main/core/vault/keychain.js';
import { createDispatcher } from '../../../src-main/ipc/dispatcher.js';
import type { Dispatcher } from '../../../src-main/ipc/dispatcher.js';
import { createHandlers } from '../../../src-main/ipc/registry.js';

export const OWNER_PASSWORD = 'correct horse battery staple';
export const START = new Date('2026-03-02T09:00:00.000Z');

/** Every feature's real handlers, as the app wires them. */
export function testHandlers(): ReturnType<typeof createHandlers> {
  return createHandlers();
}

export interface Harness {
  readonly app: AppState;
  readonly dispatcher: Dispatcher;
  readonly vaultDir: string;
  readonly root: string;
  /** The injected clock. */
  now: Date;
  advance(ms: number): void;
  call<C extends Channel>(channel: C, input?: ChannelArgs<C>): Promise<Result<ChannelOutput<C>>>;
  /** Calls and fails the test with the error message unless it succeeds. */
  ok<C extends Channel>(channel: C, input?: ChannelArgs<C>): Promise<ChannelOutput<C>>;
  err<C extends Channel>(channel: C, input?: ChannelArgs<C>): Promise<IpcError>;
  /** A second app (another process, a restart) on the same folders and clock. */
  restart(): Harness;
  cleanup(): Promise<void>;
}

export function makeHarness(base?: { root: string; clock: { now: Date } }): Harness {
  const root = base?.root ?? mkdtempSync(join(tmpdir(), 'sealbook-handlers-'));
  const clock = base?.clock ?? { now: START };
  const keychain = systemKeychain();
  const app = new AppState({ mode: 'cli', version: '0.0.0-test', appDataDir: join(root, 'appdata'), now: () => clock.now, keychain });
  const dispatcher = createDispatcher(app, testHandlers(), { log: () => undefined });
  const call = <C extends Channel>(channel: C, input?: ChannelArgs<C>) => dispatcher.call(channel, input ?? {});
  const h: Harness = {
    app,
    dispatcher,
    root,
    vaultDir: join(root, 'vault'),
    get now() {
      return clock.now;
    },
    set now(value: Date) {
      clock.now = value;
    },
    advance(ms) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
    call,
    async ok(channel, input) {
      const result = await call(channel, input);
      if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
      return result.value;
    },
    async err(channel, input) {
      const result = await call(channel, input);
      if (result.ok) throw new Error(`${channel} unexpectedly succeeded`);
      return result.error;
    },
    restart: () => makeHarness({ root, clock }),
    async cleanup() {
      app.lockSession('user');
      const id = app.vault?.header.vaultId;
      if (id) await keychain.deleteSecret(vaultAccount(id)).catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
  return h;
}

/** A vault created through the handler, owner `anna` unlocked. */
export async function withVault(): Promise<Harness> {
  const h = makeHarness();
  await h.ok('vault.create', { dir: h.vaultDir, company: 'Acme Trading', owner: 'anna', password: OWNER_PASSWORD });
  return h;
}

/** Waits (bounded: 5 s) until no background job of the app is running. */
export async function settleJobs(h: Harness): Promise<void> {
  for (let i = 0; i < 100 && h.app.jobs.list().some((j) => j.state === 'running'); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
