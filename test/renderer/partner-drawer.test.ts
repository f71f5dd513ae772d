import { describe, expect, it } from 'vitest';
import { rolloutText } from '../../renderer/src/features/partners/PartnerDrawer';

describe("the partner drawer's rollout line", () => {
  it.each([
    ['warned', 'Selling', 'warned, not demoted: stays on Selling this cycle'],
    ['limited', 'Specialist', 'demotion limited: goes to Specialist this cycle'],
    ['grandfathered', null, "grandfathered: placed on no tier, keeps its previous tier's benefits for the grace period"],
    ['normal', 'Selling', ''],
  ] as const)('%s on %s', (state, tier, text) => {
    expect(rolloutText({ rollout: { state, tier, limited: false } })).toBe(text);
  });

  it('a limited demotion in grace says both', () => {
    expect(rolloutText({ rollout: { state: 'grandfathered', tier: 'Selling', limited: true } })).toBe(
      "demotion limited, then grandfathered: placed on Selling, keeps its previous tier's benefits for the grace period",
    );
  });
});
