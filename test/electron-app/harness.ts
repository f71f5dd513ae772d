/**
 * Launching the desktop app for `npm run test:electron` (test/electron-app/run.mjs): the test
 * build in out-test/ (TIERSCAPE_TEST_BUILD=1, whose main process answers the native dialogs
 * from a queue, electron/main/test-hooks.ts) with node_modules/electron's binary, or the
 * packaged app in dist/. Every launch gets its own settings folder (TIERSCAPE_HOME), so the
 * tests never touch the person's real files.
 *
 * This file never downloads Electron: node_modules/electron/index.js would, when its binary is
 * missing, so the binary is checked here first (run.mjs skips the whole run without one).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { TEST_HOOKS_GLOBAL, type AskedDialog } from '../../electron/main/test-hooks';
import { findElectron } from './locate.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** the test build (run.mjs writes it, with a package.json of its own, so `electron out-test` starts it) */
export const APP_DIR = path.resolve(ROOT, process.env['TIERSCAPE_ELECTRON_APP'] ?? 'out-test');
/** the packaged app's executable, when run.mjs found one in dist/ */
export const PACKAGED_APP = process.env['TIERSCAPE_PACKAGED_APP'] || undefined;
/** where each launch's main-process output is kept */
export const LOG_DIR = path.join(ROOT, 'test-results', 'electron-app');
/** Chromium's setuid sandbox helper is not set up in node_modules or dist/*-unpacked: what Playwright passes too */
export const NO_SANDBOX = process.platform === 'linux' ? ['--no-sandbox'] : [];

/** node_modules/electron's binary, without ever triggering its download (its index.js would). */
export function electronBinary(): string {
  const fromRun = process.env['TIERSCAPE_ELECTRON_BINARY'];
  if (fromRun && existsSync(fromRun)) return fromRun;
  const found = findElectron(ROOT, process.env);
  if (!found.ok) throw new Error(`${found.line}. \`npm run test:electron\` skips the run instead of failing.`);
  return found.binary;
}

export interface LaunchOptions {
  /** the settings folder (TIERSCAPE_HOME) */
  home: string;
  /** the packaged app's executable; default: node_modules/electron's binary on the test build */
  executable?: string;
  /** more arguments (a workspace to open) */
  args?: string[];
  /** a name for the log file */
  name: string;
}

export interface RunningApp {
  app: ElectronApplication;
  page: Page;
  /** console errors and page errors of the window, to be empty at the end */
  problems: string[];
  close(): Promise<void>;
}

/** The environment of an app under test: its own settings folder, nothing that would change how it starts. */
export function appEnv(home: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  for (const name of ['ELECTRON_RUN_AS_NODE', 'ELECTRON_RENDERER_URL', 'NODE_OPTIONS', 'ELECTRON_NO_ATTACH_CONSOLE']) delete env[name];
  env['TIERSCAPE_HOME'] = home;
  // Chromium's own files (and anything that ignores TIERSCAPE_HOME) stay in the temporary folder too
  env['XDG_CONFIG_HOME'] = path.join(home, 'xdg-config');
  return env;
}

export async function launchApp(options: LaunchOptions): Promise<RunningApp> {
  mkdirSync(LOG_DIR, { recursive: true });
  const env = appEnv(options.home);
  const args = options.args ?? [];
  // The test build: playwright-core starts node_modules/electron itself (require('electron'), which run.mjs has
  // checked has its binary) with its loader, which holds 'ready' until it is connected. The packaged app: by path.
  if (!options.executable) electronBinary();
  const app = options.executable
    ? await _electron.launch({ executablePath: options.executable, args, env, timeout: 90_000 })
    : await _electron.launch({ args: [APP_DIR, ...args], env, timeout: 90_000 });
  const log: string[] = [];
  const child = app.process();
  child.stdout?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  const page = await app.firstWindow({ timeout: 90_000 });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return {
    app,
    page,
    problems,
    async close() {
      await app.close().catch(() => undefined);
      writeFileSync(path.join(LOG_DIR, `${options.name}.log`), log.join(''));
    },
  };
}

/** Waits for the start-up workspace (the sample on a first start) and its partner grid. */
export async function waitForSample(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('workspace-title').textContent(), { timeout: 90_000 }).toContain('Sample');
  await expect.poll(() => page.getByTestId('partners-grid').locator('.ag-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
}

/** Queues answers for the next native dialogs (a path, or null for Cancel): the test build's hook. */
export async function answerDialogs(app: ElectronApplication, ...answers: (string | null)[]): Promise<void> {
  await app.evaluate(
    (_electron, { name, queued }) => {
      const hooks = (globalThis as unknown as Record<string, { answers: (string | null)[] } | undefined>)[name];
      if (!hooks) throw new Error(`no ${name} in the main process: is this the test build (TIERSCAPE_TEST_BUILD=1)?`);
      hooks.answers.push(...queued);
    },
    { name: TEST_HOOKS_GLOBAL, queued: answers },
  );
}

/** The native dialogs the app has asked for so far, in order. */
export async function askedDialogs(app: ElectronApplication): Promise<AskedDialog[]> {
  return app.evaluate((_electron, name) => {
    const hooks = (globalThis as unknown as Record<string, { asked: unknown[] } | undefined>)[name];
    return JSON.parse(JSON.stringify(hooks?.asked ?? [])) as never;
  }, TEST_HOOKS_GLOBAL);
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs an executable to its end (a second launch, `--cli …`), killed after `timeoutMs`. */
export function run(executable: string, args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(executable)} ${args.join(' ')} did not end within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // 'close' once its output is read; a helper process of Chromium's may keep the pipes open a moment longer
    let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    const finish = () => {
      clearTimeout(timer);
      if (exited) resolve({ ...exited, stdout, stderr });
    };
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      setTimeout(finish, 5_000).unref();
    });
    child.on('close', (code, signal) => {
      exited ??= { code, signal };
      finish();
    });
  });
}
