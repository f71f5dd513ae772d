import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { exportDialog, pickExportPath, pickWorkspacePath, WORKBOOK_FILTERS, workspaceDialog, WORKSPACE_FILTERS } from '../../electron/main/dialogs';

const context = { documentsDir: path.join('/home', 'ana', 'Documents'), currentFile: path.join('/work', 'plans', 'Q3.tierscape') };

function fakeDialog(open: { canceled: boolean; filePaths: string[] }, save: { canceled: boolean; filePath: string }) {
  return { showOpenDialog: vi.fn(async () => open), showSaveDialog: vi.fn(async () => save) };
}

describe('workspaceDialog', () => {
  it('opens one .tierscape file', () => {
    const spec = workspaceDialog('open', context);
    expect(spec.kind).toBe('open');
    expect(spec.options.filters).toEqual([{ name: 'Tierscape workspace', extensions: ['tierscape'] }]);
    expect(spec.options.properties).toEqual(['openFile']);
    expect(spec.options.defaultPath).toBe(path.dirname(context.currentFile));
  });

  it('creates a new workspace in the documents folder with the save dialog', () => {
    const spec = workspaceDialog('new', context);
    expect(spec.kind).toBe('save');
    expect(spec.options.defaultPath).toBe(path.join(context.documentsDir, 'Untitled.tierscape'));
    expect(spec.options.filters).toBe(WORKSPACE_FILTERS);
    expect(spec.options.properties).toContain('showOverwriteConfirmation');
  });

  it('suggests "<name> copy" next to the open workspace for Save As', () => {
    const spec = workspaceDialog('saveAs', context);
    expect(spec.kind).toBe('save');
    expect(spec.options.defaultPath).toBe(path.join('/work', 'plans', 'Q3 copy.tierscape'));
    expect(workspaceDialog('saveAs', { documentsDir: context.documentsDir }).options.defaultPath).toBe(
      path.join(context.documentsDir, 'Untitled.tierscape'),
    );
  });
});

describe('pickWorkspacePath', () => {
  it('answers the chosen file, or null when cancelled', async () => {
    const parent = {} as never;
    const chosen = fakeDialog({ canceled: false, filePaths: ['/a.tierscape'] }, { canceled: false, filePath: '/b.tierscape' });
    expect(await pickWorkspacePath(chosen, parent, 'open', context)).toBe('/a.tierscape');
    expect(chosen.showOpenDialog).toHaveBeenCalledWith(parent, expect.objectContaining({ properties: ['openFile'] }));
    expect(await pickWorkspacePath(chosen, parent, 'new', context)).toBe('/b.tierscape');
    expect(await pickWorkspacePath(chosen, null, 'saveAs', context)).toBe('/b.tierscape');
    expect(chosen.showSaveDialog).toHaveBeenLastCalledWith(expect.objectContaining({ title: 'Save Workspace As' }));

    const cancelled = fakeDialog({ canceled: true, filePaths: [] }, { canceled: true, filePath: '' });
    expect(await pickWorkspacePath(cancelled, parent, 'open', context)).toBeNull();
    expect(await pickWorkspacePath(cancelled, parent, 'saveAs', context)).toBeNull();
  });
});

describe('export save dialog', () => {
  it('suggests the workbook name in the documents folder, for .xlsx, asking before replacing', () => {
    const options = exportDialog('Tierscape – A vs B – FY2025.xlsx', context);
    expect(options.defaultPath).toBe(path.join(context.documentsDir, 'Tierscape – A vs B – FY2025.xlsx'));
    expect(options.filters).toBe(WORKBOOK_FILTERS);
    expect(options.properties).toContain('showOverwriteConfirmation');
    // a suggested name cannot point elsewhere
    expect(exportDialog('../../etc/x.xlsx', context).defaultPath).toBe(path.join(context.documentsDir, 'x.xlsx'));
  });

  it('answers the chosen path, or null when cancelled', async () => {
    const chosen = fakeDialog({ canceled: false, filePaths: [] }, { canceled: false, filePath: '/r.xlsx' });
    expect(await pickExportPath(chosen, null, 'r.xlsx', context)).toBe('/r.xlsx');
    const cancelled = fakeDialog({ canceled: true, filePaths: [] }, { canceled: true, filePath: '' });
    expect(await pickExportPath(cancelled, {} as never, 'r.xlsx', context)).toBeNull();
  });
});
