/**
 * A long scenario name on a chart's axis is drawn in lines (chartKit's tickLines), not cut
 * at the canvas's edge: every word is kept, in order, lines stay within the width where the
 * words allow, and a name too long for the lines ends in "…". Along the bottom of a vertical
 * bar chart (categoryTicks) the lines are shorter, and no name is skipped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categoryTicks, tickLines } from '../../renderer/src/lib/chartKit';

describe('tickLines', () => {
  it('leaves a short label as it is and breaks a long one between words', () => {
    expect(tickLines('Motion-fit ladders')).toBe('Motion-fit ladders');
    expect(tickLines('As is: metals on lifetime revenue')).toEqual(['As is: metals on', 'lifetime revenue']);
    expect(tickLines('Supercalifragilisticexpialidocious partners', 22)).toEqual(['Supercalifragilisticexpialidocious', 'partners']);
    expect(tickLines('one two three four five six seven eight nine ten eleven twelve', 10, 3)).toEqual(['one two', 'three four', 'five six…']);
  });

  it('keeps every word in order within the lines it is given (fast-check)', () => {
    const word = fc.stringMatching(/^[A-Za-z:()-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), fc.integer({ min: 8, max: 30 }), (words, width) => {
        const label = words.join(' ');
        const lines = tickLines(label, width, 99);
        if (typeof lines === 'string') {
          expect(label.length).toBeLessThanOrEqual(width);
          expect(lines).toBe(label);
          return;
        }
        expect(lines.join(' ')).toBe(label);
        for (const line of lines) expect(line.length <= width || !line.includes(' ')).toBe(true);
      }),
      { numRuns: 300, seed: 1207 },
    );
  });

  it('along the bottom of a vertical bar chart: every scenario named, in lines of at most 16 characters', () => {
    const names = ['As is: metals on lifetime revenue', 'Motion-fit', 'ACME fitted 70/20/8/2 with a warning band for workshops'];
    const ticks = categoryTicks(names, 13);
    expect(ticks).toMatchObject({ font: { size: 13 }, autoSkip: false });
    expect(names.map((_, i) => ticks.callback(null, i))).toEqual([['As is: metals on', 'lifetime revenue'], 'Motion-fit', ['ACME fitted', '70/20/8/2 with a', 'warning band fo…']]);
  });
});
