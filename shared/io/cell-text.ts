/**
 * A cell's text as the import keeps it (DESIGN D9.3): trimmed, with runs of space, tabs and
 * line breaks tidied to one space. It runs for every text cell of an import (names, ids,
 * motions, regions …), so the test for untidy space is a loop over char codes rather than a
 * regular expression per cell (docs/PERFORMANCE.md "The import").
 */
import type { RawCell } from './types';

/** A character of the regular expression class `\s`. */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Whether a text has space to tidy: two spaces in a row, or a tab, line break or no-break
 * space (the regular expression /\s\s|[\t\n\r\u00a0]/, without a regular expression per
 * cell: it runs for every text cell of an import).
 */
export function untidy(t: string): boolean {
  let before = false;
  for (let i = 0; i < t.length; i += 1) {
    const c = t.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13 || c === 0xa0) return true;
    const space = isSpace(c);
    if (space && before) return true;
    before = space;
  }
  return false;
}

/** A cell as text: trimmed, its runs of space tidied to one space (numbers and booleans as JavaScript writes them). */
export function cellText(cell: RawCell): string {
  if (cell === null) return '';
  if (typeof cell !== 'string') return String(cell);
  const trimmed = cell.trim();
  return untidy(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

/** `cellText` of the text s[from, to) (a CSV field inside the file's text), trimmed before it is copied. */
export function textIn(s: string, from: number, to: number): string {
  let a = from;
  let b = to;
  while (a < b && isSpace(s.charCodeAt(a))) a += 1;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b -= 1;
  const t = s.slice(a, b);
  return untidy(t) ? t.replace(/\s+/g, ' ') : t;
}

/** Whether the text s[from, to) is empty or only white space (what `trim()` takes away). */
export function blankIn(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}
