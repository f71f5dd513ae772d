/** What an export may contain (DESIGN D10.1): shared by the export dialog, the IPC contract, the CLI and the builder. */

/**
 * The sheets a person may leave out (Summary is always there, first; report cards, when
 * asked for, last), in the workbook's order. Each has a row in SHEETS here and a builder in
 * workbook.ts's SHEET_BUILDERS. Adding a sheet: docs/ADDING.md.
 */
export const OPTIONAL_SHEETS = ['distribution', 'resources', 'coverage', 'movement', 'review', 'ladders', 'assignments'] as const;
export type OptionalSheet = (typeof OPTIONAL_SHEETS)[number];

export interface SheetInfo {
  /** its words in the export dialog's list of sheets */
  title: string;
  /** its tab in the workbook; a per-scenario sheet's tab is this, " – " and the scenario's name */
  name: string;
  /** one sheet per exported scenario */
  perScenario: boolean;
}

export const SHEETS: Readonly<Record<OptionalSheet, SheetInfo>> = {
  distribution: { title: 'Distribution', name: 'Distribution', perScenario: false },
  resources: { title: 'Resources', name: 'Resources', perScenario: false },
  coverage: { title: 'Conflict coverage', name: 'Conflict coverage', perScenario: false },
  movement: { title: 'Movement', name: 'Movement', perScenario: false },
  review: { title: 'Design review', name: 'Design review', perScenario: false },
  ladders: { title: 'Ladders', name: 'Ladders', perScenario: false },
  assignments: { title: 'Assignments (one per scenario)', name: 'Assignments', perScenario: true },
};

/** Each optional sheet's words in the export dialog. */
export const SHEET_TITLES: Readonly<Record<OptionalSheet, string>> = Object.fromEntries(OPTIONAL_SHEETS.map((k) => [k, SHEETS[k].title])) as Record<OptionalSheet, string>;

export const MAX_REPORT_SCENARIOS = 6;

/** A file name for the workbook: "Tierscape – Motion-fit ladders vs … – FY2025.xlsx" (no characters a file system refuses). */
export function workbookFileName(names: readonly string[], datasetLabel: string): string {
  const scenarios = names.length > 2 ? `${names[0]} and ${names.length - 1} more` : names.join(' vs ');
  const raw = `Tierscape – ${scenarios} – ${datasetLabel}`;
  // eslint-disable-next-line no-control-regex
  const safe = raw.replace(/[<>:"/\\|?*\u0000-\u001F]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 150).replace(/[. ]+$/, '');
  return `${safe || 'Tierscape export'}.xlsx`;
}

/** The sheets the Charts sheet reads: with any of them in the export, it follows the Summary (workbook.ts). */
export const CHART_SOURCES: readonly OptionalSheet[] = ['distribution', 'resources', 'coverage'];
