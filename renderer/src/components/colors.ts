/**
 * Tier colours a reader can tell apart at a glance: how far apart two colours look, the
 * palette by level, the colours of metal-named tiers, and the rule every chart of tiers
 * follows (each tier keeps its ladder's colour where it is distinct from the others in the
 * same chart, and otherwise takes one from the palette of its level). Pure.
 *
 * "Too close" is a CIEDE2000 colour difference (ΔE00, on CIELAB from sRGB under D65) below
 * 10: about where two swatches stop reading as different colours at a glance and start
 * reading as two shades of one (1–2 is the smallest difference most people notice side by
 * side). ΔE00 rather than a distance in RGB because RGB exaggerates differences between
 * blues and greys and understates them between greens.
 */
import { differenceCiede2000, parse } from 'culori';
import type { LadderInfo } from '../../../shared/engine';

/** The colour of partners in no tier: stacks, lines and swatches. */
export const UNTIERED_COLOR = '#b8c0cc';

/** Below this ΔE00 two colours are too close to tell apart at a glance. */
export const TOO_CLOSE = 10;

type Triple = [number, number, number];

// culori's CIEDE2000 (Sharma, Wu and Dalal's formulation) rather than our own: a well-kept
// implementation of a formula that is easy to get subtly wrong (its hue terms)
const ciede2000 = differenceCiede2000();

/** CIEDE2000 between two CIELAB (D65) colours given as [L, a, b]. */
export function deltaE00([l1, a1, b1]: Triple, [l2, a2, b2]: Triple): number {
  return ciede2000({ mode: 'lab65', l: l1, a: a1, b: b1 }, { mode: 'lab65', l: l2, a: a2, b: b2 });
}

/**
 * How different two colours look: ΔE00, 0 for the same colour. Any CSS colour parses
 * ("#abc", "#aabbcc", "red"); one that does not is only ever the same as itself: 0 when
 * the texts match, Infinity otherwise.
 */
export function colorDistance(a: string, b: string): number {
  const pa = parse(a.trim());
  const pb = parse(b.trim());
  if (!pa || !pb) return a.trim().toLowerCase() === b.trim().toLowerCase() ? 0 : Infinity;
  return ciede2000(pa, pb);
}

/** Two colours a reader cannot tell apart at a glance (the same colour included). */
export function tooClose(a: string, b: string): boolean {
  return colorDistance(a, b) < TOO_CLOSE;
}

/**
 * The palette by level: one family of shades per level (entry first; a level past the
 * last family starts again at the first), its first shade the level's own colour. The
 * families follow the hues the editor has always given tiers by level (grey, blue, green,
 * violet, amber …); the entry family's greys are darker or warmer than the untiered grey.
 */
export const LEVEL_PALETTE: readonly (readonly string[])[] = [
  ['#64748b', '#334155', '#a8a29e', '#78716c'],
  ['#3b82f6', '#1e40af', '#93c5fd'],
  ['#10b981', '#047857', '#6ee7b7'],
  ['#8b5cf6', '#5b21b6', '#c4b5fd'],
  ['#f59e0b', '#b45309', '#fcd34d'],
  ['#ec4899', '#9d174d', '#f9a8d4'],
  ['#06b6d4', '#0e7490', '#67e8f9'],
  ['#ef4444', '#991b1b', '#fca5a5'],
  ['#84cc16', '#4d7c0f', '#bef264'],
  ['#d946ef', '#86198f', '#f0abfc'],
  ['#f97316', '#9a3412', '#fdba74'],
  ['#14b8a6', '#115e59', '#5eead4'],
];

/** The family of shades of `level` (negative levels read as entry). */
export function levelFamily(level: number): readonly string[] {
  const n = LEVEL_PALETTE.length;
  return LEVEL_PALETTE[Math.max(0, Math.trunc(level)) % n]!;
}

/** The colour of `level`: its family's first shade. */
export function levelColor(level: number): string {
  return levelFamily(level)[0]!;
}

/**
 * Metal names and their colours (the first the colour, the next for a second tier of the
 * same metal in one chart). Silver is darker than the untiered grey so the two never meet.
 */
export const METAL_COLORS: Readonly<Record<string, readonly string[]>> = {
  bronze: ['#b87333', '#7c4a1e'],
  silver: ['#8a96a3', '#5f6b78'],
  gold: ['#e0b43c', '#a87f12'],
  platinum: ['#4a5b78', '#2c3850'],
  diamond: ['#38bdf8', '#0284c7'],
};

/** The metal a tier's name says ("Gold", "gold partner", "Platinum+" → that metal), or null. */
export function metalOf(name: string): string | null {
  for (const word of name.toLowerCase().split(/[^a-z]+/)) if (word in METAL_COLORS) return word;
  return null;
}

/** The colour of the metal a tier's name says, or null. */
export function metalColor(name: string): string | null {
  const metal = metalOf(name);
  return metal === null ? null : METAL_COLORS[metal]![0]!;
}

/** The colours the editor has handed out without being asked (before metal names and the palette by level). */
const EARLIER_DEFAULTS = ['#94a3b8', '#60a5fa', '#34d399', '#a78bfa', '#f59e0b', '#f472b6', '#22d3ee', '#fb7185', '#84cc16', '#c084fc', '#facc15', '#2dd4bf', '#a8b2bd', '#5b8def'];
const AUTOMATIC = new Set([...EARLIER_DEFAULTS, ...LEVEL_PALETTE.flat(), ...Object.values(METAL_COLORS).flat()].map((c) => c.toLowerCase()));

/** A colour the app picks by itself (palette, metal), as opposed to one a person chose. */
export function isAutomaticColor(color: string): boolean {
  return AUTOMATIC.has(color.trim().toLowerCase());
}

/**
 * A tier's colour once it is renamed: the new name's metal colour when it has one and the
 * colour was the app's own pick; otherwise the colour as it is (a colour a person chose is kept).
 */
export function colorAfterRename(color: string, newName: string): string {
  const metal = metalColor(newName);
  return metal !== null && isAutomaticColor(color) ? metal : color;
}

/** The candidates in order of `preferred`, then every palette colour by level from `level` on, distinct from `taken`; if none is, the farthest. */
function pick(preferred: readonly string[], level: number, taken: readonly string[]): string {
  const n = LEVEL_PALETTE.length;
  const start = Math.max(0, Math.trunc(level)) % n;
  const candidates = [...preferred, ...Array.from({ length: n }, (_, i) => LEVEL_PALETTE[(start + i) % n]!).flat()];
  const nearest = (c: string) => Math.min(Infinity, ...taken.map((t) => colorDistance(c, t)));
  let best = candidates[0]!;
  let bestDistance = -1;
  for (const c of candidates) {
    const d = nearest(c);
    if (d >= TOO_CLOSE) return c;
    if (d > bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** The colour of a new tier at `level` named `name`: its metal's colour, else its level's, else another distinct from `taken` (the ladder's colours). */
export function newTierColor(level: number, name: string, taken: readonly string[]): string {
  const metal = metalOf(name);
  return pick(metal === null ? [] : METAL_COLORS[metal]!, level, taken);
}

/** A series of a chart that wants a colour: its own (the ladder's), its level, its name. */
export interface ColorRequest {
  key: string;
  color: string;
  /** its tier's level, 0 the entry tier */
  level: number;
  /** its tier's name (a metal name prefers the metal's shades) */
  name?: string;
}

/**
 * One colour per series of a chart, every two of them (and each against `reserved`, e.g.
 * the untiered grey) at least TOO_CLOSE apart where the palette allows. The rule: in the
 * order given, each series keeps its own colour when that is distinct from the reserved
 * colours and from every own colour kept before it; the others then take, in order, the
 * first of their metal's shades, their level's shades, then the following levels' that is
 * distinct from everything taken (if none is, the farthest). A key given twice takes its first colour.
 */
export function distinctColors(requests: readonly ColorRequest[], reserved: readonly string[] = []): Map<string, string> {
  const result = new Map<string, string>();
  const taken = [...reserved];
  const unique = requests.filter((r, i) => requests.findIndex((o) => o.key === r.key) === i);
  for (const r of unique) {
    if (taken.every((t) => !tooClose(r.color, t))) {
      result.set(r.key, r.color);
      taken.push(r.color);
    }
  }
  for (const r of unique) {
    if (result.has(r.key)) continue;
    const metal = r.name === undefined ? null : metalOf(r.name);
    const color = pick(metal === null ? [] : METAL_COLORS[metal]!, r.level, taken);
    result.set(r.key, color);
    taken.push(color);
  }
  // in the order asked
  return new Map(unique.map((r) => [r.key, result.get(r.key)!]));
}

/** Two tiers of a ladder whose colours cannot be told apart: their indexes, and whether the colours are the very same. */
export interface CloseColors {
  a: number;
  b: number;
  same: boolean;
}

/** Every pair of tiers (lowest first) whose colours are the same or too close. */
export function closeColorPairs(tiers: readonly { color: string }[]): CloseColors[] {
  const pairs: CloseColors[] = [];
  tiers.forEach((t, a) => {
    for (let b = a + 1; b < tiers.length; b += 1) {
      const d = colorDistance(t.color, tiers[b]!.color);
      if (d < TOO_CLOSE) pairs.push({ a, b, same: d === 0 });
    }
  });
  return pairs;
}

/** The key of a tier in a chart's colours. */
export const tierKey = (ladderId: string, tierId: string) => `${ladderId}/${tierId}`;

/**
 * The colour of every tier of `ladders` in one chart (key `tierKey`): each its ladder's own
 * colour where that is distinct from the others and from `reserved` (the untiered grey …),
 * otherwise one of the palette by level (`distinctColors`).
 */
export function chartTierColors(ladders: readonly LadderInfo[], reserved: readonly string[] = [UNTIERED_COLOR]): Map<string, string> {
  return distinctColors(
    ladders.flatMap((l) => l.tiers.map((t, level) => ({ key: tierKey(l.id, t.id), color: t.color, level, name: t.name }))),
    reserved,
  );
}

/** A tier's colour in a chart's colours; the untiered colour for no tier or an unknown one. */
export function tierColor(colors: ReadonlyMap<string, string>, ladderId: string | null, tierId: string | null): string {
  if (ladderId === null || tierId === null) return UNTIERED_COLOR;
  return colors.get(tierKey(ladderId, tierId)) ?? UNTIERED_COLOR;
}
