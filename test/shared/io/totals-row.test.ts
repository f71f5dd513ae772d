import { describe, expect, it } from 'vitest';
import { isTotalsLabel } from '../../../shared/io/totals-row';

describe('totals words', () => {
  it.each(['Total', 'TOTAL', ' Totals ', 'Grand total:', 'Grand  Total', 'Subtotal', 'Sub-total', 'Summe', 'Gesamt', 'Gesamtsumme', 'Total général', 'Sous-total', 'Suma total', 'Totale', 'Totaal', 'Total geral', 'Sum.'])('%j is one', (text) => {
    expect(isTotalsLabel(text)).toBe(true);
  });

  it.each(['Total Solutions GmbH', 'Totality', 'Summit Partners', 'Subtotal EMEA', 'Partner total', 'Tot', '', 'P-001'])('%j is not', (text) => {
    expect(isTotalsLabel(text)).toBe(false);
  });
});
