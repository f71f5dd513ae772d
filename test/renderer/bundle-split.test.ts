/**
 * The renderer's first chunk (issue 21): what the window loads before the Partners grid shows.
 * Scenarios and Compare, with Chart.js, are loaded when first shown (App.tsx's lazy views);
 * their stylesheets still come with the window, before styles.css, as they always did; and
 * the grids register the ag-grid modules they use, not AllCommunityModule.
 */
import { describe, expect, it } from 'vitest';
import { AllCommunityModule, ValidationModule } from 'ag-grid-community';
import { gridModules } from '../../renderer/src/components/grid-theme';

// the renderer's sources as text, by path relative to renderer/src ("App.tsx", "features/…")
const PREFIX = '../../renderer/src/';
const byPath = (files: Record<string, unknown>) => Object.keys(files).map((k) => k.slice(PREFIX.length));
const SOURCES = Object.fromEntries(
  Object.entries(import.meta.glob<string>('../../renderer/src/**/*.{ts,tsx}', { query: '?raw', import: 'default', eager: true })).map(([k, v]) => [k.slice(PREFIX.length), v]),
);
const AREA_CSS = byPath(import.meta.glob(['../../renderer/src/features/**/*.css', '../../renderer/src/components/**/*.css']));

/** The modules a file imports statically (type-only imports are erased; dynamic `import()` is not static). */
function staticImports(file: string): string[] {
  const found: string[] = [];
  const pattern = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const m of SOURCES[file]!.matchAll(pattern)) if (!m[2]) found.push(m[3]!);
  return found;
}

/** "features/partners/PartnersView.tsx" + "../../components/x" → "components/x.ts" (or .tsx, index), or the path as is (a stylesheet, a file outside renderer/src). */
function resolveLocal(from: string, spec: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const part of spec.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  const base = parts.join('/');
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`].find((c) => c in SOURCES) ?? base;
}

/** Every renderer file and package the entry reaches through static imports. */
function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    if (!(file in SOURCES)) return;
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) visit(resolveLocal(file, spec));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('the window’s first chunk', () => {
  const { files, packages } = reachable('main.tsx');

  it('does not reach Chart.js, its plugins, or the Scenarios and Compare areas’ code', () => {
    expect([...packages].filter((p) => /^(chart\.js|chartjs-)/.test(p))).toEqual([]);
    expect([...files].filter((f) => /^features\/(compare|scenarios)\/.*\.tsx?$/.test(f))).toEqual([]);
  });

  it('still reaches the Partners grid', () => {
    expect(files).toContain('features/partners/PartnersView.tsx');
    expect(packages).toContain('ag-grid-react');
  });

  it('brings every area’s stylesheet, before styles.css, in the order they always had', () => {
    const imports = staticImports('main.tsx').filter((s) => s.endsWith('.css'));
    expect(imports[imports.length - 1]).toBe('./styles.css');
    // a stylesheet an area imports that the window does not bring would come after styles.css, and only with its area
    expect(new Set(imports.slice(0, -1))).toEqual(new Set(AREA_CSS.map((f) => `./${f}`)));
    expect(imports.slice(0, -1)).toEqual([
      './components/forms.css',
      './features/compare/compare.css',
      './features/compare/DesignPanel/design.css',
      './features/scenarios/editor/requirement-builder.css',
      './features/scenarios/outcome/outcome-panel.css',
    ]);
  });
});

describe('the grids’ ag-grid modules', () => {
  it('are chosen ones, not the whole Community bundle', () => {
    expect(gridModules).not.toContain(AllCommunityModule);
    const names = gridModules.map((m) => m.moduleName);
    for (const name of ['ClientSideRowModel', 'InfiniteRowModel', 'TextFilter', 'NumberFilter', 'Tooltip', 'CellStyle', 'ColumnAutoSize']) {
      expect(names).toContain(name);
    }
  });

  it('add the validation module in development and tests (import.meta.env.DEV; a production build leaves it out)', () => {
    expect(import.meta.env.DEV).toBe(true);
    expect(gridModules).toContain(ValidationModule);
  });
});
