import path from 'node:path';
import { createHandlers, type HandlerPorts } from '../../electron/services/handlers';
import { ImportService } from '../../electron/services/import/service';
import { ExportService } from '../../electron/services/export/service';
import { createDispatcher } from '../../electron/services/ipc/dispatch';
import { RecentFiles } from '../../electron/services/recent';
import { AppSession } from '../../electron/services/session';
import { contract } from '../../shared/ipc/contract';
import { isChannel } from '../../shared/ipc/channels';
import { z } from 'zod';

/** The payload with `workspace` set to the open workspace's opening, for the channels that take one, unless it names one. */
function namingOpening(channel: unknown, payload: unknown, session: AppSession): unknown {
  if (!isChannel(channel)) return payload;
  const schema = contract[channel].req;
  if (!(schema instanceof z.ZodObject) || !('workspace' in schema.shape)) return payload;
  const opening = session.workspace?.openingId;
  if (opening === undefined) return payload;
  if (payload === undefined || payload === null) return { workspace: opening };
  if (typeof payload === 'object' && !Array.isArray(payload) && !('workspace' in payload)) return { ...payload, workspace: opening };
  return payload;
}

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
  const raw = createDispatcher(handlers, { error: (_m, e) => errors.push(e) });
  // as the page does: a write names the workspace opening it was made for (the open one,
  // unless the test names another to see the refusal)
  const dispatch: typeof raw = (channel, payload) => raw(channel, namingOpening(channel, payload, session));
  return { session, handlers, dispatch, raw, errors, imports, exports };
}

/** Calls a channel through the session's dispatcher: its value, or an Error carrying the failure's `code`. */
export function caller(s: ReturnType<typeof makeSession>) {
  return async <T,>(channel: Parameters<typeof s.dispatch>[0], payload?: unknown): Promise<T> => {
    const result = await s.dispatch(channel, payload);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
    return result.value as T;
  };
}
