/**
 * Today's tiers (the scenario's `tierMapping`): each current-tier label of a partner list
 * ("Gold", "Registered") placed on a level of the new design, so movement can be measured.
 *
 * The automatic matches, in order (docs/ENGINE.md, "Today's tiers"):
 * 1. **by name** — a label equal to a tier name, ignoring case and spaces ("GOLD " = "Gold"),
 *    on the ladders that tier the label's partners. A name found on several levels (Gold is
 *    level 2 on one ladder and 3 on another) is ambiguous and left unplaced.
 * 2. **by metal order** — labels naming one metal (Bronze < Silver < Gold < Platinum <
 *    Diamond; "Gold Partner" names Gold, and so do "Partner Gold", "Or" and "Oro": see
 *    METAL_WORDS): where the ladders have a tier of the same metal,
 *    that tier's level. The other metals keep their distance to the nearest metal placed
 *    so, or placed by the scenario's own mapping (Bronze one level below a Silver placed on
 *    level 1; "Silber" where the scenario puts "Silver"), kept within the design's
 *    levels (a Platinum above a top-level Gold reads as the top). Without such a metal they
 *    keep their place in the metal scale (Bronze 0, Silver 1, Gold 2, Platinum 3, Diamond
 *    4), shifted down as a block when the highest would sit above the top level; when they
 *    do not fit in the levels the design has, none of them is placed: the person's call.
 * Everything else stays unplaced. Every automatic match is marked (`match`) so the Today's
 * tiers editor shows it, and a label placed by hand never is.
 */
import { ladderForMotion, tierLabelKey, type Scenario, type TierMappingEntry } from './scenario';

/** One current-tier label of a list, its spellings merged ("Gold", "GOLD", "Gold "). */
export interface TodayTier {
  /** the most common spelling */
  label: string;
  /** every spelling found, most common first */
  spellings: string[];
  count: number;
  /** partners per motion holding it */
  motions: { motion: string; count: number }[];
}

/** A placement the automatic matching could not make, and why. */
export interface UnplacedLabel {
  label: string;
  count: number;
  why: string;
}

export interface MappingSuggestion {
  /** one entry per placed label, marked with how it was matched */
  entries: TierMappingEntry[];
  unplaced: UnplacedLabel[];
}

export const METALS = ['bronze', 'silver', 'gold', 'platinum', 'diamond'] as const;

/**
 * Each metal's word in the languages a list's headers are read in (DESIGN D9.2): English,
 * German, French, Spanish, Italian, Dutch, Portuguese — so "Silber", "Argent" and "Plata"
 * are Silver. The French "or" (gold) is also the English "or": it names gold only as the
 * first or last word of a label ("Or", "Partenaire Or"), never between two ("Bronze or above").
 */
const METAL_WORDS: ReadonlyMap<string, number> = new Map(
  (
    [
      ['bronze', 'brons', 'bronce', 'bronzo'],
      ['silver', 'silber', 'argent', 'plata', 'argento', 'zilver', 'prata'],
      ['gold', 'oro', 'goud', 'ouro'],
      ['platinum', 'platin', 'platine', 'platino', 'platina'],
      ['diamond', 'diamant', 'diamante'],
    ] as const
  ).flatMap((words, rank) => words.map((w) => [w, rank] as const)),
);
const GOLD = 2;

/** The metal a label names (one metal word, in any of METAL_WORDS' languages), as an index into METALS; -1 for none or several. */
export function metalRank(label: string): number {
  const words = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w !== '');
  const found = new Set<number>();
  words.forEach((w, i) => {
    const rank = METAL_WORDS.get(w);
    if (rank !== undefined) found.add(rank);
    else if (w === 'or' && (i === 0 || i === words.length - 1)) found.add(GOLD);
  });
  return found.size === 1 ? [...found][0]! : -1;
}

/**
 * Merges the spellings of each label ("Gold", "GOLD ") and counts partners per label and
 * motion. `rows` are (label, motion, count) groups, e.g. from a GROUP BY.
 */
export function todayTiersOf(rows: Iterable<{ label: string | null; motion: string; count: number }>): TodayTier[] {
  const byKey = new Map<string, { spellings: Map<string, number>; count: number; motions: Map<string, number> }>();
  for (const row of rows) {
    if (row.label === null || row.label.trim() === '' || row.count <= 0) continue;
    const key = tierLabelKey(row.label);
    let t = byKey.get(key);
    if (!t) {
      t = { spellings: new Map(), count: 0, motions: new Map() };
      byKey.set(key, t);
    }
    t.count += row.count;
    t.spellings.set(row.label, (t.spellings.get(row.label) ?? 0) + row.count);
    t.motions.set(row.motion, (t.motions.get(row.motion) ?? 0) + row.count);
  }
  const byCount = <K>(m: Map<K, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  const tiers = [...byKey.values()].map((t) => {
    const spellings = byCount(t.spellings).map(([s]) => s);
    return {
      label: spellings[0]!.trim(),
      spellings,
      count: t.count,
      motions: byCount(t.motions).map(([motion, count]) => ({ motion, count })),
    };
  });
  // metals in metal order, then the rest by size
  const order = (t: TodayTier): [number, number, string] => {
    const rank = metalRank(t.label);
    return rank >= 0 ? [0, rank, t.label] : [1, -t.count, t.label];
  };
  return tiers.sort((a, b) => {
    const [ga, ka, la] = order(a);
    const [gb, kb, lb] = order(b);
    return ga - gb || ka - kb || la.localeCompare(lb);
  });
}

/** The ladders (indexes) that tier partners of these motions; every ladder when no motion is known. */
function laddersFor(scenario: Scenario, motions: readonly { motion: string }[]): number[] {
  const out = new Set<number>();
  for (const { motion } of motions) {
    const i = ladderForMotion(scenario.ladders, motion);
    if (i >= 0) out.add(i);
  }
  return out.size ? [...out].sort((a, b) => a - b) : scenario.ladders.map((_, i) => i);
}

/** Whether the scenario already places the label (an entry, by hand or automatic, even "no tier"). */
export function mappedEntry(scenario: Scenario, label: string): TierMappingEntry | undefined {
  const key = tierLabelKey(label);
  return scenario.tierMapping.find((e) => tierLabelKey(e.label) === key);
}

/**
 * The automatic placements for `tiers` (all of them, whether or not the scenario maps them
 * already): by name, then by metal order.
 */
export function suggestTierMapping(scenario: Scenario, tiers: readonly TodayTier[]): MappingSuggestion {
  const entries: TierMappingEntry[] = [];
  const unplaced: UnplacedLabel[] = [];
  const pendingMetals: { tier: TodayTier; rank: number; ladders: number[] }[] = [];

  for (const tier of tiers) {
    const ladders = laddersFor(scenario, tier.motions);
    const key = tierLabelKey(tier.label);
    const levels = new Map<number, string[]>();
    for (const li of ladders) {
      const ladder = scenario.ladders[li]!;
      ladder.tiers.forEach((t, level) => {
        if (tierLabelKey(t.name) === key) levels.set(level, [...(levels.get(level) ?? []), ladder.name]);
      });
    }
    if (levels.size === 1) {
      entries.push({ label: tier.label, level: [...levels.keys()][0]!, match: 'name' });
      continue;
    }
    if (levels.size > 1) {
      const where = [...levels.entries()].map(([level, names]) => `level ${level} on ${names.join(', ')}`).join(' and ');
      unplaced.push({ label: tier.label, count: tier.count, why: `"${tier.label}" names tiers on different levels (${where}); place it by hand.` });
      continue;
    }
    const rank = metalRank(tier.label);
    if (rank >= 0) pendingMetals.push({ tier, rank, ladders });
    else unplaced.push({ label: tier.label, count: tier.count, why: `No tier of the design is called "${tier.label}".` });
  }

  // metals: the tier of the same metal where the ladders have one, else the metal order
  const byOrder: typeof pendingMetals = [];
  for (const m of pendingMetals) {
    const levels = new Set<number>();
    for (const li of m.ladders) scenario.ladders[li]!.tiers.forEach((t, level) => metalRank(t.name) === m.rank && levels.add(level));
    if (levels.size === 1) entries.push({ label: m.tier.label, level: [...levels][0]!, match: 'metal' });
    else if (levels.size > 1) unplaced.push({ label: m.tier.label, count: m.tier.count, why: `The design has ${METALS[m.rank]} tiers on different levels; place "${m.tier.label}" by hand.` });
    else byOrder.push(m);
  }
  if (byOrder.length > 0) {
    const ladderIds = new Set(byOrder.flatMap((m) => m.ladders));
    const top = Math.max(...[...ladderIds].map((li) => scenario.ladders[li]!.tiers.length - 1));
    // metals of the list already placed (by name or metal word, or in the scenario — by hand
    // or before: "Silber" goes where the scenario puts "Silver") anchor the others
    const anchors = [...entries, ...scenario.tierMapping]
      .map((e) => ({ rank: metalRank(e.label), level: e.level }))
      .filter((a): a is { rank: number; level: number } => a.rank >= 0 && a.level !== null);
    if (anchors.length > 0) {
      for (const m of byOrder) {
        // the nearest metal; of equals, the first (this list's placements before the scenario's)
        const anchor = anchors.reduce((best, a) => (Math.abs(a.rank - m.rank) < Math.abs(best.rank - m.rank) ? a : best));
        entries.push({ label: m.tier.label, level: Math.min(top, Math.max(0, anchor.level + m.rank - anchor.rank)), match: 'metal' });
      }
    } else {
      const highest = Math.max(...byOrder.map((m) => m.rank));
      const lowest = Math.min(...byOrder.map((m) => m.rank));
      const shift = Math.max(0, highest - top);
      if (lowest - shift < 0) {
        const names = byOrder.map((m) => `"${m.tier.label}"`).join(', ');
        for (const m of byOrder) {
          unplaced.push({
            label: m.tier.label,
            count: m.tier.count,
            why: `Today's metal tiers (${names}) are more than the design's ${top + 1} level${top === 0 ? '' : 's'} can keep apart; place them by hand.`,
          });
        }
      } else {
        for (const m of byOrder) entries.push({ label: m.tier.label, level: m.rank - shift, match: 'metal' });
      }
    }
  }
  return { entries, unplaced };
}

export interface MappingFill {
  scenario: Scenario;
  /** the entries added automatically */
  added: TierMappingEntry[];
  /** labels of the list still without a place */
  unplaced: UnplacedLabel[];
}

/**
 * The scenario with an automatic placement for every label of the list it does not place
 * yet; entries it has (by hand or not) are kept as they are.
 */
export function fillTierMapping(scenario: Scenario, tiers: readonly TodayTier[]): MappingFill {
  const missing = tiers.filter((t) => !t.spellings.some((s) => mappedEntry(scenario, s)));
  if (missing.length === 0) return { scenario, added: [], unplaced: [] };
  const { entries, unplaced } = suggestTierMapping(scenario, missing);
  const room = Math.max(0, MAX_TIER_MAPPING - scenario.tierMapping.length);
  const added = entries.slice(0, room);
  const overflow = entries.slice(room).map((e) => {
    const t = missing.find((m) => m.label === e.label)!;
    return { label: e.label, count: t.count, why: `A scenario places at most ${MAX_TIER_MAPPING} labels.` };
  });
  return {
    scenario: added.length ? { ...scenario, tierMapping: [...scenario.tierMapping, ...added] } : scenario,
    added,
    unplaced: [...unplaced, ...overflow],
  };
}

/** The most labels a scenario's tier mapping holds (the schema's limit). */
export const MAX_TIER_MAPPING = 100;

/** "Silver → level 1 (by metal order)", for notes about automatic matches. */
export function describeMatch(entry: TierMappingEntry, scenario: Scenario): string {
  const how = entry.match === 'name' ? 'same name' : entry.match === 'metal' ? 'metal order' : 'set by hand';
  if (entry.level === null) return `${entry.label} → no tier (${how})`;
  const names = [...new Set(scenario.ladders.map((l) => l.tiers[Math.min(entry.level!, l.tiers.length - 1)]!.name))];
  return `${entry.label} → ${names.join(' / ')} (level ${entry.level}, ${how})`;
}
