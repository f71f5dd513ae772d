/**
 * TEST BUILDS ONLY: native dialogs answered by the Electron app tests instead of a person.
 *
 * Only electron/main/dialogs.ts uses this module, and only behind the build-time constant
 * `__TIERSCAPE_TEST_HOOKS__` (electron/main/build-flags.d.ts). A production build defines it
 * as `false`, so the bundler drops those branches and this module with them: nothing here is
 * in out/main (test/electron/test-hooks.test.ts builds dialogs.ts both ways and checks, and
 * checks out/main/index.js when it exists).
 *
 * The tests (test/electron-app/) reach the hooks through `electronApp.evaluate`, which runs
 * in the main process: they push answers onto `globalThis.__tierscapeTestHooks.answers` before
 * the action that asks, and read what was asked from `.asked`.
 */
import type { BaseWindow, OpenDialogOptions, OpenDialogReturnValue, SaveDialogOptions, SaveDialogReturnValue } from 'electron';

/** The global the tests fill; also the marker string the production-build checks look for. */
export const TEST_HOOKS_GLOBAL = '__tierscapeTestHooks';

export type AskedKind = 'open' | 'save' | 'download';

export interface AskedDialog {
  kind: AskedKind;
  /** the dialog's title; for a download, the file name the page gave */
  title: string;
  defaultPath: string | null;
  /** the path answered, or null (cancelled) */
  answer: string | null;
  /** true when no answer was queued: the dialog was cancelled */
  unanswered: boolean;
}

export interface TestHooks {
  /** answers, first in first out: a path, or null for Cancel */
  answers: (string | null)[];
  /** every dialog the app asked for, in order */
  asked: AskedDialog[];
}

/** The hooks on `target` (the main process's global), created on first use. */
export function installTestHooks(target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): TestHooks {
  const existing = target[TEST_HOOKS_GLOBAL] as TestHooks | undefined;
  if (existing) return existing;
  const hooks: TestHooks = { answers: [], asked: [] };
  target[TEST_HOOKS_GLOBAL] = hooks;
  console.log(`[tierscape] TEST BUILD: native dialogs are answered from globalThis.${TEST_HOOKS_GLOBAL}, never shown`);
  return hooks;
}

/** The next queued answer for a dialog, recorded; with none queued, Cancel (and said on stderr). */
export function takeAnswer(hooks: TestHooks, kind: AskedKind, title: string, defaultPath: string | null): string | null {
  const unanswered = hooks.answers.length === 0;
  const answer = unanswered ? null : (hooks.answers.shift() ?? null);
  hooks.asked.push({ kind, title, defaultPath, answer, unanswered });
  if (unanswered) console.error(`[tierscape] TEST BUILD: the ${kind} dialog "${title}" had no answer queued: cancelled`);
  return answer;
}

type OpenArgs = [BaseWindow, OpenDialogOptions] | [OpenDialogOptions];
type SaveArgs = [BaseWindow, SaveDialogOptions] | [SaveDialogOptions];

/** Electron's open and save dialogs, answered from the queue. */
export function hookedDialogs(hooks: TestHooks): {
  showOpenDialog(...args: OpenArgs): Promise<OpenDialogReturnValue>;
  showSaveDialog(...args: SaveArgs): Promise<SaveDialogReturnValue>;
} {
  return {
    async showOpenDialog(...args: OpenArgs): Promise<OpenDialogReturnValue> {
      const options = args.length === 2 ? args[1] : args[0];
      const answer = takeAnswer(hooks, 'open', options.title ?? '', options.defaultPath ?? null);
      return answer === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [answer] };
    },
    async showSaveDialog(...args: SaveArgs): Promise<SaveDialogReturnValue> {
      const options = args.length === 2 ? args[1] : args[0];
      const answer = takeAnswer(hooks, 'save', options.title ?? '', options.defaultPath ?? null);
      return answer === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: answer };
    },
  };
}

/** What a 'will-download' listener reads and calls. */
export interface DownloadLike {
  getFilename(): string;
  setSavePath(path: string): void;
}

/**
 * A download the page started (a scenario file's blob download): saved where the queued
 * answer says, or cancelled. Must run inside the session's 'will-download' listener, before it
 * returns (setSavePath's rule).
 */
export function answerDownload(hooks: TestHooks, event: { preventDefault(): void }, item: DownloadLike): void {
  const fileName = item.getFilename();
  const answer = takeAnswer(hooks, 'download', fileName, fileName);
  if (answer === null) event.preventDefault();
  else item.setSavePath(answer);
}
