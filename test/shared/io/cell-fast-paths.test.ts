/**
 * The import's per-cell shortcuts (docs/PERFORMANCE.md "The import") read every cell as the
 * plain code did: `untidy` and `cellText` as the regular expressions they replace,
 * `isMissingText` and `booleanWord` (which turn most texts away by their first character)
 * as a lower-cased lookup of the whole text, `parseCell` as `cellValue` and `cellError`, and
 * `detectDecimal` (its last ',' and '.' found in one pass) as with `lastIndexOf`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellText, untidy } from '../../../shared/io/cell-text';
import { detectDecimal, type ColumnFormat } from '../../../shared/io/values/column-format';
import { cellError, cellValue, parseCell } from '../../../shared/io/values/parse';
import { booleanWord, isMissingText, trimEnd, trimStart } from '../../../shared/io/values/text';
import type { MetricKind } from '../../../shared/model/workspace';

const MISSING = [
  'n/a', 'na', 'n.a.', 'n.a', 'n / a', '#n/a', '#na', '#null!', 'n/d', 'nd', '-', '--', '---', '–', '—', '_', '.', '..', '...', '…', '?', '??', '???',
  'null', 'none', 'nil', 'nan', '(blank)', 'blank', 'empty', 'not available', 'not applicable', 'no data', 'unknown', 'missing', 'tbd', 'tba',
];
const BOOLEAN = new Map<string, number>([
  ['yes', 1], ['y', 1], ['true', 1], ['t', 1], ['x', 1], ['✓', 1], ['✔', 1], ['✔️', 1], ['☑', 1], ['☒', 1], ['✅', 1], ['on', 1], ['checked', 1], ['done', 1],
  ['no', 0], ['n', 0], ['false', 0], ['f', 0], ['✗', 0], ['✘', 0], ['☐', 0], ['❌', 0], ['off', 0], ['unchecked', 0],
  ['ja', 1], ['j', 1], ['wahr', 1], ['oui', 1], ['vrai', 1], ['sí', 1], ['si', 1], ['sì', 1], ['verdadero', 1], ['vero', 1], ['sim', 1],
  ['nein', 0], ['falsch', 0], ['nee', 0], ['non', 0], ['faux', 0], ['falso', 0], ['não', 0], ['nao', 0],
]);

/** The code before the shortcuts, as it was. */
function plainMissing(s: string, start: number, end: number): boolean {
  if (start >= end) return true;
  if (end - start > 16) return false;
  for (let k = start; k < end; k++) if (s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) return false;
  return MISSING.includes(s.slice(start, end).toLowerCase());
}
function plainBoolean(s: string, start: number, end: number): number {
  if (end - start > 9) return -1;
  return BOOLEAN.get(s.slice(start, end).toLowerCase()) ?? -1;
}
function plainCellText(cell: string): string {
  const trimmed = cell.trim();
  return /\s\s|[\t\n\r\u00a0]/.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

/** decimalEvidence (values/column-format.ts) before the one-pass search: 1 = ',', -1 = '.', 0 = none. */
function plainEvidence(s: string): number {
  const digit = (c: number) => c >= 48 && c <= 57;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma < 0 && lastDot < 0) return 0;
  if (lastComma >= 0 && lastDot >= 0) {
    if (!digit(s.charCodeAt(lastComma - 1)) || !digit(s.charCodeAt(lastDot - 1))) return 0;
    return lastComma > lastDot ? 1 : -1;
  }
  const isComma = lastComma >= 0;
  const p = isComma ? lastComma : lastDot;
  const sep = isComma ? ',' : '.';
  let after = 0;
  while (digit(s.charCodeAt(p + 1 + after))) after++;
  if (after === 0) return 0;
  if (!(p > 0 && digit(s.charCodeAt(p - 1)))) {
    const before = p > 0 ? s.charCodeAt(p - 1) : 32;
    return (before >= 65 && before <= 90) || (before >= 97 && before <= 122) ? 0 : isComma ? 1 : -1;
  }
  const first = s.indexOf(sep);
  if (first !== p) {
    let k = first;
    while (k >= 0) {
      let n = 0;
      while (digit(s.charCodeAt(k + 1 + n))) n++;
      if (n !== 3) return 0;
      k = s.indexOf(sep, k + 1);
    }
    return isComma ? -1 : 1;
  }
  // "1.200" is ambiguous, "0.125" is not (no grouping starts with a lone 0)
  if (after === 3) return s.charCodeAt(p - 1) === 48 && !digit(s.charCodeAt(p - 2)) ? (isComma ? 1 : -1) : 0;
  return isComma ? 1 : -1;
}

/** Texts near the words: their case variants, letters that lower-case oddly, spaces of every kind, digits. */
const WORDS = [...MISSING, ...BOOLEAN.keys()];
const near = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.constantFrom(...WORDS).map((w) => w.toUpperCase()),
  fc.constantFrom(...WORDS).chain((w) => fc.array(fc.boolean(), { minLength: w.length, maxLength: w.length }).map((up) => [...w].map((c, i) => (up[i] ? c.toUpperCase() : c)).join(''))),
  fc.array(fc.constantFrom('Y', 'y', 'N', 'n', 'o', 'O', 'e', 's', 'K', '\u212a', 'İ', 'ı', 'ſ', 'Σ', '-', '.', '#', '(', ' ', '\t', '\r', '\n', '\u00a0', '\u2003', '\u3000', '\u2028', '\ufeff', '1', '0', 'a', '/'), { maxLength: 12 }).map((c) => c.join('')),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

describe('per-cell shortcuts read as the plain code did', () => {
  it('isMissingText and booleanWord', () => {
    fc.assert(
      fc.property(near, fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), (text, before, after) => {
        const s = before + text + after;
        const start = before.length;
        const end = start + text.length;
        expect(isMissingText(s, start, end)).toBe(plainMissing(s, start, end));
        expect(booleanWord(s, start, end)).toBe(plainBoolean(s, start, end));
        const t0 = trimStart(text);
        const t1 = trimEnd(text, t0);
        expect(isMissingText(text, t0, t1)).toBe(plainMissing(text, t0, t1));
        expect(booleanWord(text, t0, t1)).toBe(plainBoolean(text, t0, t1));
      }),
      { numRuns: 20_000 },
    );
  });

  it('untidy and cellText', () => {
    fc.assert(
      fc.property(near, (text) => {
        expect(untidy(text)).toBe(/\s\s|[\t\n\r\u00a0]/.test(text));
        expect(cellText(text)).toBe(plainCellText(text));
      }),
      { numRuns: 20_000 },
    );
    expect(cellText(null)).toBe('');
    expect(cellText(12.5)).toBe('12.5');
    expect(cellText(true)).toBe('true');
  });

  it('detectDecimal', () => {
    const number = fc.array(fc.constantFrom('1', '2', '0', '9', ',', '.', ' ', '-', 'v', '€', '%'), { maxLength: 14 }).map((c) => c.join(''));
    fc.assert(
      fc.property(fc.oneof(number, near), (text) => {
        // [text] alone reads ',' only for comma evidence; with two of it and one comma vote, ',' unless dot evidence
        const e = plainEvidence(text);
        expect(detectDecimal([text])).toBe(e === 1 ? ',' : '.');
        expect(detectDecimal([text, text, '0,5'])).toBe(e === -1 ? '.' : ',');
      }),
      { numRuns: 20_000 },
    );
  });

  it('parseCell is cellValue: a value (never NaN), a missing value, or cellError', () => {
    const kinds: MetricKind[] = ['currency', 'count', 'percent', 'rating', 'boolean', 'date', 'number'];
    const format = fc.record<ColumnFormat>({ decimal: fc.constantFrom('.', ','), dateOrder: fc.constantFrom('MDY', 'DMY', 'YMD'), percentScale: fc.constantFrom('fraction', 'points') });
    const raw = fc.oneof(near, fc.constantFrom('1,200.50', '1.200,50', '$1.2M', '(3,000)', '85%', '2026-06-30', '30/06/2026', '45000', '#DIV/0!', '1', '0'), fc.double(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(raw, fc.constantFrom(...kinds), format, (cell, kind, f) => {
        const value = cellValue(cell, kind, f);
        const error = cellError;
        const parsed = parseCell(cell, kind, f);
        if (error !== null) expect(parsed).toEqual({ ok: false, error });
        else expect(parsed).toEqual({ ok: true, value: Number.isNaN(value) ? null : value });
      }),
      { numRuns: 20_000 },
    );
  });
});
