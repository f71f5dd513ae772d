/**
 * The handler table: one function per channel of shared/ipc/contract. Electron's main
 * process registers it with `handle()`; browser mode serves it over HTTP. Everything a
 * runtime does differently (native dialogs, the system browser) comes in through ports.
 */
import type { AppInfo, PickPurpose } from '../../shared/ipc/contract';
import { createDispatcher, type Dispatcher, type Handlers } from './ipc/dispatch';
import type { AppServices } from './app-services';
import type { ImportService } from './import/service';
import type { ExportService } from './export/service';
import { isAllowedExternalUrl } from './external';
import type { PathPolicy } from './path-policy';
import type { AppSession } from './session';
import { UserFacingError } from './workspace/errors';
import { scenarioFromFile, scenarioToFile } from './scenario-files';
import { createOnList, placeOnList } from './scenario-placement';
import { encodeColumns } from '../../shared/ipc/columns';
import { exampleScenarios } from '../../scenarios/examples';

export interface HandlerPorts {
  runtime: AppInfo['runtime'];
  appVersion: string;
  platform: string;
  documentsDir: string;
  /** the start-up notice (a refused file), if any */
  startupNotice?: () => string | null;
  /** native file dialog; absent in browser mode */
  pickPath?: (purpose: PickPurpose) => Promise<string | null>;
  /** native file dialog for a partner file to import; absent in browser mode */
  pickImportFile?: () => Promise<string | null>;
  /** the system browser; absent in browser mode */
  openExternal?: (url: string) => Promise<void>;
  /** native save dialog for an exported workbook; absent in browser mode (the page downloads it) */
  pickExportPath?: (suggestedName: string) => Promise<string | null>;
  /** opens a file in the system's app for it (the spreadsheet app); absent in browser mode */
  openPath?: (file: string) => Promise<void>;
  /** which paths from the page are honoured (./path-policy); absent: any (tests) */
  pathPolicy?: PathPolicy;
}

/** The IPC dispatcher over the handler table, on `services` (app-services.ts), with this runtime's ports. */
export function dispatcherFor(services: AppServices, ports: HandlerPorts): Dispatcher {
  return createDispatcher(createHandlers(services.session, ports, services.imports, services.exports));
}

export function createHandlers(session: AppSession, ports: HandlerPorts, imports: ImportService, exports: ExportService): Handlers {
  return {
    'app:info': () => ({
      name: 'Tierscape',
      version: ports.appVersion,
      runtime: ports.runtime,
      platform: ports.platform,
      nativeDialogs: Boolean(ports.pickPath),
      documentsDir: ports.documentsDir,
      startupNotice: ports.startupNotice?.() ?? null,
    }),
    'workspace:current': () => session.info(),
    'workspace:new': (req) => {
      ports.pathPolicy?.check('new', req.path);
      return session.create(req.path, { sample: req.sample, overwrite: req.overwrite });
    },
    'workspace:open': (req) => {
      ports.pathPolicy?.check('open', req.path);
      return session.open(req.path);
    },
    'workspace:saveAs': (req) => {
      session.requireOpening(req.workspace);
      ports.pathPolicy?.check('saveAs', req.path);
      return session.saveAs(req.path, { overwrite: req.overwrite });
    },
    'workspace:close': (req) => {
      session.requireOpening(req.workspace);
      session.close();
      return null;
    },
    'workspace:recent': () => session.recent.list(),
    'workspace:forgetRecent': (req) => session.recent.remove(req.path),
    'workspace:pickPath': async (req) => {
      if (!ports.pickPath) throw new UserFacingError('unsupported', 'File dialogs are only available in the desktop app; type a path instead.');
      return ports.pickPath(req.purpose);
    },
    'dataset:list': () => session.require().datasets.list(),
    'dataset:rename': (req) => {
      const ws = session.requireOpening(req.workspace);
      ws.datasets.rename(req.id, req.label);
      return ws.info();
    },
    'dataset:delete': (req) => {
      const ws = session.requireOpening(req.workspace);
      ws.datasets.delete(req.id);
      return ws.info();
    },
    'import:pickFile': async () => {
      if (!ports.pickImportFile) throw new UserFacingError('unsupported', 'File dialogs are only available in the desktop app; drop the file on the window instead.');
      return ports.pickImportFile();
    },
    'import:preview': (req) => {
      ports.pathPolicy?.check('import', req.path);
      return imports.preview(req);
    },
    'import:validate': (req) => imports.validate(req.jobId, req.mapping),
    'import:commit': (req) => {
      session.requireOpening(req.workspace);
      return imports.commit(req);
    },
    'import:progress': (req) => imports.progress(req.jobId),
    'import:cancel': (req) => {
      imports.cancel(req.jobId);
      return null;
    },
    'import:discard': (req) => {
      imports.discard(req.jobId);
      return null;
    },
    'partners:page': (req) => session.require().datasets.page(req.datasetId, req.offset, req.limit),
    'dataset:columns': (req) => {
      // the identity lists travel packed, as the workspace keeps them: the page decodes them
      const data = session.require().datasets.wireColumns(req.datasetId);
      return encodeColumns(req.datasetId, data.label, data.metrics, data.identity, data.values);
    },
    'scenario:list': () => session.require().scenarios.list(),
    'scenario:get': (req) => session.require().scenarios.get(req.id),
    'scenario:create': (req) => {
      const ws = session.requireOpening(req.workspace);
      return createOnList(ws, req.scenario, req.datasetId);
    },
    'scenario:examples': () => exampleScenarios().map((x) => ({ name: x.name, description: x.description })),
    'scenario:createFromExample': (req) => {
      const ws = session.requireOpening(req.workspace);
      const example = exampleScenarios().find((x) => x.name === req.name);
      if (!example) throw new UserFacingError('not_found', `There is no example scenario called "${req.name}".`);
      return createOnList(ws, { ...example, name: ws.scenarios.uniqueName(example.name), baseline: false }, req.datasetId);
    },
    'scenario:save': (req) => session.requireOpening(req.workspace).scenarios.save(req.id, req.scenario),
    'scenario:duplicate': (req) => {
      const ws = session.requireOpening(req.workspace);
      const copy = ws.scenarios.copyOf(req.id, req.name);
      return createOnList(ws, copy.scenario, req.datasetId ?? copy.datasetId);
    },
    'scenario:setDataset': (req) => {
      const ws = session.requireOpening(req.workspace);
      ws.datasets.get(req.datasetId); // a list that is not there is refused by name
      const placed = placeOnList(ws, ws.scenarios.get(req.id).scenario, req.datasetId);
      return { ...ws.scenarios.moveTo(req.id, req.datasetId, placed.scenario), placement: placed.placement };
    },
    'scenario:delete': (req) => {
      const ws = session.requireOpening(req.workspace);
      ws.scenarios.delete(req.id);
      return ws.scenarios.list();
    },
    'scenario:setBaseline': (req) => session.requireOpening(req.workspace).scenarios.setBaseline(req.id, req.baseline),
    'scenario:importJson': (req) => {
      const ws = session.requireOpening(req.workspace);
      const scenario = scenarioFromFile(req.text, req.fileName ? `"${req.fileName}"` : undefined);
      return createOnList(ws, { ...scenario, name: ws.scenarios.uniqueName(scenario.name), baseline: false }, req.datasetId);
    },
    'scenario:exportJson': (req) => scenarioToFile(session.require().scenarios.get(req.id).scenario),
    'export:pickPath': async (req) => {
      if (!ports.pickExportPath) throw new UserFacingError('unsupported', 'Save dialogs are only available in the desktop app; the browser downloads the workbook instead.');
      return ports.pickExportPath(req.suggestedName);
    },
    'export:workbook': (req) => {
      session.requireOpening(req.workspace);
      if (req.path !== null) ports.pathPolicy?.check('export', req.path);
      return exports.run(req);
    },
    'export:progress': (req) => exports.progress(req.jobId),
    'export:cancel': (req) => {
      exports.cancel(req.jobId);
      return null;
    },
    'export:openFile': async (req) => {
      if (!ports.openPath) throw new UserFacingError('unsupported', 'Opening files is only available in the desktop app.');
      if (!exports.wrote(req.path)) throw new UserFacingError('forbidden', 'Tierscape only opens workbooks it has just exported.');
      await ports.openPath(req.path);
      return null;
    },
    'shell:openExternal': async (req) => {
      if (!isAllowedExternalUrl(req.url)) throw new UserFacingError('forbidden', `Tierscape does not open ${req.url}.`);
      if (!ports.openExternal) throw new UserFacingError('unsupported', 'Opening links is only available in the desktop app.');
      // electronegativity: OPEN_EXTERNAL_JS_CHECK — req.url has passed isAllowedExternalUrl() at the top of this handler.
      await ports.openExternal(req.url);
      return null;
    },
  };
}
