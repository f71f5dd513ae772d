/**
 * Matching the headers of an imported table to partner fields and metrics (DESIGN D9.2):
 * "Partner Name" / "partner_name" / "Company" → the name field, "ARR (USD)" → the
 * `sourced_arr` metric, anything else → a metric keyed by a slug of its header.
 *
 * This file makes a table's first mapping (`suggestMapping`); a header's matching form is
 * header-text.ts, the partner fields header-fields.ts, the metric keys header-metrics.ts.
 */
import { fieldColumns } from './header-fields';
import { MAX_KEY, metricKeyFor } from './header-metrics';
import { columnLetter, type ColumnMapping, type RawCell } from './types';
import { guessKind, profileValues } from './values/kind-guess';
import { isMissingValue } from './values/parse';

// ---------------------------------------------------------------------------------------
// A first mapping for a table

const MAX_LABEL = 200;
const MAX_UNIT = 32;

/**
 * `base`, else `base_2`, `base_3` … — the first not used yet. `next` remembers where each
 * base's search stopped (keys only ever get used, never freed), so a file with thousands
 * of columns of the same header stays linear instead of trying every suffix again.
 */
function uniqueKey(base: string, used: Set<string>, next: Map<string, number>): string {
  let key = base;
  for (let n = next.get(base) ?? 2; used.has(key); n++) {
    const suffix = `_${n}`;
    key = `${base.slice(0, MAX_KEY - suffix.length).replace(/_+$/, '')}${suffix}`;
    next.set(base, n + 1);
  }
  used.add(key);
  return key;
}

/**
 * One mapping per header, in order. The first column matching a partner field gets it (a
 * field is never used twice; of 'Tier FY24' and 'Tier FY25' the latest year's); every other column becomes a metric keyed by
 * `metricKeyFor(header)` (made unique with '_2', '_3' …), labelled with the trimmed
 * header, its kind and unit guessed from the values. A column with neither header nor
 * values is ignored; one without a header but with values becomes 'column_<letter>'.
 * A column whose values are mostly words (notes, e-mail addresses, websites) is ignored:
 * it holds no metric, and mapping it as one would make every row fail to import.
 */
export function suggestMapping(headers: readonly string[], columns: readonly (readonly RawCell[])[]): ColumnMapping[] {
  const fields = fieldColumns(headers);
  const usedKeys = new Set<string>();
  const nextSuffix = new Map<string, number>();
  const mappings: ColumnMapping[] = [];
  headers.forEach((rawHeader, index) => {
    const header = rawHeader ?? '';
    const values = columns[index] ?? [];
    const field = fields.get(index);
    if (field !== undefined) {
      mappings.push({ index, header, target: { type: 'field', field } });
      return;
    }
    const hasValues = values.some((v) => !isMissingValue(v));
    if (header.trim() === '' && !hasValues) {
      mappings.push({ index, header, target: { type: 'ignore' } });
      return;
    }
    const profile = profileValues(values);
    if (profile.total > 0 && profile.words * 2 > profile.total) {
      mappings.push({ index, header, target: { type: 'ignore' } });
      return;
    }
    const letter = columnLetter(index);
    const base = metricKeyFor(header) || `column_${letter.toLowerCase()}`;
    const label = (header.trim() || `Column ${letter}`).slice(0, MAX_LABEL);
    const { kind, unit } = guessKind(header, values, profile);
    mappings.push({
      index,
      header,
      target: {
        type: 'metric',
        key: uniqueKey(base, usedKeys, nextSuffix),
        label,
        kind,
        unit: unit === null ? null : unit.slice(0, MAX_UNIT),
      },
    });
  });
  return mappings;
}
