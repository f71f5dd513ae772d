/**
 * What the window showed for a workspace — the area, the list in the header, the open
 * scenario, the workbench tab — kept in the page's storage per workspace file, so a reload
 * (or the next start on the same file) comes back to it. Only ids and names of views are
 * kept; anything that no longer exists is ignored when it is read back.
 */
import { z } from 'zod';
import { VIEWS, WORKBENCH_TABS } from './ui.slice';
import type { Store } from './store';

const KEY_PREFIX = 'tierscape:shown:';

const ShownSchema = z.object({
  view: z.enum(VIEWS),
  datasetId: z.number().int().positive().nullable(),
  scenarioId: z.number().int().positive().nullable(),
  workbenchTab: z.enum(WORKBENCH_TABS),
});
export type Shown = z.infer<typeof ShownSchema>;

function storage(): Storage | null {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null;
  } catch {
    return null; // storage switched off: nothing is remembered
  }
}

export function shownOf(s: Store): Shown | null {
  if (!s.workspace) return null;
  return { view: s.view, datasetId: s.selectedDatasetId, scenarioId: s.activeScenario?.id ?? null, workbenchTab: s.workbenchTab };
}

export function rememberShown(path: string, shown: Shown): void {
  try {
    storage()?.setItem(KEY_PREFIX + path, JSON.stringify(shown));
  } catch {
    // a full or refused storage only costs the restore
  }
}

/** What was shown for the workspace at `path`, or null (never shown, or unreadable). */
export function recallShown(path: string): Shown | null {
  try {
    const text = storage()?.getItem(KEY_PREFIX + path);
    if (!text) return null;
    const parsed = ShownSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Brings back what was shown for the open workspace: the list if it still exists, the
 * area, the workbench tab, and the scenario if it still exists (named open at once, loaded
 * in the background, so no view opens another one meanwhile).
 */
export function restoreShown(store: () => Store, set: (partial: Partial<Store>) => void): void {
  const s = store();
  if (!s.workspace) return;
  const shown = recallShown(s.workspace.path);
  if (!shown) return;
  const { datasets, scenarios } = s.workspace;
  const scenario = shown.scenarioId !== null ? scenarios.find((x) => x.id === shown.scenarioId) : undefined;
  set({
    view: shown.view,
    workbenchTab: shown.workbenchTab,
    ...(shown.datasetId !== null && datasets.some((d) => d.id === shown.datasetId) ? { selectedDatasetId: shown.datasetId } : {}),
    ...(scenario && !s.activeScenario ? { activeScenario: { id: scenario.id, datasetId: scenario.datasetId } } : {}),
  });
  if (scenario) void store().openScenario(scenario.id);
}

/** Keeps the shown state of the open workspace up to date as the store changes. */
export function keepShown(subscribe: (listener: (s: Store) => void) => () => void): () => void {
  let last = '';
  return subscribe((s) => {
    const shown = shownOf(s);
    if (!shown || !s.workspace || s.booting) return;
    const text = `${s.workspace.path}\u0000${JSON.stringify(shown)}`;
    if (text === last) return;
    last = text;
    rememberShown(s.workspace.path, shown);
  });
}
