// Lint rules, including the layer boundaries of DESIGN D14.1 (docs/DESIGN.md): a forbidden
// import is a lint error, and `npm run lint` runs in CI.
import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);

const sqliteXlsx = ['better-sqlite3', 'xlsx'];
const uiLibraries = ['react', 'react-dom', 'react-dom/client', 'zustand', 'ag-grid-react', 'ag-grid-community', 'chart.js'];

// The longest a source file may be, and the files allowed to be longer (each says why in its header).
export const MAX_SOURCE_LINES = 450;
export const MAX_LINES_EXCEPTIONS = ['shared/engine/compile.ts', 'shared/engine/evaluate.ts', 'scenarios/generator.ts'];

// The renderer's areas: renderer/src/features/<name>/. Each is its own layer (see below).
const features = readdirSync(new URL('./renderer/src/features/', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

// shared/engine/index.ts is the engine's only entrance (its own files and test/shared/engine/ excepted).
const engineMessage = 'import the engine from shared/engine (its index.ts), not from one of its files.';
const deepEngine = { group: ['**/shared/engine/*', '!**/shared/engine/index'], message: engineMessage };
// inside shared/ the engine is a sibling folder: `../engine/<file>`
const deepEngineFromShared = { group: ['**/engine/*', '!**/engine/index'], message: engineMessage };

const sharedMessage = 'shared/ is pure domain code: it must not import this.';
const sharedNames = ['electron', ...nodeBuiltins, ...sqliteXlsx, ...uiLibraries];
const sharedOutside = { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports nothing outside shared/.' };

const rendererMessage = 'the renderer runs in a sandboxed page: no Node, Electron, SQLite or SheetJS.';
const rendererNames = ['electron', ...nodeBuiltins, ...sqliteXlsx];
const rendererPatterns = [
  {
    group: ['**/electron/**'],
    allowTypeImports: true,
    message: 'the renderer may only `import type` from electron/ (the preload API).',
  },
  deepEngine,
];
const layerAdvice = 'what more than one area uses lives in renderer/src/components/ (UI) or renderer/src/lib/ (logic).';

/**
 * A feature (renderer/src/features/<name>/) imports no other feature. `../<other>/…` (up to
 * three folders up: a file at most two folders deep inside its feature; further up is the
 * repository's own scenarios/ folder) or any path through `features/<other>/`.
 */
function otherFeatures(feature) {
  const others = features.filter((f) => f !== feature).join('|');
  return {
    regex: `^(?:(?:\\.\\./){1,3}|.*/features/)(?:${others})(?:/|$)`,
    message: `features/${feature} may not import another feature: ${layerAdvice}`,
  };
}

// A later config object's no-restricted-imports replaces an earlier one's for the same file,
// so each block below lists every pattern that applies to its files.
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
    rules: restrict(sharedMessage, sharedNames, [sharedOutside, deepEngineFromShared]),
  },
  {
    // the engine's own files import each other
    files: ['shared/engine/**/*.ts'],
    rules: restrict(sharedMessage, sharedNames, [sharedOutside]),
  },
  {
    // renderer/ talks to the main process only through the typed API.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(rendererMessage, rendererNames, rendererPatterns),
  },
  ...features.map((feature) => ({
    files: [`renderer/src/features/${feature}/**/*.{ts,tsx}`],
    rules: restrict(rendererMessage, rendererNames, [...rendererPatterns, otherFeatures(feature)]),
  })),
  {
    // the store is below the features: it imports none
    files: ['renderer/src/stores/**/*.{ts,tsx}'],
    rules: restrict(rendererMessage, rendererNames, [
      ...rendererPatterns,
      { group: ['**/features/**'], message: `stores/ may not import a feature: ${layerAdvice}` },
    ]),
  },
  {
    // components/ and lib/ are what the features share: they import no feature (nor its stylesheet)
    files: ['renderer/src/components/**/*.{ts,tsx}', 'renderer/src/lib/**/*.{ts,tsx}'],
    rules: restrict(rendererMessage, rendererNames, [
      ...rendererPatterns,
      { regex: '(?:^|/)features/', message: 'components/ and lib/ are shared by the features: they may not import one.' },
    ]),
  },
  {
    // services run under plain Node (tests, CLI, browser mode): never Electron.
    files: ['electron/services/**/*.ts', 'electron/cli/**/*.ts', 'electron/web/**/*.ts'],
    rules: restrict('electron/services, cli and web must run without Electron.', ['electron', ...uiLibraries], [
      { group: ['**/renderer/**', '**/main/**'], message: 'services do not depend on the UI or the Electron shell.' },
      deepEngine,
    ]),
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: restrict('the main process does not import the UI.', [...uiLibraries], [
      { group: ['**/renderer/**'], message: 'the main process does not import the renderer.' },
      deepEngine,
    ]),
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: restrict(engineMessage, [], [deepEngine]),
  },
  {
    // tests use the engine through its entrance too; test/shared/engine/ tests its files one by one
    // (test/shared/engine/helpers.ts is a test helper, not an engine file)
    files: ['test/**/*.{ts,tsx}'],
    ignores: ['test/shared/engine/**'],
    rules: restrict(engineMessage, [], [{ ...deepEngine, group: [...deepEngine.group, '!**/shared/engine/helpers'] }]),
  },
  {
    files: ['test/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // A source file does one thing and stays readable in one sitting (DESIGN D14.3). The
    // exceptions are the engine's hot loops and the sample-data generator, each with its
    // reason in its header.
    files: ['electron/**/*.{ts,tsx}', 'renderer/**/*.{ts,tsx}', 'shared/**/*.{ts,tsx}', 'scenarios/**/*.{ts,tsx}'],
    ignores: MAX_LINES_EXCEPTIONS,
    rules: { 'max-lines': ['error', { max: MAX_SOURCE_LINES, skipBlankLines: false, skipComments: false }] },
  },
);
