/**
 * The scenarios of the workspace and the one being edited (DESIGN D4–D7): the list's
 * actions (create, duplicate, move, rename, delete …) and the draft, tracked by undo / redo
 * through zundo. Every edit is saved and re-evaluated, without a save button: the draft's
 * autosave is autosave.ts, its live evaluation evaluation-queue.ts.
 *
 * Undo works like a document app's: one step per edit of a field, not per keystroke. A
 * text field reports what is typed through `typingInto`, and the edits one visit of a
 * field makes (focus to blur) share one step until the typing pauses for
 * TYPING_PAUSE_MS; the next keystroke then starts a new step. A drag or an applied value
 * is one edit, so one step. Ctrl+Z in a field typed in takes that step back whole (App.tsx
 * `runCommand`); text the draft does not have yet (not valid) goes back by the browser's own
 * undo first. Should the browser's undo reach text the history holds, the history steps
 * back with it, so the text and the draft never disagree.
 */
import type { StateCreator, StoreApi } from 'zustand';
import type { TemporalState } from 'zundo';
import type { PlacedScenarioDto, ScenarioPlacement, ScenarioRecordDto } from '../../../shared/ipc/contract';
import { ScenarioSchema, SCENARIO_FORMAT, SCENARIO_VERSION, type Scenario } from '../../../shared/model/scenario';
import type { DatasetSummary, ScenarioSummary } from '../../../shared/model/workspace';
import { getApi } from '../api/client';
import { createAutosave, type AutosaveState } from './autosave';
import { createEvaluationQueue, type EvaluationState } from './evaluation-queue';
import type { Mutators, Store } from './store';
import { isWorkspaceChanged, openingOf } from './opening';
import { messageOf } from '../lib/errors';

/** A pause in typing this long ends the undo step the typing makes: the next keystroke starts another. */
export const TYPING_PAUSE_MS = 800;

/** What a text field's input was: typing (pasting, cutting, deleting …), or the browser's own undo or redo of its text. */
export type TypingKind = 'type' | 'undo' | 'redo';

/** The text field whose input is being reported now, while its handler runs (the edits it makes are typing). */
let typingNow: { field: string; kind: TypingKind } | null = null;
/** Counts the blurs of text fields: a typing session lasts one visit of its field. */
let typingVisit = 0;

/**
 * Runs a text field's report of its input (`report` calls the editor's onValue …): the
 * edits of the draft it makes are typing into `field` — the input's DOM id, which the undo
 * command looks up (`isTypingIn`) — and coalesce into one undo step per visit of the field
 * and pause of the typing.
 */
export function typingInto<T>(field: string, kind: TypingKind, report: () => T): T {
  const outer = typingNow;
  typingNow = { field, kind };
  try {
    return report();
  } finally {
    typingNow = outer;
  }
}

/** A text field lost focus: its typing session is over (the next edit is a new undo step). */
export function endTyping(): void {
  typingVisit += 1;
}

/** The kind of a text field's input event: the browser's undo and redo say so in InputEvent.inputType. */
export function typingKindOf(event: { nativeEvent: Event }): TypingKind {
  const type = (event.nativeEvent as Partial<InputEvent>).inputType;
  return type === 'historyUndo' ? 'undo' : type === 'historyRedo' ? 'redo' : 'type';
}

/** Structural equality of two drafts (JSON-like values; a key holding undefined counts as absent). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((x, i) => sameValue(x, other[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
  const kx = keys(x);
  return kx.length === keys(y).length && kx.every((k) => Object.hasOwn(y, k) && sameValue(x[k], y[k]));
}

export interface DraftState {
  draft: Scenario | null;
}

/** What putting the open scenario on its list did (created, imported, duplicated or moved onto it), said once. */
export interface PlacementNote {
  scenarioId: number;
  how: 'created' | 'imported' | 'duplicated' | 'moved';
  placement: ScenarioPlacement;
}

export interface ScenarioSlice extends DraftState, AutosaveState, EvaluationState {
  /** the stored scenario the draft belongs to */
  activeScenario: { id: number; datasetId: number | null } | null;
  examples: { name: string; description: string }[];
  /** what the last create / import / duplicate / move placed automatically, and what it could not */
  placementNote: PlacementNote | null;
  /** the "Fit to this list" dialog (binding the metrics the list lacks) is open */
  fitOpen: boolean;

  openScenario(id: number): Promise<void>;
  closeScenario(): Promise<void>;
  /** Forgets the open scenario without saving (another workspace was opened: the draft is already saved). */
  resetScenario(): void;
  /**
   * A valid edit of the draft: saved shortly after, evaluated now; one undo step, unless it
   * is typing (`typingInto`) that goes on in the same field without a pause.
   */
  editScenario(next: Scenario): void;
  undoEdit(): void;
  redoEdit(): void;
  /** Whether the newest undo step is typing into `field` (by `typingInto`) during the visit of it still going on. */
  isTypingIn(field: string): boolean;
  /** Writes a pending edit now (before leaving the view, closing the workspace …). */
  flushSave(): Promise<void>;
  loadExamples(): Promise<void>;
  /** Each answers why not (a message for the person), or null when done. A scenario is created on `datasetId`, else the list shown. */
  createFromExample(name: string, datasetId?: number | null): Promise<string | null>;
  createBlank(name: string, datasetId?: number | null): Promise<string | null>;
  duplicateScenario(id: number): Promise<string | null>;
  /** Evaluates the scenario on another list from now on (today's tiers of that list are placed where they can be). */
  moveScenario(id: number, datasetId: number): Promise<string | null>;
  dismissPlacementNote(): void;
  openFit(): void;
  closeFit(): void;
  renameScenario(id: number, name: string): Promise<string | null>;
  deleteScenario(id: number): Promise<string | null>;
  setBaseline(id: number, baseline: boolean): Promise<string | null>;
  importScenarioFile(text: string, fileName: string, datasetId?: number | null): Promise<string | null>;
  exportScenarioFile(id: number): Promise<{ fileName: string; text: string }>;
  /** Re-evaluates the draft (after a dataset change, or on demand). */
  evaluateDraft(): Promise<void>;
}

/** A new design: one ladder for every motion with an entry tier. */
export function blankScenario(name: string): Scenario {
  return ScenarioSchema.parse({
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    name,
    ladders: [{ id: 'program', motion: '*', name: 'Partner program', tiers: [{ id: 'registered', name: 'Registered', color: '#94a3b8', requirement: null }] }],
  });
}

/** The dataset a scenario is evaluated on: its own when it still exists, else the newest (as the CLI does). */
export function datasetOfScenario(datasets: readonly DatasetSummary[], datasetId: number | null): DatasetSummary | null {
  return datasets.find((d) => d.id === datasetId) ?? datasets.at(-1) ?? null;
}

export const createScenarioSlice: StateCreator<Store, Mutators, [], ScenarioSlice> = (set, get, store) => {
  const api = () => getApi();
  // zundo types the store inside its config as `temporal: unknown`; it is this
  const temporal = () => (store.temporal as StoreApi<TemporalState<DraftState>>).getState();
  /**
   * The typing that made the newest undo steps: its field and visit, the draft its last
   * edit made (it goes on only while that is the draft), when it typed last, how many of
   * the newest past states this visit made (its field's own undo may step back through
   * them), and whether the next keystroke may join the newest step.
   */
  let typing: { field: string; visit: number; draft: Scenario; at: number; steps: number; open: boolean } | null = null;

  function forgetHistory(): void {
    temporal().clear();
    typing = null;
  }

  /**
   * The field's own undo (or redo) brought its text back to a state the history holds:
   * the history steps there too (its nearest such state), so that the app's next undo
   * does not redo what the browser undid. False when no state matches.
   */
  function stepWithText(next: Scenario, kind: 'undo' | 'redo', session: NonNullable<typeof typing>): boolean {
    const history = temporal();
    const states = kind === 'undo' ? history.pastStates : history.futureStates;
    // the field's undo reaches back only through the steps this visit made; its redo through those it undid
    const reach = kind === 'undo' ? Math.min(session.steps, states.length) : states.length;
    for (let n = 1; n <= reach; n += 1) {
      if (!sameValue(states[states.length - n]!.draft, next)) continue;
      if (kind === 'undo') history.undo(n);
      else history.redo(n);
      typing = { ...session, draft: get().draft!, steps: session.steps + (kind === 'undo' ? -n : n), open: false };
      return true;
    }
    return false;
  }

  function datasetIdFor(active: { datasetId: number | null } | null): number | null {
    return datasetOfScenario(get().workspace?.datasets ?? [], active?.datasetId ?? null)?.id ?? null;
  }

  function replaceSummaries(scenarios: ScenarioSummary[]): void {
    const ws = get().workspace;
    if (ws) set({ workspace: { ...ws, scenarios } });
  }

  async function refreshList(): Promise<void> {
    replaceSummaries(await api().call('scenario:list'));
  }

  const autosave = createAutosave(set, get, (record) => {
    const ws = get().workspace;
    if (ws) {
      replaceSummaries(
        ws.scenarios.map((s) => (s.id === record.id ? { ...s, name: record.scenario.name, isBaseline: record.scenario.baseline, updatedAt: record.updatedAt } : s)),
      );
    }
  });
  const flushSave = autosave.flush;
  const evaluateDraft = createEvaluationQueue(set, get, () => datasetIdFor(get().activeScenario));

  function afterDraftChange(): void {
    autosave.schedule();
    void evaluateDraft();
  }

  async function attempt(action: () => Promise<void>): Promise<string | null> {
    try {
      await action();
      return null;
    } catch (error) {
      if (isWorkspaceChanged(error)) await get().workspaceReplaced(error.message);
      return messageOf(error);
    }
  }

  async function show(record: ScenarioRecordDto, fitOpen = false): Promise<void> {
    set({ activeScenario: { id: record.id, datasetId: record.datasetId }, draft: record.scenario, saveState: 'saved', saveError: null, evaluation: null, evaluationError: null, fitOpen });
    forgetHistory();
    await evaluateDraft();
  }

  /** Shows a scenario just put on a list, with what that placed; a list lacking metrics the design reads opens the fit dialog first. */
  async function showPlaced(record: PlacedScenarioDto, how: PlacementNote['how']): Promise<void> {
    const { placement, ...rest } = record;
    await refreshList();
    set({ placementNote: { scenarioId: record.id, how, placement } });
    await show(rest, placement.missingMetrics.length > 0);
  }

  /** The list a new scenario goes on: the one asked for, else the one shown in the header, else the newest. */
  function listFor(datasetId: number | null | undefined): number | null {
    const datasets = get().workspace?.datasets ?? [];
    const wanted = datasetId ?? get().selectedDatasetId;
    return datasets.find((d) => d.id === wanted)?.id ?? datasetIdFor(null);
  }

  return {
    draft: null,
    activeScenario: null,
    saveState: 'saved',
    saveError: null,
    evaluation: null,
    evaluating: false,
    evaluationError: null,
    examples: [],
    placementNote: null,
    fitOpen: false,

    async openScenario(id) {
      if (get().activeScenario?.id === id && get().draft) return;
      await flushSave();
      if (get().placementNote?.scenarioId !== id) set({ placementNote: null });
      try {
        const record = await api().call('scenario:get', { id });
        await show(record);
        // a scenario an older version stored with duplicates is read as the engine always read it: said once
        if (record.repaired?.length) set({ notice: { tone: 'info', text: `“${record.scenario.name}” was stored by an older version: ${record.repaired.join(' ')} It is saved this way with your next edit.` } });
      } catch (error) {
        set({ notice: { tone: 'error', text: `The scenario could not be opened: ${messageOf(error)}` } });
      }
    },

    async closeScenario() {
      await flushSave();
      set({ activeScenario: null, draft: null, evaluation: null, evaluationError: null });
      forgetHistory();
    },

    resetScenario() {
      autosave.cancel();
      set({ activeScenario: null, draft: null, evaluation: null, evaluationError: null, saveState: 'saved', saveError: null, placementNote: null, fitOpen: false });
      forgetHistory();
    },

    editScenario(next) {
      const draft = get().draft;
      if (!get().activeScenario || next === draft) return;
      const now = typingNow;
      // a field whose text is back at what the draft already says (its own undo of a typo …) changes nothing
      if (now && sameValue(next, draft)) return;
      const at = Date.now();
      // the same visit of the same field, and nothing else changed the draft since its last edit
      const session = now && typing && typing.field === now.field && typing.visit === typingVisit && typing.draft === draft ? typing : null;
      if (now && session && now.kind !== 'type' && stepWithText(next, now.kind, session)) {
        afterDraftChange();
        return;
      }
      if (now?.kind === 'type' && session && session.open && session.steps > 0 && at - session.at < TYPING_PAUSE_MS) {
        // more of the same typing: the step it made takes this edit too
        const history = temporal();
        history.pause();
        set({ draft: next });
        history.resume();
        typing = { ...session, draft: next, at };
      } else {
        set({ draft: next });
        typing = now ? { field: now.field, visit: typingVisit, draft: next, at, steps: (session?.steps ?? 0) + 1, open: now.kind === 'type' } : null;
      }
      afterDraftChange();
    },

    undoEdit() {
      const before = get().draft;
      typing = null;
      temporal().undo();
      if (get().draft !== before) afterDraftChange();
    },

    redoEdit() {
      const before = get().draft;
      typing = null;
      temporal().redo();
      if (get().draft !== before) afterDraftChange();
    },

    isTypingIn: (field) => typing !== null && typing.field === field && typing.visit === typingVisit && typing.draft === get().draft && typing.steps > 0,

    flushSave,

    async loadExamples() {
      if (get().examples.length) return;
      try {
        set({ examples: await api().call('scenario:examples') });
      } catch {
        // the list of examples is a convenience; the rest of the view works without it
      }
    },

    createFromExample: (name, datasetId) =>
      attempt(async () => {
        await flushSave();
        const record = await api().call('scenario:createFromExample', { workspace: openingOf(get()), name, datasetId: listFor(datasetId) });
        await showPlaced(record, 'created');
      }),

    createBlank: (name, datasetId) =>
      attempt(async () => {
        await flushSave();
        const record = await api().call('scenario:create', { workspace: openingOf(get()), scenario: blankScenario(name), datasetId: listFor(datasetId) });
        await showPlaced(record, 'created');
      }),

    duplicateScenario: (id) =>
      attempt(async () => {
        await flushSave();
        const record = await api().call('scenario:duplicate', { workspace: openingOf(get()), id });
        await showPlaced(record, 'duplicated');
      }),

    moveScenario: (id, datasetId) =>
      attempt(async () => {
        await flushSave();
        const record = await api().call('scenario:setDataset', { workspace: openingOf(get()), id, datasetId });
        await showPlaced(record, 'moved');
      }),

    dismissPlacementNote: () => set({ placementNote: null }),
    openFit: () => set({ fitOpen: true }),
    closeFit: () => set({ fitOpen: false }),

    renameScenario: (id, name) =>
      attempt(async () => {
        await flushSave();
        const active = get().activeScenario;
        const current = active?.id === id && get().draft ? get().draft! : (await api().call('scenario:get', { id })).scenario;
        const record = await api().call('scenario:save', { workspace: openingOf(get()), id, scenario: { ...current, name: name.trim() } });
        if (active?.id === id) set({ draft: record.scenario });
        await refreshList();
      }),

    deleteScenario: (id) =>
      attempt(async () => {
        if (get().activeScenario?.id === id) {
          const writing = autosave.cancel();
          if (writing) await writing;
          set({ activeScenario: null, draft: null, evaluation: null, saveState: 'saved' });
          forgetHistory();
        }
        replaceSummaries(await api().call('scenario:delete', { workspace: openingOf(get()), id }));
      }),

    setBaseline: (id, baseline) =>
      attempt(async () => {
        await flushSave();
        const record = await api().call('scenario:setBaseline', { workspace: openingOf(get()), id, baseline });
        if (get().activeScenario?.id === id) set({ draft: record.scenario });
        await refreshList();
      }),

    importScenarioFile: (text, fileName, datasetId) =>
      attempt(async () => {
        await flushSave();
        const record = await api().call('scenario:importJson', { workspace: openingOf(get()), text, fileName, datasetId: listFor(datasetId) });
        await showPlaced(record, 'imported');
      }),

    async exportScenarioFile(id) {
      await flushSave();
      return api().call('scenario:exportJson', { id });
    },

    evaluateDraft,
  };
};
