/**
 * `npm run web`: Tierscape in a browser. Serves the built renderer (out/renderer) and the
 * same handler table as the desktop app on 127.0.0.1, and prints the address to open.
 *
 *   npm run web -- [--workspace FILE] [--port N]
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { browserPathPolicy } from '../services/path-policy';
import { createAppServices } from '../services/app-services';
import { dispatcherFor } from '../services/handlers';
import { defaultConfigDir, packageVersion } from '../services/paths';
import { RecentFiles } from '../services/recent';
import { SAMPLE_FILE_NAME } from '../services/sample';
import type { AppSession } from '../services/session';
import { openStartupWorkspace } from '../services/startup';
import { startWebServer, type WebServer } from './server';
import { createStaging } from './staging';

export interface BrowserModeOptions {
  /** open this workspace instead of the most recent / sample one */
  workspace?: string | undefined;
  port?: number | undefined;
  /** settings folder (recent files, the sample workspace); default: defaultConfigDir() */
  configDir?: string | undefined;
  rendererDir?: string | undefined;
  token?: string | undefined;
}

export interface BrowserMode {
  server: WebServer;
  session: AppSession;
  /** the private folder (./staging.ts) of uploads and downloads, removed by stop() */
  staging: { dir: string; uploads: string; downloads: string };
  stop(): Promise<void>;
}

export const DEFAULT_RENDERER_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'out', 'renderer');

export async function startBrowserMode(options: BrowserModeOptions = {}): Promise<BrowserMode> {
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`The renderer is not built (${rendererDir} has no index.html). Run \`npm run build\` first.`);
  }
  const configDir = options.configDir ?? defaultConfigDir();
  const appVersion = packageVersion();
  // uploads and downloads: a private folder (0700) of this server's, and what killed
  // servers left swept away; removed on stop, and when the process exits without one
  const staging = createStaging();
  const removeStaging = () => staging.remove();
  process.on('exit', removeStaging);
  const services = createAppServices({
    recent: new RecentFiles(path.join(configDir, 'recent.json')),
    appVersion,
    uploadsDir: staging.uploads,
    downloadsDir: staging.downloads,
  });
  const { session } = services;
  const startup = await openStartupWorkspace(session, {
    requested: options.workspace,
    sampleFile: path.join(configDir, SAMPLE_FILE_NAME),
  });
  const dispatch = dispatcherFor(services, {
    runtime: 'web',
    appVersion,
    platform: process.platform,
    documentsDir: path.join(os.homedir(), 'Documents'),
    startupNotice: () => startup.notice,
    // workspaces by typed path; partner lists only from this server's uploads; workbooks only as downloads
    pathPolicy: browserPathPolicy({ uploadsDir: staging.uploads }),
  });
  let server: WebServer;
  try {
    server = await startWebServer({
      rendererDir,
      uploadsDir: staging.uploads,
      dispatch,
      downloads: services.exports,
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.token !== undefined ? { token: options.token } : {}),
    });
  } catch (error) {
    process.off('exit', removeStaging);
    staging.remove();
    services.close();
    throw error;
  }
  return {
    server,
    session,
    staging: { dir: staging.dir, uploads: staging.uploads, downloads: staging.downloads },
    stop: async () => {
      await server.close();
      services.close();
      staging.remove();
      process.off('exit', removeStaging);
    },
  };
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isEntry) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { workspace: { type: 'string' }, port: { type: 'string' } },
    strict: true,
  });
  const port = values.port !== undefined ? Number(values.port) : undefined;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    process.stderr.write(`tierscape web: --port must be a whole number from 0 to 65535\n`);
    process.exit(2);
  }
  startBrowserMode({ workspace: values.workspace, port }).then(
    (mode) => {
      const info = mode.session.info();
      process.stdout.write(
        `Tierscape (browser mode) ${info ? `on ${info.path}` : 'with no workspace open'}\nOpen: ${mode.server.url}\nPress Ctrl+C to stop.\n`,
      );
      const stop = () => void mode.stop().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (error: unknown) => {
      process.stderr.write(`tierscape web: ${(error as Error)?.message ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
