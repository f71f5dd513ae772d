import { describe, expect, it } from 'vitest';
import { cellText, MAX_SHEET_NAME, metricCell, sheetNames } from '../../../shared/report/sheet';

/** What Excel accepts as a sheet name. */
function expectValid(names: string[]): void {
  for (const n of names) {
    expect(n.length, n).toBeGreaterThanOrEqual(1);
    expect(n.length, n).toBeLessThanOrEqual(MAX_SHEET_NAME);
    expect(n, n).not.toMatch(/[:\\/?*[\]]/);
    // eslint-disable-next-line no-control-regex
    expect(n, n).not.toMatch(/[\u0000-\u001F]/);
    expect(n, n).not.toMatch(/^'|'$/);
    expect(n.toLowerCase(), n).not.toBe('history');
  }
  expect(new Set(names.map((n) => n.toLowerCase())).size, names.join(' | ')).toBe(names.length);
}

describe('sheetNames', () => {
  it('keeps valid names as they are, in order', () => {
    const wanted = ['Summary', 'Distribution', 'Assignments – Two-tier starter', "Partner's view", 'a'.repeat(31)];
    expect(sheetNames(wanted)).toEqual(wanted);
  });

  it('replaces the characters Excel forbids with spaces, collapsing runs of space', () => {
    const out = sheetNames(['a:b\\c/d?e*f[g]h', 'As is: metals on lifetime revenue', 'Q3 [draft] / v2', 'tab\there\nand\u0000nul']);
    expect(out).toEqual(['a b c d e f g h', 'As is metals on lifetime revenue'.slice(0, 30) + '…', 'Q3 draft v2', 'tab here and nul']);
    expectValid(out);
  });

  it('cuts names longer than 31 characters with an ellipsis', () => {
    const long = 'Assignments – Motion-fit ladders for FY2026';
    const [cut] = sheetNames([long]);
    expect(cut).toHaveLength(MAX_SHEET_NAME);
    expect(cut).toBe(`${long.slice(0, 30)}…`);
    // no space is left before the ellipsis
    const [spaced] = sheetNames([`${'a'.repeat(29)} b c d`]);
    expect(spaced).toBe(`${'a'.repeat(29)}…`);
    expect(sheetNames(['x'.repeat(32)])[0]).toBe(`${'x'.repeat(30)}…`);
    expect(sheetNames(['x'.repeat(31)])[0]).toBe('x'.repeat(31));
  });

  it('makes duplicates distinct whatever their case, numbering from 2, within 31 characters', () => {
    expect(sheetNames(['Summary', 'summary', 'SUMMARY', 'Summary'])).toEqual(['Summary', 'summary (2)', 'SUMMARY (3)', 'Summary (4)']);
    // a name that is itself "x (2)" is taken into account
    expect(sheetNames(['Ab', 'ab (2)', 'AB'])).toEqual(['Ab', 'ab (2)', 'AB (3)']);
    // long duplicates are cut to leave room for the number
    const long = 'Assignments – Metals, revenue only';
    const out = sheetNames([long, long, long.toUpperCase()]);
    expect(out[0]).toBe(`${long.slice(0, 30).trimEnd()}…`);
    expect(out[1]!.endsWith('… (2)')).toBe(true);
    expect(out[2]!.endsWith('… (3)')).toBe(true);
    out.forEach((n) => expect(n.length).toBeLessThanOrEqual(MAX_SHEET_NAME));
    expectValid(out);
    // names that differ only past the cut become distinct too
    const cutAlike = sheetNames([`${'p'.repeat(30)}A`.repeat(2), `${'p'.repeat(30)}B`.repeat(2)]);
    expect(cutAlike[0]).not.toBe(cutAlike[1]);
    expectValid(cutAlike);
  });

  it('never uses the reserved name History, in any case', () => {
    expect(sheetNames(['History'])).toEqual(['History (1)']);
    const out = sheetNames(['history', 'HISTORY', ' History ', 'History (1)', 'Histories']);
    expect(out[0]).toBe('History (1)');
    expect(out[4]).toBe('Histories');
    expectValid(out);
  });

  it('strips leading and trailing apostrophes and spaces; an empty name becomes "Sheet"', () => {
    expect(sheetNames(["'quoted'"])).toEqual(['quoted']);
    expect(sheetNames(["'''"])).toEqual(['Sheet']);
    expect(sheetNames(['  lead  and   trail  '])).toEqual(['lead and trail']);
    expect(sheetNames(['', '   ', '::', 'Sheet'])).toEqual(['Sheet', 'Sheet (2)', 'Sheet (3)', 'Sheet (4)']);
    expect(sheetNames(["a'b"])).toEqual(["a'b"]);
  });

  it('always returns as many valid, distinct names as asked for', () => {
    const wanted = [
      'Summary',
      'summary',
      'History',
      "'",
      ':[x]:',
      'Report cards – Points-based (Xero-style)',
      'Report cards – Points-based (Xero-style)',
      'Report cards – points-based (xero-style)',
      'Assignments – 😀 emoji ladders',
      '\u0001\u0002',
      ...Array.from({ length: 12 }, () => 'Assignments – A very long scenario name indeed'),
    ];
    const out = sheetNames(wanted);
    expect(out).toHaveLength(wanted.length);
    expectValid(out);
  });
});

describe('metricCell and cellText', () => {
  it('makes a metric value a cell of its kind: booleans as yes / no, dates as dates, no data as empty', () => {
    expect(metricCell('boolean', 1)).toBe('yes');
    expect(metricCell('boolean', 0)).toBe('no');
    expect(metricCell('date', 20_000)).toEqual({ value: 20_000, format: 'date' });
    expect(metricCell('currency', 5)).toEqual({ value: 5, format: 'currency' });
    expect(metricCell('rating', 4.5)).toEqual({ value: 4.5, format: 'rating' });
    expect(metricCell('count', null)).toBeNull();
    expect(metricCell('percent', Number.NaN)).toBeNull();
  });

  it('reads cells as the workbook shows them (for column widths)', () => {
    expect(cellText(null, 'count')).toBe('');
    expect(cellText('abc', 'count')).toBe('abc');
    expect(cellText(true, 'text')).toBe('yes');
    expect(cellText(Number.NaN, 'count')).toBe('');
    expect(cellText({ value: Number.POSITIVE_INFINITY, format: 'percent' }, 'text')).toBe('∞');
    expect(cellText(0.123, 'progress')).toBe('12%');
    expect(cellText(1234.5, 'hours')).toBe('1,235 h');
    expect(cellText(20_000, 'date')).toBe('2024-10-04');
    expect(cellText(5, 'deltaPoints')).toBe('+5 pts');
    // a formatted cell's own format wins over its column's
    expect(cellText({ value: 20_000, format: 'date' }, 'currency')).toBe('2024-10-04');
  });
});
