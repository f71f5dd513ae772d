import { isAbsolute, relative, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * Dev server only: @vitejs/plugin-react injects React Fast Refresh's preamble as an inline
 * script, which the CSP (script-src 'self') blocks. Load the same preamble from a module
 * file instead, so development runs under the production policy.
 */
export const externalRefreshPreamble: Plugin = {
  name: 'tierscape:external-refresh-preamble',
  apply: 'serve',
  transformIndexHtml: {
    order: 'post',
    handler: (html) =>
      html.replace(
        /<script type="module">\s*import \{ injectIntoGlobalHook \}[\s\S]*?<\/script>/,
        '<script type="module" src="/src/dev-preamble.ts"></script>',
      ),
  },
};

/**
 * The test build (`npm run test:electron`, test/electron-app/run.mjs):
 * `TIERSCAPE_TEST_BUILD=1 electron-vite build --outDir out-test`. Its main process answers the
 * native dialogs from the test's queue (electron/main/test-hooks.ts). In every other build
 * `__TIERSCAPE_TEST_HOOKS__` is false and the bundler drops that code; a test build may only
 * go to out-test/, never to out/, which electron-builder packages.
 */
export const TEST_BUILD_DIR = 'out-test';

export function isTestBuild(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['TIERSCAPE_TEST_BUILD'] === '1';
}

/** The main process's build-time constants (electron/main/build-flags.d.ts). */
export function mainDefine(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return { __TIERSCAPE_TEST_HOOKS__: JSON.stringify(isTestBuild(env)) };
}

/** Fails a test build whose output would land outside out-test/ (e.g. `TIERSCAPE_TEST_BUILD=1 npm run build`). */
export function testBuildOutDirGuard(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): Plugin {
  return {
    name: 'tierscape:test-build-out-dir',
    configResolved(config) {
      if (!isTestBuild(env)) return;
      const inside = relative(resolve(root, TEST_BUILD_DIR), resolve(config.root, config.build.outDir));
      if (inside.startsWith('..') || isAbsolute(inside)) {
        throw new Error(`TIERSCAPE_TEST_BUILD=1 is the test build (its main process has the test hooks): build it into ${TEST_BUILD_DIR}/ with \`electron-vite build --outDir ${TEST_BUILD_DIR}\`, never into ${config.build.outDir}`);
      }
    },
  };
}

export default defineConfig({
  main: {
    define: mainDefine(),
    plugins: [testBuildOutDirGuard()],
    build: {
      outDir: resolve('out/main'),
      // the import's second thread (electron/services/import/read/parallel-values.ts) loads
      // out/main/values-worker.js, beside the code that starts it
      lib: { entry: { index: resolve('electron/main/index.ts'), 'values-worker': resolve('electron/services/import/read/values-worker.ts') }, formats: ['es'] },
    },
  },
  preload: {
    build: {
      outDir: resolve('out/preload'),
      // A sandboxed preload cannot load ES modules or other files: one CommonJS bundle.
      lib: { entry: resolve('electron/preload/index.ts'), formats: ['cjs'], fileName: () => 'index.cjs' },
    },
  },
  renderer: {
    root: resolve('renderer'),
    plugins: [react(), externalRefreshPreamble],
    build: {
      outDir: resolve('out/renderer'),
      // electron-vite turns this off; the build then prints each chunk's gzip size too (docs/PERFORMANCE.md)
      reportCompressedSize: true,
      rolldownOptions: {
        input: { index: resolve('renderer/index.html') },
        output: {
          // Scenarios and Compare are chunks of their own, loaded after the window's first one
          // (App.tsx); Chart.js, which both draw with, is one more that either brings (issue 21)
          codeSplitting: { groups: [{ name: 'chartjs', test: /[\\/]node_modules[\\/](chart\.js|@kurkle[\\/]color)[\\/]/ }] },
        },
      },
    },
  },
});
