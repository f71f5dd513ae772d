/** Small pieces shared by the sections of the outcome panel. */
import type { LadderInfo } from '../../../../shared/engine';
import { formatShare } from '../../../../shared/model/format';
import { chartTierColors, tierColor, UNTIERED_COLOR } from '../colors';

export type SelectTier = (ladderId: string, tierId: string | null) => void;

/** "13 of 19 (68.4%)"; "none" when there is nothing to count. */
export function ofTotal(part: number, total: number, format: (n: number) => string): string {
  if (total === 0) return 'none';
  return `${format(part)} of ${format(total)} (${formatShare(part / total)})`;
}

export interface TierInfo {
  ladderId: string;
  ladderName: string;
  tierId: string;
  name: string;
  color: string;
}

export interface TierIndex {
  ladderName(ladderId: string): string;
  tier(ladderId: string, tierId: string): TierInfo | undefined;
  /** more than one ladder: names alone may be ambiguous */
  several: boolean;
}

/** The tiers of an outcome's ladders, each in the colour its chart draws it (so a swatch matches its bar). */
export function tierIndex(ladders: readonly LadderInfo[]): TierIndex {
  const ladderNames = new Map(ladders.map((l) => [l.id, l.name]));
  const colors = chartTierColors(ladders);
  const tiers = new Map<string, TierInfo>();
  for (const l of ladders) {
    for (const t of l.tiers) tiers.set(`${l.id}\u0000${t.id}`, { ladderId: l.id, ladderName: l.name, tierId: t.id, name: t.name, color: tierColor(colors, l.id, t.id) });
  }
  return {
    ladderName: (id) => ladderNames.get(id) ?? id,
    tier: (ladderId, tierId) => tiers.get(`${ladderId}\u0000${tierId}`),
    several: ladders.length > 1,
  };
}

export function Swatch({ color }: { color: string }) {
  return <span className="op-swatch" style={{ background: color }} aria-hidden="true" />;
}

/** A tier's name with its colour; the ladder's name when several ladders could share a tier name. */
export function TierLabel({ name, color, ladderName, showLadder }: { name: string; color: string; ladderName?: string | undefined; showLadder?: boolean }) {
  return (
    <span className="op-tier" title={ladderName ? `${name} (${ladderName})` : name}>
      <Swatch color={color} />
      <span className="op-tier-name">{name}</span>
      {showLadder && ladderName && <span className="op-muted op-ladder-name"> · {ladderName}</span>}
    </span>
  );
}

/**
 * "Go to tier" (or "Go to ladder" when only a ladder is named) for anything that names a
 * place in the scenario. Nothing when it names none or no one listens.
 */
export function GoTo({ ladderId, tierId, index, onSelectTier }: { ladderId?: string | undefined; tierId?: string | undefined; index: TierIndex; onSelectTier?: SelectTier | undefined }) {
  if (!onSelectTier || !ladderId) return null;
  if (tierId) {
    const name = index.tier(ladderId, tierId)?.name ?? tierId;
    return (
      <button type="button" className="op-goto" onClick={() => onSelectTier(ladderId, tierId)}>
        Go to tier<span className="op-sr"> {name}</span>
      </button>
    );
  }
  return (
    <button type="button" className="op-goto" onClick={() => onSelectTier(ladderId, null)}>
      Go to ladder<span className="op-sr"> {index.ladderName(ladderId)}</span>
    </button>
  );
}

/** A table's header row: the row-label column, then right-aligned number columns. */
export function TableHead({ first, numbers }: { first: string; numbers: readonly string[] }) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {numbers.map((label) => (
          <th key={label} scope="col" className="op-num">
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** A row of a per-tier table: a tier of a ladder, or the untiered partners. */
export interface TierRow {
  ladderId: string | null;
  tierId: string | null;
  tier: string | null;
}

/** The row's tier with its swatch (and its ladder's name when `showLadder`). */
export function rowLabel(row: TierRow, index: TierIndex, showLadder = false) {
  const info = row.ladderId !== null && row.tierId !== null ? index.tier(row.ladderId, row.tierId) : undefined;
  return <TierLabel name={row.tier ?? 'Untiered'} color={info?.color ?? UNTIERED_COLOR} ladderName={info?.ladderName} showLadder={showLadder} />;
}

export function rowKey(row: TierRow): string {
  return `${row.ladderId ?? ''}/${row.tierId ?? 'untiered'}`;
}
