/**
 * The names of every IPC channel, without their schemas, so the preload script can
 * allow-list channels without bundling zod. `contract.ts` must define exactly these.
 */
export const CHANNELS = [
  'app:info',
  'workspace:current',
  'workspace:new',
  'workspace:open',
  'workspace:saveAs',
  'workspace:close',
  'workspace:recent',
  'workspace:forgetRecent',
  'workspace:pickPath',
  'dataset:list',
  'dataset:rename',
  'dataset:delete',
  'partners:page',
  'dataset:columns',
  'import:pickFile',
  'import:preview',
  'import:validate',
  'import:commit',
  'import:progress',
  'import:cancel',
  'import:discard',
  'scenario:list',
  'scenario:get',
  'scenario:create',
  'scenario:examples',
  'scenario:createFromExample',
  'scenario:save',
  'scenario:duplicate',
  'scenario:delete',
  'scenario:setBaseline',
  'scenario:setDataset',
  'scenario:importJson',
  'scenario:exportJson',
  'export:pickPath',
  'export:workbook',
  'export:progress',
  'export:cancel',
  'export:openFile',
  'shell:openExternal',
] as const;

export type Channel = (typeof CHANNELS)[number];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

/** Commands the native menu sends to the renderer (main → renderer, no payload but an optional path). */
export const MENU_COMMANDS = [
  'file:new',
  'file:open',
  'file:saveAs',
  'file:openRecent',
  'file:close',
  'file:import',
  'file:export',
  'edit:undo',
  'edit:redo',
  'view:partners',
  'view:scenarios',
  'view:compare',
  'view:present',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

/** The single Electron IPC event name for menu commands. */
export const MENU_EVENT = 'menu:command';

/**
 * The preload tells the main process which files the person dropped on the window or picked
 * in a file input (their paths): the only paths, besides the native dialogs', that the main
 * process reads partner lists from (electron/services/path-policy).
 */
export const CHOSEN_FILES_EVENT = 'files:chosen';
