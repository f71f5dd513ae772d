/**
 * The fast XLSX reader's row scan (issue 23): one pass over the bytes of a worksheet's
 * `<sheetData>` — no DOM, no string of the whole part, no pattern per cell — a window of
 * whole rows at a time (stream.ts cuts the inflating part into windows), row by row and
 * cell by cell, each cell turned straight into the import's raw cell as
 * SheetJS 0.20.3 and read/cells.ts together would turn it:
 *
 * - a number (`<v>`, no type or t="n") as parseFloat reads its text; a date when its cell
 *   format is a date format (styles.ts), as ISO text in the workbook's date system;
 * - a shared string (t="s") by its index, text of "" as no value; a string formula's
 *   cached text (t="str"), unescaped twice as SheetJS does; an inline string (t="inlineStr");
 * - a boolean (t="b": "1" or "true" is true, anything else false, even no value);
 * - an error (t="e") as Excel's text of it, "#ERROR!" for one SheetJS does not know;
 * - a formula by its cached value only; a cell with no value is no cell.
 *
 * Merged ranges are read outside the rows (stream.ts), as SheetJS reads them. A sheet laid out in any
 * other way — a tag or attribute it does not expect, a row without its number, a cell whose
 * reference is not on its row, a namespace prefix, CDATA, a date cell (t="d"), a shared
 * string index that does not exist, a cell beyond A1:XFD1048576 — is declined. A cell
 * without its reference follows the one before it, as in SheetJS (and in Tierscape's own
 * export writer).
 */
import type { RawCell } from '../../../../shared/io/types';
import { latin1, plainNumber, serialToIso, textKind, utf8 } from './values';
import { decline, stringItemText, unescapeXml, utf8read } from './xml';

export interface SheetContext {
  /** the shared strings (strings.ts), with SheetJS's trailing empty item */
  strings: readonly (string | undefined)[];
  /** whether each cell format is a date format (styles.ts); null when the workbook has none */
  dates: readonly boolean[] | null;
  date1904: boolean;
  /** read only rows numbered up to this (SheetJS's sheetRows); 0 for all */
  sheetRows: number;
}

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** Excel's error texts by SheetJS's codes (read/cells.ts), and SheetJS's codes by text. */
const ERROR_BY_TEXT: ReadonlyMap<string, string> = new Map(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA'].map((t) => [t, t]));
const LT = 60;
const GT = 62;
const SLASH = 47;
const QUOTE = 34;
const APOS = 39;
const EQ = 61;

const isSpace = (c: number | undefined) => c === 32 || c === 10 || c === 13 || c === 9;

function at(b: Buffer, p: number, text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (b[p + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** The cell's type attribute, as a small code. */
const enum Type {
  Number,
  Shared,
  Str,
  Inline,
  Bool,
  Error,
  Other,
}

function typeOf(b: Buffer, a: number, z: number): Type {
  const n = z - a;
  const c = b[a];
  if (n === 0) return Type.Number;
  if (n === 1) return c === 115 ? Type.Shared : c === 110 ? Type.Number : c === 98 ? Type.Bool : c === 101 ? Type.Error : c === 100 ? decline('a date cell (t="d")') : Type.Other;
  if (n === 3 && at(b, a, 'str')) return Type.Str;
  if (n === 9 && at(b, a, 'inlineStr')) return Type.Inline;
  return Type.Other;
}

/** The rows of a worksheet's `<sheetData>`, scanned a window of its bytes at a time (stream.ts cuts the windows). */
export interface RowScanner {
  grid: (RawCell[] | undefined)[];
  /**
   * The rows of `window` from p; returns where the closing `</sheetData>` starts. With `more`
   * (more bytes follow the window, which ends between two rows), -1 once the window's rows
   * are read. A row the window cuts short is declined, never read in part.
   */
  rows(window: Buffer, p: number, more: boolean): number;
}

export function rowScanner(context: SheetContext): RowScanner {
  const { strings, dates, date1904, sheetRows } = context;
  const grid: (RawCell[] | undefined)[] = [];
  let xml: Buffer = Buffer.alloc(0);
  return {
    grid,
    rows(window, p, more) {
      xml = window;
      return scanRows(p, more);
    },
  };

  /** The rows from p; returns where the closing `</sheetData>` starts. */
  function scanRows(p: number, more: boolean): number {
    const b = xml;
    const len = b.length;
    for (;;) {
      while (isSpace(b[p])) p += 1;
      if (p >= len) return more ? -1 : decline('the rows do not end');
      if (b[p] !== LT) decline('text between rows');
      if (at(b, p, '</sheetData>')) return p;
      if (!at(b, p, '<row') || !(isSpace(b[p + 4]) || b[p + 4] === GT || b[p + 4] === SLASH)) decline('an element that is not a row');
      const end = b.indexOf(GT, p);
      if (end < 0) decline('an unclosed row tag');
      const selfClosing = b[end - 1] === SLASH;
      let row = -1;
      attributes(p + 4, selfClosing ? end - 1 : end, (name, a, z) => {
        if (name === 'r') row = digits(a, z);
        else if (sheetJsKey(name) === 'r') decline('a row attribute SheetJS may take for its number');
      });
      if (row < 1 || row > MAX_ROWS) decline('a row without its number');
      p = end + 1;
      if (selfClosing) continue;
      if (sheetRows > 0 && row > sheetRows) {
        // SheetJS skips such a row to its closing tag, whatever it holds
        const close = b.indexOf('</row>', p);
        if (close < 0) decline('an unclosed row');
        p = close + 6;
        continue;
      }
      p = scanCells(p, row);
    }
  }

  /** The cells of row `row` (1-based) from p; returns the position after `</row>`. */
  function scanCells(p: number, row: number): number {
    const b = xml;
    const len = b.length;
    let cells = grid[row - 1];
    // the column of the row's last cell (1-based; 0 before the first): a cell without its reference follows it
    let previous = 0;
    for (;;) {
      while (isSpace(b[p])) p += 1;
      if (b[p] !== LT) decline('text between cells');
      if (b[p + 1] === SLASH) {
        if (at(b, p, '</row>')) return p + 6;
        decline('an element that is not a cell');
      }
      if (b[p + 1] !== 99 || b[p + 2] !== 32) decline('an element that is not a cell');
      // the cell's attributes: r, s and t read, the rest passed over
      let q = p + 3;
      let column = 0;
      let referenceAt = -1;
      let style = -1;
      let type = Type.Number;
      let selfClosing = false;
      for (;;) {
        while (isSpace(b[q])) q += 1;
        const c = b[q];
        if (c === GT) {
          q += 1;
          break;
        }
        if (c === SLASH) {
          if (b[q + 1] !== GT) decline('an odd cell tag');
          selfClosing = true;
          q += 2;
          break;
        }
        const nameA = q;
        let odd = false;
        for (;;) {
          const n = b[q];
          if (n === EQ || n === GT || n === SLASH || n === undefined || isSpace(n)) break;
          if (n === 58 || n === 95) odd = true; // ':' or '_': SheetJS may read it under another name
          q += 1;
        }
        const nameLength = q - nameA;
        const quote = b[q + 1];
        if (b[q] !== EQ || (quote !== QUOTE && quote !== APOS)) decline('an attribute SheetJS may read otherwise');
        const a = q + 2;
        q = a;
        // SheetJS ends the tag at the first '>', even inside a value
        while (q < len && b[q] !== quote && b[q] !== GT) q += 1;
        if (b[q] !== quote) decline('an attribute value not closed');
        const z = q;
        q += 1;
        if (!isSpace(b[q]) && b[q] !== GT && b[q] !== SLASH) decline('attributes not apart');
        const name = nameLength === 1 ? b[nameA]! : 0;
        if (name === 114) {
          if (column !== 0) decline('two references');
          referenceAt = nameA;
          // the reference: column letters, then the row's number
          let i = a;
          while (i < z && b[i]! >= 65 && b[i]! <= 90 && i - a < 3) column = column * 26 + (b[i++]! - 64);
          if (column === 0 || column > MAX_COLUMNS || digits(i, z) !== row) decline('a cell reference out of place');
        } else if (name === 115) {
          // SheetJS looks the format up by the text: "01" is none
          if (z - a > 1 && b[a] === 48) decline('a cell format number with a leading zero');
          style = digits(a, z);
        } else if (name === 116) type = typeOf(b, a, z);
        else if (name === 82 || name === 83 || name === 84 || (odd && RST.has(sheetJsKey(latin1(b, nameA, nameA + nameLength))))) {
          decline('a cell attribute SheetJS may read as another');
        }
      }
      const referenced = column !== 0;
      if (!referenced) column = previous + 1;
      if (column > MAX_COLUMNS) decline('a cell past the last column');
      previous = column;
      // the cell's content
      let vA = -1;
      let vZ = -1;
      let isA = -1;
      let isZ = -1;
      if (!selfClosing) {
        for (;;) {
          while (isSpace(b[q])) q += 1;
          if (b[q] !== LT) decline('text in a cell');
          const c = b[q + 1];
          if (c === SLASH) {
            if (b[q + 2] !== 99 || b[q + 3] !== GT) decline('an odd end of a cell');
            q += 4;
            break;
          }
          if (c === 118) {
            // <v> or <v xml:space="preserve">
            if (vA >= 0) decline('two values in a cell');
            const after = b[q + 2];
            if (after === GT) vA = q + 3;
            else if (after === 32) {
              let e = q + 3;
              while (e < len && b[e] !== GT && b[e] !== LT) e += 1;
              if (b[e] !== GT || b[e - 1] === SLASH) decline('an odd value tag');
              vA = e + 1;
            } else decline('an element SheetJS may read in a cell');
            vZ = vA;
            while (vZ < len && b[vZ] !== LT) vZ += 1;
            if (!at(b, vZ, '</v>')) decline('a value that is not plain text');
            q = vZ + 4;
          } else if (c === 102 && (b[q + 2] === GT || b[q + 2] === 32 || b[q + 2] === SLASH)) {
            let e = q + 2;
            while (e < len && b[e] !== GT) e += 1;
            if (b[e - 1] === SLASH) q = e + 1;
            else {
              let close = e + 1;
              while (close < len && b[close] !== LT) close += 1;
              if (!at(b, close, '</f>')) decline('a formula that is not plain text');
              q = close + 4;
            }
          } else if (c === 105 && b[q + 2] === 115 && b[q + 3] === GT) {
            if (isA >= 0) decline('two inline strings in a cell');
            isA = q + 4;
            isZ = b.indexOf('</is>', isA);
            if (isZ < 0) decline('an unclosed inline string');
            // SheetJS looks for merged ranges and hyperlinks all over the part, and cuts rows and cells inside CDATA too
            const inline = latin1(b, isA, isZ);
            if (inline.includes('mergeCell') || inline.includes('hyperlink') || inline.includes('CDATA')) decline('an odd inline string');
            q = isZ + 5;
          } else decline('an element SheetJS may read in a cell');
        }
      }
      // SheetJS counts a cell without its reference on from the first r="…" in the text of the cell before it (its reference, here), or in its own
      for (let i = p + 3, last = referenced ? referenceAt : q; i < last; i += 1) {
        if (b[i] === 114 && b[i + 1] === EQ && (b[i + 2] === QUOTE || b[i + 2] === APOS)) decline('r="…" in a cell');
      }
      p = q;
      const value = cellValue(type, vA, vZ, isA, isZ, style);
      if (value !== undefined) (cells ??= grid[row - 1] = [])[column - 1] = value;
    }
  }

  /** The cell's raw value (undefined: no cell), as SheetJS and read/cells.ts give it. */
  function cellValue(type: Type, vA: number, vZ: number, isA: number, isZ: number, style: number): RawCell | undefined {
    const b = xml;
    // SheetJS keeps a cell's value text only when it is not empty
    const hasV = vZ > vA;
    switch (type) {
      case Type.Number: {
        if (!hasV) return undefined;
        let v = plainNumber(b, vA, vZ);
        if (v === undefined) v = parseFloat(textKind(b, vA, vZ) & 1 ? unescapeXml(latin1(b, vA, vZ)) : latin1(b, vA, vZ));
        if (dates !== null && style >= 0 && dates[style] === true) return serialToIso(v, date1904) ?? v;
        return v;
      }
      case Type.Shared: {
        if (!hasV) return undefined;
        let index = digits(vA, vZ);
        if (index < 0 || (vZ - vA > 1 && b[vA] === 48)) index = parseInt(textKind(b, vA, vZ) & 1 ? unescapeXml(latin1(b, vA, vZ)) : latin1(b, vA, vZ), 10);
        if (!(index >= 0 && index < strings.length)) decline('a shared string that does not exist');
        const text = strings[index];
        return text === '' || text === undefined ? null : text;
      }
      case Type.Str: {
        if (!hasV) return null;
        const kind = textKind(b, vA, vZ);
        return kind & 1 ? unescapeXml(utf8read(unescapeXml(latin1(b, vA, vZ))), true) || null : kind & 2 ? utf8(b, vA, vZ) : latin1(b, vA, vZ);
      }
      case Type.Inline: {
        const text = isA < 0 ? '' : stringItemText(latin1(b, isA, isZ));
        return text === '' || text === undefined ? null : text;
      }
      case Type.Bool: {
        if (!hasV) return false;
        const v = textKind(b, vA, vZ) & 1 ? unescapeXml(latin1(b, vA, vZ)) : latin1(b, vA, vZ);
        return v === '1' || v === 'true';
      }
      case Type.Error:
        return hasV ? (ERROR_BY_TEXT.get(unescapeXml(latin1(b, vA, vZ))) ?? '#ERROR!') : '#ERROR!';
      default:
        return null;
    }
  }

  /** A tag's attributes from a to z (name="value" or name='value'), each handed over as its name and value's bounds. */
  function attributes(a: number, z: number, take: (name: string, from: number, to: number) => void): void {
    const b = xml;
    let p = a;
    for (;;) {
      const start = p;
      while (p < z && isSpace(b[p])) p += 1;
      if (p >= z) return;
      if (p === start) decline('attributes not apart');
      const nameA = p;
      while (p < z && b[p] !== EQ && !isSpace(b[p])) p += 1;
      if (b[p] !== EQ) decline('an attribute without a value');
      const name = latin1(b, nameA, p);
      const q = b[p + 1];
      if (q !== QUOTE && q !== APOS) decline('an attribute value without quotes');
      const valueA = p + 2;
      let valueZ = valueA;
      while (valueZ < z && b[valueZ] !== q) valueZ += 1;
      if (valueZ >= z) decline('an attribute value not closed');
      p = valueZ + 1;
      take(name, valueA, valueZ);
    }
  }

  /** Unsigned whole number in a..z; -1 when it is not one. */
  function digits(a: number, z: number): number {
    const b = xml;
    if (z <= a || z - a > 9) return -1;
    let n = 0;
    for (let i = a; i < z; i += 1) {
      const c = b[i]! - 48;
      if (c < 0 || c > 9) return -1;
      n = n * 10 + c;
    }
    return n;
  }
}

const RST = new Set(['r', 's', 't']);

/** The name SheetJS's parsexmltag also files an attribute under: its prefix dropped (or the name cut at '_'), lower-cased. */
function sheetJsKey(name: string): string {
  const colon = name.indexOf(':');
  if (colon >= 0) return name.slice(colon + 1).toLowerCase();
  return (name.indexOf('_') > 0 ? name.slice(0, name.indexOf('_')) : name).toLowerCase();
}
