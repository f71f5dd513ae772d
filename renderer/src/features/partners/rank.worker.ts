/**
 * Ranks a partner list's identity field off the page's thread (issue 23): the grid's name and
 * ID columns are ranked as soon as a list comes, and at 1M partners that is a second or more
 * of work the page would otherwise do between its frames. The field arrives packed, as the
 * workspace sent it (shared/model/packed-text.ts); it is unpacked here exactly as the page
 * unpacks it, so the ranks are those `rankColumn` gives on the page's own list.
 */
import { unpackTexts } from '../../../../shared/model/packed-text';
import { rankColumn } from './grid-sort';
import type { RankAnswer, RankRequest } from './rank-client';

const scope = globalThis as unknown as { onmessage: ((e: MessageEvent<RankRequest>) => void) | null; postMessage(message: RankAnswer, transfer: Transferable[]): void };

scope.onmessage = (e) => {
  const { id, packed } = e.data;
  try {
    const ranking = rankColumn(unpackTexts(packed));
    let step = ranking.next();
    while (!step.done) step = ranking.next();
    const ranks = step.value;
    if (ranks.ranks) scope.postMessage({ id, ranks: ranks.ranks, top: ranks.top }, [ranks.ranks.buffer]);
    else scope.postMessage({ id, error: 'the column has no order' }, []);
  } catch (error) {
    scope.postMessage({ id, error: (error as Error).message }, []);
  }
};
