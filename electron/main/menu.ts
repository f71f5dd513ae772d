/**
 * The native menu (DESIGN D11.1): the usual shortcuts, recent files, full screen. Items that
 * act on the workspace send a MenuCommand to the renderer, which runs the same flow as
 * its own buttons; editing and window items use Electron's roles. Pure: the template is
 * built from its inputs, so it is tested without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/ipc/channels';
import type { RecentFile } from '../../shared/model/workspace';
import { APP_TITLE } from './launch';

export interface MenuOptions {
  platform: string;
  recent: readonly RecentFile[];
  send: (command: MenuCommand, arg?: string) => void;
  isPackaged: boolean;
  /** File › Open Recent › Clear Recent; the item is hidden without it */
  clearRecent?: () => void;
}

type Item = MenuItemConstructorOptions;
const separator: Item = { type: 'separator' };

/**
 * A single `&` in a label marks a mnemonic (Windows, Linux; macOS strips it), so a file
 * name's own `&` is doubled to show literally.
 */
export function escapeMnemonics(text: string): string {
  return text.replace(/&/g, '&&');
}

function recentSubmenu(options: MenuOptions): Item[] {
  const items: Item[] = options.recent.map((file) => ({
    label: escapeMnemonics(file.fileName),
    sublabel: file.path,
    toolTip: file.path,
    enabled: file.exists,
    click: () => options.send('file:openRecent', file.path),
  }));
  if (items.length === 0) items.push({ label: 'No Recent Workspaces', enabled: false });
  if (options.clearRecent) {
    const clear = options.clearRecent;
    items.push(separator, { label: 'Clear Recent', enabled: options.recent.length > 0, click: () => clear() });
  }
  return items;
}

function fileMenu(options: MenuOptions): Item {
  const mac = options.platform === 'darwin';
  const send = options.send;
  const submenu: Item[] = [
    { label: 'New Workspace…', accelerator: 'CmdOrCtrl+N', click: () => send('file:new') },
    { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => send('file:open') },
    { label: 'Open Recent', submenu: recentSubmenu(options) },
    separator,
    { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => send('file:saveAs') },
    separator,
    { label: 'Import Partner List…', accelerator: 'CmdOrCtrl+I', click: () => send('file:import') },
    { label: 'Export Workbook…', accelerator: 'CmdOrCtrl+E', click: () => send('file:export') },
    separator,
    // On macOS Cmd+W closes the window (Window menu); elsewhere Ctrl+W closes the document.
    { label: 'Close Workspace', ...(mac ? {} : { accelerator: 'Ctrl+W' }), click: () => send('file:close') },
  ];
  if (!mac) submenu.push(separator, { role: 'quit' });
  return { label: '&File', submenu };
}

/**
 * Undo / Redo are the app's: in the scenario workbench they walk the scenario's edits
 * back and forth; elsewhere the page undoes text as the 'undo' role would.
 */
function editMenu(options: MenuOptions): Item {
  const mac = options.platform === 'darwin';
  const send = options.send;
  return {
    label: '&Edit',
    submenu: [
      { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: () => send('edit:undo') },
      { label: 'Redo', accelerator: mac ? 'Cmd+Shift+Z' : 'Ctrl+Shift+Z', click: () => send('edit:redo') },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as Item] : []),
      { role: 'delete' },
      separator,
      { role: 'selectAll' },
    ],
  };
}

function viewMenu(options: MenuOptions): Item {
  const mac = options.platform === 'darwin';
  const send = options.send;
  const submenu: Item[] = [
    { label: 'Partners', accelerator: 'CmdOrCtrl+1', click: () => send('view:partners') },
    { label: 'Scenarios', accelerator: 'CmdOrCtrl+2', click: () => send('view:scenarios') },
    { label: 'Compare', accelerator: 'CmdOrCtrl+3', click: () => send('view:compare') },
    // shown, not registered: F5 reaches the page, whose key press may take the window full screen
    { label: 'Present Comparison', accelerator: 'F5', registerAccelerator: false, click: () => send('view:present') },
    separator,
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    separator,
    { role: 'togglefullscreen', accelerator: mac ? 'Ctrl+Command+F' : 'F11' },
  ];
  if (!options.isPackaged) submenu.push(separator, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' });
  return { label: '&View', submenu };
}

function windowMenu(platform: string): Item {
  if (platform === 'darwin') return { role: 'windowMenu' };
  return { label: '&Window', submenu: [{ role: 'minimize' }] };
}

function helpMenu(platform: string): Item {
  const mac = platform === 'darwin';
  // On macOS "About" lives in the app menu.
  return { role: 'help', label: '&Help', submenu: mac ? [] : [{ role: 'about', label: `About ${APP_TITLE}` }] };
}

function appMenu(): Item {
  return {
    label: APP_TITLE,
    submenu: [
      { role: 'about', label: `About ${APP_TITLE}` },
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  return [
    ...(mac ? [appMenu()] : []),
    fileMenu(options),
    editMenu(options),
    viewMenu(options),
    windowMenu(options.platform),
    helpMenu(options.platform),
  ];
}
