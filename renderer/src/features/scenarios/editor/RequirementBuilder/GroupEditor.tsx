/**
 * The requirement builder's groups (DESIGN D4): an "all of" / "any of" group with its items,
 * its all ↔ any switch and its add buttons, and `NodeEditor`, which picks the editor of a
 * node (group, comparison or points leaf).
 */
import type { Requirement } from '../../../../../../shared/model/scenario';
import { MAX_DEPTH, MAX_ITEMS, type RequirementGroup, type RequirementPath } from '../../../../lib/requirement-edit';
import { ComparisonEditor } from './ComparisonEditor';
import { NodeTools, Plus } from './controls';
import { PointsEditor } from './PointsEditor';
import { keysOf, pathText, type Ctx, type Place } from './tree';

export function NodeEditor({ node, path, ctx, place }: { node: Requirement; path: RequirementPath; ctx: Ctx; place: Place | null }) {
  if (node.type === 'compare') return <ComparisonEditor node={node} path={path} ctx={ctx} place={place} />;
  if (node.type === 'points') return <PointsEditor node={node} path={path} ctx={ctx} place={place} />;
  return <GroupEditor node={node} path={path} ctx={ctx} place={place} />;
}

function GroupEditor({ node, path, ctx, place }: { node: RequirementGroup; path: RequirementPath; ctx: Ctx; place: Place | null }) {
  const root = place === null;
  const name = root ? ctx.label : `group ${pathText(path)}`;
  const keys = keysOf(node.items);
  const full = node.items.length >= MAX_ITEMS;
  const noMetrics = ctx.metrics.length === 0;
  const canNest = path.length + 3 <= MAX_DEPTH;
  const addLabel = (what: string) => (root ? undefined : `${what} to ${name}`);
  return (
    <div className={`rb-group rb-${node.type}`} role={root ? undefined : 'group'} aria-label={root ? undefined : name}>
      <div className="rb-head">
        <select
          aria-label={`Match all or any for ${name}`}
          value={node.type}
          ref={ctx.focusRef(node.id, 'first')}
          onChange={(e) => ctx.setType(path, e.target.value === 'any' ? 'any' : 'all')}
        >
          <option value="all">all of</option>
          <option value="any">any of</option>
        </select>
        <span className="rb-muted">{node.items.length === 0 ? 'nothing yet (an empty group requires nothing)' : node.type === 'all' ? 'these must hold' : 'at least one must hold'}</span>
        <NodeTools id={node.id} name={name} path={path} ctx={ctx} place={place} leaf={false} />
      </div>
      {node.items.length > 0 && (
        <ol className="rb-items">
          {node.items.map((item, i) => (
            <li key={keys[i]} className="rb-item">
              <NodeEditor node={item} path={[...path, i]} ctx={ctx} place={{ index: i, count: node.items.length, parentType: node.type }} />
            </li>
          ))}
        </ol>
      )}
      <div className="rb-actions">
        <button type="button" className="rb-small" aria-label={addLabel('Add condition')} disabled={full || noMetrics} onClick={() => ctx.add(path, 'condition')}>
          <Plus />
          Add condition
        </button>
        {canNest && (
          <button type="button" className="rb-small" aria-label={addLabel('Add group')} disabled={full} onClick={() => ctx.add(path, 'group')}>
            <Plus />
            Add group
          </button>
        )}
        <button type="button" className="rb-small" aria-label={addLabel('Add points')} disabled={full || noMetrics} onClick={() => ctx.add(path, 'points')}>
          <Plus />
          Add points
        </button>
      </div>
    </div>
  );
}
