import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { designDiff, DESIGN_DIFF_KINDS, type DesignDiff, type DesignDiffKind } from '../../../shared/engine';
import { ScenarioSchema, type Requirement, type Scenario } from '../../../shared/model/scenario';
import { exampleScenarios } from '../../../scenarios/examples';
import { generatePartners } from '../../../scenarios/generator';

const metrics = generatePartners({ seed: 7, count: 20 }).metrics;
const examples = exampleScenarios();
const byName = (name: string) => examples.find((s) => s.name === name)!;
const asIs = byName('As is: metals on lifetime revenue');
const motionFit = byName('Motion-fit ladders');

/** A copy of `base` changed by `change`, checked by the schema (so every edit is a valid design). */
function edit(base: Scenario, change: (s: Scenario) => void): Scenario {
  const copy = structuredClone(base);
  change(copy);
  return ScenarioSchema.parse(copy);
}

const tierOf = (s: Scenario, id: string) => s.ladders.flatMap((l) => l.tiers).find((t) => t.id === id)!;

/** The texts of the changes, of one part or of every part. */
function texts(d: DesignDiff, kind?: DesignDiffKind): string[] {
  return d.sections.filter((s) => kind === undefined || s.kind === kind).flatMap((s) => s.changes.map((c) => c.text));
}

const diffOf = (a: Scenario, b: Scenario) => designDiff(a, b, metrics);

describe('design diff of the shipped examples', () => {
  it('a design against itself is the same, with no changes', () => {
    for (const s of examples) {
      const d = diffOf(s, structuredClone(s));
      expect(d, s.name).toMatchObject({ a: s.name, b: s.name, same: true, count: 0, sections: [], overrides: { a: 0, b: 0, added: [], removed: [], changed: [] } });
    }
  });

  it('name and description are not design', () => {
    const renamed = edit(asIs, (s) => {
      s.name = 'Another name';
      s.description = 'Another description';
      s.ladders[0]!.tiers[1]!.color = '#123456';
      s.ladders[0]!.tiers[1]!.description = 'Said otherwise';
      s.rules[0]!.description = 'Said otherwise';
    });
    expect(diffOf(asIs, renamed)).toMatchObject({ a: asIs.name, b: 'Another name', same: true, count: 0 });
  });

  it('the metals ladder revenue only differs from the as-is only in its baseline mark', () => {
    const d = diffOf(asIs, byName('Metals, revenue only'));
    expect(d.same).toBe(false);
    expect(d.sections.map((s) => [s.kind, s.title])).toEqual([['baseline', 'Baseline']]);
    expect(d.sections[0]!.changes).toEqual([
      { key: 'baseline', subject: 'Baseline', text: 'As is: metals on lifetime revenue is marked as the baseline; Metals, revenue only is not', from: 'the baseline', to: 'not the baseline' },
    ]);
  });

  it('as is → two-tier starter, part by part', () => {
    const d = diffOf(asIs, byName('Two-tier starter'));
    expect(d.sections.map((s) => s.kind)).toEqual(['ladders', 'tiers', 'requirements', 'benefits', 'rules', 'mapping', 'policies', 'baseline']);
    expect(texts(d, 'ladders')).toEqual(['New ladder All partners for every other motion: Partner and Preferred Partner', 'Ladder All partners (every other motion) removed']);
    expect(texts(d, 'tiers')).toEqual([
      'New tier Partner in All partners at the entry level: no requirements',
      'New tier Preferred Partner in All partners at level 1: requires Sourced ARR (current year) ≥ $100,000 or Completed implementations ≥ 5 or Mutual customers ≥ 25',
      'Tier Bronze removed from All partners (was the entry level)',
      'Tier Silver removed from All partners (was level 1)',
      'Tier Gold removed from All partners (was level 2)',
      'Tier Platinum removed from All partners (was level 3)',
    ]);
    expect(texts(d, 'requirements')).toEqual(['Eligibility gate: every tier above entry now also requires IPP fit score ≥ 60 pts (there was no gate)']);
    expect(texts(d, 'benefits')).toContain('New tier Partner grants Portal access and deal registration and Documentation and partner community');
    expect(texts(d, 'benefits')).toContain('Removed tier Silver granted Portal access and deal registration, Marketing assets and +5 margin points');
    expect(texts(d, 'rules')).toEqual(['Joint business plan for every co-sell partner: offsetting rule switched on', 'Published MDF criteria open to any tier: offsetting rule switched on']);
    expect(texts(d, 'mapping')).toEqual(['Today’s Silver: level 1 → the entry level', 'Today’s Gold: level 2 → level 1', 'Today’s Platinum: level 3 → level 1']);
    expect(texts(d, 'policies')).toEqual(['Grandfathering: 0 quarters → 1 quarter', 'Warning band: off → 10%', 'Tier-inflation alert: above 20% → above 25%']);
    expect(d.count).toBe(d.sections.reduce((n, s) => n + s.changes.length, 0));
  });

  it('two-tier starter → motion-fit: a gate that gains an "any" group is said whole; an exit rule, a derived metric', () => {
    const d = diffOf(byName('Two-tier starter'), motionFit);
    expect(texts(d, 'requirements')).toEqual([
      'Eligibility gate: now requires IPP fit score ≥ 60 pts and (Active sellers ≥ 1 or Certified consultants ≥ 1 or Mutual customers ≥ 1) (was IPP fit score ≥ 60 pts)',
      'Exit rule: partners who fail IPP fit score ≥ 30 pts or Sourced ARR (current year) > $0 or Completed implementations > 0 or Mutual customers > 0 are now flagged exit candidates (there was no exit rule)',
    ]);
    expect(texts(d, 'derived')).toEqual(['New derived metric Sourced ARR growth = (sourced_arr - sourced_arr_py) / sourced_arr_py']);
    expect(texts(d, 'policies')).toEqual(['Demotion limit: no limit → 1 level per cycle', 'Tier-inflation alert: above 25% → above 20%']);
  });
});

describe('design diff of hand-made edits', () => {
  it('requirements: a threshold, a new and a dropped condition, an "all" made "any", an entry tier that gains one', () => {
    const b = edit(asIs, (s) => {
      (tierOf(s, 'gold').requirement as Requirement & { value: number }).value = 750_000;
      tierOf(s, 'platinum').requirement = {
        type: 'all',
        id: 'platinum_all',
        items: [tierOf(s, 'platinum').requirement!, { type: 'compare', id: 'platinum_sellers', metric: 'active_sellers', op: '>=', value: 5 }],
      };
      tierOf(s, 'bronze').requirement = { type: 'compare', id: 'bronze_ipp', metric: 'ipp_fit', op: '>=', value: 20 };
    });
    const d = diffOf(asIs, b);
    expect(d.sections.map((s) => s.kind)).toEqual(['requirements']);
    expect(texts(d)).toEqual([
      'Bronze: now requires IPP fit score ≥ 20 pts (had no requirements)',
      'Gold: Lifetime sourced ARR ≥ $500,000 → ≥ $750,000',
      'Platinum: new requirement Active sellers ≥ 5',
    ]);
    expect(d.sections[0]!.changes[1]).toEqual({ key: 'tier:gold:gold_arr', subject: 'Gold', text: 'Gold: Lifetime sourced ARR ≥ $500,000 → ≥ $750,000', from: 'Lifetime sourced ARR ≥ $500,000', to: 'Lifetime sourced ARR ≥ $750,000' });
    expect(texts(diffOf(b, asIs))).toEqual([
      'Bronze: no requirements any more (was IPP fit score ≥ 20 pts)',
      'Gold: Lifetime sourced ARR ≥ $750,000 → ≥ $500,000',
      'Platinum: requirement Active sellers ≥ 5 dropped',
    ]);

    // the same leaves under an "any": the whole requirement, before and after
    const both = edit(b, (s) => {
      (tierOf(s, 'platinum').requirement as Requirement & { type: 'all' | 'any' }).type = 'any';
    });
    expect(texts(diffOf(b, both))).toEqual(['Platinum: now requires Lifetime sourced ARR ≥ $2,000,000 or Active sellers ≥ 5 (was Lifetime sourced ARR ≥ $2,000,000 and Active sellers ≥ 5)']);
    // a leaf with another id but the same sentence is the same requirement; reordering changes nothing
    const same = edit(b, (s) => {
      const all = tierOf(s, 'platinum').requirement as Requirement & { items: Requirement[] };
      all.items.reverse();
      all.items[0]!.id = 'renamed_leaf';
    });
    expect(diffOf(b, same).same).toBe(true);
  });

  it('eligibility gate and exit rule, a leaf at a time', () => {
    const b = edit(motionFit, (s) => {
      s.eligibility = { type: 'all', id: 'ipp_gate', items: [{ type: 'compare', id: 'gate_ipp', metric: 'ipp_fit', op: '>=', value: 70 }, (s.eligibility as Requirement & { items: Requirement[] }).items[1]!] };
      s.exitRule = null;
    });
    expect(texts(diffOf(motionFit, b), 'requirements')).toEqual([
      'Eligibility gate: IPP fit score ≥ 60 pts → ≥ 70 pts',
      'Exit rule: none any more (was IPP fit score ≥ 30 pts or Sourced ARR (current year) > $0 or Completed implementations > 0 or Mutual customers > 0)',
    ]);
  });

  it('ladders: renamed, another motion, strict; added and removed', () => {
    const b = edit(asIs, (s) => {
      Object.assign(s.ladders[0]!, { name: 'Metals', motion: 'reseller', strict: true });
    });
    expect(texts(diffOf(asIs, b))).toEqual([
      'Ladder All partners renamed Metals',
      'Metals: now tiers the reseller motion (was every other motion)',
      'Metals: now strict (a partner must also meet every lower tier)',
    ]);
    const apps = byName('App-marketplace tiers').ladders[0]!;
    const c = edit(asIs, (s) => {
      s.ladders.push({ ...apps, tiers: apps.tiers.slice(0, 2) });
    });
    const d = diffOf(asIs, c);
    expect(texts(d, 'ladders')).toEqual(['New ladder App partners for the technology motion: App listed and Certified']);
    expect(texts(d, 'tiers')).toEqual([
      'New tier App listed in App partners at the entry level: no requirements',
      'New tier Certified in App partners at level 1: requires Active app installs ≥ 25 and App rating ≥ 4.0 and App reviews ≥ 15 and API active days (last 365) ≥ 90',
    ]);
    expect(texts(diffOf(c, asIs), 'ladders')).toEqual(['Ladder App partners (the technology motion) removed']);
  });

  it('tiers: renamed, moved, added, removed (each by its id)', () => {
    const b = edit(asIs, (s) => {
      const tiers = s.ladders[0]!.tiers;
      tierOf(s, 'gold').name = 'Gold Plus';
      tiers.shift(); // Bronze goes: every other tier moves one level down
      tiers.push({ id: 'diamond', name: 'Diamond', color: '#222222', description: '', requirement: { type: 'compare', id: 'diamond_arr', metric: 'lifetime_arr', op: '>=', value: 5_000_000 }, cap: null, benefits: [] });
      s.tierMapping = s.tierMapping.filter((m) => m.label !== 'Platinum');
    });
    const d = diffOf(asIs, b);
    expect(texts(d, 'tiers')).toEqual([
      'Silver: moved from level 1 to the entry level of All partners',
      'Gold renamed Gold Plus',
      'Gold Plus: moved from level 2 to level 1 of All partners',
      'Platinum: moved from level 3 to level 2 of All partners',
      'New tier Diamond in All partners at level 3: requires Lifetime sourced ARR ≥ $5,000,000',
      'Tier Bronze removed from All partners (was the entry level)',
    ]);
    expect(d.sections.find((s) => s.kind === 'tiers')!.changes[2]).toMatchObject({ key: 'tier:gold:position', subject: 'Gold Plus', from: 'All partners, level 2', to: 'All partners, level 1' });
    expect(texts(d, 'benefits')).toEqual(['Removed tier Bronze granted Portal access and deal registration']);
    expect(texts(d, 'mapping')).toEqual(['Today’s Platinum: no longer placed (was level 3)']);
  });

  it('a tier moved to another ladder', () => {
    const b = edit(motionFit, (s) => {
      const [resale, services] = s.ladders;
      services!.tiers.push(resale!.tiers.pop()!);
    });
    expect(texts(diffOf(motionFit, b), 'tiers')).toEqual(['Strategic: moved from Resale partners (level 3) to Services partners (level 4)']);
  });

  it('caps: set, changed, re-ranked, lifted', () => {
    const capped = edit(asIs, (s) => {
      tierOf(s, 'platinum').cap = { count: 10, rankBy: 'lifetime_arr', direction: 'desc' };
    });
    expect(texts(diffOf(asIs, capped))).toEqual(['Platinum: now at most 10 partners, the highest by Lifetime sourced ARR']);
    expect(texts(diffOf(capped, asIs))).toEqual(['Platinum: no cap any more (was at most 10 partners, the highest by Lifetime sourced ARR)']);
    const more = edit(capped, (s) => {
      tierOf(s, 'platinum').cap!.count = 25;
    });
    expect(texts(diffOf(capped, more))).toEqual(['Platinum: cap 10 partners → 25 partners']);
    const ranked = edit(capped, (s) => {
      tierOf(s, 'platinum').cap = { count: 1, rankBy: 'sourced_arr', direction: 'asc' };
    });
    expect(texts(diffOf(capped, ranked))).toEqual(['Platinum: cap now at most 1 partner, the lowest by Sourced ARR (current year) (was at most 10 partners, the highest by Lifetime sourced ARR)']);
  });

  it('tier benefits granted and withdrawn, benefit costs changed, added and removed', () => {
    const b = edit(asIs, (s) => {
      tierOf(s, 'gold').benefits = ['portal', 'assets', 'margin_5', 'mdf', 'exec_sponsor'];
      const mdf = s.benefits.find((x) => x.id === 'mdf')!;
      Object.assign(mdf, { mdf: 25_000, hours: 4.5, conflictType: null, category: 'economics' });
      Object.assign(s.benefits.find((x) => x.id === 'assets')!, { name: 'Brand kit', fixed: 1_500, marginPoints: 2 });
      s.benefits = s.benefits.filter((x) => x.id !== 'support_priority');
      s.benefits.push({ id: 'hotline', name: 'Support hotline', category: 'support', hours: 40, mdf: 2_000, fixed: 0, marginPoints: 0, conflictType: 'lead_routing' });
    });
    const d = diffOf(asIs, b);
    expect(texts(d, 'benefits')).toEqual(['Gold: now grants Executive sponsor', 'Gold: no longer grants Dedicated partner-manager time']);
    expect(texts(d, 'costs')).toEqual([
      'Benefit Marketing assets renamed Brand kit',
      'Brand kit: fixed cost per partner $0 → $1,500',
      'Brand kit: margin points 0 → 2',
      'MDF eligibility: category go-to-market → economics',
      'MDF eligibility: partner-manager hours per partner 4 h → 4.5 h',
      'MDF eligibility: MDF per partner $20,000 → $25,000',
      'MDF eligibility: conflict type MDF access → none',
      'New benefit Support hotline (support; 40 h and $2,000 MDF per partner per year; conflict type lead routing)',
      'Benefit Priority technical support removed',
    ]);
  });

  it('money reads in the list’s currency', () => {
    const euros = metrics.map((m) => (m.kind === 'currency' ? { ...m, unit: 'EUR' } : m));
    const b = edit(asIs, (s) => {
      s.assumptions.mdfBudget = 1_500_000;
      (tierOf(s, 'gold').requirement as Requirement & { value: number }).value = 750_000;
    });
    expect(texts(designDiff(asIs, b, euros))).toEqual(['Gold: Lifetime sourced ARR ≥ €500,000 → ≥ €750,000', 'MDF budget: €1,000,000 → €1,500,000']);
  });

  it('offsetting rules: switched on and off, added, removed, renamed, covering more', () => {
    const b = edit(asIs, (s) => {
      s.enabledRules = ['published_mdf_criteria', 'routing'];
      s.rules[0]!.name = 'Exclusivity for 90 days';
      s.rules[1]!.covers = ['margin_uplift', 'exclusivity'];
      s.rules = s.rules.filter((r) => r.id !== 'joint_business_plan');
      s.rules.push({ id: 'routing', name: 'Lead routing by territory', description: '', covers: ['lead_routing'] });
    });
    expect(texts(diffOf(asIs, b))).toEqual([
      'Offsetting rule Exclusivity time-boxed to 90 days renamed Exclusivity for 90 days',
      'Margin tied to deal complexity: now covers margin uplift and exclusivity (covered margin uplift)',
      'Published MDF criteria open to any tier: offsetting rule switched on',
      'New offsetting rule Lead routing by territory, covering lead routing, switched on',
      'Offsetting rule Joint business plan for every co-sell partner removed (was switched off)',
    ]);
    const off = edit(motionFit, (s) => {
      s.enabledRules = s.enabledRules.filter((id) => id !== 'published_mdf_criteria');
    });
    expect(texts(diffOf(motionFit, off))).toEqual(['Published MDF criteria open to any tier: offsetting rule switched off']);
  });

  it('today’s-tier mapping: placed elsewhere, newly placed, no tier; case and spaces are the same label', () => {
    const b = edit(asIs, (s) => {
      s.tierMapping = [
        { label: 'BRONZE', level: 0 },
        { label: 'Silver', level: null },
        { label: 'Gold', level: 1 },
        { label: 'Platinum', level: 3 },
        { label: 'Registered', level: 0 },
        { label: 'Legacy', level: null },
      ];
    });
    expect(texts(diffOf(asIs, b), 'mapping')).toEqual([
      'Today’s Silver: level 1 → no tier',
      'Today’s Gold: level 2 → level 1',
      'Today’s Registered: now placed on the entry level',
      'Today’s Legacy: now counted as having no tier',
    ]);
  });

  it('assumptions and policies', () => {
    const b = edit(asIs, (s) => {
      s.assumptions = { valueMetric: 'lifetime_arr', capacityHours: 8_000, mdfBudget: null, marginBudget: 9_500_000 };
      s.policies = { grandfatherQuarters: 2, maxDemotionLevels: 2, warningBandPct: 15, inflationAlertPct: null };
    });
    const d = diffOf(asIs, b);
    expect(texts(d, 'assumptions')).toEqual([
      'Value metric: Sourced ARR (current year) → Lifetime sourced ARR',
      'Partner-manager hours available: 6,000 h → 8,000 h',
      'MDF budget: $1,000,000 → not set',
      'Margin budget: $12,000,000 → $9,500,000',
    ]);
    expect(texts(d, 'policies')).toEqual(['Grandfathering: 0 quarters → 2 quarters', 'Demotion limit: no limit → 2 levels per cycle', 'Warning band: off → 15%', 'Tier-inflation alert: above 20% → off']);
    const c = edit(b, (s) => {
      s.policies.warningBandPct = 10;
    });
    expect(texts(diffOf(b, c))).toEqual(['Warning band: 15% → 10%']);
  });

  it('overrides: a count, the partners added, removed and pinned to another tier', () => {
    const a = edit(asIs, (s) => {
      s.overrides = [
        { partnerId: 'P-003', tierId: 'gold', reason: 'strategic account' },
        { partnerId: 'P-001', tierId: 'silver', reason: 'new market' },
        { partnerId: 'P-002', tierId: 'silver', reason: 'kept' },
      ];
    });
    const b = edit(asIs, (s) => {
      s.overrides = [
        { partnerId: 'P-002', tierId: 'silver', reason: 'kept, said otherwise' },
        { partnerId: 'P-003', tierId: 'platinum', reason: 'board decision' },
        { partnerId: 'P-004', tierId: 'gold', reason: 'acquired a gold partner' },
        { partnerId: 'P-005', tierId: 'bronze', reason: 'first pick' },
        { partnerId: 'P-005', tierId: 'silver', reason: 'the last one applies' },
      ];
    });
    const d = diffOf(a, b);
    expect(texts(d, 'overrides')).toEqual([
      'Overrides: 2 added, 1 removed and 1 pinned to another tier (3 → 4 in all)',
      'Partner P-001: no longer pinned to Silver',
      'Partner P-003: pinned to Platinum instead of Gold',
      'Partner P-004: pinned to Gold (acquired a gold partner)',
      'Partner P-005: pinned to Silver (the last one applies)',
    ]);
    expect(d.overrides).toEqual({
      a: 3,
      b: 4,
      added: [
        { partnerId: 'P-004', tier: 'Gold', reason: 'acquired a gold partner' },
        { partnerId: 'P-005', tier: 'Silver', reason: 'the last one applies' },
      ],
      removed: [{ partnerId: 'P-001', tier: 'Silver', reason: 'new market' }],
      changed: [{ partnerId: 'P-003', from: 'Gold', to: 'Platinum', reason: 'board decision' }],
    });
  });

  it('overrides: many are counted in full and the first 20 listed', () => {
    const b = edit(asIs, (s) => {
      s.overrides = Array.from({ length: 25 }, (_, i) => ({ partnerId: `P-${String(i).padStart(3, '0')}`, tierId: 'gold', reason: 'test' }));
    });
    const lines = texts(diffOf(asIs, b), 'overrides');
    expect(lines[0]).toBe('Overrides: 25 added (0 → 25 in all; the first 20 by partner ID follow)');
    expect(lines).toHaveLength(21);
    expect(lines.at(-1)).toBe('Partner P-019: pinned to Gold (test)');
    expect(diffOf(asIs, b).overrides.added).toHaveLength(25);
  });

  it('derived metrics: added, removed, renamed, another formula, kind or unit', () => {
    const b = edit(motionFit, (s) => {
      Object.assign(s.derivedMetrics[0]!, { label: 'ARR growth', formula: '(sourced_arr-sourced_arr_py)/sourced_arr', kind: 'number', unit: 'x' });
      s.derivedMetrics.push({ key: 'seats', label: 'Seats', kind: 'count', unit: null, formula: 'active_sellers + certified_consultants' });
    });
    expect(texts(diffOf(motionFit, b), 'derived')).toEqual([
      'Derived metric Sourced ARR growth renamed ARR growth',
      'ARR growth: formula (sourced_arr - sourced_arr_py) / sourced_arr_py → (sourced_arr-sourced_arr_py)/sourced_arr',
      'ARR growth: now a number (was a percentage)',
      'ARR growth: unit none → x',
      'New derived metric Seats = active_sellers + certified_consultants',
    ]);
    // spacing alone is the same formula
    const spaced = edit(motionFit, (s) => {
      s.derivedMetrics[0]!.formula = '(sourced_arr-sourced_arr_py)/sourced_arr_py';
    });
    expect(diffOf(motionFit, spaced).same).toBe(true);
    expect(texts(diffOf(b, motionFit), 'derived')).toContain('Derived metric Seats removed');
  });

  it('a requirement reads with each side’s derived metrics', () => {
    const b = edit(motionFit, (s) => {
      s.derivedMetrics[0]!.label = 'Growth';
      tierOf(s, 'selling').requirement = { type: 'compare', id: 'selling_growth', metric: 'arr_growth', op: '>=', value: 0.1 };
    });
    expect(texts(diffOf(motionFit, b), 'requirements')).toEqual([
      'Selling: now requires Growth ≥ 10% (was Sourced ARR (current year) ≥ $50,000 and Active sellers ≥ 3)',
    ]);
  });

  it('every part of a design can change, and the diff is plain JSON', () => {
    const b = edit(motionFit, (s) => {
      s.baseline = true;
      s.ladders[0]!.strict = true;
      tierOf(s, 'registered').name = 'Member';
      (tierOf(s, 'selling').requirement as Requirement & { items: Requirement[] }).items.pop();
      tierOf(s, 'strategic').cap!.count = 5;
      tierOf(s, 'listed').benefits.push('docs');
      s.benefits[0]!.hours = 2;
      s.enabledRules = [];
      s.tierMapping[0]!.level = null;
      s.assumptions.capacityHours = null;
      s.policies.grandfatherQuarters = 0;
      s.overrides = [{ partnerId: 'P-1', tierId: 'strategic', reason: 'test' }];
      s.derivedMetrics = [];
    });
    const d = diffOf(motionFit, b);
    expect(d.sections.map((s) => s.kind)).toEqual([...DESIGN_DIFF_KINDS]);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
    expect(diffOf(motionFit, b)).toEqual(d); // deterministic
    const keys = d.sections.flatMap((s) => s.changes.map((c) => c.key));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

// ---------------------------------------------------------------------------------------
// diff(a, b) and diff(b, a) are mirror images

type Edit = (s: Scenario, k: number) => void;
const threshold = (r: Requirement | null, k: number) => {
  if (r?.type === 'compare' && r.value !== undefined) r.value = r.value * (1 + k / 4);
  if (r && (r.type === 'all' || r.type === 'any')) r.items.forEach((i) => threshold(i, k));
};
const EDITS: Edit[] = [
  (s, k) => s.ladders.forEach((l) => l.tiers.forEach((t, i) => i % 2 === k % 2 && threshold(t.requirement, k))),
  (s, k) => s.ladders[k % s.ladders.length]!.tiers.splice(1, 1),
  (s, k) => (s.ladders[k % s.ladders.length]!.tiers[0]!.name = `Entry ${k}`),
  (s) => s.ladders.forEach((l) => (l.strict = !l.strict)),
  (s, k) => (s.ladders.at(-1)!.tiers.at(-1)!.cap = k % 3 === 0 ? null : { count: k, rankBy: 'sourced_arr', direction: k % 2 ? 'asc' : 'desc' }),
  (s, k) => s.ladders.forEach((l) => l.tiers.forEach((t) => (t.benefits = t.benefits.filter((_, i) => i % 3 !== k % 3)))),
  (s, k) => (s.benefits[k % s.benefits.length]!.hours += k),
  (s, k) => (s.enabledRules = s.rules.filter((_, i) => (i + k) % 2 === 0).map((r) => r.id)),
  (s, k) => s.tierMapping.forEach((m, i) => (m.level = i === k % 4 ? null : Math.min(m.level ?? 0, 1))),
  (s, k) => (s.assumptions.mdfBudget = k % 2 ? null : k * 1000),
  (s, k) => Object.assign(s.policies, { warningBandPct: k % 3 ? k : null, maxDemotionLevels: k % 2 ? 1 : null }),
  (s, k) => (s.overrides = Array.from({ length: k % 4 }, (_, i) => ({ partnerId: `P-${(i * k) % 5}`, tierId: s.ladders[0]!.tiers.at(i % 2 ? -1 : 0)!.id, reason: 'r' }))),
  (s, k) => (s.derivedMetrics = k % 2 ? [{ key: 'extra', label: 'Extra', kind: 'count', unit: null, formula: `active_sellers * ${k}` }] : []),
  (s) => (s.baseline = !s.baseline),
  (s, k) => (s.eligibility = k % 2 ? null : { type: 'compare', id: 'gate', metric: 'ipp_fit', op: '>=', value: 10 * k }),
];

const edited = (base: Scenario, picks: [number, number][]) =>
  edit(base, (s) => {
    for (const [e, k] of picks) EDITS[e]!(s, k);
    // an override of a tier a later edit took out goes with it
    const tiers = new Set(s.ladders.flatMap((l) => l.tiers.map((t) => t.id)));
    s.overrides = s.overrides.filter((o) => tiers.has(o.tierId));
  });

describe('design diff, both ways', () => {
  it('diff(b, a) holds the same changes as diff(a, b), each read the other way round', () => {
    const pick = fc.array(fc.tuple(fc.integer({ min: 0, max: EDITS.length - 1 }), fc.integer({ min: 1, max: 6 })), { maxLength: 6 });
    fc.assert(
      fc.property(fc.constantFrom(...examples), pick, pick, (base, left, right) => {
        const a = edited(base, left);
        const b = edited(base, right);
        const ab = diffOf(a, b);
        const ba = diffOf(b, a);
        expect(ba.same).toBe(ab.same);
        expect(ba.count).toBe(ab.count);
        const facts = (d: DesignDiff, flip: boolean) =>
          d.sections.flatMap((s) => s.changes.map((c) => JSON.stringify([s.kind, c.key, flip ? (c.to ?? null) : (c.from ?? null), flip ? (c.from ?? null) : (c.to ?? null)]))).sort();
        expect(facts(ba, true)).toEqual(facts(ab, false));
        expect(ba.overrides).toEqual({
          a: ab.overrides.b,
          b: ab.overrides.a,
          added: ab.overrides.removed,
          removed: ab.overrides.added,
          changed: ab.overrides.changed.map((m) => ({ ...m, from: m.to, to: m.from, reason: ba.overrides.changed.find((x) => x.partnerId === m.partnerId)!.reason })),
        });
        if (JSON.stringify(left) === JSON.stringify(right)) expect(ab.same).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
