/** What an export may contain (DESIGN D10.1): shared by the export dialog, the IPC contract, the CLI and the builder. */

/** The sheets a person may leave out (Summary is always there). */
export const OPTIONAL_SHEETS = ['distribution', 'resources', 'coverage', 'movement', 'review', 'ladders', 'assignments'] as const;
export type OptionalSheet = (typeof OPTIONAL_SHEETS)[number];

export const SHEET_TITLES: Record<OptionalSheet, string> = {
  distribution: 'Distribution',
  resources: 'Resources',
  coverage: 'Conflict coverage',
  movement: 'Movement',
  review: 'Design review',
  ladders: 'Ladders',
  assignments: 'Assignments (one per scenario)',
};

export const MAX_REPORT_SCENARIOS = 6;

/** A file name for the workbook: "Tierscape – Motion-fit ladders vs … – FY2025.xlsx" (no characters a file system refuses). */
export function workbookFileName(names: readonly string[], datasetLabel: string): string {
  const scenarios = names.length > 2 ? `${names[0]} and ${names.length - 1} more` : names.join(' vs ');
  const raw = `Tierscape – ${scenarios} – ${datasetLabel}`;
  // eslint-disable-next-line no-control-regex
  const safe = raw.replace(/[<>:"/\\|?*\u0000-\u001F]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 150).replace(/[. ]+$/, '');
  return `${safe || 'Tierscape export'}.xlsx`;
}
