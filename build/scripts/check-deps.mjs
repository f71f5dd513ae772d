// Dependency floor and audit check (issue 8), run in CI right after `npm ci`:
//   node build/scripts/check-deps.mjs        (npm run security:deps)
//
// 1. SheetJS: the INSTALLED `xlsx` (node_modules/xlsx/package.json) must be the SheetJS
//    republish `@e965/xlsx` (or SheetJS's own tarball from cdn.sheetjs.com) at 0.20.2 or
//    later; the registry's `xlsx` stops at 0.18.5, which has known prototype-pollution and
//    ReDoS advisories. Every other copy of xlsx the lockfile installs must meet the floor too.
// 2. SQLite: better-sqlite3 is opened on an in-memory database and asked
//    `select sqlite_version()`; the SQLite it bundles must be 3.51.3 or later, and
//    better-sqlite3 itself 12.8.0 or later. (Electron's rebuild compiles the same bundled
//    SQLite source, so the Node build answers for both runtimes.)
// 3. `npm audit --omit=dev --json`, with a timeout: any high or critical advisory fails the
//    step unless build/audit-exemptions.json lists it (by GHSA id) with a reason. When the
//    registry does not answer the audit request (offline, a mirror without the advisories
//    endpoint, timeout) the audit is reported as skipped and does not fail the step.
//
// Plain Node ESM without dependencies. The functions are exported for
// test/security/check-deps.test.ts; the checks run only when this file is the main module.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MINIMUMS = Object.freeze({ xlsx: '0.20.2', betterSqlite3: '12.8.0', sqlite: '3.51.3' });
export const AUDIT_TIMEOUT_MS = 60_000;
/** Names under which the SheetJS republish may be installed as `xlsx`. */
const SHEETJS_REPUBLISH = '@e965/xlsx';
const SHEETJS_CDN = 'https://cdn.sheetjs.com/';

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Parses `1.2.3`, `1.2.3-beta.1` (build metadata ignored); null when it is not a version. */
export function parseVersion(raw) {
  const m = VERSION.exec(String(raw ?? '').trim());
  if (!m) return null;
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ?? null };
}

/** -1, 0 or 1 as `a` is older than, equal to or newer than `b` (semver precedence). Throws on a non-version. */
export function compareVersions(a, b) {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (!va) throw new Error(`not a version: ${JSON.stringify(a)}`);
  if (!vb) throw new Error(`not a version: ${JSON.stringify(b)}`);
  for (let i = 0; i < 3; i += 1) {
    if (va.core[i] !== vb.core[i]) return va.core[i] < vb.core[i] ? -1 : 1;
  }
  if (va.pre === vb.pre) return 0;
  if (va.pre === null) return 1; // 1.0.0 > 1.0.0-rc.1
  if (vb.pre === null) return -1;
  const pa = va.pre.split('.');
  const pb = vb.pre.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    if (pa[i] === pb[i]) continue;
    const na = /^\d+$/.test(pa[i]);
    const nb = /^\d+$/.test(pb[i]);
    if (na && nb) return Number(pa[i]) < Number(pb[i]) ? -1 : 1;
    if (na !== nb) return na ? -1 : 1;
    return pa[i] < pb[i] ? -1 : 1;
  }
  return 0;
}

/** Whether `version` is `minimum` or newer; false for anything that is not a version. */
export function atLeast(version, minimum) {
  if (!parseVersion(version)) return false;
  return compareVersions(version, minimum) >= 0;
}

/**
 * The installed xlsx against the floor. `installed` is node_modules/xlsx/package.json
 * ({ name, version }); `lockEntries` are the lockfile's copies of xlsx
 * ({ path, name, version, resolved }). Returns rows for the table and the problems found.
 */
export function checkXlsx(installed, lockEntries = []) {
  const problems = [];
  const rows = [];
  if (!installed) {
    problems.push('xlsx is not installed (node_modules/xlsx/package.json is missing): run npm ci');
    return { rows, problems };
  }
  const top = lockEntries.find((e) => e.path === 'node_modules/xlsx');
  const fromCdn = typeof top?.resolved === 'string' && top.resolved.startsWith(SHEETJS_CDN);
  const genuine = installed.name === SHEETJS_REPUBLISH || (installed.name === 'xlsx' && fromCdn);
  const ok = genuine && atLeast(installed.version, MINIMUMS.xlsx);
  rows.push({
    what: 'xlsx',
    found: String(installed.version),
    minimum: MINIMUMS.xlsx,
    note: fromCdn ? `xlsx from ${SHEETJS_CDN}` : `installed as ${installed.name}`,
    ok,
  });
  if (!genuine) {
    problems.push(
      `xlsx is installed as "${installed.name}", not the SheetJS republish ${SHEETJS_REPUBLISH}: the registry's xlsx stops at 0.18.5 ` +
        `(prototype pollution, ReDoS); depend on "xlsx": "npm:${SHEETJS_REPUBLISH}@^0.20.3"`,
    );
  } else if (!ok) {
    problems.push(`xlsx ${installed.version} is older than ${MINIMUMS.xlsx}`);
  }
  if (top && top.version !== installed.version) {
    problems.push(`node_modules/xlsx is ${installed.version} but package-lock.json says ${top.version}: run npm ci`);
  }
  for (const e of lockEntries) {
    if (e.path === 'node_modules/xlsx') continue;
    if (!atLeast(e.version, MINIMUMS.xlsx)) {
      problems.push(`${e.path} (${e.name ?? 'xlsx'} ${e.version}) is older than ${MINIMUMS.xlsx}`);
    }
  }
  return { rows, problems };
}

/** better-sqlite3's own version and the SQLite version it reported, against the floors. */
export function checkSqlite(betterSqlite3Version, sqliteVersion) {
  const problems = [];
  const rows = [
    { what: 'better-sqlite3', found: String(betterSqlite3Version), minimum: MINIMUMS.betterSqlite3, note: '', ok: atLeast(betterSqlite3Version, MINIMUMS.betterSqlite3) },
    { what: 'SQLite (bundled)', found: String(sqliteVersion), minimum: MINIMUMS.sqlite, note: 'select sqlite_version()', ok: atLeast(sqliteVersion, MINIMUMS.sqlite) },
  ];
  if (!rows[0].ok) problems.push(`better-sqlite3 ${betterSqlite3Version} is older than ${MINIMUMS.betterSqlite3}`);
  if (!rows[1].ok) problems.push(`better-sqlite3 bundles SQLite ${sqliteVersion}, older than ${MINIMUMS.sqlite}`);
  return { rows, problems };
}

/** Validates build/audit-exemptions.json's content: { exemptions: [{ id, package?, reason }] }. */
export function parseAuditExemptions(json) {
  const problems = [];
  const list = Array.isArray(json?.exemptions) ? json.exemptions : null;
  if (!list) return { exemptions: [], problems: ['build/audit-exemptions.json must hold { "exemptions": [...] }'] };
  const exemptions = [];
  for (const [i, e] of list.entries()) {
    if (typeof e?.id !== 'string' || !e.id.trim()) problems.push(`audit exemption #${i + 1} has no advisory "id" (e.g. "GHSA-xxxx-xxxx-xxxx")`);
    else if (typeof e.reason !== 'string' || e.reason.trim().length < 10) problems.push(`audit exemption ${e.id} needs a "reason" explaining why it does not apply`);
    else exemptions.push({ id: e.id.trim(), package: e.package, reason: e.reason.trim() });
  }
  return { exemptions, problems };
}

const NETWORK_ERROR = /E(?:NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|CONNABORTED|TIMEDOUT|HOSTUNREACH|NETUNREACH|NETDOWN|SOCKETTIMEDOUT|PROTO)|network|socket hang up|audit endpoint returned an error|certificate/i;

function advisoryId(via) {
  const ghsa = typeof via.url === 'string' ? /GHSA-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}/i.exec(via.url) : null;
  if (ghsa) return ghsa[0];
  return via.source !== undefined ? String(via.source) : `${via.name ?? '?'}: ${via.title ?? '?'}`;
}

/**
 * Evaluates one `npm audit --json` run: { stdout, stderr, status, timedOut }.
 * Returns { outcome: 'passed' | 'failed' | 'skipped', message, advisories, unexempted, stale }.
 * `skipped` only when the registry did not answer the audit request.
 */
export function evaluateAudit(run, exemptions = []) {
  const skipped = (why) => ({ outcome: 'skipped', message: `audit skipped: registry did not answer the audit request (${why})`, advisories: [], unexempted: [], stale: [] });
  const failed = (why) => ({ outcome: 'failed', message: why, advisories: [], unexempted: [], stale: [] });
  if (run.timedOut) return skipped(`no answer within ${Math.round(AUDIT_TIMEOUT_MS / 1000)} s`);
  let report;
  try {
    report = JSON.parse(run.stdout ?? '');
  } catch {
    report = null;
  }
  const stderr = String(run.stderr ?? '');
  if (!report || typeof report !== 'object') {
    if (NETWORK_ERROR.test(stderr)) return skipped(firstLine(stderr));
    return failed(`npm audit printed no report (exit ${run.status}): ${firstLine(stderr) || 'no output'}`);
  }
  if (!report.vulnerabilities || typeof report.vulnerabilities !== 'object') {
    // npm's error JSON: { message, statusCode, ... } for an HTTP answer, { error: { code, summary } } otherwise
    const code = report.error?.code;
    const why = report.message || report.error?.summary || code || firstLine(stderr) || 'no report';
    if (typeof report.statusCode === 'number' || NETWORK_ERROR.test(`${code ?? ''} ${why} ${stderr}`)) return skipped(why);
    return failed(`npm audit failed: ${why}`);
  }

  const advisories = new Map();
  for (const [pkg, vuln] of Object.entries(report.vulnerabilities)) {
    for (const via of vuln?.via ?? []) {
      if (!via || typeof via !== 'object') continue; // a string: the advisory is listed under that package
      const id = advisoryId(via);
      if (!advisories.has(id)) {
        advisories.set(id, { id, package: via.name ?? pkg, severity: String(via.severity ?? vuln.severity ?? 'unknown'), title: via.title ?? '', url: via.url ?? '', range: via.range ?? '' });
      }
    }
  }
  const list = [...advisories.values()];
  const serious = list.filter((a) => a.severity === 'high' || a.severity === 'critical');
  const exempted = new Map(exemptions.map((e) => [e.id.toUpperCase(), e]));
  const unexempted = serious.filter((a) => !exempted.has(a.id.toUpperCase()));
  const stale = exemptions.filter((e) => !list.some((a) => a.id.toUpperCase() === e.id.toUpperCase()));
  const counts = report.metadata?.vulnerabilities ?? {};
  const summary = ['critical', 'high', 'moderate', 'low', 'info'].map((s) => `${counts[s] ?? 0} ${s}`).join(', ');
  return {
    outcome: unexempted.length ? 'failed' : 'passed',
    message: unexempted.length
      ? `npm audit: ${unexempted.length} high/critical advisor${unexempted.length === 1 ? 'y' : 'ies'} without an exemption (${summary})`
      : `npm audit: no unexplained high/critical advisory (${summary})`,
    advisories: list,
    unexempted,
    stale,
  };
}

function firstLine(text) {
  return String(text)
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !/Unknown (user|env) config/.test(l)) ?? '';
}

// ---------------------------------------------------------------------------------------
// Reading the installed tree and running the checks (main module only).

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function lockEntries(lock, names) {
  return Object.entries(lock?.packages ?? {})
    .filter(([p, e]) => p && (names.includes(p.replace(/^.*node_modules\//, '')) || names.includes(e.name)))
    .map(([p, e]) => ({ path: p, name: e.name, version: e.version, resolved: e.resolved }));
}

/** The Node build of better-sqlite3 kept by postinstall.mjs when the package was rebuilt for Electron (see electron/services/workspace/native.ts). */
function nodeBinding(pkgDir) {
  const fromEnv = process.env.TIERSCAPE_SQLITE_BINDING;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const kept = path.join(pkgDir, '..', '.tierscape-native', 'node', 'better_sqlite3.node');
  return existsSync(kept) ? kept : undefined;
}

function querySqlite() {
  const require = createRequire(path.join(root, 'package.json'));
  const pkgFile = require.resolve('better-sqlite3/package.json');
  const version = readJson(pkgFile).version;
  const Database = require('better-sqlite3');
  const binding = nodeBinding(path.dirname(pkgFile));
  const db = new Database(':memory:', binding ? { nativeBinding: binding } : {});
  try {
    return { version, sqlite: db.prepare('select sqlite_version() as v').get().v };
  } finally {
    db.close();
  }
}

function runAudit() {
  // under `npm run`, npm_execpath is npm's own CLI script: run that with this Node
  const npmCli = process.env.npm_execpath;
  const [cmd, pre] = npmCli && /\.c?js$/.test(npmCli) ? [process.execPath, [npmCli]] : [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
  const r = spawnSync(cmd, [...pre, 'audit', '--omit=dev', '--json'], {
    cwd: root,
    encoding: 'utf8',
    timeout: AUDIT_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32',
  });
  const timedOut = r.error?.code === 'ETIMEDOUT';
  if (r.error && !timedOut) return { stdout: '', stderr: String(r.error.message), status: null, timedOut: false };
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, timedOut };
}

function printTable(rows) {
  const head = { what: 'dependency', found: 'found', minimum: 'minimum', ok: 'ok', note: 'note' };
  const cells = [head, ...rows.map((r) => ({ ...r, ok: r.ok ? 'yes' : 'NO' }))];
  const widths = ['what', 'found', 'minimum', 'ok'].map((k) => Math.max(...cells.map((c) => String(c[k]).length)));
  for (const c of cells) {
    console.log(`  ${String(c.what).padEnd(widths[0])}  ${String(c.found).padEnd(widths[1])}  ${String(c.minimum).padEnd(widths[2])}  ${String(c.ok).padEnd(widths[3])}  ${c.note}`);
  }
}

function main() {
  const started = Date.now();
  const problems = [];
  const rows = [];

  const lockFile = path.join(root, 'package-lock.json');
  const lock = existsSync(lockFile) ? readJson(lockFile) : null;
  if (!lock) problems.push('package-lock.json is missing');

  const xlsxPkg = path.join(root, 'node_modules', 'xlsx', 'package.json');
  const xlsx = checkXlsx(existsSync(xlsxPkg) ? readJson(xlsxPkg) : null, lockEntries(lock, ['xlsx', SHEETJS_REPUBLISH]));
  rows.push(...xlsx.rows);
  problems.push(...xlsx.problems);

  try {
    const found = querySqlite();
    const sqlite = checkSqlite(found.version, found.sqlite);
    rows.push(...sqlite.rows);
    problems.push(...sqlite.problems);
  } catch (error) {
    problems.push(`could not open better-sqlite3 to ask for its SQLite version: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const e of lockEntries(lock, ['better-sqlite3'])) {
    if (e.path !== 'node_modules/better-sqlite3' && !atLeast(e.version, MINIMUMS.betterSqlite3)) {
      problems.push(`${e.path} (better-sqlite3 ${e.version}) is older than ${MINIMUMS.betterSqlite3}`);
    }
  }

  console.log('Dependency floors (issue 8):');
  printTable(rows);

  const exemptionsFile = path.join(root, 'build', 'audit-exemptions.json');
  const parsed = parseAuditExemptions(existsSync(exemptionsFile) ? readJson(exemptionsFile) : { exemptions: [] });
  problems.push(...parsed.problems);

  console.log('\nnpm audit --omit=dev …');
  const auditStarted = Date.now();
  const audit = evaluateAudit(runAudit(), parsed.exemptions);
  console.log(`${audit.message}  [${((Date.now() - auditStarted) / 1000).toFixed(1)} s]`);
  for (const a of audit.advisories) {
    const exemption = parsed.exemptions.find((e) => e.id.toUpperCase() === a.id.toUpperCase());
    const mark = exemption ? `exempt: ${exemption.reason}` : a.severity === 'high' || a.severity === 'critical' ? 'NOT EXEMPT' : 'below the bar';
    console.log(`  ${a.severity.padEnd(8)} ${a.id}  ${a.package} ${a.range}  ${a.title}  (${mark})`);
  }
  for (const e of audit.stale) console.log(`  note: audit exemption ${e.id} matches no current advisory; remove it from build/audit-exemptions.json`);
  if (audit.outcome === 'failed') problems.push(audit.message);

  const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (problems.length) {
    console.error(`\ncheck-deps FAILED (${took}):`);
    for (const p of problems) console.error(`  - ${p}`);
    process.exit(1);
  }
  console.log(`\ncheck-deps passed (${took})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
