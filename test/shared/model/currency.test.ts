import { describe, expect, it } from 'vitest';
import {
  currencyCode,
  currencyPrefix,
  currencySymbol,
  currencyWord,
  datasetCurrency,
  moneyExample,
  otherCurrencyMessage,
  readMoney,
  settledUnit,
  withCurrencies,
} from '../../../shared/model/currency';
import { formatDelta, formatMetricValue, formatMoney } from '../../../shared/model/format';
import type { MetricDef } from '../../../shared/model/workspace';

const money = (key: string, unit: string | null): MetricDef => ({ key, label: key, kind: 'currency', unit });
const count = (key: string, unit: string | null = null): MetricDef => ({ key, label: key, kind: 'count', unit });

describe('a currency from a unit', () => {
  it('reads ISO codes in any case, symbols and a few words; anything else names none', () => {
    for (const [unit, code] of [
      ['EUR', 'EUR'],
      ['eur', 'EUR'],
      [' GBP ', 'GBP'],
      ['chf', 'CHF'],
      ['JPY', 'JPY'],
      ['€', 'EUR'],
      ['£', 'GBP'],
      ['$', 'USD'],
      ['¥', 'JPY'],
      ['US$', 'USD'],
      ['CA$', 'CAD'],
      ['euros', 'EUR'],
      ['Dollars', 'USD'],
    ] as const) {
      expect(currencyCode(unit), unit).toBe(code);
    }
    for (const unit of [null, undefined, '', 'days', 'pts', 'k$', 'XYZ', 'hours', 'EURO€']) expect(currencyCode(unit), String(unit)).toBeNull();
  });
});

describe("the list's currency", () => {
  it('is the one its currency metrics name when they all name the same', () => {
    expect(datasetCurrency([money('arr', 'EUR'), money('mdf', '€'), count('sellers')])).toBe('EUR');
    expect(datasetCurrency([money('arr', 'GBP')])).toBe('GBP');
  });

  it('leaves out currency metrics that name none, and other kinds (even with a currency-like unit)', () => {
    expect(datasetCurrency([money('arr', 'EUR'), money('deal', null), money('other', 'k')])).toBe('EUR');
    expect(datasetCurrency([count('users', 'EUR'), money('arr', null)])).toBe('USD');
  });

  it('is US dollars when none names a currency, when there is none, and when they disagree', () => {
    expect(datasetCurrency([])).toBe('USD');
    expect(datasetCurrency([money('arr', null), count('sellers')])).toBe('USD');
    expect(datasetCurrency([money('arr', 'EUR'), money('fees', 'GBP')])).toBe('USD');
    expect(datasetCurrency([money('arr', 'EUR'), money('fees', 'GBP'), money('more', 'EUR')])).toBe('USD');
  });

  it("settles each currency metric's unit: its own ISO code, else the list's; other kinds keep theirs", () => {
    expect(settledUnit('currency', '€', 'USD')).toBe('EUR');
    expect(settledUnit('currency', null, 'EUR')).toBe('EUR');
    expect(settledUnit('currency', 'k', 'EUR')).toBe('EUR');
    expect(settledUnit('number', 'pts', 'EUR')).toBe('pts');
    expect(settledUnit('count', null, 'EUR')).toBeNull();
    const metrics = [money('arr', 'eur'), money('deal', null), count('sellers')];
    expect(withCurrencies(metrics).map((m) => m.unit)).toEqual(['EUR', 'EUR', null]);
    expect(withCurrencies(metrics, 'GBP').map((m) => m.unit)).toEqual(['EUR', 'GBP', null]);
    const settled = [money('arr', 'USD'), count('sellers')];
    expect(withCurrencies(settled)).toBe(settled);
  });
});

describe('money as it reads', () => {
  it("a currency metric in its unit's currency, en-US style; without one, US dollars", () => {
    expect(formatMetricValue('currency', 16033.97, 'EUR')).toBe('€16,034');
    expect(formatMetricValue('currency', 16033.97, '€')).toBe('€16,034');
    expect(formatMetricValue('currency', 1234.5, 'GBP')).toBe('£1,235');
    expect(formatMetricValue('currency', 5.5, 'GBP')).toBe('£5.50');
    expect(formatMetricValue('currency', 1200, 'JPY')).toBe('¥1,200');
    expect(formatMetricValue('currency', 1234.5, 'USD')).toBe('$1,235');
    expect(formatMetricValue('currency', 1234.5, null)).toBe('$1,235');
    expect(formatMetricValue('currency', 1234.5, 'days')).toBe('$1,235');
    expect(formatMetricValue('currency', Number.NaN, 'EUR')).toBe('no data');
    expect(formatMetricValue('currency', -250_000, 'EUR')).toBe('-€250,000');
  });

  it('amounts and signed changes in a currency', () => {
    expect(formatMoney(340_000, 'EUR')).toBe('€340,000');
    expect(formatMoney(340_000)).toBe('$340,000');
    expect(formatMoney(340_000, '€')).toBe('€340,000');
    expect(formatMoney(1234, 'CHF')).toMatch(/^CHF\s1,234$/);
    expect(formatDelta('currency', -40_000, 'EUR')).toBe('−€40,000');
    expect(formatDelta('currency', 40_000, 'GBP')).toBe('+£40,000');
    expect(formatDelta('currency', 40_000)).toBe('+$40,000');
    expect(formatDelta('currency', 0, 'EUR')).toBe('±0');
  });

  it('symbols, prefixes and words', () => {
    expect(currencySymbol('EUR')).toBe('€');
    expect(currencySymbol('USD')).toBe('$');
    expect(currencySymbol('CAD')).toBe('CA$');
    expect(currencyPrefix('EUR')).toBe('€');
    expect(currencyPrefix('CHF')).toBe('CHF ');
    expect(currencyWord('USD')).toBe('dollars');
    expect(currencyWord('EUR')).toBe('euros');
    expect(currencyWord('SEK')).toBe('SEK');
    expect(moneyExample('EUR')).toBe('50000 or €50K');
    expect(moneyExample()).toBe('50000 or $50K');
    expect(otherCurrencyMessage('EUR')).toBe('amounts here are in EUR (€): type 50000 or €50K');
  });
});

describe('amounts as typed', () => {
  const value = (text: string, currency?: string) => {
    const r = readMoney(text, currency);
    return r.ok ? r.value : r.error;
  };

  it('what thresholds took in dollars: 50000, 50,000, $50K, 1.2M, $2.5b, -$5', () => {
    for (const text of ['50000', '50,000', '$50K', '$50k', ' $ 50,000 ', '50K', '50 K']) expect(value(text), text).toBe(50_000);
    expect(value('1.2M')).toBe(1_200_000);
    expect(value('1.1M')).toBe(1_100_000);
    expect(value('$2.5b')).toBe(2_500_000_000);
    expect(value('2.5bn')).toBe(2_500_000_000);
    expect(value('99.50')).toBe(99.5);
    expect(value('-$5')).toBe(-5);
    expect(value('$-5')).toBe(-5);
    expect(value('500K USD')).toBe(500_000);
    expect(value('US$ 1,200')).toBe(1200);
  });

  it("the list's own symbol or code, before or after; a decimal comma before a magnitude", () => {
    expect(value('€500K', 'EUR')).toBe(500_000);
    expect(value('500K €', 'EUR')).toBe(500_000);
    expect(value('500 K€', 'EUR')).toBe(500_000);
    expect(value('EUR 1.2m', 'EUR')).toBe(1_200_000);
    expect(value('1,5M EUR', 'EUR')).toBe(1_500_000);
    expect(value('€2,5M', 'EUR')).toBe(2_500_000);
    expect(value('€2,25K', 'EUR')).toBe(2_250);
    expect(value('2,500M', 'EUR')).toBe(2_500_000_000);
    expect(value('1.5M', 'EUR')).toBe(1_500_000);
    expect(value('-€5', 'EUR')).toBe(-5);
    expect(value('£3', 'GBP')).toBe(3);
    expect(value('CA$ 40K', 'CAD')).toBe(40_000);
    expect(value('$40K', 'CAD')).toBe(40_000);
    expect(value('CHF 40K', 'CHF')).toBe(40_000);
  });

  it("another currency's symbol or code is refused, not converted", () => {
    expect(value('$500K', 'EUR')).toBe('other-currency');
    expect(value('500K USD', 'EUR')).toBe('other-currency');
    expect(value('£3', 'EUR')).toBe('other-currency');
    expect(value('€500K')).toBe('other-currency');
    expect(value('GBP 12', 'USD')).toBe('other-currency');
  });

  it('what is not an amount', () => {
    for (const text of ['', 'abc', 'all', 'EUR', '50,00', '$', '€', '5e3', '1..2', '50K%', '€500K€', '--5', '1,5', '2,5', '1.5MK', 'K']) {
      expect(value(text, 'EUR'), text).toBe('unreadable');
    }
  });
});
