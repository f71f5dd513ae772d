/**
 * The leadership workbook (DESIGN D10.1) as data: every sheet's rows from the engine's outcomes
 * for the compared scenarios on one dataset — the same outcomes the compare view shows,
 * so the two cannot disagree. electron/services/export writes it as XLSX.
 *
 * Sheets, in order: Summary, Charts, Distribution, Resources, Conflict coverage, Movement,
 * Design review, Ladders, one Assignments sheet per scenario, and Report cards for one
 * scenario. Charts (charts.ts) comes second, beside the Summary it illustrates: the two are
 * what leadership opens first. Its charts read the Distribution and Resources sheets' cells
 * and, with the Conflict coverage sheet, the Summary's coverage rows; it is there only when
 * one of those three sheets is.
 *
 * This file places them (SHEET_BUILDERS names each optional sheet's builder); the builders
 * live in summary-sheet.ts (Summary), scenario-sheets.ts (the scenarios side by side) and
 * partner-sheets.ts (one row per partner), their shared input and helpers in common.ts.
 */
import { currencyCode, datasetCurrency } from '../model/currency';
import { chartsSheet, type ChartSources } from './charts';
import type { ReportInput } from './common';
import { CHART_SOURCES, MAX_REPORT_SCENARIOS, OPTIONAL_SHEETS, SHEETS, type OptionalSheet } from './options';
import { assignmentsSheet, reportCardsSheet } from './partner-sheets';
import { coverageSheet, distributionSheet, laddersSheet, movementSheet, resourcesSheet, reviewSheet } from './scenario-sheets';
import { sheetNames, type SheetSpec, type WorkbookSpec } from './sheet';
import { summarySheet } from './summary-sheet';

/**
 * The builder of each optional sheet (options.ts SHEETS holds its title, tab and whether it
 * is one per scenario): the input, the scenarios' distinct names, the sheet's tab name and,
 * for a per-scenario sheet, the scenario's index.
 */
type SheetBuilder = (input: ReportInput, names: string[], name: string, scenario: number) => SheetSpec;

const SHEET_BUILDERS: Readonly<Record<OptionalSheet, SheetBuilder>> = {
  distribution: (input, names, name) => distributionSheet(input, names, name),
  resources: (input, names, name) => resourcesSheet(input, names, name),
  coverage: (input, names, name) => coverageSheet(input, names, name),
  movement: (input, names, name) => movementSheet(input, names, name),
  review: (input, names, name) => reviewSheet(input, names, name),
  ladders: (input, names, name) => laddersSheet(input, names, name),
  assignments: (input, names, name, i) => assignmentsSheet(input, input.scenarios[i]!, names[i]!, name),
};


export function buildWorkbook(input: ReportInput): WorkbookSpec {
  const n = input.scenarios.length;
  if (n < 1 || n > MAX_REPORT_SCENARIOS) throw new RangeError(`a workbook compares 1 to ${MAX_REPORT_SCENARIOS} scenarios, not ${n}`);
  if (input.reportCards !== null && (input.reportCards < 0 || input.reportCards >= n)) throw new RangeError('report cards name a scenario that is not exported');
  for (const s of input.scenarios) {
    if (s.outcome.partnerCount !== input.data.partners.length) throw new RangeError(`"${s.scenario.name}" was evaluated on another dataset`);
  }
  const labels = input.scenarios.map((s) => s.scenario.name);
  const want = new Set(input.sheets);
  // the scenarios as column headers and in the Scenario columns: their names, made distinct
  const names = labels.map((l, i) => (labels.indexOf(l) === i ? l : `${l} (${i + 1})`));

  type Plan = { sheet: string; key?: OptionalSheet | 'charts'; make: (name: string) => SheetSpec | null };
  const made: (SheetSpec | null)[] = [];
  const plans: Plan[] = [{ sheet: 'Summary', make: () => summarySheet(input, names) }];
  const sources: Partial<ChartSources> = {};
  if (CHART_SOURCES.some((key) => want.has(key))) plans.push({ sheet: 'Charts', key: 'charts', make: (name) => chartsSheet(input, { ...sources, summary: made[0]! }, names, name) });
  for (const key of OPTIONAL_SHEETS) {
    if (!want.has(key)) continue;
    const { name: tab, perScenario } = SHEETS[key];
    const build = SHEET_BUILDERS[key];
    if (perScenario) input.scenarios.forEach((_, i) => plans.push({ sheet: `${tab} – ${names[i]}`, make: (name) => build(input, names, name, i) }));
    else plans.push({ sheet: tab, key, make: (name) => build(input, names, name, 0) });
  }
  if (input.reportCards !== null) {
    const i = input.reportCards;
    plans.push({ sheet: `Report cards – ${names[i]}`, make: (name) => reportCardsSheet(input, input.scenarios[i]!, names[i]!, name) });
  }
  const sheetNamesInOrder = sheetNames(plans.map((p) => p.sheet));
  // the Charts sheet is made last, from the sheets it reads
  const charts = plans.findIndex((p) => p.key === 'charts');
  plans.forEach((p, k) => {
    if (k === charts) return;
    const sheet = p.make(sheetNamesInOrder[k]!);
    if (sheet !== null && (p.key === 'distribution' || p.key === 'resources' || p.key === 'coverage')) sources[p.key] = sheet;
    made[k] = sheet;
  });
  if (charts >= 0) made[charts] = plans[charts]!.make(sheetNamesInOrder[charts]!);
  const d = input.dataset;
  const currency = datasetCurrency(input.data.metrics);
  // every currency a cell may name: the list's, then each currency metric's (report cards, value)
  const currencies = [currency];
  for (const m of [...input.data.metrics, ...input.scenarios.flatMap((s) => s.scenario.derivedMetrics)]) {
    const code = m.kind === 'currency' ? currencyCode(m.unit) : null;
    if (code !== null && !currencies.includes(code)) currencies.push(code);
  }
  return {
    title: `Tierscape: ${n > 1 ? names.join(' vs ') : names[0]} on ${d.label}`,
    subject: n > 1 ? 'Partner tier scenario comparison' : 'Partner tier scenario',
    created: input.exportedAt,
    properties: {
      Dataset: d.label,
      Partners: String(d.partners),
      ...(d.asOf ? { 'As of': d.asOf } : {}),
      Scenarios: names.join('; '),
      Exported: input.exportedAt,
    },
    currency,
    currencies,
    sheets: made.filter((sheet) => sheet !== null),
  };
}
