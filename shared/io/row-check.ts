/**
 * The check of an import's rows (DESIGN D9.3; analyse.ts runs it a chunk of rows at a time):
 * each row empty, bad (no name, a cell that cannot be read, an id already used) or imported,
 * its motion normalised, and ids made from names where the file has none.
 *
 * The loops are methods and plain functions rather than the body of analyse.ts's generator:
 * a generator's own loop runs unoptimised through an import's one long call, where a method
 * called per chunk is optimised after the first few (docs/PERFORMANCE.md "The import").
 */
import type { PackedTextBuilder } from '../model/packed-text';
import { wellFormed } from '../model/packed-text';
import { isNoText, noTextAt } from './cell-text';
import { TextKeys } from './text-keys';
import { totalsLabelOf } from './totals-row';
import type { IssueCollector } from './issues';
import { normaliseMotion } from './motion';
import { columnLetter, type CheckedColumns, type ColumnMapping, type RawTable, type TextAt } from './types';

export const ROW_OK = 0;
export const ROW_BAD = 1;
export const ROW_EMPTY = 2;

/** The motion of partners when no column is mapped to Motion: one ladder for all. */
export const ALL_PARTNERS_MOTION = 'all';
/** The motion of a partner whose motion cell is empty. */
export const UNASSIGNED_MOTION = 'unassigned';

/** How RowCheck.read found a cell's text: none, where it lies in the file, or made as a string. */
const NO_TEXT = 0;
const IN_PLACE = 1;
const MADE = 2;

/** Distinct motion texts whose reading is kept during a check. */
const MOTION_CACHE = 1000;

export function describeColumn(m: Pick<ColumnMapping, 'index' | 'header'>): string {
  return `${columnLetter(m.index)}${m.header ? ` "${m.header}"` : ''}`;
}

/** A cell's text inside a message: long text cut, as values/parse.ts's reasons do. */
function shown(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** An example's value: enough to recognise the cell, never the megabytes of a runaway cell. */
const MAX_EXAMPLE_VALUE = 200;
export function exampleValue(text: string): string {
  return text.length > MAX_EXAMPLE_VALUE ? `${text.slice(0, MAX_EXAMPLE_VALUE - 1)}…` : text;
}

function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 64) || 'partner'
  );
}

export class RowCheck {
  /** the rows that import, in order */
  readonly kept: number[] = [];
  /** each kept row's id, by its key in `usedIds` (-1 until `makeIds` makes one from its name) */
  private readonly idKeys: number[] = [];
  /** indexes into `kept` and `idKeys` of the rows without an id */
  private readonly derived: number[] = [];
  /** every id used, with the row (1-based) that uses it first */
  private readonly usedIds: TextKeys;
  /** the motion texts read so far (the first MOTION_CACHE), each with its reading's index in `motionReadings` */
  private readonly motionKeys = new TextKeys();
  private readonly motionReadings: ReturnType<typeof normaliseMotion>[] = [];
  /** kept rows per motion (the motion as normalised, before the list makes it well-formed) */
  readonly motionCounts = new Map<string, number>();
  /** where the cell last read lies (RawTable.textAt) */
  private readonly at: TextAt = { source: '', start: 0, end: 0 };

  constructor(
    private readonly table: RawTable,
    private readonly columns: CheckedColumns,
    /** per data row: 1 where a metric's cell cannot be read */
    private readonly metricBad: Uint8Array,
    /** per data row: ROW_OK, ROW_BAD or ROW_EMPTY, set here */
    private readonly rowStatus: Uint8Array,
    private readonly issues: IssueCollector,
    /** the kept rows' motions, packed as they are decided */
    private readonly motionList: PackedTextBuilder,
  ) {
    this.usedIds = new TextKeys(table.rowCount);
  }

  /** Checks data rows `from` to `to` (exclusive). */
  rows(from: number, to: number): void {
    for (let r = from; r < to; r += 1) this.row(r);
  }

  private row(r: number): void {
    const { table, issues } = this;
    const { name: nameCol, id: idCol } = this.columns;
    const rowNumber = table.firstDataRow + r;
    if (table.blankRow(r)) {
      this.rowStatus[r] = ROW_EMPTY;
      issues.add('empty_row', { row: rowNumber, column: null, header: null, value: null, message: `Row ${rowNumber} is empty and is left out.` });
      return;
    }
    // the id before the motion: a named row without one may be a totals row, told before
    // its missing motion is reported (a row without a name is told in the name's check)
    const idRead = idCol ? this.read(r, idCol.index) : NO_TEXT;
    const at = this.at;
    const idText = idRead === MADE ? wellFormed(at.source) : at.source;
    const idFrom = at.start;
    const idTo = idRead === MADE ? idText.length : at.end;

    let bad = this.metricBad[r] === 1;
    if (nameCol && table.noText(r, nameCol.index)) {
      if (this.totalsRow(r, rowNumber)) return;
      bad = true;
      issues.add('missing_name', {
        row: rowNumber,
        column: columnLetter(nameCol.index),
        header: nameCol.header,
        value: null,
        message: `Row ${rowNumber}, column ${describeColumn(nameCol)}: the partner has no name.`,
      });
    } else if (idRead === NO_TEXT && this.totalsRow(r, rowNumber)) return;
    const motion = this.motion(r, rowNumber);

    // ids are told apart as the workspace keeps them (an unpaired surrogate as U+FFFD: a text
    // read where it lies holds no surrogate)
    let idKey = -1;
    if (idRead !== NO_TEXT) {
      const first = this.usedIds.get(idText, idFrom, idTo);
      if (first >= 0) {
        bad = true;
        const id = idText.slice(idFrom, idTo);
        issues.add('duplicate_id', {
          row: rowNumber,
          column: columnLetter(idCol!.index),
          header: idCol!.header,
          value: exampleValue(id),
          message: `Row ${rowNumber}, column ${describeColumn(idCol!)}: partner ID "${shown(id)}" is already used by row ${first}.`,
        });
      } else if (!bad) {
        idKey = this.usedIds.add(idText, idFrom, idTo, rowNumber);
      }
    }
    this.rowStatus[r] = bad ? ROW_BAD : ROW_OK;
    if (bad) return;
    this.kept.push(r);
    this.idKeys.push(idKey);
    this.motionList.add(motion);
    this.motionCounts.set(motion, (this.motionCounts.get(motion) ?? 0) + 1);
    if (idKey < 0) this.derived.push(this.idKeys.length - 1);
  }

  /** Whether row `r` is a totals row (totals-row.ts); if so it is left out and said so. */
  private totalsRow(r: number, rowNumber: number): boolean {
    const label = totalsLabelOf(this.table, r, this.columns);
    if (!label) return false;
    this.rowStatus[r] = ROW_EMPTY;
    const header = this.table.headers[label.column] ?? '';
    this.issues.add('summary_row', {
      row: rowNumber,
      column: columnLetter(label.column),
      header,
      value: exampleValue(label.text),
      message: `Row ${rowNumber} reads "${shown(label.text.trim())}" in column ${describeColumn({ index: label.column, header })}: a totals row, not a partner; left out.`,
    });
    return true;
  }

  /** Row `r`'s motion, normalised; an empty or unknown one reported. */
  private motion(r: number, rowNumber: number): string {
    const motionCol = this.columns.motion;
    if (!motionCol) return ALL_PARTNERS_MOTION;
    if (this.read(r, motionCol.index) === NO_TEXT) return this.noMotion(rowNumber, motionCol);
    const { source: text, start: from, end: to } = this.at;
    // a file holds a few motions: each read once (normaliseMotion is pure), the first
    // MOTION_CACHE of them kept
    const k = this.motionKeys.get(text, from, to);
    let normalised = k >= 0 ? this.motionReadings[k]! : undefined;
    if (normalised === undefined) {
      normalised = normaliseMotion(text.slice(from, to));
      if (this.motionKeys.size < MOTION_CACHE) {
        this.motionKeys.add(text, from, to, this.motionReadings.length);
        this.motionReadings.push(normalised);
      }
    }
    if (!normalised.known) {
      const rawMotion = text.slice(from, to);
      this.issues.add('unknown_motion', {
        row: rowNumber,
        column: columnLetter(motionCol.index),
        header: motionCol.header,
        value: exampleValue(rawMotion),
        message: `Row ${rowNumber}, column ${describeColumn(motionCol)}: "${shown(rawMotion)}" is not reseller, services or technology; it is kept as its own motion "${shown(normalised.motion)}".`,
      });
    }
    return normalised.motion;
  }

  /**
   * Row `r`'s text in `column` into `at`: where it lies in the file (RawTable.textAt: no
   * string made of it) where it can be, else made (`text`, the whole of at.source); NO_TEXT
   * where it is empty or a spelling of "no value".
   */
  private read(r: number, column: number): typeof NO_TEXT | typeof IN_PLACE | typeof MADE {
    const at = this.at;
    if (this.table.textAt(r, column, at)) return noTextAt(at) ? NO_TEXT : IN_PLACE;
    const text = this.table.text(r, column);
    at.source = text;
    at.start = 0;
    at.end = text.length;
    return isNoText(text) ? NO_TEXT : MADE;
  }

  /** An empty motion cell, reported: the partner is imported under UNASSIGNED_MOTION. */
  private noMotion(rowNumber: number, motionCol: ColumnMapping): string {
    this.issues.add('missing_motion', {
      row: rowNumber,
      column: columnLetter(motionCol.index),
      header: motionCol.header,
      value: null,
      message: `Row ${rowNumber}, column ${describeColumn(motionCol)}: no motion; the partner is imported under "${UNASSIGNED_MOTION}".`,
    });
    return UNASSIGNED_MOTION;
  }

  /** Adds each kept row's id to `list`, in order (after `makeIds`). */
  packIds(list: PackedTextBuilder): void {
    const { usedIds } = this;
    for (const k of this.idKeys) list.add(usedIds.textOf(k), usedIds.fromOf(k), usedIds.toOf(k));
  }

  /**
   * Ids made from names, after every explicit id is known, so they never collide with one;
   * where each base's "-n" search stopped is remembered, so thousands of partners of one
   * name (or none) stay linear.
   */
  makeIds(): void {
    const { table, issues } = this;
    const { name: nameCol, id: idCol } = this.columns;
    const nextSuffix = new Map<string, number>();
    for (const k of this.derived) {
      const r = this.kept[k]!;
      const base = slug(nameCol ? table.text(r, nameCol.index) : '');
      let candidate = base;
      for (let n = nextSuffix.get(base) ?? 2; this.usedIds.has(candidate); n += 1) {
        candidate = `${base}-${n}`;
        nextSuffix.set(base, n + 1);
      }
      this.idKeys[k] = this.usedIds.add(candidate, 0, candidate.length, table.firstDataRow + r);
      if (idCol) {
        const rowNumber = table.firstDataRow + r;
        issues.add('missing_id', {
          row: rowNumber,
          column: columnLetter(idCol.index),
          header: idCol.header,
          value: null,
          message: `Row ${rowNumber}, column ${describeColumn(idCol)}: no partner ID; "${candidate}" was made from the name.`,
        });
      }
    }
  }
}

/** A column of a table packed into a list (RawTable.packText): `optional` texts may be null. */
export interface PackedColumn {
  column: number;
  list: PackedTextBuilder;
  optional: boolean;
}

/**
 * Packs rows[from, to) into each of `columns`, a row at a time: a row's fields and text are
 * read once for all its columns (at 1M partners a column at a time went over the places of
 * every field and the whole text once per column: docs/PERFORMANCE.md, "Issue 23").
 */
export function packRows(table: RawTable, rows: readonly number[], from: number, to: number, columns: readonly PackedColumn[]): void {
  for (let k = from; k < to; k += 1) {
    const r = rows[k]!;
    for (let c = 0; c < columns.length; c += 1) {
      const { column, list, optional } = columns[c]!;
      table.packText(r, column, list, optional);
    }
  }
}
