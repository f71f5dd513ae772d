import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

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
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      rolldownOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
