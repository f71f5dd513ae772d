/**
 * The partners grid's filters, done beside ag-grid (issue 23). The grid runs on ag-grid's
 * Infinite row model, which holds only the rows in view, so ag-grid hands its column filters
 * to us as a filter model and has no quick search of its own; grid-view.ts filters the list
 * with the functions here. They read as ag-grid 36's Text and Number filters (default
 * options: case-insensitive, bounds of a range excluded, blanks never equal) and its quick
 * filter (`quickFilterText`, hidden columns included) read: test/renderer/grid-filter.test.ts
 * holds them to ag-grid's client-side row model on random rows and models.
 */

/** One condition of a column's filter, as ag-grid's filter model gives it. */
export interface FilterCondition {
  filterType?: string;
  type?: string | null;
  filter?: unknown;
  filterTo?: unknown;
}

/** A column's filter model: one condition, or two joined by AND / OR. */
export type ColumnFilterModel = FilterCondition & { operator?: 'AND' | 'OR'; conditions?: FilterCondition[] };

/** Whether a cell value passes a column's filter. */
export type CellTest = (value: unknown) => boolean;

const TEXT_COMPARISONS: Record<string, (value: string, text: string) => boolean> = {
  contains: (value, text) => value.includes(text),
  notContains: (value, text) => !value.includes(text),
  equals: (value, text) => value === text,
  notEqual: (value, text) => value != text,
  startsWith: (value, text) => value.startsWith(text),
  endsWith: (value, text) => value.endsWith(text),
};

/** The options of each filter (ag-grid's defaults); a model with any other is dropped, as ag-grid drops it. */
const TEXT_TYPES = new Set([...Object.keys(TEXT_COMPARISONS), 'blank', 'notBlank']);
const NUMBER_TYPES = new Set(['equals', 'notEqual', 'greaterThan', 'greaterThanOrEqual', 'lessThan', 'lessThanOrEqual', 'inRange', 'blank', 'notBlank']);

/* ag-grid's "blank" for a number filter: empty, or text of whitespace only. */
function isBlank(value: unknown): boolean {
  if (typeof value === 'string') return !value.trim();
  return value == null;
}

const lower = (v: unknown) => (v == null ? null : String(v).toLowerCase());

/* A text condition, as ag-grid's TextFilterHandler evaluates it (caseSensitive off, no formatter). */
function textTest(c: FilterCondition): CellTest {
  const type = c.type ?? '';
  if (type === 'blank') return (v) => v == null || isBlank(v);
  if (type === 'notBlank') return (v) => v != null && !isBlank(v);
  const compare = TEXT_COMPARISONS[type]!;
  const text = lower(c.filter || null);
  const whenEmpty = type === 'notEqual' || type === 'notContains';
  return (v) => (v == null ? whenEmpty : text !== null && compare(lower(v)!, text));
}

/* ag-grid's number comparison: 0 when equal, 1 when the cell is above the filter's value. */
const compareNumber = (filter: unknown, cell: unknown) => (filter === cell ? 0 : (filter as number) < (cell as number) ? 1 : -1);
/* ag-grid's isNaN, which reads its argument as a number. */
const notANumber = (v: unknown) => Number.isNaN(Number(v));
const numberOf = (v: unknown) => (v == null || notANumber(v) ? null : v);

/* A number condition, as ag-grid's NumberFilterHandler evaluates it (no includeBlanksIn…, inRangeInclusive off). */
function numberTest(c: FilterCondition): CellTest {
  const type = c.type ?? '';
  const from = numberOf(c.filter);
  const to = numberOf(c.filterTo);
  return (v) => {
    if (isBlank(v)) return type === 'blank';
    if (notANumber(v)) return type === 'notEqual' || type === 'notBlank';
    if (type === 'blank') return false;
    if (type === 'notBlank') return true;
    const r = from != null ? compareNumber(from, v) : 0;
    switch (type) {
      case 'equals':
        return r === 0;
      case 'notEqual':
        return r !== 0;
      case 'greaterThan':
        return r > 0;
      case 'greaterThanOrEqual':
        return r >= 0;
      case 'lessThan':
        return r < 0;
      case 'lessThanOrEqual':
        return r <= 0;
      default:
        return r > 0 && compareNumber(to, v) < 0;
    }
  };
}

/** The test a column's filter model makes of a cell value (null: the model filters nothing). */
export function columnFilterTest(model: ColumnFilterModel | null | undefined): CellTest | null {
  if (!model) return null;
  const conditions = model.operator ? (model.conditions ?? []) : [model];
  if (conditions.length === 0) return null;
  const kind = model.filterType ?? conditions[0]!.filterType;
  const known = kind === 'number' ? NUMBER_TYPES : TEXT_TYPES;
  if (!conditions.every((c) => known.has(c.type ?? ''))) return null;
  const tests = conditions.map((c) => (kind === 'number' ? numberTest(c) : textTest(c)));
  if (tests.length === 1) return tests[0]!;
  return model.operator === 'OR' ? (v) => tests.some((t) => t(v)) : (v) => tests.every((t) => t(v));
}

/** The words of a quick search, as ag-grid splits them (upper case, on each space); null when there is none. */
export function quickFilterParts(text: string | null | undefined): string[] | null {
  if (text == null || text === '') return null;
  return text.toUpperCase().split(' ');
}

/**
 * Whether a row passes a quick search: every word is in the text of one of its columns
 * (`texts(k)`: column k's text, or null when empty), as ag-grid's quick filter without its
 * cache. `canHold(p, k)`: false when word p cannot be in column k's text, which is then not read.
 */
export function quickFilterPasses(parts: readonly string[], columns: number, texts: (column: number) => string | null, canHold: (part: number, column: number) => boolean = () => true): boolean {
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    let found = false;
    for (let k = 0; k < columns && !found; k++) {
      if (!canHold(p, k)) continue;
      const t = texts(k);
      found = t !== null && t.includes(part);
    }
    if (!found) return false;
  }
  return true;
}
