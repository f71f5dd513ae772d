/**
 * The Charts sheet's native charts (SPEC S9), read back from the written file: the package's
 * content types and relationships resolve, every part is well-formed XML with its elements in
 * the schema's order (Excel refuses a chart otherwise), each series' formula names cells that
 * hold what the series caches, and the charts sit below the table, apart, never cut by a page
 * break. A workbook without charts gets none of these parts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { posix } from 'node:path';
import * as XLSX from 'xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeWorkbook } from '../../../electron/services/export/xlsx';
import { CHART_TYPE, chartPackageParts, DRAWING_TYPE } from '../../../electron/services/export/xlsx/drawing';
import { layoutOf } from '../../../electron/services/export/xlsx/layout';
import { exampleScenarios } from '../../../scenarios/examples';
import { generatePartners } from '../../../scenarios/generator';
import { evaluate } from '../../../shared/engine';
import { headerRowOf } from '../../../shared/report/charts';
import { OPTIONAL_SHEETS, type OptionalSheet } from '../../../shared/report/options';
import type { WorkbookSpec } from '../../../shared/report/sheet';
import { buildWorkbook } from '../../../shared/report/workbook';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { unzip } from '../../helpers/xlsx-parts';
import { child, descendants, parseXml, type XmlElement } from './xml-tree';

const data = generatePartners({ seed: 99, count: 400 });
const NAMES = ['As is: metals on lifetime revenue', 'Motion-fit ladders', 'Two-tier starter'];

function specOf(sheets: readonly OptionalSheet[], names: readonly string[] = NAMES): WorkbookSpec {
  const scenarios = names.map((n) => exampleScenarios().find((s) => s.name === n)!).map((scenario) => ({ scenario, outcome: evaluate(scenario, data) }));
  return buildWorkbook({ dataset: { label: 'FY', asOf: null, partners: data.partners.length }, data, scenarios, sheets, reportCards: 0, exportedAt: '2026-12-07T09:00:00Z' });
}

async function written(spec: WorkbookSpec): Promise<{ parts: Map<string, string>; wb: XLSX.WorkBook }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tierscape-charts-'));
  try {
    const file = path.join(dir, 'charts.xlsx');
    await writeWorkbook(spec, file);
    const bytes = readFileSync(file);
    // (SheetJS's zip reader adds an entry of its own)
    const parts = new Map([...unzip(bytes)].filter(([name]) => /\.(xml|rels)$/.test(name)));
    return { parts, wb: XLSX.read(bytes, { type: 'buffer', cellNF: true }) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The children each element may have, in the order ECMA-376 Part 1 sequences them (the
 * elements this writer uses and their neighbours; names of a choice share a rank).
 */
const SEQUENCES: Record<string, (string | string[])[]> = {
  'c:chartSpace': ['c:date1904', 'c:lang', 'c:roundedCorners', 'mc:AlternateContent', 'c:style', 'c:clrMapOvr', 'c:pivotSource', 'c:protection', 'c:chart', 'c:spPr', 'c:txPr', 'c:externalData', 'c:printSettings', 'c:userShapes', 'c:extLst'],
  'c:chart': ['c:title', 'c:autoTitleDeleted', 'c:pivotFmts', 'c:view3D', 'c:floor', 'c:sideWall', 'c:backWall', 'c:plotArea', 'c:legend', 'c:plotVisOnly', 'c:dispBlanksAs', 'c:showDLblsOverMax', 'c:extLst'],
  'c:plotArea': ['c:layout', ['c:barChart', 'c:lineChart', 'c:areaChart'], ['c:catAx', 'c:valAx', 'c:dateAx', 'c:serAx'], 'c:dTable', 'c:spPr', 'c:extLst'],
  'c:barChart': ['c:barDir', 'c:grouping', 'c:varyColors', 'c:ser', 'c:dLbls', 'c:gapWidth', 'c:overlap', 'c:serLines', 'c:axId', 'c:extLst'],
  'c:ser': ['c:idx', 'c:order', 'c:tx', 'c:spPr', 'c:invertIfNegative', 'c:pictureOptions', 'c:dPt', 'c:dLbls', 'c:trendline', 'c:errBars', 'c:cat', 'c:val', 'c:shape', 'c:extLst'],
  'c:tx': [['c:strRef', 'c:v', 'c:rich']],
  'c:cat': [['c:multiLvlStrRef', 'c:numRef', 'c:numLit', 'c:strRef', 'c:strLit']],
  'c:val': [['c:numRef', 'c:numLit']],
  'c:strRef': ['c:f', 'c:strCache', 'c:extLst'],
  'c:numRef': ['c:f', 'c:numCache', 'c:extLst'],
  'c:strCache': ['c:ptCount', 'c:pt', 'c:extLst'],
  'c:numCache': ['c:formatCode', 'c:ptCount', 'c:pt', 'c:extLst'],
  'c:pt': ['c:v'],
  'c:dLbls': ['c:dLbl', 'c:delete', 'c:numFmt', 'c:spPr', 'c:txPr', 'c:dLblPos', 'c:showLegendKey', 'c:showVal', 'c:showCatName', 'c:showSerName', 'c:showPercent', 'c:showBubbleSize', 'c:separator', 'c:showLeaderLines', 'c:leaderLines', 'c:extLst'],
  'c:catAx': ['c:axId', 'c:scaling', 'c:delete', 'c:axPos', 'c:majorGridlines', 'c:minorGridlines', 'c:title', 'c:numFmt', 'c:majorTickMark', 'c:minorTickMark', 'c:tickLblPos', 'c:spPr', 'c:txPr', 'c:crossAx', ['c:crosses', 'c:crossesAt'], 'c:auto', 'c:lblAlgn', 'c:lblOffset', 'c:tickLblSkip', 'c:tickMarkSkip', 'c:noMultiLvlLbl', 'c:extLst'],
  'c:valAx': ['c:axId', 'c:scaling', 'c:delete', 'c:axPos', 'c:majorGridlines', 'c:minorGridlines', 'c:title', 'c:numFmt', 'c:majorTickMark', 'c:minorTickMark', 'c:tickLblPos', 'c:spPr', 'c:txPr', 'c:crossAx', ['c:crosses', 'c:crossesAt'], 'c:crossBetween', 'c:majorUnit', 'c:minorUnit', 'c:dispUnits', 'c:extLst'],
  'c:scaling': ['c:logBase', 'c:orientation', 'c:max', 'c:min', 'c:extLst'],
  'c:title': ['c:tx', 'c:layout', 'c:overlay', 'c:spPr', 'c:txPr', 'c:extLst'],
  'c:legend': ['c:legendPos', 'c:legendEntry', 'c:layout', 'c:overlay', 'c:spPr', 'c:txPr', 'c:extLst'],
  'c:rich': ['a:bodyPr', 'a:lstStyle', 'a:p'],
  'c:txPr': ['a:bodyPr', 'a:lstStyle', 'a:p'],
  'a:p': ['a:pPr', ['a:r', 'a:br', 'a:fld'], 'a:endParaRPr'],
  'xdr:wsDr': [['xdr:twoCellAnchor', 'xdr:oneCellAnchor', 'xdr:absoluteAnchor']],
  'xdr:oneCellAnchor': ['xdr:from', 'xdr:ext', ['xdr:sp', 'xdr:grpSp', 'xdr:graphicFrame', 'xdr:cxnSp', 'xdr:pic'], 'xdr:clientData'],
  'xdr:from': ['xdr:col', 'xdr:colOff', 'xdr:row', 'xdr:rowOff'],
  'xdr:graphicFrame': ['xdr:nvGraphicFramePr', 'xdr:xfrm', 'a:graphic', 'xdr:extLst'],
  'xdr:nvGraphicFramePr': ['xdr:cNvPr', 'xdr:cNvGraphicFramePr'],
  worksheet: ['sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols', 'sheetData', 'sheetCalcPr', 'sheetProtection', 'protectedRanges', 'scenarios', 'autoFilter', 'sortState', 'dataConsolidate', 'customSheetViews', 'mergeCells', 'phoneticPr', 'conditionalFormatting', 'dataValidations', 'hyperlinks', 'printOptions', 'pageMargins', 'pageSetup', 'headerFooter', 'rowBreaks', 'colBreaks', 'customProperties', 'cellWatches', 'ignoredErrors', 'smartTags', 'drawing', 'legacyDrawing', 'extLst'],
};

/** Every listed element's children are ones its sequence allows, in its order (a name may repeat only in place). */
function expectSchemaOrder(root: XmlElement, part: string): void {
  for (const e of descendants(root)) {
    const sequence = SEQUENCES[e.name];
    if (!sequence) continue;
    const rank = (name: string) => sequence.findIndex((s) => (Array.isArray(s) ? s.includes(name) : s === name));
    let last = -1;
    for (const c of e.children) {
      const r = rank(c.name);
      expect(r, `${part}: <${c.name}> may not be in <${e.name}>`).toBeGreaterThanOrEqual(0);
      expect(r, `${part}: <${c.name}> is out of order in <${e.name}>`).toBeGreaterThanOrEqual(last);
      last = r;
    }
  }
}

const valOf = (e: XmlElement | undefined, name: string) => (e ? child(e, name)?.attrs['val'] : undefined);

/** The cells of a chart formula: 'Sheet ''name'''!$A$1:$B$2, or a union of such in parentheses. */
function formulaCells(formula: string): { sheet: string; address: string }[] {
  const body = formula.startsWith('(') && formula.endsWith(')') ? formula.slice(1, -1) : formula;
  const out: { sheet: string; address: string }[] = [];
  for (const m of body.matchAll(/'((?:[^']|'')+)'!\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?(,|$)/g)) {
    const sheet = m[1]!.replace(/''/g, "'");
    const from = XLSX.utils.decode_cell(`${m[2]}${m[3]}`);
    const to = m[4] ? XLSX.utils.decode_cell(`${m[4]}${m[5]}`) : from;
    for (let r = from.r; r <= to.r; r += 1) for (let c = from.c; c <= to.c; c += 1) out.push({ sheet, address: XLSX.utils.encode_cell({ r, c }) });
  }
  expect(out.length, `cells of ${formula}`).toBeGreaterThan(0);
  return out;
}

/** A cache's points by index: null where a point is missing. */
function cachePoints(cache: XmlElement): (string | null)[] {
  const points: (string | null)[] = Array.from({ length: Number(valOf(cache, 'c:ptCount')) }, () => null);
  for (const pt of cache.children.filter((c) => c.name === 'c:pt')) points[Number(pt.attrs['idx'])] = child(pt, 'c:v')!.text;
  return points;
}

describe('the Charts sheet, written and read back', () => {
  let spec: WorkbookSpec;
  let parts: Map<string, string>;
  let wb: XLSX.WorkBook;
  const chartsIndex = 1;

  beforeAll(async () => {
    spec = specOf(OPTIONAL_SHEETS);
    ({ parts, wb } = await written(spec));
  });

  it('places its references where the writer puts each table', () => {
    for (const sheet of spec.sheets) expect(headerRowOf(sheet), sheet.name).toBe(layoutOf(sheet).headerRow);
    expect(wb.SheetNames[chartsIndex]).toBe('Charts');
  });

  it('every part is well-formed XML; the content types cover every part and name the drawing and charts', () => {
    for (const [name, text] of parts) expect(() => parseXml(text), name).not.toThrow();
    const types = parseXml(parts.get('[Content_Types].xml')!);
    const defaults = new Map(types.children.filter((e) => e.name === 'Default').map((e) => [e.attrs['Extension']!, e.attrs['ContentType']!]));
    const overrides = new Map(types.children.filter((e) => e.name === 'Override').map((e) => [e.attrs['PartName']!, e.attrs['ContentType']!]));
    for (const name of parts.keys()) {
      if (name === '[Content_Types].xml') continue;
      expect(overrides.get(`/${name}`) ?? defaults.get(name.split('.').pop()!), name).toBeDefined();
    }
    for (const partName of overrides.keys()) expect(parts.has(partName.slice(1)), partName).toBe(true);
    const charts = [...parts.keys()].filter((n) => n.startsWith('xl/charts/'));
    expect(charts).toHaveLength(spec.sheets[chartsIndex]!.charts!.length);
    for (const c of charts) expect(overrides.get(`/${c}`)).toBe(CHART_TYPE);
    expect(overrides.get('/xl/drawings/drawing1.xml')).toBe(DRAWING_TYPE);
  });

  it('every relationship resolves: the Charts sheet to its drawing, the drawing to each chart', () => {
    for (const [name, text] of parts) {
      if (!name.endsWith('.rels')) continue;
      // the part a .rels file belongs to (the package's own: its root)
      const source = name === '_rels/.rels' ? 'package' : name.replace(/_rels\/([^/]+)\.rels$/, '$1');
      for (const rel of parseXml(text).children) {
        if (rel.attrs['TargetMode'] === 'External') continue;
        const target = rel.attrs['Target']!.startsWith('/') ? rel.attrs['Target']!.slice(1) : posix.normalize(posix.join(posix.dirname(source), rel.attrs['Target']!));
        expect(parts.has(target), `${name}: ${rel.attrs['Target']}`).toBe(true);
      }
    }
    const sheetPart = `xl/worksheets/sheet${chartsIndex + 1}.xml`;
    const sheet = parseXml(parts.get(sheetPart)!);
    expectSchemaOrder(sheet, sheetPart);
    const drawing = child(sheet, 'drawing')!;
    expect(sheet.children.at(-1)).toBe(drawing);
    const sheetRels = parseXml(parts.get(`xl/worksheets/_rels/sheet${chartsIndex + 1}.xml.rels`)!).children;
    const toDrawing = sheetRels.find((r) => r.attrs['Id'] === drawing.attrs['r:id'])!;
    expect(toDrawing.attrs['Type']).toMatch(/\/drawing$/);
    const drawingPart = posix.join('xl/worksheets', toDrawing.attrs['Target']!);
    const drawingXml = parseXml(parts.get(posix.normalize(drawingPart))!);
    expectSchemaOrder(drawingXml, drawingPart);
    const drawingRels = parseXml(parts.get(posix.normalize(drawingPart).replace(/([^/]+)$/, '_rels/$1.rels'))!).children;
    const chartIds = descendants(drawingXml).filter((e) => e.name === 'c:chart').map((e) => e.attrs['r:id']);
    expect(chartIds).toHaveLength(spec.sheets[chartsIndex]!.charts!.length);
    for (const id of chartIds) expect(drawingRels.find((r) => r.attrs['Id'] === id)?.attrs['Type']).toMatch(/\/chart$/);
    // no other sheet has a drawing or relationships of its own
    for (let i = 0; i < spec.sheets.length; i += 1) {
      if (i === chartsIndex) continue;
      expect(parts.get(`xl/worksheets/sheet${i + 1}.xml`)).not.toContain('<drawing');
      expect(parts.has(`xl/worksheets/_rels/sheet${i + 1}.xml.rels`)).toBe(false);
    }
  });

  it('each chart: schema order, one category and one value axis crossing each other, a legend and a title', () => {
    spec.sheets[chartsIndex]!.charts!.forEach((chart, k) => {
      const name = `xl/charts/chart${k + 1}.xml`;
      const root = parseXml(parts.get(name)!);
      expectSchemaOrder(root, name);
      const c = child(root, 'c:chart')!;
      expect(descendants(child(c, 'c:title')!).find((e) => e.name === 'a:t')!.text).toBe(chart.title);
      expect(child(c, 'c:legend')).toBeDefined();
      expect(valOf(c, 'c:plotVisOnly')).toBe('1');
      const plot = child(c, 'c:plotArea')!;
      const bar = child(plot, 'c:barChart')!;
      expect([valOf(bar, 'c:barDir'), valOf(bar, 'c:grouping'), valOf(bar, 'c:varyColors')]).toEqual([chart.direction, chart.grouping, '0']);
      const [catAx, valAx] = [child(plot, 'c:catAx')!, child(plot, 'c:valAx')!];
      const ids = bar.children.filter((e) => e.name === 'c:axId').map((e) => e.attrs['val']);
      expect(ids).toEqual([valOf(catAx, 'c:axId'), valOf(valAx, 'c:axId')]);
      expect(valOf(catAx, 'c:crossAx')).toBe(valOf(valAx, 'c:axId'));
      expect(valOf(valAx, 'c:crossAx')).toBe(valOf(catAx, 'c:axId'));
      for (const ax of [catAx, valAx]) expect(child(ax, 'c:crosses')).toBeDefined();
      const series = bar.children.filter((e) => e.name === 'c:ser');
      expect(series.map((s) => [valOf(s, 'c:idx'), valOf(s, 'c:order')])).toEqual(chart.series.map((_, i) => [String(i), String(i)]));
      for (const s of series) for (const part of ['c:tx', 'c:spPr', 'c:cat', 'c:val']) expect(child(s, part), `${chart.title}: ${part}`).toBeDefined();
    });
  });

  it('every series reads cells that hold its cached values, in their number format', () => {
    const cellOf = (sheet: string, address: string) => {
      const ws = wb.Sheets[sheet];
      expect(ws, sheet).toBeDefined();
      return ws![address];
    };
    let unions = 0;
    spec.sheets[chartsIndex]!.charts!.forEach((_, k) => {
      const root = parseXml(parts.get(`xl/charts/chart${k + 1}.xml`)!);
      for (const s of descendants(root).filter((e) => e.name === 'c:ser')) {
        const cat = child(child(s, 'c:cat')!, 'c:strRef')!;
        const catCells = formulaCells(child(cat, 'c:f')!.text);
        expect(cachePoints(child(cat, 'c:strCache')!)).toEqual(catCells.map(({ sheet, address }) => String(cellOf(sheet, address)?.v ?? '') || null));

        const num = child(child(s, 'c:val')!, 'c:numRef')!;
        const formula = child(num, 'c:f')!.text;
        if (formula.startsWith('(')) unions += 1;
        const cells = formulaCells(formula).map(({ sheet, address }) => cellOf(sheet, address));
        expect(cells).toHaveLength(catCells.length);
        const cache = child(num, 'c:numCache')!;
        expect(cachePoints(cache).map((v) => (v === null ? null : Number(v)))).toEqual(cells.map((c) => (c?.t === 'n' ? c.v : null)));
        const numeric = cells.find((c) => c?.t === 'n');
        expect(child(cache, 'c:formatCode')!.text).toBe(numeric!.z);

        const name = child(child(s, 'c:tx')!, 'c:strRef');
        if (name) expect(cachePoints(child(name, 'c:strCache')!)).toEqual(formulaCells(child(name, 'c:f')!.text).map(({ sheet, address }) => String(cellOf(sheet, address)!.v)));
      }
    });
    // the resources' and the coverage's series read a union of their scenarios' cells
    expect(unions).toBeGreaterThanOrEqual(7);
  });

  it('lays the charts out below the table, apart, and breaks the printed pages only between them', () => {
    const sheet = spec.sheets[chartsIndex]!;
    const xml = parts.get(`xl/worksheets/sheet${chartsIndex + 1}.xml`)!;
    const root = parseXml(xml);
    expect(child(root, 'sheetPr')).toBeUndefined();
    expect(child(root, 'pageSetup')!.attrs['scale']).toBeDefined();
    const widths = child(root, 'cols')!.children.map((c) => Number(c.attrs['width']));
    // Excel's pixels for a column of `w` Calibri characters; 64 past the sheet's columns
    const colPx = (k: number) => (k < widths.length ? Math.trunc(((256 * widths[k]! + Math.trunc(128 / 7)) / 256) * 7) : 64);
    const left = (col: number) => Array.from({ length: col }, (_, k) => colPx(k)).reduce((a, b) => a + b, 0);
    const anchors = descendants(parseXml(parts.get('xl/drawings/drawing1.xml')!)).filter((e) => e.name === 'xdr:oneCellAnchor');
    expect(anchors).toHaveLength(sheet.charts!.length);
    const boxes = anchors.map((a) => {
      const from = child(a, 'xdr:from')!;
      const n = (name: string) => Number(child(from, name)!.text);
      const ext = child(a, 'xdr:ext')!;
      const x = left(n('xdr:col')) + n('xdr:colOff') / 9525;
      const y = n('xdr:row') * 20 + n('xdr:rowOff') / 9525;
      return { row: n('xdr:row'), x, y, w: Number(ext.attrs['cx']) / 9525, h: Number(ext.attrs['cy']) / 9525 };
    });
    for (const b of boxes) expect(b.row).toBeGreaterThan(layoutOf(sheet).lastRow);
    boxes.forEach((a, i) =>
      boxes.slice(i + 1).forEach((b) => {
        const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
        expect(apart, `charts ${i + 1} and ${boxes.indexOf(b) + 1} overlap`).toBe(true);
      }),
    );
    const breaks = child(root, 'rowBreaks')!.children.map((b) => Number(b.attrs['id']));
    expect(breaks.length).toBeGreaterThan(0);
    for (const r of breaks) {
      // a page starts a row above a row of charts, and cuts none, nor touches one's edge
      expect(boxes.some((b) => b.row === r + 1)).toBe(true);
      for (const b of boxes) expect(r >= b.row && r <= b.row + b.h / 20, `a break at row ${r} cuts or touches a chart`).toBe(false);
    }
  });
});

describe('a workbook without charts', () => {
  it('stacks the tiers of scenarios that share them: one chart, its series laid over one another', async () => {
    const spec = specOf(['distribution'], ['As is: metals on lifetime revenue', 'Metals, revenue only']);
    const charts = spec.sheets[1]!.charts!;
    expect(charts.map((c) => [c.title, c.grouping])).toEqual([['Partners per tier', 'stacked']]);
    const { parts } = await written(spec);
    const root = parseXml(parts.get('xl/charts/chart1.xml')!);
    expectSchemaOrder(root, 'chart1');
    const bar = descendants(root).find((e) => e.name === 'c:barChart')!;
    expect([valOf(bar, 'c:grouping'), valOf(bar, 'c:overlap')]).toEqual(['stacked', '100']);
    // a stack shows no value beside each bar (Excel places no label outside a stacked bar)
    expect(child(bar, 'c:dLbls')).toBeUndefined();
    expect(bar.children.filter((e) => e.name === 'c:ser').map((e) => child(child(child(e, 'c:tx')!, 'c:strRef')!, 'c:f')!.text)).toHaveLength(charts[0]!.series.length);
  });

  it('has no chart parts, no drawing and its content types as SheetJS wrote them', async () => {
    const spec = specOf(['movement', 'ladders', 'assignments']);
    expect(spec.sheets.some((s) => s.charts)).toBe(false);
    const { parts } = await written(spec);
    expect([...parts.keys()].filter((n) => /^xl\/(charts|drawings)\/|^xl\/worksheets\/_rels\//.test(n))).toEqual([]);
    expect(parts.get('[Content_Types].xml')).not.toMatch(/drawing|chart/);
    for (const [name, text] of parts) if (name.startsWith('xl/worksheets/')) expect(text).toContain('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>');
    const types = Buffer.from(parts.get('[Content_Types].xml')!, 'utf8');
    const same = chartPackageParts(spec, types, 'USD');
    expect(same.parts).toEqual([]);
    expect(same.contentTypes).toBe(types);
  });
});
