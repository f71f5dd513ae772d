/**
 * Totals rows (DESIGN D9.3): a list exported from a spreadsheet often ends — or has a
 * section end — with a row that sums the partners above it: "Total", "Grand total",
 * "Summe", "Gesamt", "Total général". Such a row is no partner. Imported, it failed as a
 * partner without a name (an error the lead had to skip), or, where "Total" stood in the
 * name column, became a partner called "Total" whose amounts were everybody's.
 *
 * A row is a totals row when either
 * - it has no name, and its first cell with text (left to right, the ID's included) is a
 *   totals word, or
 * - its name is a totals word and it has no ID and no motion (a partner really called
 *   "Total" has an ID or a motion, and stays a partner).
 * It is left out of the import like an empty row, and said so (issue `summary_row`).
 */
import { isNoText } from './cell-text';
import { normaliseFull } from './header-text';
import type { CheckedColumns, RawTable, TextAt } from './types';

/** Totals words in matching form (header-text.ts `normaliseFull`: lower case, no accents, punctuation as spaces), in the languages headers are read in. */
const TOTALS_WORDS: ReadonlySet<string> = new Set([
  'total',
  'totals',
  'grand total',
  'sub total',
  'subtotal',
  'sum',
  'overall total',
  // German, French, Spanish, Italian, Dutch, Portuguese
  'summe',
  'gesamt',
  'gesamtsumme',
  'insgesamt',
  'zwischensumme',
  'endsumme',
  'total general',
  'sous total',
  'somme',
  'suma',
  'suma total',
  'totale',
  'totale generale',
  'subtotale',
  'totaal',
  'subtotaal',
  'som',
  'total geral',
]);

/** The longest totals word, in characters: a longer text is never one (a cheap first test). */
const LONGEST = Math.max(...[...TOTALS_WORDS].map((w) => w.length)) + 8;

/** Whether a cell's text is a totals word ("Total", "GRAND TOTAL:", "Summe", "Total général"). */
export function isTotalsLabel(text: string): boolean {
  return text.length <= LONGEST && TOTALS_WORDS.has(normaliseFull(text));
}

/** Where a totals row says so: the column of its totals word and the word as written. */
export interface TotalsLabel {
  column: number;
  text: string;
}

const place: TextAt = { source: '', start: 0, end: 0 };

/** Row `r`'s totals word and its column when the row is a totals row (see above); null when it is not. */
export function totalsLabelOf(table: RawTable, r: number, columns: CheckedColumns): TotalsLabel | null {
  const { name, id, motion } = columns;
  if (!name) return null;
  if (table.noText(r, name.index)) {
    for (let c = 0; c < table.headers.length; c += 1) {
      const text = table.text(r, c);
      if (isNoText(text)) continue;
      return isTotalsLabel(text) ? { column: c, text } : null;
    }
    return null;
  }
  if ((id && !table.noText(r, id.index)) || (motion && !table.noText(r, motion.index))) return null;
  // a name longer than any totals word is read no further (no string made of it)
  if (table.textAt(r, name.index, place) && place.end - place.start > LONGEST) return null;
  const text = table.text(r, name.index);
  return isTotalsLabel(text) ? { column: name.index, text } : null;
}
