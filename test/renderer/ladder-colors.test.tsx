// @vitest-environment happy-dom
/** The ladder editor's tier colours (issue 20): metal names, new tiers, and the warning when two tiers look alike. */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { levelColor, METAL_COLORS, tooClose, UNTIERED_COLOR } from '../../renderer/src/components/colors';
import { addTier, LadderEditor, lookAlikeText, renameTier } from '../../renderer/src/features/scenarios/editor/LadderEditor';
import type { Ladder, Scenario } from '../../shared/model/scenario';
import { exampleScenarios } from '../../scenarios/examples';

afterEach(cleanup);

const metals = (): Scenario => exampleScenarios().find((s) => s.name.startsWith('As is'))!;

describe('tier colours in the ladder editor', () => {
  it('a new tier: its level’s colour, never one of the ladder’s or the untiered grey', () => {
    const ladder: Ladder = { ...metals().ladders[0]!, tiers: metals().ladders[0]!.tiers.slice(0, 2) };
    const next = addTier(ladder);
    const tier = next.tiers[2]!;
    expect(tier.name).toBe('Tier 3');
    expect(tier.color).toBe(levelColor(2));
    for (const c of [UNTIERED_COLOR, ...ladder.tiers.map((t) => t.color)]) expect(tooClose(tier.color, c)).toBe(false);
    // a ladder already holding the level's colour: another
    const crowded = addTier({ ...ladder, tiers: [ladder.tiers[0]!, { ...ladder.tiers[1]!, color: levelColor(2) }] });
    expect(crowded.tiers[2]!.color).not.toBe(levelColor(2));
    expect(tooClose(crowded.tiers[2]!.color, levelColor(2))).toBe(false);
  });

  it('renamed to a metal: the metal’s colour if the colour was the app’s, kept if chosen', () => {
    const tier = addTier(metals().ladders[0]!).tiers[4]!;
    expect(renameTier(tier, 'Diamond')).toMatchObject({ name: 'Diamond', color: METAL_COLORS.diamond![0] });
    expect(renameTier({ ...tier, color: '#123456' }, 'Diamond').color).toBe('#123456');
    expect(renameTier(tier, 'Elite').color).toBe(tier.color);
  });

  it('says which tiers share a colour or look alike', () => {
    expect(lookAlikeText(metals().ladders[0]!.tiers)).toBeNull();
    expect(
      lookAlikeText([
        { name: 'Bronze', color: '#b87333' },
        { name: 'Silver', color: '#a8b2bd' },
        { name: 'Gold', color: '#b87333' },
        { name: 'Platinum', color: '#94a3b8' },
      ]),
    ).toBe('Bronze and Gold share a colour; Silver and Platinum have colours too close to tell apart. Charts draw one of each pair in another colour; give the tiers distinct colours to choose which.');
  });

  it('the editor warns above the tiers, and typing a metal name recolours a tier', () => {
    const initial = metals();
    const calls: Scenario[] = [];
    function Host() {
      const [scenario, setScenario] = useState(initial);
      return (
        <LadderEditor
          scenario={scenario}
          metrics={[]}
          motions={[]}
          onChange={(next) => {
            calls.push(next);
            setScenario(next);
          }}
        />
      );
    }
    render(<Host />);
    const ladder = initial.ladders[0]!;
    expect(screen.queryByTestId(`look-alike-${ladder.id}`)).toBeNull();
    // Platinum painted like Silver
    fireEvent.change(screen.getByLabelText(`Colour of Platinum (${ladder.name})`), { target: { value: '#a8b2bd' } });
    expect(screen.getByTestId(`look-alike-${ladder.id}`).textContent).toMatch(/^Silver and Platinum share a colour/);
    // a new tier, renamed "Diamond": the diamond colour; the warning stays about Silver and Platinum only
    fireEvent.click(screen.getByRole('button', { name: `Add tier to ${ladder.name}` }));
    fireEvent.change(screen.getByLabelText(`Name of tier Tier 5 (${ladder.name})`), { target: { value: 'Diamond' } });
    const last = calls.at(-1)!.ladders[0]!.tiers;
    expect(last[4]).toMatchObject({ name: 'Diamond', color: METAL_COLORS.diamond![0] });
    expect(screen.getByTestId(`look-alike-${ladder.id}`).textContent).toMatch(/^Silver and Platinum share a colour\./);
  });
});
