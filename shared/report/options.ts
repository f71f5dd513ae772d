/** What an export may contain (SPEC S9): shared by the export dialog, the IPC contract, the CLI and the builder. */

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
