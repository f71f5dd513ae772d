/** Where the CLI and browser mode keep their settings (recent files), and the app's version. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `$TIERSCAPE_HOME`, else the platform's configuration folder + /Tierscape. */
export function defaultConfigDir(): string {
  const fromEnv = process.env['TIERSCAPE_HOME'];
  if (fromEnv) return path.resolve(fromEnv);
  if (process.platform === 'win32') return path.join(process.env['APPDATA'] ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'Tierscape');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Tierscape');
  return path.join(process.env['XDG_CONFIG_HOME'] ?? path.join(os.homedir(), '.config'), 'Tierscape');
}

/** The version in package.json, read from the source tree (CLI and browser mode run from it). */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
