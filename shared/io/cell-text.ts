/**
 * A cell's text as the import keeps it (DESIGN D9.3): trimmed, with runs of space, tabs and
 * line breaks tidied to one space. It runs for every text cell of an import (names, ids,
 * motions, regions …), so the test for untidy space is a loop over char codes rather than a
 * regular expression per cell (docs/PERFORMANCE.md "The import").
 */
import type { PackedTextBuilder } from '../model/packed-text';
import type { RawCell, TextAt } from './types';
import { isMissingValue } from './values/parse';
import { isMissingAsciiAt, isMissingText, trimEnd, trimStart } from './values/text';

/** A character of the regular expression class `\s`. */
function isSpace(c: number): boolean {
  if (c < 128) return isAsciiSpace(c);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** An ASCII code of `\s`: space, tab, line feed, vertical tab, form feed, carriage return. */
function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Whether a text has space to tidy: two spaces in a row, or a tab, line break or no-break
 * space (the regular expression /\s\s|[\t\n\r\u00a0]/, without a regular expression per
 * cell: it runs for every text cell of an import).
 */
export function untidy(t: string, from = 0, to = t.length): boolean {
  let before = false;
  for (let i = from; i < to; i += 1) {
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

/** Where the last `tidyRange` found its text: [tidyStart, tidyEnd). */
let tidyStart = 0;
let tidyEnd = 0;

/**
 * Trims the text s[from, to) as `trim()` would, leaving where it then lies in `tidyStart`
 * and `tidyEnd`; true when that text has no space to tidy, so it is `cellText`'s text as it
 * lies (a CSV field inside the file's text, read without a string).
 */
function tidyRange(s: string, from: number, to: number): boolean {
  let a = from;
  let b = to;
  while (a < b && isSpace(s.charCodeAt(a))) a += 1;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b -= 1;
  tidyStart = a;
  tidyEnd = b;
  return !untidy(s, a, b);
}

/** `cellText` of the text s[from, to), trimmed before it is copied. */
export function textIn(s: string, from: number, to: number): string {
  const tidy = tidyRange(s, from, to);
  const t = s.slice(tidyStart, tidyEnd);
  return tidy ? t : t.replace(/\s+/g, ' ');
}

/** Whether a cell's text (`cellText`) is empty or a spelling of "no value": no name, no region … */
export function isNoText(t: string): boolean {
  return t === '' || isMissingValue(t);
}

/** Adds a cell's text (`cellText`) to `list`; null where `optional` and it is `isNoText`. */
export function packText(list: PackedTextBuilder, t: string, optional: boolean): void {
  list.add(optional && isNoText(t) ? null : t);
}

/** `isNoText` of the text s[from, to)'s `cellText`, made a string only when it has space to tidy. */
export function noTextIn(s: string, from: number, to: number): boolean {
  return tidyRange(s, from, to) ? noTidyText(s, tidyStart, tidyEnd) : isNoText(textIn(s, from, to));
}

/** `isNoText` of s[start, end), trimmed and tidy already (`tidyRange`), where it lies. */
function noTidyText(s: string, start: number, end: number): boolean {
  if (start === end) return true;
  const a = trimStart(s, start, end);
  return isMissingText(s, a, trimEnd(s, a, end));
}

/**
 * Adds the `cellText` of s[from, to) to `list` (null where `optional` and it is `isNoText`),
 * encoded where it lies when it needs no tidying.
 */
export function packTextIn(s: string, from: number, to: number, list: PackedTextBuilder, optional: boolean): void {
  if (!tidyRange(s, from, to)) {
    packText(list, textIn(s, from, to), optional);
    return;
  }
  const start = tidyStart;
  const end = tidyEnd;
  if (optional && noTidyText(s, start, end)) list.add(null);
  else list.add(s, start, end);
}

/** `untidy` of text that is all ASCII, read from its codes (a tab, a line break, or two spaces in a row). */
function asciiUntidy(ascii: Uint8Array, from: number, to: number): boolean {
  let before = false;
  for (let i = from; i < to; i += 1) {
    const c = ascii[i]!;
    if (c > 32) {
      before = false;
      continue;
    }
    if (c === 9 || c === 10 || c === 13) return true;
    const space = c === 32 || c === 11 || c === 12;
    if (space && before) return true;
    before = space;
  }
  return false;
}

/**
 * `packTextIn` of a text that is all ASCII, given also as its codes (`ascii[i]` is
 * `s.charCodeAt(i)`, as a file's bytes are when it is ASCII): the same entry, trimmed, checked
 * and copied from the bytes, without a call per character. At 100K partners, packing a file's
 * five text fields took about 80 ms from the text, most of it in `charCodeAt`
 * (docs/PERFORMANCE.md, "Issue 23").
 */
export function packAsciiIn(ascii: Uint8Array, s: string, from: number, to: number, list: PackedTextBuilder, optional: boolean): void {
  if (!asciiTidyRange(ascii, from, to)) packText(list, textIn(s, from, to), optional);
  else if (optional && isMissingAsciiAt(ascii, tidyStart, tidyEnd)) list.add(null);
  else list.addAscii(ascii, tidyStart, tidyEnd);
}

/** `noTextIn` of an ASCII text given as its codes too (as `packAsciiIn`). */
export function noAsciiTextIn(ascii: Uint8Array, s: string, from: number, to: number): boolean {
  return asciiTidyRange(ascii, from, to) ? isMissingAsciiAt(ascii, tidyStart, tidyEnd) : isNoText(textIn(s, from, to));
}

/** `textAtIn` of an ASCII text given as its codes too (as `packAsciiIn`; ASCII holds no surrogate). */
export function asciiTextAtIn(ascii: Uint8Array, s: string, from: number, to: number, at: TextAt): boolean {
  if (!asciiTidyRange(ascii, from, to)) return false;
  at.source = s;
  at.start = tidyStart;
  at.end = tidyEnd;
  return true;
}

/*
 * `tidyRange` of an ASCII text's codes: trimmed of the same characters (`trim()` and
 * `isTrimCode` take no other ASCII ones), where it then lies in tidyStart and tidyEnd.
 */
function asciiTidyRange(ascii: Uint8Array, from: number, to: number): boolean {
  let a = from;
  let b = to;
  while (a < b && isAsciiSpace(ascii[a]!)) a += 1;
  while (b > a && isAsciiSpace(ascii[b - 1]!)) b -= 1;
  tidyStart = a;
  tidyEnd = b;
  return !asciiUntidy(ascii, a, b);
}

/**
 * `cellText` of s[from, to) where it lies, into `at`: true when it needs no tidying and holds
 * no surrogate (so it is also as `wellFormed` keeps it); false where it has to be made.
 */
export function textAtIn(s: string, from: number, to: number, at: TextAt): boolean {
  if (!tidyRange(s, from, to)) return false;
  for (let i = tidyStart; i < tidyEnd; i += 1) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return false;
  }
  at.source = s;
  at.start = tidyStart;
  at.end = tidyEnd;
  return true;
}

/** `isNoText` of a cell's text where it lies (`RawTable.textAt`). */
export function noTextAt(at: TextAt): boolean {
  return noTidyText(at.source, at.start, at.end);
}

/** Whether the text s[from, to) is empty or only white space (what `trim()` takes away). */
export function blankIn(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}
