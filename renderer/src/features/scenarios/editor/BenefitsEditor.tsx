/**
 * The scenario's benefit catalog (DESIGN D5) and who gets what: a table of benefits with
 * their cost per partner per year and conflict type, and the tier × benefit matrix with
 * each tier's cost per partner. Every valid edit goes straight to `onChange` as a new
 * scenario; invalid input stays in its field with the problem next to it.
 */
import { useId, useState, type FormEvent } from 'react';
import { currencySymbol, currencyWord } from '../../../../../shared/model/currency';
import { formatMetricValue, formatMoney } from '../../../../../shared/model/format';
import {
  BENEFIT_CATEGORIES,
  KNOWN_CONFLICT_TYPES,
  type Benefit,
  type Ladder,
  type Scenario,
  type Tier,
} from '../../../../../shared/model/scenario';
import type { MetricDef } from '../../../../../shared/model/workspace';
import { editorCurrency } from '../../../lib/editor-metrics';
import { NumericField, TextField, checkName, useNewName } from '../../../components/numeric-field';
import '../../../components/forms.css';

export interface ScenarioEditorProps {
  scenario: Scenario;
  onChange: (next: Scenario) => void;
  metrics: readonly MetricDef[];
}

type BenefitCategory = (typeof BENEFIT_CATEGORIES)[number];

export const CATEGORY_LABELS: Readonly<Record<BenefitCategory, string>> = {
  economics: 'Economics',
  enablement: 'Enablement',
  go_to_market: 'Go-to-market',
  support: 'Support',
};

export const MAX_BENEFITS = 200;
export const MAX_BENEFITS_PER_TIER = 100;
/** The schema's pattern for a conflict type. */
export const CONFLICT_TYPE_PATTERN = /^[a-z][a-z0-9_]{0,40}$/;

/** "margin_uplift" → "margin uplift" */
export function conflictTypeLabel(type: string): string {
  return type.replace(/_/g, ' ');
}

export function checkConflictType(text: string): string | null {
  if (text === '') return 'type a conflict type';
  if (!CONFLICT_TYPE_PATTERN.test(text)) return 'lower-case letters, digits and _, starting with a letter (at most 41)';
  return null;
}

/** The known conflict types, then every other type a benefit or an offsetting rule uses. */
export function conflictTypesInUse(scenario: Scenario): string[] {
  const types: string[] = [...KNOWN_CONFLICT_TYPES];
  const add = (t: string | null) => {
    if (t !== null && !types.includes(t)) types.push(t);
  };
  scenario.benefits.forEach((b) => add(b.conflictType));
  scenario.rules.forEach((r) => r.covers.forEach(add));
  return types;
}

/**
 * An id for a new catalog entry, made from its name ("Co-sell intros" → "co_sell_intros"),
 * unique among `taken` (a _2, _3 … suffix) and valid for the schema's id pattern.
 */
export function idFromName(name: string, taken: Iterable<string>, fallback = 'item'): string {
  const used = new Set(taken);
  let base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 56)
    .replace(/_+$/, '');
  if (base === '') base = fallback;
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}_${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

export interface TierCost {
  hours: number;
  mdf: number;
  fixed: number;
  marginPoints: number;
}

/** A tier's cost per partner per year: the sum over its benefits (each counted once, as the engine does). */
export function tierCostPerPartner(tier: Tier, benefits: readonly Benefit[]): TierCost {
  const byId = new Map(benefits.map((b) => [b.id, b]));
  const cost: TierCost = { hours: 0, mdf: 0, fixed: 0, marginPoints: 0 };
  for (const id of new Set(tier.benefits)) {
    const b = byId.get(id);
    if (!b) continue;
    cost.hours += b.hours;
    cost.mdf += b.mdf;
    cost.fixed += b.fixed;
    cost.marginPoints += b.marginPoints;
  }
  return cost;
}

function mapTiers(scenario: Scenario, fn: (tier: Tier, ladder: Ladder) => Tier): Scenario {
  return {
    ...scenario,
    ladders: scenario.ladders.map((ladder) => {
      let changed = false;
      const tiers = ladder.tiers.map((tier) => {
        const next = fn(tier, ladder);
        if (next !== tier) changed = true;
        return next;
      });
      return changed ? { ...ladder, tiers } : ladder;
    }),
  };
}

/** The scenario without the benefit: out of the catalog and out of every tier. */
export function removeBenefit(scenario: Scenario, benefitId: string): Scenario {
  const without = mapTiers(scenario, (tier) => (tier.benefits.includes(benefitId) ? { ...tier, benefits: tier.benefits.filter((b) => b !== benefitId) } : tier));
  return { ...without, benefits: scenario.benefits.filter((b) => b.id !== benefitId) };
}

/** The scenario with the benefit given to (or taken from) one tier. */
export function setGrant(scenario: Scenario, tierId: string, benefitId: string, give: boolean): Scenario {
  return mapTiers(scenario, (tier) => {
    if (tier.id !== tierId) return tier;
    const has = tier.benefits.includes(benefitId);
    if (give === has) return tier;
    return { ...tier, benefits: give ? [...tier.benefits, benefitId] : tier.benefits.filter((b) => b !== benefitId) };
  });
}

function updateBenefit(scenario: Scenario, id: string, patch: Partial<Omit<Benefit, 'id'>>): Scenario {
  return { ...scenario, benefits: scenario.benefits.map((b) => (b.id === id ? { ...b, ...patch } : b)) };
}

const hoursText = (h: number) => `${formatMetricValue('number', h)} h`;

const CUSTOM = '__custom__';

/** A benefit's costs are in the list's currency (`currency`, an ISO code). */
function BenefitRow({ benefit, scenario, onChange, currency }: { benefit: Benefit; scenario: Scenario; onChange: (next: Scenario) => void; currency: string }) {
  const word = currencyWord(currency);
  const [custom, setCustom] = useState(false);
  const types = conflictTypesInUse(scenario);
  const set = (patch: Partial<Omit<Benefit, 'id'>>) => onChange(updateBenefit(scenario, benefit.id, patch));
  const grantedTo = scenario.ladders.reduce((n, l) => n + l.tiers.filter((t) => t.benefits.includes(benefit.id)).length, 0);
  const name = benefit.name;
  return (
    <tr>
      <th scope="row" className="sf-name-cell">
        <TextField value={benefit.name} onValue={(v) => set({ name: v })} validate={checkName} label={`Name of benefit ${benefit.id}`} maxLength={120} />
        <span className="sf-id" title="The id tiers refer to">
          {benefit.id}
        </span>
      </th>
      <td>
        <select value={benefit.category} onChange={(e) => set({ category: e.target.value as BenefitCategory })} aria-label={`Category of ${name}`}>
          {BENEFIT_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {CATEGORY_LABELS[c]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <NumericField value={benefit.hours} onValue={(v) => set({ hours: v })} min={0} label={`Hours per partner for ${name}`} />
      </td>
      <td>
        <NumericField value={benefit.mdf} onValue={(v) => set({ mdf: v })} min={0} currency={currency} suffix={null} label={`MDF ${word} per partner for ${name}`} />
      </td>
      <td>
        <NumericField value={benefit.fixed} onValue={(v) => set({ fixed: v })} min={0} currency={currency} suffix={null} label={`Fixed ${word} per partner for ${name}`} />
      </td>
      <td>
        <NumericField value={benefit.marginPoints} onValue={(v) => set({ marginPoints: v })} min={0} max={100} label={`Margin points for ${name}`} />
      </td>
      <td>
        <div className="sf-conflict-cell">
          <select
            value={custom ? CUSTOM : (benefit.conflictType ?? '')}
            onChange={(e) => {
              const v = e.target.value;
              if (v === CUSTOM) {
                setCustom(true);
                return;
              }
              setCustom(false);
              set({ conflictType: v === '' ? null : v });
            }}
            aria-label={`Conflict type of ${name}`}
          >
            <option value="">none</option>
            {types.map((t) => (
              <option key={t} value={t}>
                {conflictTypeLabel(t)}
              </option>
            ))}
            <option value={CUSTOM}>custom…</option>
          </select>
          {custom && (
            <TextField
              value={benefit.conflictType !== null && !(KNOWN_CONFLICT_TYPES as readonly string[]).includes(benefit.conflictType) ? benefit.conflictType : ''}
              onValue={(v) => set({ conflictType: v })}
              validate={checkConflictType}
              label={`Custom conflict type of ${name}`}
              placeholder="e.g. territory_lock"
              maxLength={41}
              code
            />
          )}
        </div>
      </td>
      <td className="sf-actions">
        <button
          type="button"
          className="sf-remove"
          onClick={() => onChange(removeBenefit(scenario, benefit.id))}
          aria-label={`Remove ${name}`}
          title={grantedTo > 0 ? `Also takes it from the ${grantedTo} tier${grantedTo === 1 ? '' : 's'} that give it` : undefined}
        >
          Remove
        </button>
      </td>
    </tr>
  );
}

function AddBenefitForm({ scenario, onChange }: { scenario: Scenario; onChange: (next: Scenario) => void }) {
  const [category, setCategory] = useState<BenefitCategory>('go_to_market');
  const categoryId = useId();
  const full = scenario.benefits.length >= MAX_BENEFITS;
  const newName = useNewName('New benefit', 'name, e.g. Deal desk support', full);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const name = newName.take();
    if (name === null) return;
    const id = idFromName(name, scenario.benefits.map((b) => b.id), 'benefit');
    const benefit: Benefit = { id, name, category, hours: 0, mdf: 0, fixed: 0, marginPoints: 0, conflictType: null };
    onChange({ ...scenario, benefits: [...scenario.benefits, benefit] });
  };

  return (
    <form className="sf-add" onSubmit={submit} aria-label="Add a benefit">
      {newName.field}
      <label htmlFor={categoryId}>Category</label>
      <select id={categoryId} value={category} onChange={(e) => setCategory(e.target.value as BenefitCategory)} disabled={full}>
        {BENEFIT_CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {CATEGORY_LABELS[c]}
          </option>
        ))}
      </select>
      <button type="submit" disabled={full}>
        Add benefit
      </button>
      {full && <span className="sf-help">The catalog holds at most {MAX_BENEFITS} benefits.</span>}
    </form>
  );
}

function BenefitMatrix({
  scenario,
  onChange,
  valueMetricLabel,
  currency,
}: {
  scenario: Scenario;
  onChange: (next: Scenario) => void;
  valueMetricLabel: string | null;
  currency: string;
}) {
  const columns = scenario.ladders.flatMap((ladder) => ladder.tiers.map((tier, i) => ({ ladder, tier, first: i === 0 })));
  if (scenario.benefits.length === 0) {
    return <p className="sf-help">Add a benefit to the catalog to give it to tiers.</p>;
  }
  return (
    <div className="sf-scroll">
      <table className="sf-table sf-matrix">
        <caption className="sf-caption">
          Tick the benefits each tier gives. The last row is the tier&apos;s cost per partner per year
          {valueMetricLabel ? `; margin points are paid on ${valueMetricLabel}` : ''}.
        </caption>
        <thead>
          <tr>
            <td rowSpan={2} />
            {scenario.ladders.map((ladder) => (
              <th key={ladder.id} scope="colgroup" colSpan={ladder.tiers.length} className="sf-ladder-head">
                {ladder.name}
              </th>
            ))}
          </tr>
          <tr>
            {columns.map(({ ladder, tier, first }) => (
              <th key={`${ladder.id}/${tier.id}`} scope="col" className={first ? 'sf-group-start' : undefined}>
                <span className="sf-swatch" style={{ background: tier.color }} aria-hidden="true" />
                {tier.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {scenario.benefits.map((benefit) => (
            <tr key={benefit.id}>
              <th scope="row">
                {benefit.name}
                {benefit.conflictType && <span className="sf-tag">{conflictTypeLabel(benefit.conflictType)}</span>}
              </th>
              {columns.map(({ ladder, tier, first }) => {
                const given = tier.benefits.includes(benefit.id);
                return (
                  <td key={`${ladder.id}/${tier.id}`} className={first ? 'sf-check sf-group-start' : 'sf-check'}>
                    <input
                      type="checkbox"
                      checked={given}
                      disabled={!given && tier.benefits.length >= MAX_BENEFITS_PER_TIER}
                      onChange={(e) => onChange(setGrant(scenario, tier.id, benefit.id, e.target.checked))}
                      aria-label={`Give ${benefit.name} to ${tier.name} (${ladder.name})`}
                    />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Cost per partner</th>
            {columns.map(({ ladder, tier, first }) => {
              const cost = tierCostPerPartner(tier, scenario.benefits);
              return (
                <td key={`${ladder.id}/${tier.id}`} className={first ? 'sf-cost sf-group-start' : 'sf-cost'} data-testid={`tier-cost-${tier.id}`}>
                  <span>{hoursText(cost.hours)}</span>
                  <span>{formatMoney(cost.mdf + cost.fixed, currency)}</span>
                  {cost.marginPoints > 0 && <span>+{formatMetricValue('number', cost.marginPoints)} pts</span>}
                </td>
              );
            })}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The benefit catalog table and the tier ↔ benefit matrix. */
export function BenefitsEditor({ scenario, onChange, metrics }: ScenarioEditorProps) {
  const headingId = useId();
  const matrixId = useId();
  const valueKey = scenario.assumptions.valueMetric;
  // costs are in the list's currency (shared/model/currency)
  const currency = editorCurrency(metrics, scenario);
  const symbol = currencySymbol(currency);
  const valueMetricLabel =
    valueKey === null ? null : (metrics.find((m) => m.key === valueKey)?.label ?? scenario.derivedMetrics.find((d) => d.key === valueKey)?.label ?? valueKey);
  return (
    <div className="sf-editor sf-benefits">
      <section aria-labelledby={headingId}>
        <h3 id={headingId} className="sf-heading">
          Benefit catalog
        </h3>
        <p className="sf-help">
          Cost per partner per year: partner-manager hours, MDF and other fixed {currencyWord(currency)}, and margin points (paid as a share of the
          partner&apos;s value metric). A conflict type marks a benefit that needs an offsetting rule.
        </p>
        {scenario.benefits.length > 0 && (
          <div className="sf-scroll">
            <table className="sf-table sf-catalog">
              <thead>
                <tr>
                  <th scope="col">Benefit</th>
                  <th scope="col">Category</th>
                  <th scope="col">Hours / partner</th>
                  <th scope="col">MDF {symbol} / partner</th>
                  <th scope="col">Fixed {symbol} / partner</th>
                  <th scope="col">Margin points</th>
                  <th scope="col">Conflict type</th>
                  <th scope="col">
                    <span className="sf-visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {scenario.benefits.map((b) => (
                  <BenefitRow key={b.id} benefit={b} scenario={scenario} onChange={onChange} currency={currency} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <AddBenefitForm scenario={scenario} onChange={onChange} />
      </section>
      <section aria-labelledby={matrixId}>
        <h3 id={matrixId} className="sf-heading">
          Benefits by tier
        </h3>
        <BenefitMatrix scenario={scenario} onChange={onChange} valueMetricLabel={valueMetricLabel} currency={currency} />
      </section>
    </div>
  );
}
