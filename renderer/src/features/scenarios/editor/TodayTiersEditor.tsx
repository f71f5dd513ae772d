/**
 * Today's tiers (the scenario's tier mapping): every current-tier label of the scenario's
 * list, with its partners, and the level of the new design it corresponds to — per ladder
 * where the ladders differ. Tierscape places what it can (same name, then metal order;
 * shared/model/tier-mapping), marks each automatic placement, and every one can be changed
 * here. A label left unplaced is said out loud: its partners count as having no tier today.
 */
import { useId, useMemo } from 'react';
import type { TodayTierRow } from '../../../../../shared/engine';
import { formatCount } from '../../../../../shared/model/format';
import { ladderForMotion, type Scenario, tierLabelKey, type TierMappingEntry } from '../../../../../shared/model/scenario';
import { suggestTierMapping } from '../../../../../shared/model/tier-mapping';
import '../../../components/forms.css';

export interface TodayTiersEditorProps {
  scenario: Scenario;
  onChange: (next: Scenario) => void;
  /** the list's labels from the latest evaluation; null while it is computed */
  tiers: readonly TodayTierRow[] | null;
  /** the list's label, to say which list the labels come from */
  listLabel: string | null;
}

const NOT_PLACED = 'unplaced';
const NO_TIER = 'none';

const MATCH_WORDS: Record<'name' | 'metal', string> = { name: 'same name', metal: 'metal order' };

/** The ladders that tier a label's partners (their own motion's ladder, else the '*' ladder), in ladder order. */
function laddersOf(scenario: Scenario, tier: Pick<TodayTierRow, 'motions'>): number[] {
  const out = new Set<number>();
  for (const m of tier.motions) {
    const i = ladderForMotion(scenario.ladders, m.motion);
    if (i >= 0) out.add(i);
  }
  return [...out].sort((a, b) => a - b);
}

/** "Specialist" / "Certified Practice (Services)" …: what a level reads as on each of the ladders (`short`: the names only). */
function levelOnLadders(scenario: Scenario, level: number, ladders: readonly number[], short = false): string {
  const names = ladders.map((li) => {
    const ladder = scenario.ladders[li]!;
    const top = ladder.tiers.length - 1;
    const tier = ladder.tiers[Math.min(level, top)]!;
    return { ladder: ladder.name, tier: level > top ? `${tier.name} (its top)` : tier.name };
  });
  if (names.length === 0) return '';
  if (new Set(names.map((n) => n.tier)).size === 1) return names[0]!.tier;
  if (short) return [...new Set(names.map((n) => n.tier))].join(' / ');
  return names.map((n) => `${n.tier} (${n.ladder})`).join(' · ');
}

/** The scenario's tier mapping with `label` placed at `value` (a level, NO_TIER or NOT_PLACED), by hand. */
export function placeLabel(scenario: Scenario, label: string, value: string): Scenario {
  const key = tierLabelKey(label);
  const others = scenario.tierMapping.filter((e) => tierLabelKey(e.label) !== key);
  if (value === NOT_PLACED) return { ...scenario, tierMapping: others };
  const entry: TierMappingEntry = { label: label.trim(), level: value === NO_TIER ? null : Number(value) };
  const at = scenario.tierMapping.findIndex((e) => tierLabelKey(e.label) === key);
  const tierMapping = [...others];
  tierMapping.splice(at < 0 ? tierMapping.length : at, 0, entry);
  return { ...scenario, tierMapping };
}

/** The scenario with Tierscape's placement for every label it does not place yet. */
export function placeRest(scenario: Scenario, tiers: readonly TodayTierRow[]): Scenario {
  const { entries } = suggestTierMapping(
    scenario,
    tiers.filter((t) => !t.placed),
  );
  return entries.length ? { ...scenario, tierMapping: [...scenario.tierMapping, ...entries] } : scenario;
}

export function TodayTiersEditor({ scenario, onChange, tiers, listLabel }: TodayTiersEditorProps) {
  const headingId = useId();
  const maxLevels = Math.max(...scenario.ladders.map((l) => l.tiers.length));
  const suggestions = useMemo(() => (tiers ? suggestTierMapping(scenario, tiers.filter((t) => !t.placed)) : null), [scenario, tiers]);
  const unplaced = tiers?.filter((t) => !t.placed) ?? [];
  const placeable = suggestions?.entries.length ?? 0;

  if (tiers === null) return <p className="sf-ok">Reading today’s tiers of the list…</p>;

  return (
    <div className="sf-editor sf-today" data-testid="today-tiers">
      <section aria-labelledby={headingId}>
        <h3 id={headingId} className="sf-heading">
          Today’s tiers{listLabel ? ` in ${listLabel}` : ''}
        </h3>
        <p className="sf-help">
          Each tier label of the list is placed on a level of this design, so promotions and demotions can be counted and the “as is” baseline
          knows where partners stand. Tierscape places labels that are a tier’s name, then metals in their order (Bronze &lt; Silver &lt; Gold &lt;
          Platinum &lt; Diamond, also in German, French, Spanish, Italian, Dutch or Portuguese: Silber, Argent, Plata …); change any of them
          here. A level above a ladder’s top reads as that ladder’s top tier.
        </p>
        {tiers.length === 0 ? (
          <p className="sf-ok">This list has no current-tier column (or it is empty): every partner counts as having no tier today, so every tiered partner is “newly tiered”.</p>
        ) : (
          <>
            {unplaced.length > 0 && (
              <div className="sf-warning" role="alert" data-testid="today-unplaced">
                {unplaced.length === 1 ? (
                  <>
                    “{unplaced[0]!.label}” ({formatCount(unplaced[0]!.count)} partner{unplaced[0]!.count === 1 ? '' : 's'}) is not placed:
                  </>
                ) : (
                  <>
                    {unplaced.map((t) => `“${t.label}”`).join(', ')} ({formatCount(unplaced.reduce((s, t) => s + t.count, 0))} partners) are not placed:
                  </>
                )}{' '}
                {unplaced.length === 1 && unplaced[0]!.count === 1 ? 'its partner counts' : 'their partners count'} as having no tier today, so the new design shows them as newly tiered, never as promoted or demoted.{' '}
                {placeable > 0 && (
                  <button type="button" onClick={() => onChange(placeRest(scenario, tiers))}>
                    Place {placeable === unplaced.length ? (placeable === 1 ? 'it' : 'them') : `${placeable} of them`} as suggested
                  </button>
                )}
              </div>
            )}
            <div className="sf-scroll">
              <table className="sf-table sf-today-table">
                <thead>
                  <tr>
                    <th scope="col">Label today</th>
                    <th scope="col" className="sf-num">
                      Partners
                    </th>
                    <th scope="col">Level in this design</th>
                  </tr>
                </thead>
                <tbody>
                  {tiers.map((t) => {
                    const ladders = laddersOf(scenario, t);
                    const value = !t.placed ? NOT_PLACED : t.level === null ? NO_TIER : String(t.level);
                    const suggestion = !t.placed ? suggestions?.entries.find((e) => tierLabelKey(e.label) === tierLabelKey(t.label)) : undefined;
                    const why = !t.placed ? suggestions?.unplaced.find((u) => tierLabelKey(u.label) === tierLabelKey(t.label))?.why : undefined;
                    const selectId = `today-${tierLabelKey(t.label)}`;
                    return (
                      <tr key={tierLabelKey(t.label)} data-testid={`today-row-${t.label}`}>
                        <th scope="row">
                          <label htmlFor={selectId}>{t.label}</label>
                          {t.spellings.length > 1 && <span className="sf-id">also written {t.spellings.filter((x) => x.trim() !== t.label).map((x) => `“${x}”`).join(', ')}</span>}
                        </th>
                        <td className="sf-num" title={t.motions.map((m) => `${m.motion}: ${formatCount(m.count)}`).join('\n')}>
                          {formatCount(t.count)}
                        </td>
                        <td className="sf-today-level">
                          <select id={selectId} value={value} aria-invalid={!t.placed ? 'true' : undefined} aria-describedby={`${selectId}-reads`} onChange={(e) => onChange(placeLabel(scenario, t.label, e.target.value))}>
                            <option value={NOT_PLACED}>— not placed —</option>
                            <option value={NO_TIER}>No tier today</option>
                            {Array.from({ length: maxLevels }, (_, level) => (
                              <option key={level} value={String(level)}>
                                Level {level}: {levelOnLadders(scenario, level, ladders.length ? ladders : scenario.ladders.map((_, i) => i), true)}
                              </option>
                            ))}
                          </select>
                          <span id={`${selectId}-reads`} className="sf-today-reads">
                            {!t.placed ? (
                              <span className="sf-tag sf-tag-warn">not placed</span>
                            ) : t.match ? (
                              <span className="sf-tag" title="Placed by Tierscape; choose another level to change it">
                                Tierscape · {MATCH_WORDS[t.match]}
                              </span>
                            ) : (
                              <span className="sf-tag" title="Placed in this scenario: by hand, or in the file it came from">
                                set in the scenario
                              </span>
                            )}{' '}
                            {t.placed && t.level !== null && ladders.length > 0 ? (
                              <>reads as {levelOnLadders(scenario, t.level, ladders)}</>
                            ) : t.placed ? (
                              <span className="sf-off">{ladders.length === 0 ? 'no ladder tiers these partners' : 'counts as no tier today'}</span>
                            ) : (
                              <span className="sf-error">{why ?? (suggestion ? `suggested: level ${suggestion.level}` : 'its partners count as having no tier today')}</span>
                            )}
                          </span>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </div>
  );
}
