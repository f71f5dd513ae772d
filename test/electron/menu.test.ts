import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { RecentFile } from '../../shared/model/workspace';
import { buildMenuTemplate, escapeMnemonics, type MenuOptions } from '../../electron/main/menu';

type Item = MenuItemConstructorOptions;

const recent: RecentFile[] = [
  { path: '/home/ana/Q3 plan.tierscape', fileName: 'Q3 plan.tierscape', openedAt: '2026-01-02T00:00:00.000Z', exists: true },
  { path: '/home/ana/R&D.tierscape', fileName: 'R&D.tierscape', openedAt: '2026-01-01T00:00:00.000Z', exists: true },
  { path: '/mnt/usb/gone.tierscape', fileName: 'gone.tierscape', openedAt: '2025-12-01T00:00:00.000Z', exists: false },
];

function build(overrides: Partial<MenuOptions> = {}) {
  const send = vi.fn();
  const clearRecent = vi.fn();
  const template = buildMenuTemplate({ platform: 'win32', recent, send, isPackaged: true, clearRecent, ...overrides });
  return { template, send, clearRecent };
}

const plain = (label: string | undefined) => (label ?? '').replace(/&(?!&)/g, '').replace(/&&/g, '&');

function menu(template: Item[], label: string): Item[] {
  const found = template.find((item) => plain(item.label) === label || (label === 'Window' && item.role === 'windowMenu'));
  if (!found) throw new Error(`no ${label} menu in ${template.map((i) => i.label ?? i.role).join(', ')}`);
  return (found.submenu ?? []) as Item[];
}

function item(items: Item[], label: string): Item {
  const found = items.find((i) => plain(i.label) === label);
  if (!found) throw new Error(`no item ${label} in ${items.map((i) => i.label ?? i.role ?? i.type).join(', ')}`);
  return found;
}

function click(entry: Item): void {
  entry.click?.({} as never, undefined, {} as never);
}

function roles(items: Item[]): string[] {
  return items.flatMap((i) => (i.role ? [i.role] : []));
}

describe('menu template', () => {
  it('has File, Edit, View, Window and Help on Windows and Linux, plus the app menu on macOS', () => {
    for (const platform of ['win32', 'linux']) {
      const { template } = build({ platform });
      expect(template.map((i) => plain(i.label) || i.role)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    }
    const { template } = build({ platform: 'darwin' });
    expect(template[0]?.label).toBe('Tierscape');
    expect(roles(template[0]?.submenu as Item[])).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(template.slice(1).map((i) => plain(i.label) || i.role)).toEqual(['File', 'Edit', 'View', 'windowMenu', 'Help']);
  });

  it.each([
    ['New Workspace…', 'CmdOrCtrl+N', 'file:new'],
    ['Open…', 'CmdOrCtrl+O', 'file:open'],
    ['Save As…', 'CmdOrCtrl+Shift+S', 'file:saveAs'],
    ['Import Partner List…', 'CmdOrCtrl+I', 'file:import'],
    ['Export Workbook…', 'CmdOrCtrl+E', 'file:export'],
  ])('File › %s is %s and sends %s', (label, accelerator, command) => {
    const { template, send } = build();
    const entry = item(menu(template, 'File'), label);
    expect(entry.accelerator).toBe(accelerator);
    click(entry);
    expect(send).toHaveBeenCalledWith(command);
  });

  it('Close Workspace is Ctrl+W on Windows and Linux, and leaves Cmd+W to the window on macOS', () => {
    for (const platform of ['win32', 'linux']) {
      const { template, send } = build({ platform });
      const close = item(menu(template, 'File'), 'Close Workspace');
      expect(close.accelerator).toBe('Ctrl+W');
      click(close);
      expect(send).toHaveBeenCalledWith('file:close');
      // no Window › Close competing for Ctrl+W
      expect(roles(menu(template, 'Window'))).not.toContain('close');
    }
    const { template } = build({ platform: 'darwin' });
    expect(item(menu(template, 'File'), 'Close Workspace').accelerator).toBeUndefined();
    expect(template.some((i) => i.role === 'windowMenu')).toBe(true);
  });

  it('Quit is in File on Windows and Linux, in the app menu on macOS', () => {
    expect(roles(menu(build({ platform: 'linux' }).template, 'File'))).toContain('quit');
    expect(roles(menu(build({ platform: 'darwin' }).template, 'File'))).not.toContain('quit');
  });

  it('lists recent workspaces; a click sends file:openRecent with the path', () => {
    const { template, send } = build();
    const submenu = item(menu(template, 'File'), 'Open Recent').submenu as Item[];
    const files = submenu.filter((i) => i.click && i.label !== 'Clear Recent');
    expect(files.map((i) => plain(i.label))).toEqual(['Q3 plan.tierscape', 'R&D.tierscape', 'gone.tierscape']);
    click(files[0]!);
    expect(send).toHaveBeenCalledWith('file:openRecent', '/home/ana/Q3 plan.tierscape');
    expect(files[1]?.label).toBe('R&&D.tierscape');
    expect(files[0]?.enabled).toBe(true);
    expect(files[2]?.enabled).toBe(false);
  });

  it('clears the recent list from the submenu', () => {
    const { template, clearRecent } = build();
    const submenu = item(menu(template, 'File'), 'Open Recent').submenu as Item[];
    const clear = item(submenu, 'Clear Recent');
    expect(clear.enabled).toBe(true);
    click(clear);
    expect(clearRecent).toHaveBeenCalledOnce();
  });

  it('shows a disabled placeholder when there are no recent workspaces', () => {
    const { template } = build({ recent: [] });
    const submenu = item(menu(template, 'File'), 'Open Recent').submenu as Item[];
    expect(item(submenu, 'No Recent Workspaces').enabled).toBe(false);
    expect(item(submenu, 'Clear Recent').enabled).toBe(false);
  });

  it('Edit uses the roles for the clipboard, and its own Undo / Redo (scenario edits in the workbench)', () => {
    const edit = roles(menu(build().template, 'Edit'));
    for (const role of ['cut', 'copy', 'paste', 'selectAll']) expect(edit).toContain(role);
    expect(edit).not.toContain('undo');
    expect(edit).not.toContain('redo');
  });

  it.each([
    ['linux', 'Undo', 'CmdOrCtrl+Z', 'edit:undo'],
    ['linux', 'Redo', 'Ctrl+Shift+Z', 'edit:redo'],
    ['darwin', 'Redo', 'Cmd+Shift+Z', 'edit:redo'],
  ])('on %s Edit › %s is %s and sends %s', (platform, label, accelerator, command) => {
    const { template, send } = build({ platform });
    const entry = item(menu(template, 'Edit'), label);
    expect(entry.accelerator).toBe(accelerator);
    click(entry);
    expect(send).toHaveBeenCalledWith(command);
  });

  it.each([
    ['Partners', 'CmdOrCtrl+1', 'view:partners'],
    ['Scenarios', 'CmdOrCtrl+2', 'view:scenarios'],
    ['Compare', 'CmdOrCtrl+3', 'view:compare'],
    ['Present Comparison', 'F5', 'view:present'],
  ])('View › %s is %s and sends %s', (label, accelerator, command) => {
    const { template, send } = build();
    const entry = item(menu(template, 'View'), label);
    expect(entry.accelerator).toBe(accelerator);
    click(entry);
    expect(send).toHaveBeenCalledWith(command);
  });

  it('shows F5 for Present Comparison but leaves the key to the page (its key press may go full screen)', () => {
    const entry = item(menu(build().template, 'View'), 'Present Comparison');
    expect(entry.registerAccelerator).toBe(false);
  });

  it('toggles full screen with F11, or Ctrl+Cmd+F on macOS', () => {
    const full = (platform: string) => menu(build({ platform }).template, 'View').find((i) => i.role === 'togglefullscreen');
    expect(full('win32')?.accelerator).toBe('F11');
    expect(full('linux')?.accelerator).toBe('F11');
    expect(full('darwin')?.accelerator).toBe('Ctrl+Command+F');
  });

  it('offers reload and the developer tools only in an unpackaged build', () => {
    const packaged = roles(menu(build({ isPackaged: true }).template, 'View'));
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(packaged).not.toContain(role);
    const dev = roles(menu(build({ isPackaged: false }).template, 'View'));
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(dev).toContain(role);
  });

  it('Help has About on Windows and Linux', () => {
    expect(roles(menu(build({ platform: 'linux' }).template, 'Help'))).toEqual(['about']);
  });

  it('uses no accelerator twice, and a plain Ctrl shortcut only for Close Workspace off macOS', () => {
    for (const platform of ['win32', 'linux', 'darwin']) {
      const accelerators: string[] = [];
      const walk = (items: Item[]) => {
        for (const i of items) {
          if (i.accelerator) accelerators.push(i.accelerator);
          if (Array.isArray(i.submenu)) walk(i.submenu);
        }
      };
      walk(build({ platform }).template);
      expect(new Set(accelerators).size).toBe(accelerators.length);
      for (const a of accelerators.filter((x) => /^(Ctrl|Cmd|Command)\+[A-Z0-9]$/i.test(x))) expect(a).toBe('Ctrl+W');
    }
  });

  it('sends only menu commands of the contract', () => {
    const { template, send } = build();
    const walk = (items: Item[]) => {
      for (const i of items) {
        if (i.click && plain(i.label) !== 'Clear Recent') click(i);
        if (Array.isArray(i.submenu)) walk(i.submenu);
      }
    };
    walk(template);
    const sent = send.mock.calls.map((call) => call[0] as string);
    expect(new Set(sent)).toEqual(
      new Set(['file:new', 'file:open', 'file:openRecent', 'file:saveAs', 'file:import', 'file:export', 'file:close', 'edit:undo', 'edit:redo', 'view:partners', 'view:scenarios', 'view:compare', 'view:present']),
    );
  });

  it('escapes & in labels', () => {
    expect(escapeMnemonics('R&D & Co')).toBe('R&&D && Co');
  });
});
