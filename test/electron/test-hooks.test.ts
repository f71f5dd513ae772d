/**
 * The test-only dialog hook (electron/main/test-hooks.ts, used by dialogs.ts behind the
 * build-time constant __TIERSCAPE_TEST_HOOKS__): what it answers in a test build, and that no
 * other build contains it — dialogs.ts bundled by the same bundler with the main section's own
 * `define` (electron.vite.config.ts) both ways, the config refusing a test build into out/, and
 * the production bundle in out/main when one has been built.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { build, type Rollup } from 'vite';
import { mainDefine, TEST_BUILD_DIR, testBuildOutDirGuard } from '../../electron.vite.config';
import { answerDownloadsInTestBuild, appDialogs, pickExportPath, pickImportFile, type DialogApi } from '../../electron/main/dialogs';
import { TEST_HOOKS_GLOBAL, type TestHooks } from '../../electron/main/test-hooks';

const ROOT = path.resolve(__dirname, '..', '..');
const context = { documentsDir: '/home/ana/Documents' };
const flags = globalThis as Record<string, unknown>;

function realDialog(): DialogApi {
  return { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() } as unknown as DialogApi;
}

afterEach(() => {
  delete flags['__TIERSCAPE_TEST_HOOKS__'];
  delete flags[TEST_HOOKS_GLOBAL];
  vi.restoreAllMocks();
});

describe('outside a test build', () => {
  it('the app shows Electron’s own dialogs and leaves downloads to Electron', () => {
    const dialog = realDialog();
    expect(appDialogs(dialog)).toBe(dialog);
    const session = { on: vi.fn() };
    answerDownloadsInTestBuild(session);
    expect(session.on).not.toHaveBeenCalled();
    expect(flags[TEST_HOOKS_GLOBAL]).toBeUndefined();
  });
});

describe('in a test build', () => {
  function hooked(): { dialogs: DialogApi; hooks: TestHooks } {
    // what the define of a test build makes of the constant
    flags['__TIERSCAPE_TEST_HOOKS__'] = true;
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const real = realDialog();
    const dialogs = appDialogs(real);
    expect(dialogs).not.toBe(real);
    return { dialogs, hooks: flags[TEST_HOOKS_GLOBAL] as TestHooks };
  }

  it('answers the open and save dialogs from the queue, in order, and records what was asked', async () => {
    const { dialogs, hooks } = hooked();
    hooks.answers.push('/tmp/acme.csv', '/tmp/report.xlsx', null);
    expect(await pickImportFile(dialogs, null, context)).toBe('/tmp/acme.csv');
    expect(await pickExportPath(dialogs, {} as never, 'Tierscape – A vs B.xlsx', context)).toBe('/tmp/report.xlsx');
    expect(await pickExportPath(dialogs, null, 'r.xlsx', context)).toBeNull();
    expect(hooks.answers).toEqual([]);
    expect(hooks.asked).toEqual([
      { kind: 'open', title: 'Import Partner List', defaultPath: '/home/ana/Documents', answer: '/tmp/acme.csv', unanswered: false },
      { kind: 'save', title: 'Export Workbook', defaultPath: path.join('/home/ana/Documents', 'Tierscape – A vs B.xlsx'), answer: '/tmp/report.xlsx', unanswered: false },
      { kind: 'save', title: 'Export Workbook', defaultPath: path.join('/home/ana/Documents', 'r.xlsx'), answer: null, unanswered: false },
    ]);
  });

  it('cancels a dialog nothing was queued for, and says so', async () => {
    const { dialogs, hooks } = hooked();
    expect(await pickImportFile(dialogs, null, context)).toBeNull();
    expect(hooks.asked).toEqual([expect.objectContaining({ kind: 'open', answer: null, unanswered: true })]);
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining('no answer queued'));
  });

  it('saves a download of the page where the queue says, or cancels it', () => {
    const { hooks } = hooked();
    const listeners: ((event: { preventDefault(): void }, item: unknown) => void)[] = [];
    answerDownloadsInTestBuild({ on: (_event, listener) => listeners.push(listener as never) });
    expect(listeners).toHaveLength(1);
    const item = { getFilename: () => 'motion-fit.tierscape-scenario.json', setSavePath: vi.fn() };
    hooks.answers.push('/tmp/motion-fit.json');
    const saved = { preventDefault: vi.fn() };
    listeners[0]!(saved, item);
    expect(item.setSavePath).toHaveBeenCalledExactlyOnceWith('/tmp/motion-fit.json');
    expect(saved.preventDefault).not.toHaveBeenCalled();
    const cancelled = { preventDefault: vi.fn() };
    listeners[0]!(cancelled, item);
    expect(cancelled.preventDefault).toHaveBeenCalledOnce();
    expect(hooks.asked.map((a) => [a.kind, a.title, a.answer])).toEqual([
      ['download', 'motion-fit.tierscape-scenario.json', '/tmp/motion-fit.json'],
      ['download', 'motion-fit.tierscape-scenario.json', null],
    ]);
  });
});

describe('the hook never ships', () => {
  /** electron/main/dialogs.ts bundled as the main build bundles it, with the main section's define for `env`. */
  async function bundleDialogs(env: NodeJS.ProcessEnv): Promise<string> {
    const output = (await build({
      configFile: false,
      logLevel: 'silent',
      root: ROOT,
      define: mainDefine(env),
      build: {
        // in memory only: nothing is written or emptied
        write: false,
        emptyOutDir: false,
        copyPublicDir: false,
        minify: false,
        lib: { entry: path.join(ROOT, 'electron/main/dialogs.ts'), formats: ['es'] },
        rolldownOptions: { external: ['electron', /^node:/] },
      },
    })) as Rollup.RollupOutput[];
    return output[0]!.output.map((chunk) => (chunk.type === 'chunk' ? chunk.code : '')).join('\n');
  }

  it('a production build drops the hook; a test build keeps it', async () => {
    expect(mainDefine({})).toEqual({ __TIERSCAPE_TEST_HOOKS__: 'false' });
    expect(mainDefine({ TIERSCAPE_TEST_BUILD: '1' })).toEqual({ __TIERSCAPE_TEST_HOOKS__: 'true' });

    const production = await bundleDialogs({});
    expect(production).toContain('function pickExportPath');
    expect(production).not.toContain(TEST_HOOKS_GLOBAL);
    expect(production).not.toMatch(/will-download|hookedDialogs|TEST BUILD/);

    const testBuild = await bundleDialogs({ TIERSCAPE_TEST_BUILD: '1' });
    expect(testBuild).toContain(TEST_HOOKS_GLOBAL);
    expect(testBuild).toContain('will-download');
  }, 60_000);

  it('only dialogs.ts uses the hook module, and only behind the constant', () => {
    const mainDir = path.join(ROOT, 'electron/main');
    const users = readdirSync(mainDir).filter((f) => f.endsWith('.ts') && /from '\.\/test-hooks'/.test(readFileSync(path.join(mainDir, f), 'utf8')));
    expect(users).toEqual(['dialogs.ts']);
    const source = readFileSync(path.join(mainDir, 'dialogs.ts'), 'utf8');
    const guard = "if (typeof __TIERSCAPE_TEST_HOOKS__ !== 'undefined' && __TIERSCAPE_TEST_HOOKS__)";
    // every use of what it imports sits on a guarded line or in a guarded block
    const lines = source.split('\n');
    for (const [i, line] of lines.entries()) {
      if (!/installTestHooks\(|hookedDialogs\(|answerDownload\(/.test(line) || line.trimStart().startsWith('import')) continue;
      const guarded = line.includes(guard) || lines.slice(Math.max(0, i - 3), i).some((l) => l.includes(`${guard} {`));
      expect(guarded, `dialogs.ts:${i + 1} uses the test hook outside the guard: ${line.trim()}`).toBe(true);
    }
  });

  it('the config refuses a test build anywhere but out-test/', () => {
    const guard = testBuildOutDirGuard({ TIERSCAPE_TEST_BUILD: '1' }, '/repo');
    const resolved = (outDir: string) => (guard.configResolved as (config: unknown) => void)({ root: '/repo', build: { outDir } });
    expect(() => resolved('/repo/out/main')).toThrow(/never into \/repo\/out\/main/);
    expect(() => resolved('/repo/out-test-not/main')).toThrow();
    expect(() => resolved(`/repo/${TEST_BUILD_DIR}/main`)).not.toThrow();
    // an ordinary build goes anywhere
    const ordinary = testBuildOutDirGuard({}, '/repo');
    expect(() => (ordinary.configResolved as (config: unknown) => void)({ root: '/repo', build: { outDir: '/repo/out/main' } })).not.toThrow();
  });

  it('the check CI runs after its build looks for the marker the hooks install', () => {
    // build/scripts/check-no-test-hooks.mjs (a step of .ci/run after `npm run build`) greps out/main for it
    expect(readFileSync(path.join(ROOT, 'build/scripts/check-no-test-hooks.mjs'), 'utf8')).toContain(`const MARKER = '${TEST_HOOKS_GLOBAL}';`);
    expect(readFileSync(path.join(ROOT, '.ci/run'), 'utf8')).toMatch(/npm run build\n[\s\S]*node build\/scripts\/check-no-test-hooks\.mjs/);
  });
});
