import path from 'node:path';
import { createHandlers, type HandlerPorts } from '../../electron/services/handlers';
import { ImportService } from '../../electron/services/import/service';
import { ExportService } from '../../electron/services/export/service';
import { createDispatcher } from '../../electron/services/ipc/dispatch';
import { RecentFiles } from '../../electron/services/recent';
import { AppSession } from '../../electron/services/session';

/** A real session + handler table + dispatcher over a temporary settings folder. */
export function makeSession(dir: string, ports: Partial<HandlerPorts> = {}) {
  const session = new AppSession({ recent: new RecentFiles(path.join(dir, 'recent.json')), appVersion: 'test' });
  const imports = new ImportService(session);
  const exports = new ExportService(session, { downloadsDir: path.join(dir, 'downloads') });
  const handlers = createHandlers(
    session,
    {
      runtime: 'web',
      appVersion: 'test',
      platform: process.platform,
      documentsDir: dir,
      ...ports,
    },
    imports,
    exports,
  );
  const errors: unknown[] = [];
  const dispatch = createDispatcher(handlers, { error: (_m, e) => errors.push(e) });
  return { session, handlers, dispatch, errors, imports, exports };
}

/** Calls a channel through the session's dispatcher: its value, or an Error carrying the failure's `code`. */
export function caller(s: ReturnType<typeof makeSession>) {
  return async <T,>(channel: Parameters<typeof s.dispatch>[0], payload?: unknown): Promise<T> => {
    const result = await s.dispatch(channel, payload);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
    return result.value as T;
  };
}
