/**
 * The native file dialogs behind `workspace:pickPath` (HandlerPorts.pickPath). New and
 * Save As use the save dialog, which asks before replacing a file itself; the renderer
 * then sends the path with `overwrite: true`. Cancelling answers null.
 *
 * In the test build of `npm run test:electron` (and only there) the dialogs are answered by
 * the test instead of shown: see `appDialogs` and electron/main/test-hooks.ts.
 */
import path from 'node:path';
import type { BaseWindow, Dialog, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { PickPurpose } from '../../shared/ipc/contract';
import { WORKSPACE_EXTENSION } from '../../shared/model/workspace';
import { answerDownload, hookedDialogs, installTestHooks, type DownloadLike } from './test-hooks';

export type DialogApi = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;

/**
 * The open and save dialogs the app shows: Electron's own. In a test build they are answered
 * from the queue the test fills (test-hooks.ts). `__TIERSCAPE_TEST_HOOKS__` is `false` in every
 * other build, so the bundler removes the branch and test-hooks.ts with it.
 */
export function appDialogs(dialog: DialogApi): DialogApi {
  if (typeof __TIERSCAPE_TEST_HOOKS__ !== 'undefined' && __TIERSCAPE_TEST_HOOKS__) return hookedDialogs(installTestHooks());
  return dialog;
}

/** What `answerDownloadsInTestBuild` needs of a session. */
export interface DownloadSession {
  on(event: 'will-download', listener: (event: { preventDefault(): void }, item: DownloadLike) => void): unknown;
}

/**
 * A download the page starts (Export JSON of a scenario is a blob download) asks where to
 * save it with Electron's own save dialog. In a test build it is saved where the test's
 * queued answer says instead; in any other build this does nothing.
 */
export function answerDownloadsInTestBuild(session: DownloadSession): void {
  if (typeof __TIERSCAPE_TEST_HOOKS__ !== 'undefined' && __TIERSCAPE_TEST_HOOKS__) {
    const hooks = installTestHooks();
    session.on('will-download', (event, item) => answerDownload(hooks, event, item));
  }
}

export const WORKSPACE_FILTERS = [{ name: 'Tierscape workspace', extensions: [WORKSPACE_EXTENSION.replace(/^\./, '')] }];

export interface DialogContext {
  documentsDir: string;
  /** the open workspace's file, if any: Save As starts next to it */
  currentFile?: string | null | undefined;
}

export type WorkspaceDialog = { kind: 'open'; options: OpenDialogOptions } | { kind: 'save'; options: SaveDialogOptions };

/** The dialog for a purpose (pure). */
export function workspaceDialog(purpose: PickPurpose, context: DialogContext): WorkspaceDialog {
  if (purpose === 'open') {
    return {
      kind: 'open',
      options: {
        title: 'Open Workspace',
        buttonLabel: 'Open',
        defaultPath: context.currentFile ? path.dirname(context.currentFile) : context.documentsDir,
        filters: WORKSPACE_FILTERS,
        properties: ['openFile'],
      },
    };
  }
  const current = context.currentFile;
  const defaultPath =
    purpose === 'saveAs' && current
      ? path.join(path.dirname(current), `${path.basename(current, path.extname(current))} copy${WORKSPACE_EXTENSION}`)
      : path.join(context.documentsDir, `Untitled${WORKSPACE_EXTENSION}`);
  return {
    kind: 'save',
    options: {
      title: purpose === 'new' ? 'New Workspace' : 'Save Workspace As',
      buttonLabel: purpose === 'new' ? 'Create' : 'Save',
      defaultPath,
      filters: WORKSPACE_FILTERS,
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    },
  };
}

/** Shows the dialog (as a sheet of `parent` when there is one) and answers the chosen path or null. */
export async function pickWorkspacePath(
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>,
  parent: BaseWindow | null,
  purpose: PickPurpose,
  context: DialogContext,
): Promise<string | null> {
  const spec = workspaceDialog(purpose, context);
  if (spec.kind === 'open') {
    const result = parent ? await dialog.showOpenDialog(parent, spec.options) : await dialog.showOpenDialog(spec.options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }
  const result = parent ? await dialog.showSaveDialog(parent, spec.options) : await dialog.showSaveDialog(spec.options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

export const IMPORT_FILTERS = [
  { name: 'Partner lists', extensions: ['csv', 'tsv', 'txt', 'xlsx', 'xlsm', 'xls', 'ods'] },
  { name: 'All files', extensions: ['*'] },
];

/** The open dialog for File > Import (pure). */
export function importDialog(context: DialogContext): OpenDialogOptions {
  return {
    title: 'Import Partner List',
    buttonLabel: 'Import',
    defaultPath: context.documentsDir,
    filters: IMPORT_FILTERS,
    properties: ['openFile'],
  };
}

/** Shows the import dialog and answers the chosen file or null. */
export async function pickImportFile(
  dialog: Pick<Dialog, 'showOpenDialog'>,
  parent: BaseWindow | null,
  context: DialogContext,
): Promise<string | null> {
  const options = importDialog(context);
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

export const WORKBOOK_FILTERS = [{ name: 'Excel workbook', extensions: ['xlsx'] }];

/** The save dialog for File > Export Workbook (pure): the suggested name in the documents folder. */
export function exportDialog(suggestedName: string, context: DialogContext): SaveDialogOptions {
  return {
    title: 'Export Workbook',
    buttonLabel: 'Export',
    defaultPath: path.join(context.documentsDir, path.basename(suggestedName)),
    filters: WORKBOOK_FILTERS,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

/** Shows the export save dialog and answers the chosen path or null. */
export async function pickExportPath(
  dialog: Pick<Dialog, 'showSaveDialog'>,
  parent: BaseWindow | null,
  suggestedName: string,
  context: DialogContext,
): Promise<string | null> {
  const options = exportDialog(suggestedName, context);
  const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}
