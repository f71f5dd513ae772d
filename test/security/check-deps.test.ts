/**
 * build/scripts/check-deps.mjs (issue 8): the version floors for SheetJS, better-sqlite3
 * and its bundled SQLite, and the evaluation of `npm audit --omit=dev --json`, on crafted
 * inputs. The script itself runs in CI right after `npm ci`.
 */
import { describe, expect, it } from 'vitest';
import {
  MINIMUMS,
  atLeast,
  checkSqlite,
  checkXlsx,
  compareVersions,
  evaluateAudit,
  parseAuditExemptions,
  type AuditRun,
} from '../../build/scripts/check-deps.mjs';

describe('version comparison', () => {
  it('orders versions numerically, not as text', () => {
    expect(compareVersions('0.20.3', '0.20.2')).toBe(1);
    expect(compareVersions('0.9.0', '0.10.0')).toBe(-1);
    expect(compareVersions('3.51.3', '3.51.3')).toBe(0);
    expect(compareVersions('v12.11.1', '12.8.0')).toBe(1);
  });

  it('puts a pre-release before its release', () => {
    expect(compareVersions('0.20.2-rc.1', '0.20.2')).toBe(-1);
    expect(compareVersions('0.20.2-rc.2', '0.20.2-rc.10')).toBe(-1);
    expect(compareVersions('1.0.0+build.5', '1.0.0')).toBe(0);
  });

  it('refuses what is not a version', () => {
    expect(() => compareVersions('latest', '1.0.0')).toThrow(/not a version/);
    expect(atLeast('latest', '1.0.0')).toBe(false);
    expect(atLeast('', '1.0.0')).toBe(false);
  });

  it('holds the floors of issue 8', () => {
    expect(MINIMUMS).toEqual({ xlsx: '0.20.2', betterSqlite3: '12.8.0', sqlite: '3.51.3' });
  });
});

describe('xlsx floor', () => {
  const lock = (version: string, name = '@e965/xlsx') => [{ path: 'node_modules/xlsx', name, version }];

  it('fails the registry xlsx 0.18.5', () => {
    const r = checkXlsx({ name: 'xlsx', version: '0.18.5' }, lock('0.18.5', 'xlsx'));
    expect(r.rows[0]?.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/not the SheetJS republish/);
  });

  it('passes the SheetJS republish 0.20.3 and fails it below 0.20.2', () => {
    expect(checkXlsx({ name: '@e965/xlsx', version: '0.20.3' }, lock('0.20.3')).problems).toEqual([]);
    expect(checkXlsx({ name: '@e965/xlsx', version: '0.20.2' }, lock('0.20.2')).problems).toEqual([]);
    const old = checkXlsx({ name: '@e965/xlsx', version: '0.20.1' }, lock('0.20.1'));
    expect(old.rows[0]?.ok).toBe(false);
    expect(old.problems).toEqual(['xlsx 0.20.1 is older than 0.20.2']);
  });

  it('accepts SheetJS own tarball from its CDN', () => {
    const entries = [{ path: 'node_modules/xlsx', version: '0.20.3', resolved: 'https://cdn.sheetjs.com/xlsx-0.20.3/xlsx-0.20.3.tgz' }];
    expect(checkXlsx({ name: 'xlsx', version: '0.20.3' }, entries).problems).toEqual([]);
  });

  it('fails an old nested copy, a stale install and a missing package', () => {
    const nested = [...lock('0.20.3'), { path: 'node_modules/some-lib/node_modules/xlsx', version: '0.18.5' }];
    expect(checkXlsx({ name: '@e965/xlsx', version: '0.20.3' }, nested).problems).toEqual([
      'node_modules/some-lib/node_modules/xlsx (xlsx 0.18.5) is older than 0.20.2',
    ]);
    expect(checkXlsx({ name: '@e965/xlsx', version: '0.20.3' }, lock('0.20.4')).problems.join('\n')).toMatch(/run npm ci/);
    expect(checkXlsx(null).problems.join('\n')).toMatch(/not installed/);
  });
});

describe('SQLite floor', () => {
  it('fails SQLite 3.51.2 and passes 3.51.3', () => {
    expect(checkSqlite('12.11.1', '3.51.2').problems).toEqual(['better-sqlite3 bundles SQLite 3.51.2, older than 3.51.3']);
    expect(checkSqlite('12.11.1', '3.51.3').problems).toEqual([]);
  });

  it('fails better-sqlite3 older than 12.8.0', () => {
    const r = checkSqlite('12.7.9', '3.53.2');
    expect(r.rows.map((row) => row.ok)).toEqual([false, true]);
    expect(r.problems).toEqual(['better-sqlite3 12.7.9 is older than 12.8.0']);
  });
});

/** An `npm audit --json` (report version 2) answer with the given vulnerabilities. */
function auditRun(vulnerabilities: Record<string, unknown>, counts: Record<string, number> = {}): AuditRun {
  const report = { auditReportVersion: 2, vulnerabilities, metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...counts } } };
  return { stdout: JSON.stringify(report), stderr: '', status: Object.keys(vulnerabilities).length ? 1 : 0, timedOut: false };
}

const highInZod = {
  zod: {
    name: 'zod',
    severity: 'high',
    isDirect: true,
    via: [{ source: 1096543, name: 'zod', dependency: 'zod', title: 'Denial of service in string parsing', url: 'https://github.com/advisories/GHSA-m95q-7qp3-xv42', severity: 'high', range: '<=3.22.2' }],
    effects: ['zundo'],
    range: '<=3.22.2',
    fixAvailable: true,
  },
  zundo: { name: 'zundo', severity: 'high', isDirect: true, via: ['zod'], effects: [], range: '*', fixAvailable: true },
};

describe('npm audit evaluation', () => {
  it('passes a clean report', () => {
    const r = evaluateAudit(auditRun({}));
    expect(r.outcome).toBe('passed');
    expect(r.message).toMatch(/0 critical, 0 high/);
  });

  it('fails a high advisory without an exemption, counting a transitive one once', () => {
    const r = evaluateAudit(auditRun(highInZod, { high: 2 }));
    expect(r.outcome).toBe('failed');
    expect(r.unexempted.map((a) => a.id)).toEqual(['GHSA-m95q-7qp3-xv42']);
  });

  it('passes the same advisory when it is exempted with a reason', () => {
    const { exemptions, problems } = parseAuditExemptions({
      exemptions: [{ id: 'GHSA-m95q-7qp3-xv42', package: 'zod', reason: 'only parses strings the app itself wrote' }],
    });
    expect(problems).toEqual([]);
    const r = evaluateAudit(auditRun(highInZod, { high: 2 }), exemptions);
    expect(r.outcome).toBe('passed');
    expect(r.unexempted).toEqual([]);
    expect(r.advisories).toHaveLength(1);
  });

  it('fails a critical advisory too, and lets moderate and low ones through', () => {
    const critical = { xlsx: { ...highInZod.zod, name: 'xlsx', severity: 'critical', via: [{ ...highInZod.zod.via[0], name: 'xlsx', severity: 'critical', url: 'https://github.com/advisories/GHSA-4r6h-8v6p-xvw6' }] } };
    expect(evaluateAudit(auditRun(critical)).outcome).toBe('failed');
    const moderate = { zod: { ...highInZod.zod, severity: 'moderate', via: [{ ...highInZod.zod.via[0], severity: 'moderate' }] } };
    expect(evaluateAudit(auditRun(moderate, { moderate: 1 })).outcome).toBe('passed');
  });

  it('refuses an exemption without a reason', () => {
    const { exemptions, problems } = parseAuditExemptions({ exemptions: [{ id: 'GHSA-m95q-7qp3-xv42' }] });
    expect(exemptions).toEqual([]);
    expect(problems.join('\n')).toMatch(/needs a "reason"/);
    expect(parseAuditExemptions({}).problems).toHaveLength(1);
  });

  it('reports an exemption that matches no advisory as stale', () => {
    const r = evaluateAudit(auditRun({}), [{ id: 'GHSA-aaaa-bbbb-cccc', reason: 'fixed upstream since' }]);
    expect(r.outcome).toBe('passed');
    expect(r.stale.map((e) => e.id)).toEqual(['GHSA-aaaa-bbbb-cccc']);
  });

  it('skips, without failing, when the registry does not answer', () => {
    const http405 = JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405, error: { summary: '', detail: '' } });
    const refused = JSON.stringify({ error: { code: 'ECONNREFUSED', summary: 'request to https://registry.npmjs.org failed', detail: '' } });
    const runs: AuditRun[] = [
      { stdout: http405, stderr: 'npm error audit endpoint returned an error', status: 1, timedOut: false },
      { stdout: refused, stderr: '', status: 1, timedOut: false },
      { stdout: '', stderr: 'npm error code ENOTFOUND\nnpm error network request failed', status: 1, timedOut: false },
      { stdout: '', stderr: '', status: null, timedOut: true },
    ];
    for (const run of runs) {
      const r = evaluateAudit(run);
      expect(r.outcome).toBe('skipped');
      expect(r.message).toMatch(/^audit skipped: registry did not answer/);
    }
  });

  it('fails when npm audit breaks for a reason of its own', () => {
    const noLock = JSON.stringify({ error: { code: 'ENOLOCK', summary: 'This command requires an existing lockfile.', detail: '' } });
    expect(evaluateAudit({ stdout: noLock, stderr: '', status: 1, timedOut: false }).outcome).toBe('failed');
    expect(evaluateAudit({ stdout: 'not json', stderr: 'TypeError: boom', status: 1, timedOut: false }).outcome).toBe('failed');
  });
});
