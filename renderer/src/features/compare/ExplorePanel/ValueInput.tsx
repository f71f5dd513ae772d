/**
 * The threshold input of the sensitivity sweep's range (DESIGN D8.3): a value typed in the
 * metric's terms, read and shown as the requirement builder reads and shows a threshold
 * (renderer/src/lib/threshold-text.ts), with its kind's affix after it.
 */
import { useId } from 'react';
import { currencyCode, currencySymbol, DEFAULT_CURRENCY } from '../../../../../shared/model/currency';
import { METRIC_KIND_INFO } from '../../../../../shared/model/metric-kinds';
import type { MetricKind } from '../../../../../shared/model/workspace';
import { formatThreshold, parseThreshold } from '../../../lib/threshold-text';
import { useFieldText } from '../../../components/field-text';

/** The one field of the value's useFieldText. */
const TEXT = 'text';

/**
 * The affix shown after the input: its kind's (shared/model/metric-kinds.ts `input`) — the '%'
 * of a percentage, the currency symbol of an amount —, or null. Only those two, and after the
 * input, as this panel has always shown them (the builder also shows a unit and a placeholder).
 */
function affixOf(kind: MetricKind, currency: string): string | null {
  const { prefix, suffix } = METRIC_KIND_INFO[kind].input;
  if (suffix === '%') return suffix;
  if (prefix === 'currency') return currencySymbol(currency);
  return null;
}

/** A threshold value typed in the metric's terms (80 for 80 %, $50K, €1.5M in its `unit`'s currency …); reports only valid values. */
export function ValueInput({ label, kind, unit, value, onValue }: { label: string; kind: MetricKind; unit: string | null; value: number; onValue: (v: number) => void }) {
  const currency = currencyCode(unit) ?? DEFAULT_CURRENCY;
  // the typed text stays while it still reads as the value, whatever changed the value; else the value's own text shows
  const field = useFieldText(value, {
    says: (_key, t, v) => {
      const r = parseThreshold(kind, t, currency);
      return r.ok && r.value === v;
    },
  });
  const text = field.typed(TEXT) ?? formatThreshold(kind, value);
  const parsed = parseThreshold(kind, text, currency);
  const errorId = useId();
  const affix = affixOf(kind, currency);
  return (
    <span className="cmp-field">
      <input
        aria-label={label}
        className={parsed.ok ? '' : 'invalid'}
        aria-invalid={!parsed.ok}
        aria-describedby={parsed.ok ? undefined : errorId}
        value={text}
        inputMode="decimal"
        onChange={(e) => {
          field.keep(TEXT, e.target.value);
          const r = parseThreshold(kind, e.target.value, currency);
          if (r.ok) onValue(r.value);
        }}
      />
      {affix !== null && <span className="muted">{affix}</span>}
      {!parsed.ok && (
        <span id={errorId} className="field-error">
          {parsed.error}
        </span>
      )}
    </span>
  );
}
