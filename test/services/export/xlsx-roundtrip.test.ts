/**
 * The leadership workbook, written to .xlsx and read back with SheetJS (DESIGN D10.1): every
 * figure is the engine's, with the right number format, on the right row; every sheet has
 * its autofilter, frozen header, bold header and column widths; no cell holds a formula.
 *
 * Expected values are computed here from the engine (evaluate, compareOutcomes, kpiRows,
 * movementFlows, explainPartner) and Excel's number formats are spelled out here, so a
 * mistake in the builder or the writer shows as a mismatch.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportWorkbookFile } from '../../../electron/services/export/service';
import { writeWorkbook } from '../../../electron/services/export/xlsx';
import { fillSampleWorkspace } from '../../../electron/services/sample';
import { Workspace } from '../../../electron/services/workspace/workspace';
import { exampleScenarios } from '../../../scenarios/examples';
import { generatePartners, type GeneratedDataset } from '../../../scenarios/generator';
import {
  evaluate,
  explainPartner,
  type Outcome,
  type PartnerExplanation,
  compareOutcomes,
  DELTA_KEYS,
  designDiff,
  movementFlows,
  type ComparisonResult,
  type DeltaKey,
  ROLLOUT_WARNED,
} from '../../../shared/engine';
import { dateToDays } from '../../../shared/model/dataset';
import type { MetricKind } from '../../../shared/model/workspace';
import { ANY_MOTION, type Scenario } from '../../../shared/model/scenario';
import { deltaTone, kpiRows, type KpiKind, type KpiRow } from '../../../shared/report/kpis';
import { MAX_SHEET_NAME, type Cell, type CellFormat, type SheetSpec, type WorkbookSpec } from '../../../shared/report/sheet';
import { buildWorkbook } from '../../../shared/report/workbook';
import { OPTIONAL_SHEETS } from '../../../shared/report/options';
import { type ReportScenario } from '../../../shared/report/common';
import { useTempDir } from '../../helpers/tmp';
import { attrs, unzip } from '../../helpers/xlsx-parts';

// ---------------------------------------------------------------------------------------
// Excel's view of a cell, and what we expect of it

type NumberFormat = Exclude<CellFormat, 'text'>;

/** The number format codes Excel (and SheetJS) report for each cell format. */
const EXCEL_FORMAT: Record<NumberFormat, string> = {
  count: '#,##0',
  number: '#,##0.00',
  currency: '"$"#,##0',
  percent: '0.0%',
  rating: '0.0#',
  date: 'yyyy-mm-dd',
  hours: '#,##0" h"',
  progress: '0%',
  deltaCount: '+#,##0;-#,##0;0',
  deltaCurrency: '+"$"#,##0;-"$"#,##0;"$"0',
  deltaPoints: '+0.0" pts";-0.0" pts";0.0" pts"',
  deltaHours: '+#,##0" h";-#,##0" h";0" h"',
};
const KPI_VALUE_FORMAT: Record<KpiKind, NumberFormat> = { count: 'count', percent: 'percent', currency: 'currency', hours: 'hours' };
const KPI_DELTA_FORMAT: Record<KpiKind, NumberFormat> = { count: 'deltaCount', percent: 'deltaPoints', currency: 'deltaCurrency', hours: 'deltaHours' };
/** Excel counts days from 1899-12-30, the app from 1970-01-01. */
const EXCEL_EPOCH_OFFSET = 25569;

type Want = null | { t: 's'; v: string } | { t: 'n'; v: number; z: string };

const empty: Want = null;
const text = (v: string | null | undefined): Want => (v === null || v === undefined || v === '' ? null : { t: 's', v });
const num = (v: number | null | undefined, format: NumberFormat): Want =>
  v === null || v === undefined || Number.isNaN(v) ? null : { t: 'n', v: format === 'date' ? v + EXCEL_EPOCH_OFFSET : v, z: EXCEL_FORMAT[format] };

/** A metric value as the report cards show it (booleans read yes / no, dates are dates). */
function metricWant(kind: MetricKind, value: number | null): Want {
  if (value === null || Number.isNaN(value)) return null;
  if (kind === 'boolean') return text(value !== 0 ? 'yes' : 'no');
  return num(value, kind);
}

/** What a spec cell becomes in the file: the writer's contract, spelled out independently. */
function wantOfSpecCell(cell: Cell | undefined, columnFormat: CellFormat): Want {
  if (cell === null || cell === undefined || cell === '') return null;
  if (typeof cell === 'string') return text(cell);
  if (typeof cell === 'boolean') return text(cell ? 'yes' : 'no');
  const { value, format } = typeof cell === 'object' ? cell : { value: cell, format: columnFormat };
  if (value === null || Number.isNaN(value)) return null;
  if (!Number.isFinite(value)) return text(value > 0 ? '∞' : '−∞');
  if (format === 'text') return { t: 'n', v: value, z: 'General' };
  return num(value, format);
}

function mismatch(actual: XLSX.CellObject | undefined, want: Want): string | null {
  if (want === null) return actual === undefined ? null : `expected no cell, found ${JSON.stringify({ t: actual.t, v: actual.v })}`;
  if (actual === undefined) return `expected ${JSON.stringify(want)}, found no cell`;
  if (actual.f !== undefined) return `has a formula ${actual.f}`;
  if (actual.t !== want.t || actual.v !== want.v) return `expected ${JSON.stringify(want)}, found ${JSON.stringify({ t: actual.t, v: actual.v, z: actual.z })}`;
  if (want.t === 'n' && actual.z !== want.z) return `expected format ${want.z}, found ${String(actual.z)}`;
  return null;
}

/** Collects mismatches, so one assertion reports the first few of thousands of checks. */
class Checker {
  readonly problems: string[] = [];
  checked = 0;
  /** of the checked places, those that should hold a cell */
  filled = 0;
  constructor(private readonly ws: XLSX.WorkSheet, private readonly sheet: string) {}
  /** `row` 1-based, `col` 0-based */
  cell(row: number, col: number, want: Want, what = ''): void {
    const ref = XLSX.utils.encode_cell({ r: row - 1, c: col });
    this.checked += 1;
    if (want !== null) this.filled += 1;
    const problem = mismatch(this.ws[ref] as XLSX.CellObject | undefined, want);
    if (problem) this.problems.push(`${this.sheet}!${ref}${what ? ` (${what})` : ''}: ${problem}`);
  }
  row(row: number, wants: Want[], what = ''): void {
    wants.forEach((w, k) => this.cell(row, k, w, what));
  }
  expectClean(): void {
    expect(this.checked).toBeGreaterThan(0);
    expect(this.problems.slice(0, 15), `${this.problems.length} mismatches on ${this.sheet}`).toEqual([]);
  }
}

// ---------------------------------------------------------------------------------------
// The package's raw parts (SheetJS CE reads neither frozen panes nor cell styles' fonts)


const unescapeAttr = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Sheet name → its XML, via workbook.xml and its relationships (not by guessing file names). */
function sheetParts(parts: Map<string, string>): Map<string, string> {
  const rels = new Map<string, string>();
  for (const m of parts.get('xl/_rels/workbook.xml.rels')!.matchAll(/<Relationship\b([^>]*)\/>/g)) {
    const a = attrs(m[1]!);
    rels.set(a.Id!, a.Target!.replace(/^\/?(xl\/)?/, 'xl/'));
  }
  const out = new Map<string, string>();
  for (const m of parts.get('xl/workbook.xml')!.matchAll(/<sheet\b([^>]*)\/>/g)) {
    const a = attrs(m[1]!);
    const xml = parts.get(rels.get(a['r:id']!)!);
    if (xml === undefined) throw new Error(`no part for sheet ${a.name}`);
    out.set(unescapeAttr(a.name!), xml);
  }
  return out;
}

interface Styles {
  fonts: string[];
  xfs: Record<string, string>[];
}

function parseStyles(xml: string): Styles {
  const fontsXml = /<fonts\b[^>]*>([\s\S]*?)<\/fonts>/.exec(xml)![1]!;
  const fonts = [...fontsXml.matchAll(/<font\b[^>]*?(?:\/>|>([\s\S]*?)<\/font>)/g)].map((m) => m[1] ?? '');
  const xfsXml = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)![1]!;
  const xfs = [...xfsXml.matchAll(/<xf\b([^>]*?)(?:\/>|>[\s\S]*?<\/xf>)/g)].map((m) => attrs(m[1]!));
  return { fonts, xfs };
}

function isBold(styles: Styles, s: number): boolean {
  const xf = styles.xfs[s];
  if (!xf) return false;
  return /<b\s*\/>|<b\s+val="(1|true)"\s*\/>/.test(styles.fonts[Number(xf.fontId ?? 0)] ?? '');
}

interface RawCell {
  s: number;
  t: string | null;
}

/** Every <c> of a sheet by A1 reference: a cell without r is the row's next column. */
function rawCells(xml: string): Map<string, RawCell> {
  const cells = new Map<string, RawCell>();
  for (const row of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const r = Number(attrs(row[1]!).r);
    let col = -1;
    for (const c of (row[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>[\s\S]*?<\/c>)/g)) {
      const a = attrs(c[1]!);
      col = a.r ? XLSX.utils.decode_cell(a.r).c : col + 1;
      const ref = XLSX.utils.encode_cell({ r: r - 1, c: col });
      if (a.r) expect(XLSX.utils.decode_cell(a.r).r).toBe(r - 1);
      cells.set(ref, { s: Number(a.s ?? 0), t: a.t ?? null });
    }
  }
  return cells;
}

// ---------------------------------------------------------------------------------------
// The data

const CHANGE_WORDS: Record<PartnerExplanation['movement'], string> = {
  untiered: 'untiered',
  promoted: 'promoted',
  demoted: 'demoted',
  unchanged: 'unchanged',
  newlyTiered: 'newly tiered',
  lostTier: 'lost tier',
};

/** What the Change column says once the rollout policies apply: never "demoted" for a partner the warning band keeps. */
function changeOf(e: PartnerExplanation): string {
  if (e.rollout.state === 'warned') return 'warned, not demoted';
  if (e.rollout.state === 'grandfathered') return e.rollout.limited ? 'demoted (limited), grandfathered' : e.movement === 'lostTier' ? 'lost tier, grandfathered' : 'demoted, grandfathered';
  if (e.rollout.state === 'limited') return 'demoted (limited)';
  return CHANGE_WORDS[e.movement];
}

function byName(all: Scenario[], name: string): Scenario {
  const s = all.find((x) => x.name === name);
  if (!s) throw new Error(`no example scenario "${name}"`);
  return s;
}

const headerRowOf = (sheet: SheetSpec) => (sheet.title.length > 0 ? sheet.title.length + 2 : 1);
const ladderName = (outcome: Outcome, id: string | null) => (id === null ? null : (outcome.ladders.find((l) => l.id === id)?.name ?? null));

describe('the leadership workbook, written and read back', () => {
  const tempDir = useTempDir('tierscape-xlsx-');
  const EXPORTED_AT = '2026-07-01T09:30:00.000Z';
  const REPORT_CARDS = 0;
  let data: GeneratedDataset;
  let scenarios: ReportScenario[];
  let names: string[];
  let spec: WorkbookSpec;
  let wb: XLSX.WorkBook;
  let parts: Map<string, string>;
  let sheetXml: Map<string, string>;
  let styles: Styles;
  let bytes: number;
  let fileSize: number;

  beforeAll(async () => {
    data = generatePartners({ seed: 4242, count: 400 });
    const all = exampleScenarios();
    // the baseline second, so the deltas are against a scenario that is not the first column
    const chosen = ['Motion-fit ladders', 'As is: metals on lifetime revenue', 'Metals, revenue only', 'Points-based (Xero-style)', 'Two-tier starter'].map((n) => structuredClone(byName(all, n)));
    // overrides (one for a partner that is not in the data) so override reasons and evaluation problems show
    const metals = chosen[2]!;
    const top = metals.ladders[0]!.tiers.at(-1)!;
    metals.overrides = [
      { partnerId: data.partners[3]!.id, tierId: top.id, reason: 'strategic account' },
      { partnerId: data.partners[10]!.id, tierId: top.id, reason: 'board decision' },
      { partnerId: 'NOT-IN-DATA', tierId: top.id, reason: 'left last year' },
    ];
    // a stricter eligibility gate on the report-card scenario: more unmet requirements than the
    // sheet has room for ("and N more"), and dates, ratings and counts among them
    const gate = chosen[0]!.eligibility;
    if (gate?.type !== 'all') throw new Error('expected Motion-fit to have an all-of eligibility gate');
    gate.items.push(
      { type: 'compare', id: 'gate_joined', metric: 'joined_on', op: '<=', value: dateToDays('2021-01-01') },
      { type: 'compare', id: 'gate_rating', metric: 'app_rating', op: '>=', value: 4.8 },
      { type: 'compare', id: 'gate_refs', metric: 'reference_customers', op: '>=', value: 40 },
      { type: 'compare', id: 'gate_cosell', metric: 'signed_cosell', op: 'isTrue' },
    );
    scenarios = chosen.map((scenario) => ({ scenario, outcome: evaluate(scenario, data) }));
    names = chosen.map((s) => s.name);
    spec = buildWorkbook({
      dataset: { label: data.label, asOf: data.asOf, partners: data.partners.length },
      data,
      scenarios,
      sheets: OPTIONAL_SHEETS,
      reportCards: REPORT_CARDS,
      exportedAt: EXPORTED_AT,
    });
    const dir = tempDir();
    const file = path.join(dir, 'Leadership.xlsx');
    bytes = await writeWorkbook(spec, file);
    // written to file.partial, then renamed: nothing else is left behind
    expect(readdirSync(dir)).toEqual(['Leadership.xlsx']);
    const buffer = readFileSync(file);
    fileSize = buffer.length;
    wb = XLSX.read(buffer, { type: 'buffer', cellStyles: true, cellNF: true, cellFormula: true });
    parts = unzip(buffer);
    sheetXml = sheetParts(parts);
    styles = parseStyles(parts.get('xl/styles.xml')!);
  });

  const sheetOf = (name: string) => {
    const ws = wb.Sheets[name];
    if (!ws) throw new Error(`no sheet "${name}" in ${wb.SheetNames.join(', ')}`);
    return ws;
  };
  const specOf = (prefix: string) => {
    const s = spec.sheets.find((x) => x.name.startsWith(prefix));
    if (!s) throw new Error(`no sheet starting "${prefix}"`);
    return s;
  };

  it('has the sheets of the spec, in order, with valid distinct names, and the file properties', () => {
    expect(bytes).toBe(fileSize);
    expect(wb.SheetNames).toEqual(spec.sheets.map((s) => s.name));
    expect(wb.SheetNames.slice(0, 8)).toEqual(['Summary', 'Charts', 'Distribution', 'Resources', 'Conflict coverage', 'Movement', 'Design review', 'Ladders']);
    const assignments = wb.SheetNames.slice(8, 13);
    expect(assignments).toHaveLength(5);
    assignments.forEach((n) => expect(n.startsWith('Assignments – ')).toBe(true));
    expect(wb.SheetNames.slice(13)).toHaveLength(1);
    expect(wb.SheetNames[13]!.startsWith('Report cards – ')).toBe(true);
    for (const n of wb.SheetNames) {
      expect(n.length).toBeGreaterThan(0);
      expect(n.length).toBeLessThanOrEqual(MAX_SHEET_NAME);
      expect(n).not.toMatch(/[:\\/?*[\]]/);
      expect(n).not.toMatch(/^'|'$/);
    }
    expect(new Set(wb.SheetNames.map((n) => n.toLowerCase())).size).toBe(wb.SheetNames.length);
    // the long names are cut with an ellipsis, the short ones kept whole (a colon becomes a space)
    const wanted = [...names.map((n) => `Assignments – ${n}`), `Report cards – ${names[REPORT_CARDS]}`].map((n) => n.replace(/:/g, ' ').replace(/\s+/g, ' '));
    wanted.forEach((w, k) => {
      const got = wb.SheetNames[8 + k]!;
      if (w.length <= MAX_SHEET_NAME) expect(got).toBe(w);
      else {
        // cut at 31 characters, less a space before the ellipsis
        expect(got.length).toBeLessThanOrEqual(MAX_SHEET_NAME);
        expect(got.length).toBeGreaterThanOrEqual(MAX_SHEET_NAME - 1);
        expect(got.endsWith('…')).toBe(true);
        expect(w.startsWith(got.slice(0, -1))).toBe(true);
      }
    });
    expect(wanted.filter((w) => w.length > MAX_SHEET_NAME).length).toBeGreaterThan(0);
    expect(wb.SheetNames).toContain('Assignments – Two-tier starter');

    expect(wb.Props?.Title).toBe(`Tierscape: ${names.join(' vs ')} on ${data.label}`);
    expect(wb.Props?.Title).toBe(spec.title);
    expect(wb.Props?.Subject).toBe('Partner tier scenario comparison');
    expect(wb.Props?.Author).toBe('Tierscape');
    expect(wb.Props?.CreatedDate?.toISOString()).toBe(EXPORTED_AT);
    expect(wb.Custprops).toEqual({
      Dataset: data.label,
      Partners: '400',
      'As of': data.asOf,
      Scenarios: names.join('; '),
      Exported: EXPORTED_AT,
    });
  });

  it('lays out every sheet: titles, a blank line, the header row, then exactly the spec rows', () => {
    for (const sheet of spec.sheets) {
      const ws = sheetOf(sheet.name);
      const check = new Checker(ws, sheet.name);
      const h = headerRowOf(sheet);
      const lastColumn = XLSX.utils.encode_col(sheet.columns.length - 1);
      expect(ws['!ref'], sheet.name).toBe(`A1:${lastColumn}${h + sheet.rowCount}`);
      sheet.title.forEach((line, i) => check.row(i + 1, [text(line), ...sheet.columns.slice(1).map(() => empty)], 'title'));
      check.row(h - 1, sheet.columns.map(() => empty), 'blank line');
      check.row(h, sheet.columns.map((c) => text(c.header)), 'header');
      // the writer's contract: every spec cell becomes the cell it describes
      for (let i = 0; i < sheet.rowCount; i += 1) {
        const row = sheet.row(i);
        expect(row.length, `${sheet.name} row ${i}`).toBeLessThanOrEqual(sheet.columns.length);
        check.row(h + 1 + i, sheet.columns.map((c, k) => wantOfSpecCell(row[k], c.format)));
      }
      check.expectClean();
      // nothing else: the cells SheetJS found are exactly the ones expected (all checked above)
      const cells = Object.keys(ws).filter((k) => !k.startsWith('!'));
      expect(cells.length, sheet.name).toBe(check.filled);
    }
  });

  it('Summary: every KPI is the engine figure with its number format, and every delta is against the baseline', () => {
    const sheet = spec.sheets[0]!;
    const ws = sheetOf('Summary');
    const check = new Checker(ws, 'Summary');
    const h = headerRowOf(sheet);
    expect(h).toBe(5); // three title lines, a blank line

    const comparison: ComparisonResult = compareOutcomes(scenarios.map((s) => ({ name: s.scenario.name, baseline: s.scenario.baseline, outcome: s.outcome })));
    expect(comparison.baseline).toBe('As is: metals on lifetime revenue');
    const reference = 1;
    const kpis = comparison.scenarios;
    const rows: KpiRow[] = kpiRows(comparison, scenarios.map((s) => ({ ladders: s.outcome.ladders })));

    // columns: Group, Measure, then each scenario's value and (except the baseline's) its delta
    const valueCol: number[] = [];
    const deltaCol: (number | null)[] = [];
    const headers: Want[] = [text('Group'), text('Measure')];
    names.forEach((n, i) => {
      valueCol.push(headers.length);
      headers.push(text(n));
      if (i === reference) deltaCol.push(null);
      else {
        deltaCol.push(headers.length);
        headers.push(text('± vs baseline'));
      }
    });
    check.row(h, headers, 'header');
    expect(ws[XLSX.utils.encode_cell({ r: h - 1, c: headers.length })]).toBeUndefined();
    expect(ws['A3']?.v).toBe(`Exported 2026-07-01 by Tierscape · changes are against the baseline, As is: metals on lifetime revenue`);

    // the row order: the KPI rows, the usage rows after the margin row, then the assumptions
    const usage: [string, 'hoursUtilisation' | 'mdfUtilisation' | 'marginUtilisation'][] = [
      ['Hours used of capacity', 'hoursUtilisation'],
      ['MDF used of budget', 'mdfUtilisation'],
      ['Margin used of budget', 'marginUtilisation'],
    ];
    const assumptions = [
      'Marked as baseline',
      'Value metric',
      'Partner-manager hours available',
      'MDF budget',
      'Margin budget',
      'Ladders',
      'Offsetting rules switched on',
      'Grandfathering (quarters)',
      'Demotion limit (levels per cycle)',
      'Warning band',
      'Tier-inflation alert above',
      'Overrides',
    ];
    const expectedLabels: [string | undefined, string | undefined][] = [];
    for (const r of rows) {
      expectedLabels.push([r.group, r.label]);
      if (r.id === 'margin') usage.forEach(([label]) => expectedLabels.push(['Resources', label]));
    }
    assumptions.forEach((a) => expectedLabels.push(['Assumptions', a]));
    // then what changed between the designs, each scenario against the baseline: a blank row, a line naming the pair, a row per change
    scenarios.forEach((s, i) => {
      if (i === reference) return;
      const diff = designDiff(scenarios[reference]!.scenario, s.scenario, data.metrics);
      expectedLabels.push([undefined, undefined]);
      expectedLabels.push(['Design', `What changed between the designs, ${names[i]} against ${names[reference]} (the baseline): ${diff.count} changes`]);
      for (const section of diff.sections) for (const c of section.changes) expectedLabels.push([`Design: ${section.title}`, c.text]);
    });
    const readLabels: [string | undefined, string | undefined][] = [];
    for (let r = h + 1; r <= h + sheet.rowCount; r += 1) readLabels.push([ws[`A${r}`]?.v as string, ws[`B${r}`]?.v as string]);
    expect(readLabels).toEqual(expectedLabels);
    const rowOf = (label: string) => h + 1 + expectedLabels.findIndex(([, l]) => l === label);

    // every KPI that has a delta key is the engine's figure, and its delta the engine's delta
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const key of DELTA_KEYS) {
      const r = byId.get(key);
      expect(r, key).toBeDefined();
      const row = rowOf(r!.label);
      const scale = r!.kind === 'percent' ? 100 : 1;
      kpis.forEach((k, i) => {
        check.cell(row, valueCol[i]!, num(k[key as DeltaKey], KPI_VALUE_FORMAT[r!.kind]), `${key} of ${k.name}`);
        if (i !== reference) check.cell(row, deltaCol[i]!, num(k.delta![key as DeltaKey]! * scale, KPI_DELTA_FORMAT[r!.kind]), `Δ ${key} of ${k.name}`);
      });
    }
    // the kind of each KPI is what the leadership reads: money in dollars, shares in percent, hours in hours
    expect(byId.get('mdf')!.kind).toBe('currency');
    expect(byId.get('topTierShare')!.kind).toBe('percent');
    expect(byId.get('hours')!.kind).toBe('hours');
    expect(byId.get('promoted')!.kind).toBe('count');

    // and the engine's figures are what the outcomes say (not only what compareOutcomes says)
    scenarios.forEach(({ outcome }, i) => {
      const n = outcome.partnerCount;
      let tiered = 0;
      let top = 0;
      for (let p = 0; p < n; p += 1) {
        if (outcome.level[p]! < 0) continue;
        tiered += 1;
        if (outcome.level[p] === outcome.ladders[outcome.ladderIndex[p]!]!.tiers.length - 1) top += 1;
      }
      check.cell(rowOf('Partners in a tier'), valueCol[i]!, num(tiered, 'count'));
      check.cell(rowOf('Top-tier share of partners'), valueCol[i]!, num(top / n, 'percent'));
      check.cell(rowOf('MDF'), valueCol[i]!, num(outcome.resources.totals.mdf, 'currency'));
      check.cell(rowOf('Team hours'), valueCol[i]!, num(outcome.resources.totals.hours, 'hours'));
      check.cell(rowOf('Promoted'), valueCol[i]!, num(outcome.movement.promoted, 'count'));
      check.cell(rowOf('Uncovered pairs'), valueCol[i]!, num(outcome.coverage.uncovered.length, 'count'));
    });

    // every row of kpiRows (the per-tier rows included), as kpiRows computes it; a change good
    // for the program in green, a bad one in red, as on screen (deltaTone), any other in the text's colour
    const raw = rawCells(sheetParts(parts).get('Summary')!);
    const colourOf = (ref: string) => /<color rgb="(\w+)"/.exec(styles.fonts[Number(styles.xfs[raw.get(ref)?.s ?? 0]?.fontId ?? 0)] ?? '')?.[1] ?? null;
    const tones = { good: 0, bad: 0 };
    for (const r of rows) {
      const row = rowOf(r.label);
      const scale = r.kind === 'percent' ? 100 : 1;
      r.cells.forEach((c, i) => {
        check.cell(row, valueCol[i]!, num(c.value, KPI_VALUE_FORMAT[r.kind]), r.id);
        if (i === reference) return;
        check.cell(row, deltaCol[i]!, c.delta === null ? null : num(c.delta * scale, KPI_DELTA_FORMAT[r.kind]), `Δ ${r.id}`);
        if (c.delta === null) return;
        const tone = deltaTone(r.better, c.delta);
        if (tone) tones[tone] += 1;
        const ref = XLSX.utils.encode_cell({ r: row - 1, c: deltaCol[i]! });
        expect(colourOf(ref), `Δ ${r.id} of ${names[i]} (${c.delta}, better ${r.better})`).toBe(tone === 'good' ? 'FF1E7B34' : tone === 'bad' ? 'FFB42318' : null);
      });
    }
    // the example scenarios change figures both ways
    expect(tones.good).toBeGreaterThan(0);
    expect(tones.bad).toBeGreaterThan(0);
    // the per-tier rows count the partners of that tier name over every motion
    for (const r of rows.filter((x) => x.id.startsWith('tier:'))) {
      const tierName = r.id === 'tier:untiered' ? null : r.label;
      const counts = scenarios.map(({ outcome }) => {
        const hits = outcome.distribution.filter((d) => d.motion === '*' && d.tier === tierName);
        return hits.length === 0 ? null : hits.reduce((sum, d) => sum + d.count, 0);
      });
      counts.forEach((v, i) => {
        check.cell(rowOf(r.label), valueCol[i]!, num(v, 'count'), r.id);
        const base = counts[reference]!;
        if (i !== reference) check.cell(rowOf(r.label), deltaCol[i]!, v === null || base === null ? null : num(v - base, 'deltaCount'), `Δ ${r.id}`);
      });
    }

    // usage of capacity and budgets: a share, in points against the baseline
    for (const [label, key] of usage) {
      const base = kpis[reference]![key];
      kpis.forEach((k, i) => {
        const v = k[key];
        check.cell(rowOf(label), valueCol[i]!, v === null ? null : Number.isFinite(v) ? num(v, 'percent') : text('over (the budget is 0)'), label);
        if (i !== reference) {
          const delta = v === null || base === null || !Number.isFinite(v) || !Number.isFinite(base) ? null : (v - base) * 100;
          check.cell(rowOf(label), deltaCol[i]!, num(delta, 'deltaPoints'), `Δ ${label}`);
        }
      });
    }

    // the assumptions, side by side, without deltas
    scenarios.forEach(({ scenario: s }, i) => {
      check.cell(rowOf('Marked as baseline'), valueCol[i]!, text(s.baseline ? 'yes' : 'no'));
      check.cell(rowOf('Overrides'), valueCol[i]!, num(s.overrides.length, 'count'));
      check.cell(rowOf('Grandfathering (quarters)'), valueCol[i]!, num(s.policies.grandfatherQuarters, 'count'));
      check.cell(rowOf('MDF budget'), valueCol[i]!, s.assumptions.mdfBudget === null ? text('not set') : num(s.assumptions.mdfBudget, 'currency'));
      check.cell(rowOf('Partner-manager hours available'), valueCol[i]!, s.assumptions.capacityHours === null ? text('not set') : num(s.assumptions.capacityHours, 'hours'));
      check.cell(rowOf('Warning band'), valueCol[i]!, s.policies.warningBandPct === null ? text('not set') : num(s.policies.warningBandPct / 100, 'percent'));
      for (const label of assumptions) if (i !== reference) check.cell(rowOf(label), deltaCol[i]!, empty, `no delta for ${label}`);
    });
    check.expectClean();
  });

  it('Distribution: one row per distribution row of each outcome', () => {
    const sheet = specOf('Distribution');
    const check = new Checker(sheetOf(sheet.name), sheet.name);
    let r = headerRowOf(sheet) + 1;
    scenarios.forEach(({ outcome }, i) => {
      expect(outcome.distribution.length).toBeGreaterThan(0);
      for (const d of outcome.distribution) {
        check.row(r, [
          text(names[i]),
          text(d.motion === '*' ? 'All partners' : d.motion),
          text(ladderName(outcome, d.ladderId)),
          text(d.tier ?? 'Untiered'),
          d.level >= 0 ? num(d.level + 1, 'count') : empty,
          num(d.count, 'count'),
          num(d.share, 'percent'),
        ]);
        r += 1;
      }
      // the "all partners" rows add up to every partner
      expect(outcome.distribution.filter((d) => d.motion === '*').reduce((sum, d) => sum + d.count, 0)).toBe(400);
    });
    expect(r - 1).toBe(headerRowOf(sheet) + sheet.rowCount);
    check.expectClean();
  });

  it('Resources: per tier, then totals, capacity and usage, as the outcome’s resources', () => {
    const sheet = specOf('Resources');
    const check = new Checker(sheetOf(sheet.name), sheet.name);
    let r = headerRowOf(sheet) + 1;
    scenarios.forEach(({ scenario, outcome }, i) => {
      const res = outcome.resources;
      for (const t of res.tiers) {
        check.row(r, [
          text(names[i]),
          text(ladderName(outcome, t.ladderId)),
          text(t.tier ?? 'Untiered'),
          num(t.partners, 'count'),
          num(t.partnerShare, 'percent'),
          num(t.hours, 'hours'),
          num(t.mdf, 'currency'),
          num(t.fixed, 'currency'),
          num(t.margin, 'currency'),
          num(t.cost, 'currency'),
          num(t.costShare, 'percent'),
          num(t.value, 'currency'),
          num(t.valueShare, 'percent'),
        ]);
        r += 1;
      }
      const tot = res.totals;
      const partners = res.tiers.reduce((sum, t) => sum + t.partners, 0);
      check.row(r++, [
        text(names[i]),
        empty,
        text('Total'),
        num(partners, 'count'),
        empty,
        num(tot.hours, 'hours'),
        num(tot.mdf, 'currency'),
        num(tot.fixed, 'currency'),
        num(tot.margin, 'currency'),
        num(tot.mdf + tot.fixed + tot.margin, 'currency'),
        empty,
        num(res.tiers.reduce((sum, t) => sum + t.value, 0), 'currency'),
        empty,
      ]);
      const a = scenario.assumptions;
      check.row(r++, [
        text(names[i]),
        empty,
        text('Capacity and budgets'),
        empty,
        empty,
        a.capacityHours === null ? text('not set') : num(a.capacityHours, 'hours'),
        a.mdfBudget === null ? text('not set') : num(a.mdfBudget, 'currency'),
        empty,
        a.marginBudget === null ? text('not set') : num(a.marginBudget, 'currency'),
        empty,
        empty,
        empty,
        empty,
      ]);
      const used = (v: number | null) => (v === null ? empty : Number.isFinite(v) ? num(v, 'percent') : text('over (0 set)'));
      check.row(r++, [text(names[i]), empty, text('Used of capacity or budget'), empty, empty, used(res.utilisation.hours), used(res.utilisation.mdf), empty, used(res.utilisation.margin), empty, empty, empty, empty]);
    });
    expect(r - 1).toBe(headerRowOf(sheet) + sheet.rowCount);
    check.expectClean();
  });

  it('Conflict coverage: every uncovered pair of each outcome, or one line saying there is none', () => {
    const sheet = specOf('Conflict coverage');
    const check = new Checker(sheetOf(sheet.name), sheet.name);
    let r = headerRowOf(sheet) + 1;
    scenarios.forEach(({ outcome }, i) => {
      const c = outcome.coverage;
      if (c.uncovered.length === 0) {
        check.row(r++, [text(names[i]), empty, empty, empty, empty, empty, text(c.pairs.total === 0 ? 'no benefit with a conflict type' : 'every conflict-prone pair is covered')]);
      }
      for (const u of c.uncovered) {
        const row = r++;
        check.row(row, [text(names[i]), text(ladderName(outcome, u.ladderId)), text(u.tier), text(u.benefit)]);
        check.cell(row, 5, num(u.partners, 'count'), 'partners receiving it');
        check.cell(row, 6, text('uncovered: no offsetting rule switched on'));
        expect(sheetOf(sheet.name)[`E${row}`]?.t).toBe('s');
      }
    });
    expect(r - 1).toBe(headerRowOf(sheet) + sheet.rowCount);
    // at least one of the examples leaves a conflict uncovered, so the rows are exercised
    expect(scenarios.some(({ outcome }) => outcome.coverage.uncovered.length > 0)).toBe(true);
    check.expectClean();
  });

  it('Movement: one row per movement flow, with its partners', () => {
    const sheet = specOf('Movement');
    const ws = sheetOf(sheet.name);
    const check = new Checker(ws, sheet.name);
    let r = headerRowOf(sheet) + 1;
    const change = (from: number, to: number) =>
      from < 0 && to < 0 ? 'no tier either way' : from < 0 ? 'newly tiered' : to < 0 ? 'loses tier' : to > from ? 'promoted' : to < from ? 'demoted' : 'unchanged';
    scenarios.forEach(({ outcome }, i) => {
      const flows = movementFlows(outcome);
      expect(flows.reduce((sum, f) => sum + f.count, 0)).toBe(400);
      for (const f of flows) {
        const ladderId = f.from.ladderId ?? f.to.ladderId;
        check.row(r, [text(names[i]), text(ladderName(outcome, ladderId)), text(f.from.today !== null ? `${f.from.today}${f.from.tier !== null ? ` (placed on ${f.from.tier})` : ''}` : (f.from.tier ?? 'No tier')), text(f.to.tier ?? 'No tier'), text(change(f.from.level, f.to.level)), num(f.count, 'count')]);
        // the reasons' partner counts never exceed the flow's
        for (const col of [7, 9]) {
          const c = ws[XLSX.utils.encode_cell({ r: r - 1, c: col })] as XLSX.CellObject | undefined;
          if (c) {
            expect(c.t).toBe('n');
            expect(c.v as number).toBeGreaterThan(0);
            expect(c.v as number).toBeLessThanOrEqual(f.count);
          }
        }
        r += 1;
      }
    });
    expect(r - 1).toBe(headerRowOf(sheet) + sheet.rowCount);
    check.expectClean();
  });

  it('Design review and Ladders: one row per finding and per tier of every scenario', () => {
    const review = specOf('Design review');
    const rws = sheetOf(review.name);
    let r = headerRowOf(review) + 1;
    scenarios.forEach(({ outcome }, i) => {
      const findings: [string, string][] = [
        ...outcome.review.map((f): [string, string] => ['Design review', f.message]),
        ...outcome.alerts.map((a): [string, string] => [a.severity === 'warning' ? 'Alert' : 'Note', a.message]),
        ...outcome.errors.map((e): [string, string] => ['Evaluation problem', e.message]),
      ];
      if (findings.length === 0) findings.push(['Design review', 'no findings, alerts or problems']);
      for (const [kind, message] of findings) {
        expect([rws[`A${r}`]?.v, rws[`B${r}`]?.v, rws[`E${r}`]?.v]).toEqual([names[i], kind, message]);
        r += 1;
      }
    });
    expect(r - 1).toBe(headerRowOf(review) + review.rowCount);
    // the override of a partner that is not in the data is reported
    expect(scenarios[2]!.outcome.errors.map((e) => e.code)).toContain('override-unknown-partner');

    const ladders = specOf('Ladders');
    const lws = sheetOf(ladders.name);
    const check = new Checker(lws, ladders.name);
    r = headerRowOf(ladders) + 1;
    scenarios.forEach(({ scenario }, i) => {
      for (const ladder of scenario.ladders) {
        ladder.tiers.forEach((tier, level) => {
          check.row(r++, [text(names[i]), text(ladder.name), text(ladder.motion === ANY_MOTION ? 'every other motion' : ladder.motion), num(level + 1, 'count'), text(tier.name)]);
        });
      }
      if (scenario.eligibility) check.row(r++, [text(names[i]), text('Every ladder'), empty, empty, text('Eligibility gate (every tier above entry)')]);
      if (scenario.exitRule) check.row(r++, [text(names[i]), text('Every ladder'), empty, empty, text('Exit rule (fail it: exit candidate)')]);
    });
    expect(r - 1).toBe(headerRowOf(ladders) + ladders.rowCount);
    check.expectClean();
  });

  it('Assignments: one row per partner of each scenario, as explainPartner explains it', () => {
    let warned = 0;
    scenarios.forEach(({ outcome }, i) => {
      const sheet = spec.sheets[8 + i]!;
      expect(sheet.name.startsWith('Assignments – ')).toBe(true);
      const ws = sheetOf(sheet.name);
      const check = new Checker(ws, sheet.name);
      const h = headerRowOf(sheet);
      expect(ws['A1']?.v).toBe(`Assignments: ${names[i]}`);
      check.row(h, ['Partner ID', 'Partner', 'Motion', 'Current tier', 'New tier', 'Change', 'Tier after rollout', 'Reason', 'Next tier', 'Progress to next tier', 'Override reason', 'Exit candidate'].map(text), 'header');
      expect(ws['!ref']).toBe(`A1:L${h + 400}`);
      let withProgress = 0;
      for (let p = 0; p < 400; p += 1) {
        const e = explainPartner(outcome, p);
        expect(e.partnerId).toBe(data.partners[p]!.id);
        if (e.progress !== null) withProgress += 1;
        check.row(h + 1 + p, [
          text(e.partnerId),
          text(e.name),
          text(e.motion),
          text(e.currentTier),
          text(e.tier ?? 'Untiered'),
          text(changeOf(e)),
          text(e.rollout.tier ?? 'Untiered'),
          text(e.reasons.join('; ')),
          text(e.nextTier),
          num(e.progress, 'progress'),
          text(e.overrideReason),
          e.exitCandidate ? text('yes') : empty,
        ], data.partners[p]!.id);
      }
      expect(withProgress).toBeGreaterThan(0);
      warned += outcome.rolloutState.filter((x) => x === ROLLOUT_WARNED).length;
      if (i === 2) {
        expect(ws[`K${h + 1 + 3}`]?.v).toBe('strategic account');
        expect(ws[`K${h + 1 + 10}`]?.v).toBe('board decision');
      }
      check.expectClean();
    });
    // the data holds partners the warning band keeps: their Change says so (checked row by row above)
    expect(warned).toBeGreaterThan(0);
  });

  it('Report cards: each partner’s unmet requirements with value, target and progress', () => {
    const { outcome } = scenarios[REPORT_CARDS]!;
    const sheet = spec.sheets.at(-1)!;
    expect(sheet.name.startsWith('Report cards – ')).toBe(true);
    const ws = sheetOf(sheet.name);
    const check = new Checker(ws, sheet.name);
    const h = headerRowOf(sheet);
    expect(ws['A1']?.v).toBe(`Report cards: ${names[REPORT_CARDS]}`);
    const headers = sheet.columns.map((c) => c.header);
    const slots = headers.filter((x) => /^Requirement \d+$/.test(x)).length;
    expect(slots).toBeGreaterThanOrEqual(1);
    expect(slots).toBeLessThanOrEqual(6);
    const fixed = ['Partner ID', 'Partner', 'Partner manager', 'Region', 'Motion', 'Current tier', 'New tier', 'Next tier', 'Progress to next tier'];
    const wantHeaders = [...fixed];
    for (let k = 1; k <= slots; k += 1) wantHeaders.push(`Requirement ${k}`, `Has ${k}`, `Needs ${k}`, `Progress ${k}`);
    wantHeaders.push('More to do');
    check.row(h, wantHeaders.map(text), 'header');

    let unmetSeen = 0;
    let moreThanFits = 0;
    const kinds = new Set<MetricKind>();
    for (let p = 0; p < 400; p += 1) {
      const e = explainPartner(outcome, p);
      const partner = data.partners[p]!;
      const row = h + 1 + p;
      // no partner has more unmet requirements than the sheet shows without saying so
      expect(Math.min(6, e.unmet.length)).toBeLessThanOrEqual(slots);
      check.row(row, [
        text(partner.id),
        text(partner.name),
        text(partner.owner),
        text(partner.region),
        text(partner.motion),
        text(partner.currentTier),
        text(e.tier ?? 'Untiered'),
        text(e.nextTier ?? (e.tier !== null ? 'at the top tier' : null)),
        num(e.progress, 'progress'),
      ]);
      for (let k = 0; k < slots; k += 1) {
        const u = e.unmet[k];
        const col = fixed.length + 4 * k;
        if (!u) {
          [0, 1, 2, 3].forEach((d) => check.cell(row, col + d, empty, `requirement ${k + 1}`));
          continue;
        }
        unmetSeen += 1;
        kinds.add(u.kind);
        check.cell(row, col, text(u.label), `requirement ${k + 1}`);
        check.cell(row, col + 1, u.value === null ? text('no data') : metricWant(u.kind, u.value), `has ${k + 1}`);
        check.cell(row, col + 2, metricWant(u.kind, u.target), `needs ${k + 1}`);
        check.cell(row, col + 3, num(u.progress, 'progress'), `progress ${k + 1}`);
      }
      const more = e.unmet.length - slots;
      if (more > 0) moreThanFits += 1;
      check.cell(row, fixed.length + 4 * slots, more > 0 ? text(`and ${more} more requirement${more === 1 ? '' : 's'}`) : empty, 'more to do');
    }
    expect(unmetSeen).toBeGreaterThan(50);
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['boolean', 'count', 'currency', 'date', 'rating']));
    expect(slots).toBe(6);
    expect(moreThanFits).toBeGreaterThan(0);
    check.expectClean();
  });

  it('every sheet has an autofilter on its header row, a frozen header, a bold header and column widths', () => {
    const filtered = new Set<string>();
    wb.Workbook?.Names?.forEach((n) => {
      if (n.Name === '_xlnm._FilterDatabase') filtered.add(wb.SheetNames[n.Sheet!]!);
    });
    for (const sheet of spec.sheets) {
      const ws = sheetOf(sheet.name);
      const h = headerRowOf(sheet);
      const lastColumn = XLSX.utils.encode_col(sheet.columns.length - 1);
      expect(ws['!autofilter']?.ref, sheet.name).toBe(`A${h}:${lastColumn}${h + sheet.rowCount}`);
      // Excel keeps the filter range as a hidden defined name per sheet
      expect(filtered.has(sheet.name), `${sheet.name} has no _FilterDatabase name`).toBe(true);

      const cols = ws['!cols'];
      expect(cols, sheet.name).toBeDefined();
      expect(cols!.length).toBe(sheet.columns.length);
      for (const c of cols!) {
        expect(c.width).toBeGreaterThanOrEqual(8);
        expect(c.width).toBeLessThanOrEqual(42);
      }

      const xml = sheetXml.get(sheet.name);
      expect(xml, sheet.name).toBeDefined();
      const panes = [...xml!.matchAll(/<pane\b([^>]*)\/>/g)].map((m) => attrs(m[1]!));
      expect(panes, sheet.name).toHaveLength(1);
      const pane = panes[0]!;
      expect(pane.state).toBe('frozen');
      expect(Number(pane.ySplit)).toBe(h);
      const freeze = Math.min(sheet.freezeColumns, sheet.columns.length - 1);
      if (freeze > 0) expect(Number(pane.xSplit)).toBe(freeze);
      else expect(pane.xSplit).toBeUndefined();
      expect(pane.topLeftCell).toBe(`${XLSX.utils.encode_col(freeze)}${h + 1}`);
      expect(pane.activePane).toBe(freeze > 0 ? 'bottomRight' : 'bottomLeft');
      expect(xml).toMatch(new RegExp(`<autoFilter ref="A${h}:${lastColumn}${h + sheet.rowCount}"\\s*/>`));

      const raw = rawCells(xml!);
      sheet.columns.forEach((c, k) => {
        const ref = `${XLSX.utils.encode_col(k)}${h}`;
        const cell = raw.get(ref);
        expect(cell, `${sheet.name}!${ref}`).toBeDefined();
        expect(isBold(styles, cell!.s), `${sheet.name}!${ref} (${c.header}) is not bold`).toBe(true);
      });
      // the title is bold too; data cells are not
      expect(isBold(styles, raw.get('A1')!.s)).toBe(true);
      const firstData = raw.get(`A${h + 1}`);
      if (firstData) expect(isBold(styles, firstData.s)).toBe(false);
    }
    // only the first sheet is selected
    expect([...sheetXml.values()].filter((x) => /tabSelected="1"/.test(x))).toHaveLength(1);
    expect(sheetXml.get('Summary')).toMatch(/tabSelected="1"/);
  });

  it('holds no formula anywhere, and every text cell is a string cell', () => {
    let cells = 0;
    const problems: string[] = [];
    for (const name of wb.SheetNames) {
      const ws = sheetOf(name);
      for (const [ref, cell] of Object.entries(ws)) {
        if (ref.startsWith('!')) continue;
        cells += 1;
        const c = cell as XLSX.CellObject;
        if (c.f !== undefined) problems.push(`${name}!${ref} has the formula ${c.f}`);
        if (c.t !== 's' && c.t !== 'n') problems.push(`${name}!${ref} is of type ${c.t}`);
        if (c.t === 'n' && !Number.isFinite(c.v)) problems.push(`${name}!${ref} is ${String(c.v)}`);
      }
      expect(sheetXml.get(name)).not.toMatch(/<f[\s>/]/);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(cells).toBeGreaterThan(20_000);
    // the shared-string table holds each text once, and its counts are consistent
    const sst = parts.get('xl/sharedStrings.xml')!;
    const sis = [...sst.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => m[1]!);
    const head = attrs(/<sst\b([^>]*)>/.exec(sst)![1]!);
    expect(Number(head.uniqueCount)).toBe(sis.length);
    expect(new Set(sis).size).toBe(sis.length);
    const sharedUses = [...sheetXml.values()].reduce((sum, x) => sum + [...x.matchAll(/<c\b[^>]*\bt="s"/g)].length, 0);
    expect(Number(head.count)).toBe(sharedUses);
  });
});

describe('writeWorkbook, cell by cell', () => {
  const tempDir = useTempDir('tierscape-cells-');
  const ALL_FORMATS: CellFormat[] = ['text', 'count', 'number', 'currency', 'percent', 'rating', 'date', 'hours', 'progress', 'deltaCount', 'deltaCurrency', 'deltaPoints', 'deltaHours'];
  const JUNE_30 = dateToDays('2026-06-30');

  function cellsSpec(): WorkbookSpec {
    const values: Cell[][] = [
      // a number in each column's own format
      ALL_FORMATS.map((f) => (f === 'text' ? 'plain' : f === 'date' ? JUNE_30 : 1234.5)),
      // negative and fractional
      ALL_FORMATS.map((f) => (f === 'text' ? 'x' : f === 'date' ? JUNE_30 - 400 : -0.125)),
      // what leaves a cell empty, and what reads as text
      [null, '', Number.NaN, { value: null, format: 'count' }, { value: Number.NaN, format: 'currency' }, true, false, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, { value: 0.5, format: 'percent' }, { value: JUNE_30, format: 'date' }, 'last'],
    ];
    return {
      title: 'Cells',
      subject: 'cells',
      created: '2026-07-01T00:00:00.000Z',
      properties: { Dataset: 'Cells' },
      sheets: [
        { name: 'Formats', title: ['Every format', 'a second line'], columns: ALL_FORMATS.map((f) => ({ header: f, format: f })), rowCount: values.length, row: (i) => values[i]!, freezeColumns: 3, landscape: true },
        // no title: the header is row 1; nothing frozen sideways
        { name: 'Untitled', title: [], columns: [{ header: 'Only', format: 'count' }], rowCount: 3, row: (i) => [i * 1000], freezeColumns: 2, landscape: false },
        { name: 'Empty', title: ['Nothing here'], columns: [{ header: 'A', format: 'text' }, { header: 'B', format: 'text' }], rowCount: 0, row: () => [], freezeColumns: 0, landscape: false },
      ],
    };
  }

  async function written(spec: WorkbookSpec) {
    const file = path.join(tempDir(), 'cells.xlsx');
    await writeWorkbook(spec, file);
    const buffer = readFileSync(file);
    return { wb: XLSX.read(buffer, { type: 'buffer', cellStyles: true, cellNF: true, cellFormula: true }), xml: sheetParts(unzip(buffer)) };
  }

  it('writes every format, dates as Excel dates, infinities and booleans as text, and leaves empty cells out', async () => {
    const spec = cellsSpec();
    const { wb } = await written(spec);
    const ws = wb.Sheets['Formats']!;
    const check = new Checker(ws, 'Formats');
    check.row(4, ALL_FORMATS.map((f) => text(f)), 'header');
    check.row(5, ALL_FORMATS.map((f) => (f === 'text' ? text('plain') : f === 'date' ? { t: 'n', v: JUNE_30 + 25569, z: 'yyyy-mm-dd' } : num(1234.5, f))));
    check.row(6, ALL_FORMATS.map((f) => (f === 'text' ? text('x') : f === 'date' ? { t: 'n', v: JUNE_30 - 400 + 25569, z: 'yyyy-mm-dd' } : num(-0.125, f))));
    check.row(7, [empty, empty, empty, empty, empty, text('yes'), text('no'), text('∞'), text('−∞'), num(0, 'deltaCount'), num(0.5, 'percent'), num(JUNE_30, 'date'), text('last')]);
    check.expectClean();
    // Excel shows the date as the day it is
    expect(XLSX.SSF.format('yyyy-mm-dd', ws['G5']!.v as number)).toBe('2026-06-30');
    expect(ws['G5']!.w).toBe('2026-06-30');
    // and a few numbers as leadership reads them
    expect(ws['D5']!.w).toBe('$1,235');
    expect(ws['E5']!.w).toBe('123450.0%');
    expect(ws['L5']!.w).toBe('+1234.5 pts');
  });

  it('freezes the header row of a sheet without a title, and of an empty sheet', async () => {
    const { wb, xml } = await written(cellsSpec());
    const pane = (name: string) => attrs(/<pane\b([^>]*)\/>/.exec(xml.get(name)!)![1]!);
    expect(pane('Formats')).toMatchObject({ xSplit: '3', ySplit: '4', topLeftCell: 'D5', state: 'frozen' });
    expect(pane('Untitled')).toMatchObject({ ySplit: '1', topLeftCell: 'A2', state: 'frozen', activePane: 'bottomLeft' });
    expect(pane('Untitled').xSplit).toBeUndefined();
    expect(pane('Empty')).toMatchObject({ ySplit: '3', topLeftCell: 'A4', state: 'frozen' });
    expect(wb.Sheets['Untitled']!['!autofilter']?.ref).toBe('A1:A4');
    expect(wb.Sheets['Untitled']!['A1']?.v).toBe('Only');
    expect(wb.Sheets['Untitled']!['A4']).toMatchObject({ t: 'n', v: 2000, z: '#,##0' });
    expect(wb.Sheets['Empty']!['!autofilter']?.ref).toBe('A3:B3');
    expect(wb.Sheets['Empty']!['!ref']).toBe('A1:B3');
  });

  it('leaves nothing behind when cancelled, and keeps an existing file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'keep.xlsx');
    writeFileSync(file, 'an older export');
    const big = cellsSpec();
    big.sheets[1] = { ...big.sheets[1]!, rowCount: 50_000 };
    const controller = new AbortController();
    const fractions: number[] = [];
    const run = writeWorkbook(big, file, {
      signal: controller.signal,
      onProgress: (p) => {
        fractions.push(p.fraction);
        if (p.fraction > 0 && !controller.signal.aborted) controller.abort(new Error('stop'));
      },
    });
    await expect(run).rejects.toThrow();
    expect(readFileSync(file, 'utf8')).toBe('an older export');
    expect(readdirSync(dir)).toEqual(['keep.xlsx']);
    expect(fractions.length).toBeGreaterThan(0);

    const seen: number[] = [];
    await writeWorkbook(cellsSpec(), file, { onProgress: (p) => seen.push(p.fraction) });
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1]!)).toBe(true);
    expect(readdirSync(dir)).toEqual(['keep.xlsx']);
    expect(XLSX.read(readFileSync(file), { type: 'buffer' }).SheetNames).toEqual(['Formats', 'Untitled', 'Empty']);
  });
});

describe('exporting stored scenarios from a workspace', () => {
  const tempDir = useTempDir('tierscape-export-');

  it('evaluates the stored scenarios on their dataset and writes the workbook', async () => {
    const dir = tempDir();
    const ws = await Workspace.create(path.join(dir, 'w.tierscape'), { fill: (w) => fillSampleWorkspace(w, new Date('2026-07-01T00:00:00Z')) });
    try {
      const list = ws.scenarios.list();
      const baseline = list.find((s) => s.isBaseline)!;
      const other = list.find((s) => s.name === 'Two-tier starter')!;
      const records = [ws.scenarios.get(other.id), ws.scenarios.get(baseline.id)];
      const file = path.join(dir, 'out.xlsx');
      const now = new Date('2026-08-15T12:00:00.000Z');
      const stages: string[] = [];
      const report = await exportWorkbookFile(ws, { records, dataset: null, sheets: ['assignments'], reportCards: 0 }, file, {
        now,
        onProgress: (p) => stages.push(p.stage),
      });
      expect(stages[0]).toBe('evaluating');
      expect(stages.at(-1)).toBe('done');
      expect(existsSync(`${file}.partial`)).toBe(false);

      const dataset = ws.datasets.list().find((d) => d.id === records[0]!.datasetId)!;
      const data = ws.datasets.load(dataset.id);
      expect(report.partners).toBe(data.partners.length);
      expect(report.dataset.id).toBe(dataset.id);

      const buffer = readFileSync(file);
      expect(report.bytes).toBe(buffer.length);
      const wb = XLSX.read(buffer, { type: 'buffer', cellStyles: true, cellNF: true, cellFormula: true });
      expect(wb.SheetNames).toEqual(report.sheets);
      expect(wb.SheetNames).toEqual(['Summary', 'Assignments – Two-tier starter', expect.stringMatching(/^Assignments – As is/), 'Report cards – Two-tier starter']);
      expect(wb.Custprops).toMatchObject({ Dataset: dataset.label, Partners: String(data.partners.length), Exported: now.toISOString() });
      expect(wb.Sheets['Summary']!['A3']!.v).toBe(`Exported 2026-08-15 by Tierscape · changes are against the baseline, ${baseline.name}`);

      // the assignments are the engine's on that dataset, partner by partner
      const outcome = evaluate(records[0]!.scenario, data);
      const sheet = wb.Sheets['Assignments – Two-tier starter']!;
      const h = 5;
      expect(sheet['!ref']).toBe(`A1:L${h + data.partners.length}`);
      for (let p = 0; p < data.partners.length; p += 1) {
        const e = explainPartner(outcome, p);
        expect(sheet[`A${h + 1 + p}`]?.v).toBe(e.partnerId);
        expect(sheet[`E${h + 1 + p}`]?.v).toBe(e.tier ?? 'Untiered');
      }
    } finally {
      ws.close();
    }
  });

  it('refuses no scenario, a scenario chosen twice, and more than six', async () => {
    const dir = tempDir();
    const ws = await Workspace.create(path.join(dir, 'w.tierscape'), { fill: (w) => fillSampleWorkspace(w, new Date('2026-07-01T00:00:00Z')) });
    try {
      const records = ws.scenarios.list().map((s) => ws.scenarios.get(s.id));
      const file = path.join(dir, 'out.xlsx');
      const request = (r: typeof records) => exportWorkbookFile(ws, { records: r, dataset: null, sheets: [], reportCards: null }, file);
      await expect(request([])).rejects.toMatchObject({ code: 'invalid_request' });
      await expect(request([records[0]!, records[0]!])).rejects.toMatchObject({ code: 'invalid_request' });
      await expect(request([...records, records[0]!])).rejects.toMatchObject({ code: 'invalid_request' });
      expect(existsSync(file)).toBe(false);
      expect(readdirSync(dir).filter((f) => f.startsWith('out'))).toEqual([]);
    } finally {
      ws.close();
    }
  });
});
