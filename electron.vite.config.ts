import { resolve } from 'node:path';
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

export default defineConfig({
  main: {
    build: {
      outDir: resolve('out/main'),
      lib: { entry: resolve('electron/main/index.ts'), formats: ['es'] },
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
      rolldownOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
