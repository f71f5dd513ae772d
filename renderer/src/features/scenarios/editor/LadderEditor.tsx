/**
 * The ladders of a scenario (DESIGN D4): one per motion (or '*' for every other motion),
 * each a list of tiers lowest first — name, colour, description, cap, requirement — plus
 * the eligibility gate and the exit rule. Every valid edit calls `onChange` with a new
 * scenario; invalid text (an empty name, a cap that is not a whole number) stays in its
 * field with the problem beside it and is not passed on. Tiers get colours by themselves —
 * a metal's for a metal name, else their level's — and a ladder whose tiers look alike says so.
 */
import { useMemo } from 'react';
import { ANY_MOTION, type Ladder, type Scenario, type Tier } from '../../../../../shared/model/scenario';
import type { MetricDef } from '../../../../../shared/model/workspace';
import { closeColorPairs, colorAfterRename, levelColor, newTierColor, UNTIERED_COLOR } from '../../../components/colors';
import { idFromName } from './BenefitsEditor';
import { NumericField, TextField, checkName } from '../../../components/numeric-field';
import { RequirementBuilder } from './RequirementBuilder';
import { collectIds } from '../../../lib/requirement-edit';
import '../../../components/forms.css';

/** The most tiers a ladder holds (the scenario format's limit). */
export const MAX_TIERS = 12;

/** Every requirement id used anywhere in the scenario (new ones must not clash). */
export function usedRequirementIds(scenario: Scenario): Set<string> {
  const used = new Set<string>();
  for (const ladder of scenario.ladders) for (const tier of ladder.tiers) collectIds(tier.requirement, used);
  collectIds(scenario.eligibility, used);
  collectIds(scenario.exitRule, used);
  return used;
}

function replaceLadder(scenario: Scenario, index: number, ladder: Ladder): Scenario {
  return { ...scenario, ladders: scenario.ladders.map((l, i) => (i === index ? ladder : l)) };
}

function replaceTier(ladder: Ladder, index: number, tier: Tier): Ladder {
  return { ...ladder, tiers: ladder.tiers.map((t, i) => (i === index ? tier : t)) };
}

function moved<T>(items: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item!);
  return next;
}

/** A tier above the current top: named "Tier N", its level's colour (or another that looks like none of the ladder's nor the untiered grey), no requirement yet. */
export function addTier(ladder: Ladder): Ladder {
  const taken = new Set(ladder.tiers.map((t) => t.id));
  const name = `Tier ${ladder.tiers.length + 1}`;
  const color = newTierColor(ladder.tiers.length, name, [UNTIERED_COLOR, ...ladder.tiers.map((t) => t.color)]);
  const tier: Tier = { id: idFromName(name, taken, 'tier'), name, color, description: '', requirement: null, cap: null, benefits: [] };
  return { ...ladder, tiers: [...ladder.tiers, tier] };
}

/** A tier renamed: a metal name ("Gold") brings the metal's colour unless the colour was chosen by hand. */
export function renameTier(tier: Tier, name: string): Tier {
  return { ...tier, name, color: colorAfterRename(tier.color, name) };
}

/** What the ladder editor says about tiers of a ladder whose colours look alike, or null when all are distinct. */
export function lookAlikeText(tiers: readonly Pick<Tier, 'name' | 'color'>[]): string | null {
  const pairs = closeColorPairs(tiers);
  if (pairs.length === 0) return null;
  const parts = pairs.map(({ a, b, same }) => `${tiers[a]!.name} and ${tiers[b]!.name} ${same ? 'share a colour' : 'have colours too close to tell apart'}`);
  return `${parts.join('; ')}. Charts draw one of each pair in another colour; give the tiers distinct colours to choose which.`;
}

interface Props {
  scenario: Scenario;
  onChange: (next: Scenario) => void;
  metrics: readonly MetricDef[];
  /** the motions found in the dataset, for new ladders */
  motions: readonly string[];
  /** the tier to bring into view (from the outcome panel's "go to tier") */
  focusTier?: { ladderId: string; tierId: string | null } | null;
}

export function LadderEditor({ scenario, onChange, metrics, motions, focusTier }: Props) {
  const usedIds = useMemo(() => usedRequirementIds(scenario), [scenario]);
  const rankable = metrics.filter((m) => m.kind !== 'boolean');
  const laddered = new Set(scenario.ladders.map((l) => l.motion.trim().toLowerCase()));
  const freeMotions = [...motions.filter((m) => !laddered.has(m.trim().toLowerCase())), ...(laddered.has(ANY_MOTION) ? [] : [ANY_MOTION])];

  const addLadder = (motion: string) => {
    const taken = new Set(scenario.ladders.map((l) => l.id));
    const name = motion === ANY_MOTION ? 'Every other partner' : `${motion[0]!.toUpperCase()}${motion.slice(1)} partners`;
    const ladder: Ladder = {
      id: idFromName(motion === ANY_MOTION ? 'everyone' : motion, taken, 'ladder'),
      motion,
      name,
      strict: false,
      tiers: [{ id: 'entry', name: 'Registered', color: levelColor(0), description: '', requirement: null, cap: null, benefits: [] }],
    };
    onChange({ ...scenario, ladders: [...scenario.ladders, ladder] });
  };

  return (
    <div className="le">
      {scenario.ladders.map((ladder, li) => {
        const lookAlike = lookAlikeText(ladder.tiers);
        return (
          <section key={ladder.id} className="le-ladder" aria-label={`Ladder ${ladder.name}`}>
            <header className="le-ladder-head">
              <label className="le-inline">
                <span className="le-caption">Ladder</span>
                <TextField label={`Name of the ladder ${ladder.name}`} value={ladder.name} validate={checkName} maxLength={120} onValue={(name) => onChange(replaceLadder(scenario, li, { ...ladder, name }))} />
              </label>
              <span className="muted small">{ladder.motion === ANY_MOTION ? 'tiers every motion without its own ladder' : `tiers ${ladder.motion} partners`}</span>
              <label className="le-inline">
                <input type="checkbox" checked={ladder.strict} onChange={(e) => onChange(replaceLadder(scenario, li, { ...ladder, strict: e.target.checked }))} />
                strict (each tier also needs the ones below)
              </label>
              <button
                type="button"
                className="le-remove"
                disabled={scenario.ladders.length === 1}
                title={scenario.ladders.length === 1 ? 'A scenario keeps at least one ladder' : undefined}
                onClick={() => onChange({ ...scenario, ladders: scenario.ladders.filter((_, i) => i !== li) })}
              >
                Remove ladder
              </button>
            </header>
            {lookAlike && (
              <p className="sf-warning" role="status" data-testid={`look-alike-${ladder.id}`}>
                {lookAlike}
              </p>
            )}
            <ol className="le-tiers">
              {ladder.tiers.map((tier, ti) => {
                const focused = focusTier?.ladderId === ladder.id && focusTier.tierId === tier.id;
                const where = `${tier.name} (${ladder.name})`;
                const setTier = (next: Tier) => onChange(replaceLadder(scenario, li, replaceTier(ladder, ti, next)));
                return (
                  <li key={tier.id} id={`tier-${ladder.id}-${tier.id}`} className={`le-tier${focused ? ' le-focused' : ''}`} aria-label={`Tier ${where}`}>
                    <div className="le-tier-head">
                      <span className="le-level">{ti === 0 ? 'entry' : `level ${ti}`}</span>
                      <input type="color" value={tier.color} aria-label={`Colour of ${where}`} onChange={(e) => setTier({ ...tier, color: e.target.value })} />
                      <TextField label={`Name of tier ${where}`} value={tier.name} validate={checkName} maxLength={120} onValue={(name) => setTier(renameTier(tier, name))} className="le-tier-name" />
                      <span className="le-actions">
                        <button type="button" aria-label={`Move ${where} down`} disabled={ti === 0} onClick={() => onChange(replaceLadder(scenario, li, { ...ladder, tiers: moved(ladder.tiers, ti, -1) }))}>
                          ↓
                        </button>
                        <button
                          type="button"
                          aria-label={`Move ${where} up`}
                          disabled={ti === ladder.tiers.length - 1}
                          onClick={() => onChange(replaceLadder(scenario, li, { ...ladder, tiers: moved(ladder.tiers, ti, 1) }))}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          aria-label={`Remove ${where}`}
                          disabled={ladder.tiers.length === 1}
                          onClick={() => onChange(replaceLadder(scenario, li, { ...ladder, tiers: ladder.tiers.filter((_, i) => i !== ti) }))}
                        >
                          Remove
                        </button>
                      </span>
                    </div>
                    <TextField label={`Description of ${where}`} value={tier.description} onValue={(description) => setTier({ ...tier, description })} maxLength={2000} placeholder="What this tier stands for" className="le-description" />
                    <div className="le-cap">
                      <label className="le-inline">
                        <input
                          type="checkbox"
                          checked={tier.cap !== null}
                          disabled={rankable.length === 0}
                          onChange={(e) => setTier({ ...tier, cap: e.target.checked ? { count: 10, rankBy: rankable[0]!.key, direction: 'desc' } : null })}
                        />
                        Cap
                      </label>
                      {tier.cap && (
                        <>
                          <span>at most</span>
                          <NumericField label={`Cap of ${where}: most partners`} value={tier.cap.count} integer min={0} max={10_000_000} onValue={(count) => setTier({ ...tier, cap: { ...tier.cap!, count } })} />
                          <span>partners, the</span>
                          <select aria-label={`Cap of ${where}: keep the highest or lowest`} value={tier.cap.direction} onChange={(e) => setTier({ ...tier, cap: { ...tier.cap!, direction: e.target.value as 'desc' | 'asc' } })}>
                            <option value="desc">highest</option>
                            <option value="asc">lowest</option>
                          </select>
                          <span>by</span>
                          <select
                            aria-label={`Cap of ${where}: ranked by`}
                            value={tier.cap.rankBy}
                            aria-invalid={rankable.some((m) => m.key === tier.cap!.rankBy) ? undefined : 'true'}
                            onChange={(e) => setTier({ ...tier, cap: { ...tier.cap!, rankBy: e.target.value } })}
                          >
                            {/* a metric the list lacks stays what it is, said so, never shown as another one */}
                            {!rankable.some((m) => m.key === tier.cap!.rankBy) && <option value={tier.cap.rankBy}>{tier.cap.rankBy} (not in the data)</option>}
                            {rankable.map((m) => (
                              <option key={m.key} value={m.key}>
                                {m.label}
                              </option>
                            ))}
                          </select>
                        </>
                      )}
                    </div>
                    <RequirementBuilder
                      label={`Requirements of ${where}`}
                      value={tier.requirement}
                      onChange={(requirement) => setTier({ ...tier, requirement })}
                      metrics={metrics}
                      usedIds={usedIds}
                      emptyText={ti === 0 ? 'No requirements: every partner on this ladder starts here.' : 'No requirements: every partner that passes the eligibility gate qualifies.'}
                    />
                  </li>
                );
              })}
            </ol>
            <button type="button" onClick={() => onChange(replaceLadder(scenario, li, addTier(ladder)))} disabled={ladder.tiers.length >= MAX_TIERS}>
              Add tier to {ladder.name}
            </button>
          </section>
        );
      })}
      {freeMotions.length > 0 && (
        <div className="row">
          <span className="muted">Add a ladder for</span>
          {freeMotions.map((m) => (
            <button key={m} type="button" onClick={() => addLadder(m)}>
              {m === ANY_MOTION ? 'every other motion' : m}
            </button>
          ))}
        </div>
      )}
      <section className="le-ladder" aria-label="Eligibility gate">
        <h3>Eligibility gate</h3>
        <p className="muted small">Every tier above entry also needs this (the ideal-partner profile).</p>
        <RequirementBuilder label="Eligibility gate" value={scenario.eligibility} onChange={(eligibility) => onChange({ ...scenario, eligibility })} metrics={metrics} usedIds={usedIds} emptyText="No gate: tiers above entry need only their own requirements." />
      </section>
      <section className="le-ladder" aria-label="Exit rule">
        <h3>Exit rule</h3>
        <p className="muted small">A partner that does not meet this is an exit candidate.</p>
        <RequirementBuilder label="Exit rule" value={scenario.exitRule} onChange={(exitRule) => onChange({ ...scenario, exitRule })} metrics={metrics} usedIds={usedIds} emptyText="No exit rule: nobody is an exit candidate." />
      </section>
    </div>
  );
}
