import { describe, expect, it } from 'vitest';
import { METRIC_KIND_INFO } from '../../../shared/model/metric-kinds';
import { metricCell } from '../../../shared/report/sheet';
import { METRIC_KINDS } from '../../../shared/model/workspace';

describe('the metric-kind table', () => {
  it('has a row for every kind, and pins the words each screen lists them by', () => {
    expect(Object.keys(METRIC_KIND_INFO).sort()).toEqual([...METRIC_KINDS].sort());
    // the scenario editor and the import screen have always used different words: both are kept
    expect(METRIC_KINDS.map((k) => [k, METRIC_KIND_INFO[k].label, METRIC_KIND_INFO[k].importLabel])).toEqual([
      ['currency', 'Currency', 'Currency'], // the unit beside it names the currency, not a "$"
      ['count', 'Count', 'Count'],
      ['percent', 'Percent (0.1 = 10%)', 'Percent'],
      ['rating', 'Rating', 'Rating'],
      ['boolean', 'Yes / no', 'Yes/No'],
      ['date', 'Date', 'Date'],
      ['number', 'Number', 'Number'],
    ]);
  });

  it('pins the words a sentence names each kind with', () => {
    // the fit dialog and the import's reasons have always used different words: both are kept
    expect(METRIC_KINDS.map((k) => [k, METRIC_KIND_INFO[k].noun, METRIC_KIND_INFO[k].importNoun])).toEqual([
      ['currency', 'money', 'an amount'],
      ['count', 'a count', 'a count'],
      ['percent', 'a percentage', 'a percentage'],
      ['rating', 'a rating', 'a rating'],
      ['boolean', 'yes / no', 'yes/no'],
      ['date', 'a date', 'a date'],
      ['number', 'a number', 'a number'],
    ]);
  });

  it('pins the defaults of the requirement builder', () => {
    expect(METRIC_KINDS.map((k) => [k, METRIC_KIND_INFO[k].defaultThreshold, METRIC_KIND_INFO[k].defaultPer])).toEqual([
      ['currency', 100_000, 1000],
      ['count', 1, 1],
      ['percent', 0.5, 0.01],
      ['rating', 4, 1],
      ['boolean', 1, 1],
      ['date', 'today', 1],
      ['number', 1, 1],
    ]);
  });

  it('gives each kind its workbook cell', () => {
    expect(METRIC_KINDS.map((k) => metricCell(k, 1))).toEqual([
      { value: 1, format: 'currency' },
      { value: 1, format: 'count' },
      { value: 1, format: 'percent' },
      { value: 1, format: 'rating' },
      'yes',
      { value: 1, format: 'date' },
      { value: 1, format: 'number' },
    ]);
    expect(metricCell('currency', 5, 'EUR')).toEqual({ value: 5, format: 'currency', currency: 'EUR' });
    expect(metricCell('boolean', 0)).toBe('no');
    expect(metricCell('count', null)).toBeNull();
  });
});
