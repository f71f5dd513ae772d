/**
 * The leadership workbook's charts (SPEC S9) as data: partners per tier (from the Distribution
 * sheet), resources against capacity and budgets (Resources) and conflict-rule coverage (the
 * Summary's coverage rows, with the Conflict coverage sheet). Each series names the cells it
 * reads and carries what those cells hold (a reader that does not recalculate draws the cached
 * values). The cells are found in the very SheetSpecs the workbook writes, by their column
 * headers and row texts, so a reference cannot drift from the table it points into.
 * electron/services/export writes them as DrawingML charts on the Charts sheet.
 */
import { columnLetter } from '../io/types';
import { datasetLine, table, wrapped, type ReportInput } from './common';
import { cellText, isFormatted, type Cell, type CellFormat, type SheetSpec } from './sheet';

/** A block of cells: rows numbered as the spreadsheet numbers them (1 up), columns from 0 (A). */
export interface CellArea {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Cells of one sheet a chart reads, area after area (several areas: a union, `(…,…)`). */
export interface ChartRef {
  sheet: string;
  areas: CellArea[];
}

/** Category labels: the cells and their texts, one per point. */
export interface ChartLabels {
  ref: ChartRef;
  cache: string[];
}

/** A series' figures: the cells, their numbers (null: empty or text, drawn as a gap) and how they read. */
export interface ChartValues {
  ref: ChartRef;
  cache: (number | null)[];
  format: CellFormat;
}

export interface ChartSeries {
  /** its legend entry */
  name: string;
  /** the cell the name is read from, when a cell holds it */
  nameRef?: ChartRef;
  categories: ChartLabels;
  values: ChartValues;
  /** its colour: one of a palette (a scenario's or a tier's: its index), or grey (a capacity or budget, the untiered) */
  tone: number | 'limit';
}

export interface ChartSpec {
  title: string;
  /** what the chart shows, for the Charts sheet's table */
  note: string;
  /** 'bar': horizontal bars, categories down the side (long labels); 'column': upright */
  direction: 'bar' | 'column';
  /** the series' bars side by side in each category, or stacked into one bar */
  grouping: 'clustered' | 'stacked';
  categoryTitle: string;
  valueTitle: string;
  /** each bar labelled with its value */
  valueLabels: boolean;
  /** the value axis' top (1: a share's 100%); absent, the app picks one */
  valueMax?: number;
  /** every series has the same categories (a chart draws the first series' labels) */
  series: ChartSeries[];
}

/**
 * The sheets the charts read, each absent when the export leaves it out: the Summary (always
 * there) is read for coverage only when the Conflict coverage sheet is exported.
 */
export interface ChartSources {
  summary: SheetSpec;
  distribution?: SheetSpec;
  resources?: SheetSpec;
  coverage?: SheetSpec;
}

/** The 1-based row of a sheet's table header: its title lines, a blank line, then the header (as the writer places it). */
export function headerRowOf(sheet: Pick<SheetSpec, 'title'>): number {
  return sheet.title.length > 0 ? sheet.title.length + 2 : 1;
}

/** A sheet name as a formula writes it: always quoted, an apostrophe doubled. */
export function quotedSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function areaText(a: CellArea, absolute: boolean): string {
  const $ = absolute ? '$' : '';
  const cell = (c: number, r: number) => `${$}${columnLetter(c)}${$}${r}`;
  return a.top === a.bottom && a.left === a.right ? cell(a.left, a.top) : `${cell(a.left, a.top)}:${cell(a.right, a.bottom)}`;
}

/** The formula of a reference: 'Distribution'!$F$25:$F$29, or a union ('Resources'!$F$11,'Resources'!$F$27). */
export function refFormula(ref: ChartRef): string {
  const sheet = quotedSheet(ref.sheet);
  const areas = ref.areas.map((a) => `${sheet}!${areaText(a, true)}`);
  return areas.length === 1 ? areas[0]! : `(${areas.join(',')})`;
}

/** The cells of a reference as a person reads them: "F25:F29" or "F11, F27". */
export function refCells(ref: ChartRef): string {
  return ref.areas.map((a) => areaText(a, false)).join(', ');
}

/** The number a chart reads from a cell: a number, or a formatted cell's; nothing for text, blanks and ±∞ (the writer writes ∞ as text). */
export function chartNumber(cell: Cell | undefined): number | null {
  if (cell === undefined) return null;
  const value = typeof cell === 'number' ? cell : isFormatted(cell) ? cell.value : null;
  return value === null || !Number.isFinite(value) ? null : value;
}

/** The formats a chart plots: amounts a value axis can share (no dates, whose cells hold Excel's day numbers). */
const PLOTTED: ReadonlySet<CellFormat> = new Set(['count', 'number', 'currency', 'percent', 'hours']);

/** A sheet's table as the charts read it: columns by header, rows by their spreadsheet row number. */
class TableCells {
  readonly headerRow: number;
  constructor(readonly sheet: SheetSpec) {
    this.headerRow = headerRowOf(sheet);
  }

  /** the column under a header (the first whose header passes `test`) */
  column(test: string | ((header: string) => boolean)): number {
    const k = this.sheet.columns.findIndex((c) => (typeof test === 'string' ? c.header === test : test(c.header)));
    if (k < 0) throw new Error(`the ${this.sheet.name} sheet has no column "${String(test)}" for its chart`);
    return k;
  }

  /** the table's rows (from 0) whose cells pass `test` */
  rowsWhere(test: (row: Cell[]) => boolean): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.sheet.rowCount; i += 1) if (test(this.sheet.row(i))) out.push(i);
    return out;
  }

  /** the areas of one column over table rows `rows`: consecutive rows make one area */
  ref(rows: readonly number[], column: number): ChartRef {
    const areas: CellArea[] = [];
    for (const i of rows) {
      const r = this.headerRow + 1 + i;
      const last = areas.at(-1);
      if (last && last.bottom === r - 1) last.bottom = r;
      else areas.push({ top: r, bottom: r, left: column, right: column });
    }
    return { sheet: this.sheet.name, areas };
  }

  /** the areas of one row (-1: the header) over `columns`: adjacent columns make one area */
  rowRef(row: number, columns: readonly number[]): ChartRef {
    const r = this.headerRow + 1 + row;
    const areas: CellArea[] = [];
    for (const c of columns) {
      const last = areas.at(-1);
      if (last && last.right === c - 1) last.right = c;
      else areas.push({ top: r, bottom: r, left: c, right: c });
    }
    return { sheet: this.sheet.name, areas };
  }

  private text(row: number, column: number): string {
    return row < 0 ? this.sheet.columns[column]!.header : cellText(this.sheet.row(row)[column] ?? null, this.sheet.columns[column]!.format);
  }

  /** labels down one column, over table rows `rows` */
  labels(rows: readonly number[], column: number): ChartLabels {
    return { ref: this.ref(rows, column), cache: rows.map((i) => this.text(i, column)) };
  }

  /** labels along one row (-1: the header), over `columns` */
  across(row: number, columns: readonly number[]): ChartLabels {
    return { ref: this.rowRef(row, columns), cache: columns.map((c) => this.text(row, c)) };
  }

  /** figures down one column, over table rows `rows` */
  values(rows: readonly number[], column: number): ChartValues {
    return this.figures(this.ref(rows, column), rows.map((i) => this.sheet.row(i)[column]), this.sheet.columns[column]!.format);
  }

  /** figures along table row `row`, over `columns` */
  valuesAcross(row: number, columns: readonly number[]): ChartValues {
    const cells = this.sheet.row(row);
    return this.figures(this.rowRef(row, columns), columns.map((c) => cells[c]), this.sheet.columns[columns[0]!]!.format);
  }

  /** the cells' numbers, in the format of the first that names one (else their column's) */
  private figures(ref: ChartRef, cells: readonly (Cell | undefined)[], columnFormat: CellFormat): ChartValues {
    const own = cells.find((c) => isFormatted(c ?? null)) as { format: CellFormat } | undefined;
    const format = own?.format ?? columnFormat;
    if (!PLOTTED.has(format)) throw new Error(`a chart cannot plot the ${this.sheet.name} sheet's ${format} cells`);
    return { ref, cache: cells.map(chartNumber), format };
  }

  /** a series named by a cell of the table */
  name(row: number, column: number): Pick<ChartSeries, 'name' | 'nameRef'> {
    return { name: this.text(row, column), nameRef: this.ref([row], column) };
  }
}

/** What the Distribution sheet writes in its Motion column for the rows of every partner. */
const ALL_PARTNERS = 'All partners';

/**
 * Partners per tier. Scenarios that share their tiers (the same names, in the same order: one
 * design and its variants) get one chart, a stacked bar per scenario, each tier a series that
 * reads that tier's row of each scenario (a union of cells), as the Compare view stacks them.
 * Scenarios whose tiers differ (metals, motion ladders, two tiers) share no categories: one
 * chart each, over its rows for all partners (Tier and Partners columns). No cell holds a
 * formula, so partners per level across ladders are not summed into a stack.
 */
function distributionCharts(sheet: SheetSpec, names: readonly string[]): ChartSpec[] {
  const t = new TableCells(sheet);
  const [scenario, motion, tier, partners] = [t.column('Scenario'), t.column('Motion'), t.column('Tier'), t.column('Partners')];
  const rowsOf = names.map((name) => t.rowsWhere((row) => row[scenario] === name && row[motion] === ALL_PARTNERS));
  const tiersOf = (rows: readonly number[]) => rows.map((r) => sheet.row(r)[tier]).join('\u0000');
  const shared = names.length > 1 && rowsOf.every((rows) => rows.length > 0 && tiersOf(rows) === tiersOf(rowsOf[0]!));
  if (shared) {
    const first = rowsOf.map((rows) => rows[0]!);
    return [
      {
        title: 'Partners per tier',
        note: 'How many partners each tier holds in each scenario (all motions), stacked, untiered last: the scenarios share their tiers.',
        direction: 'bar',
        grouping: 'stacked',
        categoryTitle: 'Scenario',
        valueTitle: 'Partners',
        valueLabels: false,
        // the untiered in grey, as the Compare view draws them
        series: rowsOf[0]!.map((row, k) => ({
          ...t.name(row, tier),
          categories: t.labels(first, scenario),
          values: t.values(rowsOf.map((rows) => rows[k]!), partners),
          tone: sheet.row(row)[tier] === 'Untiered' ? ('limit' as const) : k,
        })),
      },
    ];
  }
  return names.flatMap((name, k): ChartSpec[] => {
    const rows = rowsOf[k]!;
    if (rows.length === 0) return [];
    return [
      {
        title: `Partners per tier: ${name}`,
        note: `How many partners each tier of ${name} holds (all motions), and how many it leaves untiered.`,
        direction: 'bar',
        grouping: 'clustered',
        categoryTitle: 'Tier',
        valueTitle: 'Partners',
        valueLabels: true,
        series: [{ ...t.name(rows[0]!, scenario), categories: t.labels(rows, tier), values: t.values(rows, partners), tone: k }],
      },
    ];
  });
}

/**
 * Each resource against its capacity or budget, one chart per resource: per scenario its
 * Total row beside its "Capacity and budgets" row. The rows of one scenario are apart from
 * the next's, so each series reads a union of cells.
 */
function resourceCharts(sheet: SheetSpec, names: readonly string[]): ChartSpec[] {
  const t = new TableCells(sheet);
  const [scenario, tier] = [t.column('Scenario'), t.column('Tier')];
  const rowsOf = (label: string) =>
    names.map((name) => {
      const row = t.rowsWhere((cells) => cells[scenario] === name && cells[tier] === label)[0];
      if (row === undefined) throw new Error(`the ${sheet.name} sheet has no "${label}" row for ${name}`);
      return row;
    });
  const totals = rowsOf('Total');
  const limits = rowsOf('Capacity and budgets');
  const measures = [
    { column: t.column('Hours'), title: 'Partner-manager hours against capacity', used: 'Hours needed', limit: 'Hours available', what: 'the partner-manager hours its tiers need', against: 'the hours available' },
    { column: t.column('MDF'), title: 'MDF against budget', used: 'MDF granted', limit: 'MDF budget', what: 'the MDF its tiers grant', against: 'its MDF budget' },
    { column: t.column((h) => h.startsWith('Margin ')), title: 'Margin against budget', used: 'Margin granted', limit: 'Margin budget', what: 'the margin its tiers give away', against: 'its margin budget' },
  ];
  return measures.map(
    (m): ChartSpec => ({
      title: m.title,
      note: `Per scenario, ${m.what} in a year (its Total row) beside ${m.against} (its Capacity and budgets row); one not set has no bar.`,
      direction: 'column',
      grouping: 'clustered',
      categoryTitle: 'Scenario',
      valueTitle: `${m.used.split(' ')[0]} a year`,
      valueLabels: false,
      series: [
        { name: m.used, categories: t.labels(totals, scenario), values: t.values(totals, m.column), tone: 0 },
        { name: m.limit, categories: t.labels(totals, scenario), values: t.values(limits, m.column), tone: 'limit' },
      ],
    }),
  );
}

/** The Summary's group of conflict-coverage rows. */
const COVERAGE_GROUP = 'Conflict coverage';

/**
 * Conflict-rule coverage per scenario: the share of conflict-prone tier × benefit pairs, and
 * of grants, an offsetting rule covers. The Conflict coverage sheet gives these only in its
 * lines of text (its table lists the pairs left uncovered); the Summary's Conflict coverage
 * rows hold them as numbers, one column per scenario (between them the changes against the
 * baseline: a union of cells).
 */
function coverageChart(summary: SheetSpec, names: readonly string[]): ChartSpec[] {
  const t = new TableCells(summary);
  const [group, measure] = [t.column('Group'), t.column('Measure')];
  const columns = names.map((name) => t.column(name));
  const rows = t.rowsWhere((row) => row[group] === COVERAGE_GROUP && columns.every((c) => isFormatted(row[c] ?? null) && (row[c] as { format: CellFormat }).format === 'percent'));
  if (rows.length === 0) throw new Error(`the ${summary.name} sheet has no ${COVERAGE_GROUP} shares`);
  const scenarios = t.across(-1, columns);
  return [
    {
      title: 'Conflict-rule coverage per scenario',
      note: 'Per scenario, the share of conflict-prone tier \u00d7 benefit pairs, and of grants of them to partners, that an offsetting rule covers (from the Summary; the Conflict coverage sheet lists the pairs left uncovered).',
      direction: 'column',
      grouping: 'clustered',
      categoryTitle: 'Scenario',
      valueTitle: 'Covered',
      valueLabels: true,
      valueMax: 1,
      series: rows.map((r, k) => ({ ...t.name(r, measure), categories: scenarios, values: t.valuesAcross(r, columns), tone: k })),
    },
  ];
}

/** The charts of the sheets in the export: distribution, then resources, then coverage. */
export function chartsOf(sources: ChartSources, names: readonly string[]): ChartSpec[] {
  return [
    ...(sources.distribution ? distributionCharts(sources.distribution, names) : []),
    ...(sources.resources ? resourceCharts(sources.resources, names) : []),
    ...(sources.coverage ? coverageChart(sources.summary, names) : []),
  ];
}

/** Every sheet and its cells a chart reads, for the Charts sheet's table: "Distribution D25:D29, F25:F29". */
function sourceText(chart: ChartSpec): string {
  const refs = chart.series.flatMap((s) => [s.categories.ref, s.values.ref, ...(s.nameRef ? [s.nameRef] : [])]);
  const bySheet = new Map<string, string[]>();
  for (const ref of refs) {
    const cells = bySheet.get(ref.sheet) ?? [];
    const text = refCells(ref);
    if (!cells.includes(text)) cells.push(text);
    bySheet.set(ref.sheet, cells);
  }
  return [...bySheet].map(([sheet, cells]) => `${sheet} ${cells.join(', ')}`).join('; ');
}

/**
 * The Charts sheet: a title, and a table of its charts (what each shows, the cells it reads);
 * the charts below the table. Null when no sheet the charts read is in the export.
 */
export function chartsSheet(input: ReportInput, sources: ChartSources, names: readonly string[], name: string): SheetSpec | null {
  const charts = chartsOf(sources, names);
  if (charts.length === 0) return null;
  return {
    ...table(
      name,
      ['Charts', datasetLine(input), 'Each chart reads its figures from the cells named beside it, so it follows any change made there.'],
      // (wrapped: every column of a row of several lines reads from its top)
      [wrapped('Chart'), wrapped('What it shows'), wrapped('Figures from')],
      charts.map((c) => [c.title, c.note, sourceText(c)]),
      { freezeColumns: 0 },
    ),
    charts,
  };
}
