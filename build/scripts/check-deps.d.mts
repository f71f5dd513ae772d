// Types for check-deps.mjs (plain Node ESM), so test/security/check-deps.test.ts typechecks.
export interface Row {
  what: string;
  found: string;
  minimum: string;
  note: string;
  ok: boolean;
}
export interface Checked {
  rows: Row[];
  problems: string[];
}
export interface LockEntry {
  path: string;
  name?: string;
  version: string;
  resolved?: string;
}
export interface AuditExemption {
  id: string;
  package?: string;
  reason: string;
}
export interface AuditRun {
  stdout?: string;
  stderr?: string;
  status: number | null;
  timedOut: boolean;
}
export interface Advisory {
  id: string;
  package: string;
  severity: string;
  title: string;
  url: string;
  range: string;
}
export interface AuditResult {
  outcome: 'passed' | 'failed' | 'skipped';
  message: string;
  advisories: Advisory[];
  unexempted: Advisory[];
  stale: AuditExemption[];
}

export const MINIMUMS: Readonly<{ xlsx: string; betterSqlite3: string; sqlite: string }>;
export const AUDIT_TIMEOUT_MS: number;
export function parseVersion(raw: unknown): { core: [number, number, number]; pre: string | null } | null;
export function compareVersions(a: string, b: string): -1 | 0 | 1;
export function atLeast(version: string, minimum: string): boolean;
export function checkXlsx(installed: { name: string; version: string } | null, lockEntries?: LockEntry[]): Checked;
export function checkSqlite(betterSqlite3Version: string, sqliteVersion: string): Checked;
export function parseAuditExemptions(json: unknown): { exemptions: AuditExemption[]; problems: string[] };
export function evaluateAudit(run: AuditRun, exemptions?: AuditExemption[]): AuditResult;
