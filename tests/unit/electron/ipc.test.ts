import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcMain, WebContents } from 'electron';
import { AppState } from '../../../src-main/core/app.js';
import { createDispatcher } from '../../../src-main/ipc/dispatcher.js';
import type { Handlers } from '../../../src-main/ipc/handlers.js';
import { forwardEvents, isTrustedSender, registerIpc } from '../../../src-main/electron/ipc.js';
import { FakeWebContents, electron, topFrame } from './fakes.js';
import type { FakeFrame } from './fakes.js';

vi.mock('electron', async () => (await import('./fakes.js')).electron);

const dataDir = mkdtempSync(join(tmpdir(), 'sealbook-ipc-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function newApp(): AppState {
  return new AppState({ mode: 'electron', version: '0.1.0-test', appDataDir: dataDir });
}

function invokeEvent(frame: FakeFrame | null, mainFrame: FakeFrame | null = frame) {
  return { senderFrame: frame, sender: { mainFrame } };
}

function installed() {
  const handler = electron.ipcMainHandlers.get('sealbook:invoke');
  if (!handler) throw new Error('sealbook:invoke was not registered');
  return handler;
}

beforeEach(() => {
  electron.ipcMainHandlers.clear();
});

describe('sealbook:invoke', () => {
  const ok = { ok: true, value: 'done' } as const;

  it('forwards (channel, input) from the app top frame to the dispatcher', async () => {
    const invoke = vi.fn(() => Promise.resolve(ok));
    registerIpc({ invoke }, electron.ipcMain as unknown as IpcMain);
    await expect(installed()(invokeEvent(topFrame()), 'app.info', { a: 1 })).resolves.toEqual(ok);
    expect(invoke).toHaveBeenCalledWith('app.info', { a: 1 });
  });

  it('refuses sub-frames, foreign origins, other schemes and destroyed frames without calling the dispatcher', async () => {
    const invoke = vi.fn(() => Promise.resolve(ok));
    registerIpc({ invoke }, electron.ipcMain as unknown as IpcMain);
    const main = topFrame();
    const refused = [
      invokeEvent({ url: 'app://sealbook/index.html', origin: 'app://sealbook', parent: main }, main),
      invokeEvent(topFrame('https://evil.example/', 'https://evil.example')),
      invokeEvent(topFrame('app://evil/index.html', 'app://evil')),
      invokeEvent(topFrame('file:///opt/sealbook/index.html', 'file://')),
      invokeEvent(topFrame('app://sealbook/index.html', 'null')),
      invokeEvent(topFrame('about:blank', 'app://sealbook')),
      invokeEvent(null, main),
    ];
    for (const event of refused) {
      const result = (await installed()(event, 'app.info', {})) as { ok: boolean; error?: { code: string } };
      expect(result.ok).toBe(false);
      expect(result.error?.code).toBe('FORBIDDEN');
    }
    expect(invoke).not.toHaveBeenCalled();
  });

  it('lets the real dispatcher refuse unknown channels', async () => {
    const handlers = { 'app.info': () => ({ version: 'x', mode: 'electron', vault: null, session: null }) } as unknown as Handlers;
    registerIpc(createDispatcher(newApp(), handlers), electron.ipcMain as unknown as IpcMain);
    const unknown = (await installed()(invokeEvent(topFrame()), 'fs.readFile', { path: '/etc/passwd' })) as { ok: boolean; error?: { code: string } };
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await expect(installed()(invokeEvent(topFrame()), 'app.info', {})).resolves.toMatchObject({ ok: true, value: { version: 'x' } });
  });

  it('removes its handler when disposed', () => {
    const dispose = registerIpc({ invoke: vi.fn() }, electron.ipcMain as unknown as IpcMain);
    expect(electron.ipcMainHandlers.has('sealbook:invoke')).toBe(true);
    dispose();
    expect(electron.ipcMainHandlers.has('sealbook:invoke')).toBe(false);
  });

  it('accepts a top frame identified by parent null', () => {
    const frame = topFrame();
    expect(isTrustedSender(invokeEvent(frame, topFrame()) as never)).toBe(true);
  });
});

describe('sealbook:event', () => {
  it('forwards app events to the window as (name, payload)', () => {
    const app = newApp();
    const contents = new FakeWebContents();
    forwardEvents(app, () => contents as unknown as WebContents);
    app.events.emit('session.locked', { reason: 'suspend' });
    expect(contents.sent).toEqual([['sealbook:event', 'session.locked', { reason: 'suspend' }]]);
    const job = app.jobs.start('jobs.test', 1, () => Promise.resolve(null));
    expect(contents.sent.at(-1)?.[1]).toBe('job.progress');
    expect((contents.sent.at(-1)?.[2] as { jobId: string }).jobId).toBe(job.jobId);
  });

  it('sends nothing to a missing, destroyed or navigated-away window, and stops when asked', () => {
    const app = newApp();
    const contents = new FakeWebContents();
    let target: FakeWebContents | null = null;
    const stop = forwardEvents(app, () => target as unknown as WebContents | null);
    app.events.emit('session.locked', { reason: 'idle' });
    target = contents;
    contents.destroyed = true;
    app.events.emit('session.locked', { reason: 'idle' });
    contents.destroyed = false;
    contents.url = 'https://evil.example/';
    app.events.emit('session.locked', { reason: 'idle' });
    expect(contents.sent).toEqual([]);
    contents.url = 'app://sealbook/index.html';
    stop();
    app.events.emit('session.locked', { reason: 'idle' });
    expect(contents.sent).toEqual([]);
  });
});
