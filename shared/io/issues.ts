/** The issues of an import's check (DESIGN D9.3), grouped by kind, with a few examples each. */
import type { IssueExample, IssueGroup, IssueKind, Severity } from './types';

/** Examples kept per kind of issue. */
const MAX_EXAMPLES = 5;

const SEVERITY: Record<IssueKind, Severity> = {
  missing_name: 'error',
  duplicate_id: 'error',
  unparseable: 'error',
  missing_id: 'warning',
  unknown_motion: 'warning',
  missing_motion: 'warning',
  mixed_kinds: 'warning',
  empty_row: 'info',
  summary_row: 'info',
};
const KIND_ORDER: IssueKind[] = ['missing_name', 'duplicate_id', 'unparseable', 'missing_id', 'missing_motion', 'unknown_motion', 'mixed_kinds', 'empty_row', 'summary_row'];

/** Issues by kind, counted, with the first MAX_EXAMPLES examples of each. */
export class IssueCollector {
  private readonly groups = new Map<IssueKind, IssueGroup>();
  errorCount = 0;
  warningCount = 0;

  add(kind: IssueKind, example: IssueExample): void {
    let group = this.groups.get(kind);
    if (!group) {
      group = { kind, severity: SEVERITY[kind], count: 0, examples: [] };
      this.groups.set(kind, group);
    }
    group.count += 1;
    if (group.examples.length < MAX_EXAMPLES) group.examples.push(example);
    if (group.severity === 'error') this.errorCount += 1;
    else if (group.severity === 'warning') this.warningCount += 1;
  }

  /**
   * Takes in `other`'s issues as if each had been added here, after this one's: the counts
   * summed, a kind's examples in order up to the limit (the import's row check collects its
   * own while the metric cells are read elsewhere; the kinds of the two never meet).
   */
  merge(other: IssueCollector): void {
    for (const [kind, group] of other.groups) {
      const mine = this.groups.get(kind);
      if (!mine) {
        this.groups.set(kind, { ...group, examples: [...group.examples] });
        continue;
      }
      mine.count += group.count;
      for (const example of group.examples) if (mine.examples.length < MAX_EXAMPLES) mine.examples.push(example);
    }
    this.errorCount += other.errorCount;
    this.warningCount += other.warningCount;
  }

  list(): IssueGroup[] {
    return KIND_ORDER.flatMap((k) => (this.groups.has(k) ? [this.groups.get(k)!] : []));
  }
}
