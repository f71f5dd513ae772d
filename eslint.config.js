// Lint rules, including the layer boundaries of ARCHITECTURE.md: a forbidden import is
// a lint error, and `npm run lint` runs in CI.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);

const sqliteXlsx = ['better-sqlite3', 'xlsx'];
const uiLibraries = ['react', 'react-dom', 'react-dom/client', 'zustand', 'ag-grid-react', 'ag-grid-community', 'chart.js'];

function restrict(message, names, patterns = []) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: names.map((name) => ({ name, message })),
        patterns,
      },
    ],
  };
}

export default tseslint.config(
  { ignores: ['out/**', 'out-test/**', 'dist/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    // shared/ (and scenarios/) are pure: no Electron, Node, DOM frameworks, SQLite or SheetJS.
    files: ['shared/**/*.ts', 'scenarios/**/*.ts'],
    languageOptions: { globals: {} },
    rules: restrict('shared/ is pure domain code: it must not import this.', ['electron', ...nodeBuiltins, ...sqliteXlsx, ...uiLibraries], [
      { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports nothing outside shared/.' },
    ]),
  },
  {
    // renderer/ talks to the main process only through the typed API.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict('the renderer runs in a sandboxed page: no Node, Electron, SQLite or SheetJS.', ['electron', ...nodeBuiltins, ...sqliteXlsx], [
      {
        group: ['**/electron/**'],
        allowTypeImports: true,
        message: 'the renderer may only `import type` from electron/ (the preload API).',
      },
    ]),
  },
  {
    // services run under plain Node (tests, CLI, browser mode): never Electron.
    files: ['electron/services/**/*.ts', 'electron/cli/**/*.ts', 'electron/web/**/*.ts'],
    rules: restrict('electron/services, cli and web must run without Electron.', ['electron', ...uiLibraries], [
      { group: ['**/renderer/**', '**/main/**'], message: 'services do not depend on the UI or the Electron shell.' },
    ]),
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: restrict('the main process does not import the UI.', [...uiLibraries], [
      { group: ['**/renderer/**'], message: 'the main process does not import the renderer.' },
    ]),
  },
  {
    files: ['test/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
