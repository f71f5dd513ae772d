// Electronegativity (@doyensec/electronegativity) over the built app, with every high or
// medium finding explained where it is (issue 8). Run after `electron-vite build`:
//   node build/scripts/electronegativity.mjs        (bash .ci/electronegativity, npm run security:electron)
//
// What is scanned
//   1. The BUILT app: out/ (main, preload, renderer with its bundled libraries and index.html)
//      plus package.json. This is what ships. The tool reads only .js/.jsx/.ts/.tsx/.html/.htm
//      files, so the scan runs on a temporary copy in which out/preload/index.cjs (and any
//      .mjs/.cjs) is renamed to *.js; findings are reported under their real out/ paths.
//   2. The SOURCES: electron/ and renderer/ together (the tool parses TypeScript/TSX with
//      Babel well; main and renderer must be scanned together, or its global checks report a
//      missing CSP, navigation guard or permission handler that lives in the other half).
//      The source scan finds the same first-party findings as the built scan, but at source
//      lines, which is what lets an exemption be checked against a comment at the code.
//   A canary (a BrowserWindow with contextIsolation off and nodeIntegration on) is scanned
//   first, so a tool that silently finds nothing fails the step instead of passing it.
//
// What fails the step
//   Every finding rated HIGH or MEDIUM severity, whatever the tool's confidence (TENTATIVE
//   findings such as OPEN_EXTERNAL_JS_CHECK are the ones that most need a human look), must
//   be exempted; LOW and INFORMATIONAL findings are listed but do not fail. Also failing: a
//   file the tool could not parse, an `eng-disable` comment (the tool's own switch would drop
//   findings before this script sees them), and stale exemptions or comments.
//
// How an exemption works (the reason lives at the code, as the issue asks)
//   a. At the flagged source line, directly above it (in the unbroken run of comment lines
//      right above, or on the line itself) a comment
//          // electronegativity: CHECK_ID[, OTHER_ID] — why this is safe
//      The text after the dash is the reason; it is printed and written to the reports.
//   b. An entry in build/electronegativity-exemptions.json:
//          { "check": "CHECK_ID", "source": "electron/main/x.ts", "built": "out/main/index.js", "code": "shell.openExternal(url)" }
//      `code` is the text the tool's finding starts at (its line, from its column). It ties
//      the two scans together: built code has no usable line mapping back to the sources
//      (the bundler drops line comments, line numbers move), but the flagged expression is
//      the same text in both.
//   A SOURCE finding is exempt when an entry with its check, its file and its `code` exists
//   AND the comment of (a) names its check at that line. A BUILT finding is exempt when an
//   entry with its check, its out/ file and its `code` exists; since that same `code` must
//   also be flagged in the source scan under a comment, a new flagged call anywhere in the
//   sources without a comment still fails. Every entry must match in both scans, and every
//   comment must match a finding, or the step fails as stale (remove both).
//   A finding in bundled third-party code, or a global finding without a location, has no
//   first-party line to comment: fix it, or change this script deliberately (e.g. exclude the
//   check below with a comment saying why).
//
// Offline: the tool downloads translations (from S3, on every run) and Electron's release
// list (from GitHub, without a timeout). CI reaches nothing but the npm registry, so `got`,
// the tool's HTTP client, is replaced in this process by a stub that answers without the
// network, and AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK is excluded (below). Results go to
// test-results/electronegativity.json (every finding with its disposition) and
// test-results/electronegativity.sarif.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT_DIR = 'out';
const SOURCE_DIRS = ['electron', 'renderer'];
const EXEMPTIONS_FILE = 'build/electronegativity-exemptions.json';
const RESULTS_DIR = path.join(root, 'test-results');
const GATING = new Set(['HIGH', 'MEDIUM']);
const SCANNED_EXTENSIONS = new Set(['.js', '.jsx', '.ts', '.tsx', '.html', '.htm']);
/** Checks not run, by the tool's class name. */
const EXCLUDED_CHECKS = [
  // Downloads Electron's release list from raw.githubusercontent.com (no timeout) to say
  // whether a newer patch release carries security fixes. CI is offline but for the npm
  // registry, and for Electron in devDependencies the tool rates it INFORMATIONAL anyway.
  // Keeping Electron on a current release is dependency upkeep, not a static check.
  'AvailableSecurityFixesGlobalCheck',
];
const MARKER = /electronegativity:\s*([A-Z0-9_]+(?:\s*,\s*[A-Z0-9_]+)*)\s*(?:—|–|-{1,2})\s*(\S.*)$/;
const COMMENT_LINE = /^\s*(\/\/|\/\*|\*|<!--)/;

const rel = (p) => path.relative(root, p).split(path.sep).join('/');
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Loads the tool with its HTTP client stubbed out; `calls` counts what it tried to fetch. */
function loadTool() {
  const toolRequire = createRequire(createRequire(path.join(root, 'package.json')).resolve('@doyensec/electronegativity/package.json'));
  const calls = [];
  // i18n.js keeps its bundled English strings unless the answer is a 200; the release-list
  // download (AvailableSecurityFixesGlobalCheck, excluded) would be refused.
  const got = (url) => {
    calls.push(String(url));
    return Promise.resolve({ statusCode: 503, headers: {}, body: '' });
  };
  got.head = (url) => {
    calls.push(String(url));
    return Promise.reject(new Error('network disabled by build/scripts/electronegativity.mjs'));
  };
  const gotPath = toolRequire.resolve('got');
  toolRequire.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: got, children: [], paths: [] };
  const runner = toolRequire('./dist/runner.js');
  const version = toolRequire('./package.json').version;
  return { run: runner.default ?? runner, version, calls };
}

function installedElectronVersion() {
  const require = createRequire(path.join(root, 'package.json'));
  return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
}

/**
 * Copies `entries` ([repo path, staged path]) into a temporary folder and returns it with
 * the map from staged file (relative) to repo file. .cjs/.mjs files get a .js suffix and
 * .cts/.mts a .ts one, since the tool reads only .js/.jsx/.ts/.tsx/.html/.htm.
 */
function stage(dir, entries) {
  const map = new Map();
  for (const [from, to] of entries) {
    const src = path.join(root, from);
    const dest = path.join(dir, to);
    cpSync(src, dest, { recursive: true });
    if (!statSync(src).isDirectory()) {
      map.set(to, from);
      continue;
    }
    for (const file of walk(dest)) {
      const repoPath = `${from}/${path.relative(dest, file).split(path.sep).join('/')}`;
      let staged = file;
      const ext = /\.[cm](js|ts)$/.exec(file);
      if (ext) {
        staged = `${file}.${ext[1]}`;
        renameSync(file, staged);
      }
      map.set(path.relative(dir, staged).split(path.sep).join('/'), repoPath);
    }
  }
  return map;
}

function scannable(file) {
  return SCANNED_EXTENSIONS.has(path.extname(file).toLowerCase()) || path.basename(file) === 'package.json';
}

async function scan(tool, input, electronVersion) {
  const result = await tool.run(
    {
      input,
      isRelative: true,
      electronVersionOverride: electronVersion,
      excludeFromScan: EXCLUDED_CHECKS.map((c) => c.toLowerCase()),
    },
    false,
  );
  return result;
}

/** `// electronegativity: …` comments in the scanned sources: { file, line, ids, reason }. */
function findMarkers(files) {
  const markers = [];
  for (const file of files) {
    const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
    lines.forEach((text, i) => {
      if (!text.includes('electronegativity:')) return;
      const m = MARKER.exec(text);
      // the reason runs on over the comment lines that follow, up to the code
      const parts = m ? [m[2]] : [];
      for (let j = i + 1; m && j < lines.length && COMMENT_LINE.test(lines[j]) && !lines[j].includes('electronegativity:'); j += 1) {
        parts.push(lines[j].replace(COMMENT_LINE, ''));
      }
      const reason = parts.join(' ').replace(/\*\/|-->/g, ' ').replace(/\s+/g, ' ').trim();
      markers.push({ file, line: i + 1, ids: m ? m[1].split(/\s*,\s*/) : [], reason, valid: reason.length >= 10, used: new Set() });
    });
  }
  return markers;
}

/** The markers on `line` of `file` or in the unbroken run of comment lines right above it. */
function markersAt(markers, lines, file, line) {
  const here = [line];
  for (let i = line - 1; i >= 1 && COMMENT_LINE.test(lines[i - 1] ?? ''); i -= 1) here.push(i);
  return markers.filter((m) => m.file === file && here.includes(m.line));
}

function loadExemptions(problems) {
  const file = path.join(root, EXEMPTIONS_FILE);
  if (!existsSync(file)) return [];
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const list = Array.isArray(json.exemptions) ? json.exemptions : [];
  if (!Array.isArray(json.exemptions)) problems.push(`${EXEMPTIONS_FILE} must hold { "exemptions": [...] }`);
  return list.filter((e, i) => {
    const missing = ['check', 'source', 'built', 'code'].filter((k) => typeof e?.[k] !== 'string' || !e[k].trim());
    if (missing.length) problems.push(`${EXEMPTIONS_FILE} entry #${i + 1} lacks ${missing.join(', ')}`);
    return !missing.length;
  }).map((e) => ({ ...e, usedSource: 0, usedBuilt: 0, reasons: new Set(), comments: new Set() }));
}

function normalise(scanName, issue, map) {
  const file = issue.file && issue.file !== 'N/A' ? (map.get(issue.file.split(path.sep).join('/')) ?? issue.file) : null;
  const line = issue.location?.line ?? 0;
  const column = issue.location?.column ?? 0;
  let text = '';
  if (file && line > 0 && existsSync(path.join(root, file))) {
    const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
    text = (lines[line - 1] ?? '').slice(column);
  }
  return {
    scan: scanName,
    check: issue.id,
    severity: issue.severity?.name ?? 'UNKNOWN',
    confidence: issue.confidence?.name ?? 'UNKNOWN',
    file,
    line,
    column,
    code: text.trim().slice(0, 160),
    text,
    description: String(issue.description ?? ''),
    url: issue.shortenedURL ?? '',
    manualReview: !!issue.manualReview,
    disposition: 'not gating',
    reason: '',
  };
}

function sarif(tool, scans) {
  const level = { HIGH: 'error', MEDIUM: 'warning' };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: scans.map(({ name, findings }) => ({
      tool: {
        driver: {
          name: 'Electronegativity',
          version: tool.version,
          informationUri: 'https://github.com/doyensec/electronegativity',
          rules: [...new Set(findings.map((f) => f.check))].map((id) => ({ id, helpUri: `https://github.com/doyensec/electronegativity/wiki/${id}` })),
        },
      },
      automationDetails: { id: `electronegativity/${name}` },
      results: findings.map((f) => ({
        ruleId: f.check,
        level: level[f.severity] ?? 'note',
        message: { text: `${f.description} (${f.severity}, ${f.confidence})` },
        ...(f.file
          ? { locations: [{ physicalLocation: { artifactLocation: { uri: f.file }, region: { startLine: Math.max(f.line, 1), startColumn: f.column + 1 } } }] }
          : {}),
        ...(f.disposition === 'exempt' ? { suppressions: [{ kind: 'inSource', justification: f.reason }] } : {}),
        properties: { severity: f.severity, confidence: f.confidence, disposition: f.disposition },
      })),
    })),
  };
}

async function main() {
  const started = Date.now();
  const problems = [];
  if (!existsSync(path.join(root, OUT_DIR, 'main'))) {
    console.error('electronegativity: no built app in out/ — run `npx electron-vite build` first');
    process.exit(2);
  }
  const tool = loadTool();
  const electronVersion = installedElectronVersion();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tierscape-electronegativity-'));
  const scans = [];
  try {
    // the canary: the tool must flag an obviously unsafe window
    const canaryDir = path.join(tmp, 'canary');
    mkdirSync(canaryDir);
    writeFileSync(
      path.join(canaryDir, 'main.js'),
      "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { contextIsolation: false, nodeIntegration: true } });\n",
    );
    const canary = await scan(tool, canaryDir, electronVersion);
    const canaryIds = new Set(canary.issues.map((i) => i.id));
    for (const id of ['CONTEXT_ISOLATION_JS_CHECK', 'NODE_INTEGRATION_JS_CHECK']) {
      if (!canaryIds.has(id)) problems.push(`the canary was not flagged for ${id}: the tool is not working as this script expects`);
    }

    const builtEntries = [[OUT_DIR, OUT_DIR], ['package.json', 'package.json']];
    const sourceEntries = SOURCE_DIRS.map((d) => [d, d]);
    for (const [name, entries] of [['built', builtEntries], ['source', sourceEntries]]) {
      const t = Date.now();
      const dir = path.join(tmp, name);
      const map = stage(dir, entries);
      const result = await scan(tool, dir, electronVersion);
      for (const e of result.errors) {
        const file = map.get(String(e.file).split(path.sep).join('/')) ?? rel(e.file);
        if (e.tolerable) console.warn(`  note: ${file}: ${e.message}`);
        else problems.push(`${name} scan: the tool could not parse ${file} (${e.message}), so it was not checked`);
      }
      const files = [...map].filter(([staged]) => scannable(staged)).map(([, repoPath]) => repoPath);
      const eng = files.filter((f) => readFileSync(path.join(root, f), 'utf8').includes('eng-disable'));
      for (const f of eng) problems.push(`${f} contains "eng-disable", which makes the tool drop findings unseen; explain the finding instead (see ${rel(fileURLToPath(import.meta.url))})`);
      scans.push({ name, files, findings: result.issues.map((i) => normalise(name, i, map)), took: Date.now() - t });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (!tool.calls.length) problems.push('the network stub was never called: the tool loaded another HTTP client, so it may reach the network');

  // exemptions: the JSON entries and the comments at the code
  const exemptions = loadExemptions(problems);
  const sourceScan = scans.find((s) => s.name === 'source');
  const markers = findMarkers(sourceScan.files);
  for (const m of markers.filter((m) => !m.valid)) {
    problems.push(`${m.file}:${m.line}: write the comment as "electronegativity: CHECK_ID — why this is safe" (a reason of a few words at least)`);
  }
  const linesOf = new Map();
  const lines = (file) => {
    if (!linesOf.has(file)) linesOf.set(file, readFileSync(path.join(root, file), 'utf8').split('\n'));
    return linesOf.get(file);
  };

  for (const f of sourceScan.findings.filter((f) => GATING.has(f.severity))) {
    const entry = f.file && exemptions.find((e) => e.check === f.check && e.source === f.file && f.text.startsWith(e.code));
    const marker = f.file && markersAt(markers, lines(f.file), f.file, f.line).find((m) => m.valid && m.ids.includes(f.check));
    if (!f.file) f.disposition = 'unexplained: a global finding without a location (fix it, or exclude the check in this script with a reason)';
    else if (!entry && !marker) f.disposition = `unexplained: no "electronegativity: ${f.check} — why" comment above ${f.file}:${f.line} and no entry in ${EXEMPTIONS_FILE}`;
    else if (!entry) f.disposition = `unexplained: the comment above ${f.file}:${f.line} has no entry in ${EXEMPTIONS_FILE} (check ${f.check}, source ${f.file}, code starting "${f.code.slice(0, 60)}")`;
    else if (!marker) f.disposition = `unexplained: ${EXEMPTIONS_FILE} lists it, but there is no "electronegativity: ${f.check} — why" comment directly above ${f.file}:${f.line}`;
    else {
      f.disposition = 'exempt';
      f.reason = marker.reason;
      f.comment = `${marker.file}:${marker.line}`;
      marker.used.add(f.check);
      entry.usedSource += 1;
      entry.reasons.add(marker.reason);
      entry.comments.add(f.comment);
    }
  }
  const builtScan = scans.find((s) => s.name === 'built');
  for (const f of builtScan.findings.filter((f) => GATING.has(f.severity))) {
    const entry = f.file && exemptions.find((e) => e.check === f.check && e.built === f.file && f.text.startsWith(e.code));
    if (!f.file) f.disposition = 'unexplained: a global finding without a location (fix it, or exclude the check in this script with a reason)';
    else if (!entry) f.disposition = `unexplained: no entry in ${EXEMPTIONS_FILE} for ${f.check} in ${f.file} at code starting "${f.code.slice(0, 60)}"`;
    else {
      f.disposition = 'exempt';
      f.reason = [...entry.reasons].join(' / ');
      f.comment = [...entry.comments].join(', ');
      entry.usedBuilt += 1;
    }
  }
  for (const e of exemptions) {
    if (!e.usedSource || !e.usedBuilt) {
      problems.push(
        `stale exemption in ${EXEMPTIONS_FILE}: ${e.check} at "${e.code}" (${e.source} → ${e.built}) matched ${e.usedSource} source and ${e.usedBuilt} built finding(s); each entry must match in both scans`,
      );
    }
  }
  for (const m of markers.filter((m) => m.valid)) {
    const unused = m.ids.filter((id) => !m.used.has(id));
    if (unused.length) problems.push(`stale comment ${m.file}:${m.line}: no exempted finding of ${unused.join(', ')} at that line; remove it`);
  }

  // report
  const all = scans.flatMap((s) => s.findings);
  const unexplained = all.filter((f) => f.disposition.startsWith('unexplained'));
  console.log(`Electronegativity ${tool.version}, Electron ${electronVersion}; checks not run: ${EXCLUDED_CHECKS.join(', ')}`);
  for (const s of scans) {
    const bySeverity = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'].map((sev) => `${s.findings.filter((f) => f.severity === sev).length} ${sev.toLowerCase()}`).join(', ');
    console.log(`\n${s.name} scan (${s.name === 'built' ? 'out/ + package.json' : SOURCE_DIRS.join('/ + ') + '/'}: ${s.files.length} files, ${seconds(s.took)}): ${bySeverity}`);
    for (const f of s.findings) {
      const where = f.file ? `${f.file}:${f.line}:${f.column}` : '(global)';
      const mark = f.disposition === 'exempt' ? 'exempt' : f.disposition === 'not gating' ? 'listed' : 'UNEXPLAINED';
      console.log(`  ${mark.padEnd(11)} ${f.severity.padEnd(13)} ${f.confidence.padEnd(9)} ${f.check.padEnd(32)} ${where}`);
      if (f.code) console.log(`${' '.repeat(14)}${f.code.slice(0, 100)}`);
      if (f.disposition === 'exempt') console.log(`${' '.repeat(14)}${f.scan === 'source' ? `why (${f.comment}): ${f.reason}` : `explained at ${f.comment}`}`);
    }
  }

  mkdirSync(RESULTS_DIR, { recursive: true });
  const report = {
    tool: { name: '@doyensec/electronegativity', version: tool.version, excludedChecks: EXCLUDED_CHECKS, blockedRequests: tool.calls },
    electronVersion,
    gatingSeverities: [...GATING],
    scans: scans.map((s) => ({ name: s.name, files: s.files.length, seconds: s.took / 1000, findings: s.findings.map(({ text: _text, ...f }) => f) })),
    exemptions: exemptions.map(({ reasons, comments, ...e }) => ({ ...e, reasons: [...reasons], comments: [...comments] })),
    problems: [...unexplained.map((f) => `${f.scan}: ${f.check} ${f.file ?? ''}:${f.line} — ${f.disposition}`), ...problems],
  };
  writeFileSync(path.join(RESULTS_DIR, 'electronegativity.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(RESULTS_DIR, 'electronegativity.sarif'), `${JSON.stringify(sarif(tool, scans), null, 2)}\n`);
  console.log(`\nreports: ${rel(path.join(RESULTS_DIR, 'electronegativity.json'))}, ${rel(path.join(RESULTS_DIR, 'electronegativity.sarif'))}`);

  if (report.problems.length) {
    console.error(`\nElectronegativity FAILED (${seconds(Date.now() - started)}): ${report.problems.length} problem(s)`);
    for (const p of report.problems) console.error(`  - ${p}`);
    process.exit(1);
  }
  const exempt = all.filter((f) => f.disposition === 'exempt').length;
  console.log(`\nElectronegativity passed (${seconds(Date.now() - started)}): no high or medium finding left unexplained (${exempt} explained at the code)`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(2);
});
