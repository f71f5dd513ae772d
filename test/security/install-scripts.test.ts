/**
 * Install scripts are reviewed (issue 21): npm 11.16+ reads package.json's `allowScripts`
 * and npm 12 skips every dependency install script it does not approve. Each package of the
 * lockfile that has one is decided here — approved pinned to the version reviewed, or denied
 * by name — and CI installs with --strict-allow-scripts, so a new dependency that brings an
 * unreviewed script fails CI instead of silently breaking `npm install` for a user.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/tmp';

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { name?: string; version?: string; resolved?: string; hasInstallScript?: boolean; link?: boolean }>;
};

/** name@version of every installed package that has an install script, by the lockfile. */
function withInstallScripts(): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (!key.includes('node_modules/') || !entry.hasInstallScript) continue;
    found.set(entry.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length), entry.version ?? '');
  }
  return found;
}

/** `name@1.2.3` → name and version; `@scope/name` → name only. */
function splitKey(key: string): { name: string; version: string | null } {
  const at = key.lastIndexOf('@');
  return at > 0 ? { name: key.slice(0, at), version: key.slice(at + 1) } : { name: key, version: null };
}

/** npm's version, when it is one that knows allowScripts (11.16 and later). */
function npmWithPolicy(): boolean {
  const result = spawnSync('npm', ['--version'], { encoding: 'utf8' });
  const [major, minor] = (result.stdout ?? '').trim().split('.').map(Number);
  return major !== undefined && minor !== undefined && (major > 11 || (major === 11 && minor >= 16));
}

describe('install scripts (package.json allowScripts)', () => {
  const tempDir = useTempDir();
  const policy = pkg.allowScripts ?? {};

  it('decides every dependency install script: approvals pinned to the locked version, denials by name', () => {
    const scripts = withInstallScripts();
    expect(scripts.size).toBeGreaterThan(0);
    const decided = new Map(Object.entries(policy).map(([key, allowed]) => [splitKey(key).name, { ...splitKey(key), allowed }]));
    for (const [name, version] of scripts) {
      const decision = decided.get(name);
      expect(decision, `${name}@${version} has an install script nobody reviewed: add it to allowScripts`).toBeDefined();
      if (decision!.allowed) expect(decision!.version, `the approval of ${name} is pinned to the version reviewed`).toBe(version);
      else expect(decision!.version, `a denial is by name (npm's rule)`).toBeNull();
    }
    // nothing stale: every entry names a package that is installed and has a script
    for (const { name } of decided.values()) expect(scripts.has(name), `allowScripts names ${name}, which has no install script`).toBe(true);
    // what must run to have a working app
    expect(policy['better-sqlite3@' + scripts.get('better-sqlite3')]).toBe(true);
    expect(policy['esbuild@' + scripts.get('esbuild')]).toBe(true);
  });

  it('records registry addresses in the lockfile, without which no pinned approval matches', () => {
    expect(readFileSync(path.join(root, '.npmrc'), 'utf8')).toMatch(/^omit-lockfile-registry-resolved=false$/m);
    for (const [name] of withInstallScripts()) {
      const entry = Object.entries(lock.packages).find(([key, e]) => (e.name ?? key.slice(key.lastIndexOf('node_modules/') + 13)) === name)![1];
      expect(entry.resolved, name).toMatch(/^https:\/\/registry\.npmjs\.org\//);
    }
  });

  it.runIf(npmWithPolicy())('npm ci --strict-allow-scripts accepts the policy, and refuses an install script it does not cover', () => {
    const dir = tempDir();
    copyFileSync(path.join(root, 'package-lock.json'), path.join(dir, 'package-lock.json'));
    copyFileSync(path.join(root, '.npmrc'), path.join(dir, '.npmrc'));
    // the project's policy, less its esbuild approval: as if a dependency had just brought esbuild in
    const { allowScripts, ...rest } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { allowScripts: Record<string, boolean> };
    const lessOne = Object.fromEntries(Object.entries(allowScripts).filter(([key]) => splitKey(key).name !== 'esbuild'));
    const strictCi = () => spawnSync('npm', ['ci', '--strict-allow-scripts', '--dry-run', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    // the project's own policy passes (a dry run: nothing is downloaded or written)
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...rest, scripts: {}, allowScripts }, null, 2));
    const whole = strictCi();
    expect(whole.stderr).not.toMatch(/ESTRICTALLOWSCRIPTS/);
    expect(whole.status).toBe(0);
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...rest, scripts: {}, allowScripts: lessOne }, null, 2));
    const result = strictCi();
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ESTRICTALLOWSCRIPTS/);
    expect(result.stderr).toMatch(/esbuild@\d/);
    expect(result.stderr).not.toMatch(/better-sqlite3@/);
  });
});
