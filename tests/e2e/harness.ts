import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AppState } from '../../src-main/core/app.js';
import { installRecurringRuns } from '../../src-main/ipc/background.js';
import { createDispatcher } from '../../src-main/ipc/dispatcher.js';
import type { Dispatcher } from '../../src-main/ipc/dispatcher.js';
import { createHandlers } from '../../src-main/ipc/registry.js';
import { startBrowserHost } from '../../src-main/host/server.js';
import type { BrowserHost } from '../../src-main/host/server.js';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const ROOT = resolve(import.meta.dirname, '..', '..');
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');

export interface SealbookUnderTest {
  readonly app: AppState;
  readonly dispatcher: Dispatcher;
  readonly host: BrowserHost;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** A fresh temporary folder for vaults made by this test. */
  readonly workDir: string;
  /** Console errors and CSP violations seen so far. */
  readonly consoleErrors: string[];
  screenshot(name: string): Promise<string>;
  /** The same screen in the light and the dark theme: `<name>-light.png`, `<name>-dark.png`. */
  shots(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real backend (dispatcher and handlers) behind the browser host, the
 * built renderer from `npm run build`, and Debian's Chromium.
 */
export async function startSealbook(options: { colorScheme?: 'light' | 'dark'; locale?: string } = {}): Promise<SealbookUnderTest> {
  const workDir = mkdtempSync(join(tmpdir(), 'sealbook-e2e-'));
  const app = new AppState({ mode: 'browser', version: 'e2e', appDataDir: join(workDir, 'app-data') });
  const dispatcher = createDispatcher(app, createHandlers());
  installRecurringRuns(app, (message, error) => console.error(message, error));
  const host = await startBrowserHost({
    dispatcher,
    rendererDir: join(ROOT, 'dist', 'renderer'),
    bridgeFile: join(ROOT, 'dist', 'host', 'bridge.js'),
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'en-US',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(host.url);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const screenshot = async (name: string): Promise<string> => {
    const path = join(SCREENSHOT_DIR, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
  };

  return {
    app,
    dispatcher,
    host,
    browser,
    context,
    page,
    workDir,
    consoleErrors,
    screenshot,
    async shots(name) {
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        await screenshot(`${name}-${colorScheme}`);
      }
      await page.emulateMedia({ colorScheme: 'light' });
    },
    async close() {
      app.lockSession('user');
      await browser.close();
      await host.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Polls until the UI catches up with main (bounded: 15 s). */
export function eventually<T>(read: () => Promise<T> | T): ReturnType<typeof expect.poll<T>> {
  return expect.poll(read, { timeout: 15_000, interval: 100 });
}
