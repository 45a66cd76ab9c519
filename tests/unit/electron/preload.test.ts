import { builtinModules } from 'node:module';
import { build } from 'esbuild';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SealbookBridge } from '../../../src-shared/events.js';
import { electron } from './fakes.js';
import '../../../src-main/electron/preload.js';

vi.mock('electron', async () => (await import('./fakes.js')).electron);

function exposed(): { key: unknown; api: SealbookBridge } {
  const call = electron.contextBridge.exposeInMainWorld.mock.calls[0] as unknown[] | undefined;
  if (!call) throw new Error('the preload exposed nothing');
  return { key: call[0], api: call[1] as SealbookBridge };
}

function emitFromMain(...args: unknown[]): void {
  for (const listener of electron.rendererListeners.get('sealbook:event') ?? []) {
    listener({ sender: 'ipc-event-object', ports: [] }, ...args);
  }
}

beforeEach(() => {
  electron.ipcRenderer.invoke.mockClear();
});

describe('preload bridge', () => {
  it('exposes exactly one frozen object, window.sealbook, with invoke, subscribe and pathForFile only', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    const { key, api } = exposed();
    expect(key).toBe('sealbook');
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'pathForFile', 'subscribe']);
    expect(Object.values(api)).not.toContain(electron.ipcRenderer);
  });

  it('passes contract channels to main on sealbook:invoke', async () => {
    const { api } = exposed();
    await expect(api.invoke('app.info', {})).resolves.toEqual({ ok: true, value: 'from-main' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('sealbook:invoke', 'app.info', {});
  });

  it('refuses anything that is not a contract channel without reaching main', async () => {
    const { api } = exposed();
    // What an untrusted page can really pass, beyond the declared types.
    const loose = api as unknown as { invoke(channel: unknown, input: unknown): Promise<unknown> };
    for (const channel of ['fs.readFile', 'sealbook:invoke', '__proto__', 'toString', 'constructor', '', 42, null, { toString: () => 'app.info' }]) {
      await expect(loose.invoke(channel, {})).resolves.toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('gives subscribers the payload only, for their event only, until they unsubscribe', () => {
    const { api } = exposed();
    const locked = vi.fn();
    const progress = vi.fn();
    const stopLocked = api.subscribe('session.locked', locked);
    api.subscribe('job.progress', progress);
    emitFromMain('session.locked', { reason: 'suspend' });
    expect(locked).toHaveBeenCalledTimes(1);
    expect(locked.mock.calls[0]).toEqual([{ reason: 'suspend' }]);
    expect(progress).not.toHaveBeenCalled();
    stopLocked();
    stopLocked();
    emitFromMain('session.locked', { reason: 'idle' });
    expect(locked).toHaveBeenCalledTimes(1);
    expect(electron.rendererListeners.get('sealbook:event')?.size).toBe(1);
  });

  it('refuses unknown events and non-function callbacks', () => {
    const { api } = exposed();
    const loose = api as unknown as { subscribe(event: unknown, callback: unknown): () => void };
    expect(() => loose.subscribe('ipc.raw', () => undefined)).toThrow(/Unknown event/);
    expect(() => loose.subscribe('session.locked', 'not a function')).toThrow(/callback/);
  });
});

describe('paths of dropped files', () => {
  it('asks webUtils for a File and gives nothing for anything else', () => {
    const { api } = exposed();
    const file = new File(['x'], 'scan.pdf');
    expect(api.pathForFile?.(file)).toBe('/dropped/scan.pdf');
    expect(electron.webUtils.getPathForFile).toHaveBeenCalledWith(file);
    expect(api.pathForFile?.({ name: 'fake.pdf' })).toBe('');
    expect(api.pathForFile?.('/etc/passwd')).toBe('');
  });
});

describe('preload bundle', () => {
  it('bundles into one CommonJS file whose only external import is electron', async () => {
    const result = await build({
      entryPoints: ['src-main/electron/preload.ts'],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['electron'],
      metafile: true,
      logLevel: 'silent',
    });
    const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports);
    const externals = [...new Set(imports.filter((entry) => entry.external).map((entry) => entry.path))];
    expect(externals).toEqual(['electron']);
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => builtins.has(input))).toEqual([]);
    expect(inputs.some((input) => input.includes('src-main/core') || input.includes('src-main/ipc'))).toBe(false);
  });
});
