// @vitest-environment happy-dom
/**
 * The partners grid filters beside ag-grid (renderer/src/features/partners/grid-view.ts with
 * grid-filter.ts), since its Infinite row model leaves filtering to us. They must keep the
 * partners ag-grid's client-side row model kept with the same columns: its Text and Number
 * column filters (one condition or two joined by AND / OR), its quick filter over every
 * column, hidden ones included (a metric by the text its cell shows), and the scenario's
 * filters (external) — all at once, on random lists and models, in the list's order.
 */
import fc from 'fast-check';
import {
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  createGrid,
  ExternalFilterModule,
  ModuleRegistry,
  NumberFilterModule,
  QuickFilterModule,
  TextFilterModule,
  TooltipModule,
  type ColDef,
  type FilterModel,
} from 'ag-grid-community';
import { afterAll, describe, expect, it } from 'vitest';
import type { MetricDef } from '../../shared/model/workspace';
import { columnDefsFor, gridRow, partnerTable, searchAlphabet, type ColumnContext, type GridRow, type PartnerTable } from '../../renderer/src/features/partners/columns';
import { formatMetricValue } from '../../shared/model/format';
import { columnFilterTest } from '../../renderer/src/features/partners/grid-filter';
import { GridView } from '../../renderer/src/features/partners/grid-view';

ModuleRegistry.registerModules([ClientSideRowModelModule, ClientSideRowModelApiModule, TextFilterModule, NumberFilterModule, QuickFilterModule, ExternalFilterModule, CellStyleModule, TooltipModule]);

const metrics: MetricDef[] = [
  { key: 'arr', label: 'ARR', kind: 'currency', unit: 'USD' },
  { key: 'certs', label: 'Certifications', kind: 'count', unit: null },
  { key: 'csat', label: 'CSAT', kind: 'percent', unit: null },
] as MetricDef[];

const words = ['acme', 'Acme', 'ACME Corp', 'globex', 'Gold', 'gold', 'EMEA', 'emea ', ' ', '', 'Ann', 'Zoë', 'co'];
const text = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...words) }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) });
const maybeText = fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: fc.constant(null) });
const number = fc.oneof(fc.constantFrom(Number.NaN, 0, -0, 1, 2, 5, 10, 0.5, -3, 1_250_000), fc.integer({ min: -2, max: 6 }));

const list = fc.integer({ min: 0, max: 60 }).chain((n) =>
  fc.record({
    name: fc.array(text, { minLength: n, maxLength: n }),
    motion: fc.array(fc.constantFrom('reseller', 'services', 'Reseller'), { minLength: n, maxLength: n }),
    currentTier: fc.array(maybeText, { minLength: n, maxLength: n }),
    region: fc.array(maybeText, { minLength: n, maxLength: n }),
    segment: fc.array(maybeText, { minLength: n, maxLength: n }),
    owner: fc.array(maybeText, { minLength: n, maxLength: n }),
    values: fc.array(fc.array(number, { minLength: n, maxLength: n }), { minLength: metrics.length, maxLength: metrics.length }),
    keep: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
  }),
);

const textCondition = fc.record({
  filterType: fc.constant('text'),
  type: fc.constantFrom('contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith', 'blank', 'notBlank'),
  filter: fc.oneof(text, fc.constant(undefined)),
});
const numberCondition = fc.record({
  filterType: fc.constant('number'),
  type: fc.constantFrom('equals', 'notEqual', 'greaterThan', 'greaterThanOrEqual', 'lessThan', 'lessThanOrEqual', 'inRange', 'blank', 'notBlank'),
  filter: fc.oneof(number, fc.constant(null)),
  filterTo: fc.oneof(number, fc.constant(null)),
});
const combined = <T>(condition: fc.Arbitrary<T>, filterType: string) =>
  fc.oneof(
    condition,
    fc.record({ filterType: fc.constant(filterType), operator: fc.constantFrom('AND', 'OR'), conditions: fc.array(condition, { minLength: 2, maxLength: 2 }) }),
  );
// one or two columns filtered at a time: more would leave too few partners to tell filters apart
const textColumn = fc.tuple(fc.constantFrom('name', 'motion', 'region', 'owner'), combined(textCondition, 'text'));
const numberColumn = fc.tuple(fc.constantFrom('m:arr', 'm:certs', 'm:csat'), combined(numberCondition, 'number'));
const filterModel = fc.array(fc.oneof(textColumn, numberColumn), { maxLength: 2 }).map((entries) => Object.fromEntries(entries) as FilterModel);
const quick = fc.oneof({ weight: 3, arbitrary: fc.constant('') }, fc.constantFrom('acme', 'gold emea', 'GOLD', '$1,250,000', '50%', 'co ann', '—', 'reseller  x'), text);

function build(l: { name: string[]; motion: string[]; currentTier: (string | null)[]; region: (string | null)[]; segment: (string | null)[]; owner: (string | null)[]; values: number[][] }): PartnerTable {
  return partnerTable(
    { id: l.name.map((_, i) => `P${i}`), name: l.name, motion: l.motion, currentTier: l.currentTier, region: l.region, segment: l.segment, owner: l.owner },
    l.values.map((v) => Float64Array.from(v)),
  );
}

const host = document.createElement('div');
document.body.appendChild(host);
afterAll(() => host.remove());

/** The ids ag-grid's client-side row model keeps, in the list's order, with the grid set up as the partners grid was before the Infinite row model. */
async function agGridKeeps(table: PartnerTable, defs: ColDef<GridRow>[], model: FilterModel, quickText: string, keep: boolean[] | null): Promise<string[]> {
  const api = createGrid(host, {
    rowData: Array.from({ length: table.size }, (_, i) => gridRow(table, i)),
    // the metric columns' quick-filter text as the grid had it, from the column's context
    columnDefs: defs.map((d): ColDef<GridRow> => {
      const searchText = (d.context as ColumnContext | undefined)?.searchText;
      return searchText ? { ...d, getQuickFilterText: (p) => searchText(p.value) } : d;
    }),
    quickFilterText: quickText,
    includeHiddenColumnsInQuickFilter: true,
    isExternalFilterPresent: () => keep !== null,
    doesExternalFilterPass: (node) => keep![node.data!.index]!,
  });
  await api.setFilterModel(model);
  api.onFilterChanged();
  const ids: string[] = [];
  api.forEachNodeAfterFilter((node) => ids.push(node.data!.id));
  api.destroy();
  return ids;
}

function ourKeeps(table: PartnerTable, defs: ColDef<GridRow>[], model: FilterModel, quickText: string, keep: boolean[] | null): string[] {
  const view = new GridView({ onCount: () => {}, onSorting: () => {} });
  view.use(table, defs);
  view.setQuickFilter(quickText);
  view.setRowFilter(keep ? (i) => keep[i]! : null);
  const rows = view.rowsFor([], model);
  view.dispose();
  return Array.from(rows, (i) => table.identity.id[i]!);
}

describe('the partners grid’s filters', () => {
  it('keep the partners ag-grid keeps: column filters, the quick search over every column, and the scenario’s filters', async () => {
    await fc.assert(
      fc.asyncProperty(list, filterModel, quick, fc.boolean(), fc.subarray(['region', 'm:csat', 'owner']), async (l, model, q, external, hidden) => {
        const table = build(l);
        const defs = columnDefsFor({ metrics }, hidden);
        const keep = external ? l.keep : null;
        expect(ourKeeps(table, defs, model, q, keep)).toEqual(await agGridKeeps(table, defs, model, q, keep));
      }),
      { numRuns: 250, seed: 20261207 },
    );
  });

  it('read a metric column for a search word only when its cells can hold every letter of it: whatever its format writes is in its alphabet', () => {
    const kinds = ['currency', 'count', 'percent', 'rating', 'boolean', 'number'] as const;
    const units = [null, 'USD', 'EUR', '€', 'CHF', 'JPY', 'hours', 'pts'];
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.constantFrom(...units), fc.oneof(fc.double(), fc.integer(), fc.double({ min: -100, max: 100 })), (kind, unit, value) => {
        const alphabet = searchAlphabet(kind, unit)!;
        for (const ch of formatMetricValue(kind, value, unit).toUpperCase()) expect(alphabet).toContain(ch);
      }),
      { numRuns: 2000, seed: 20261207 },
    );
    // a name cannot be in a count's cells; "no data" can
    expect(searchAlphabet('count', null)).not.toContain('B');
    expect([...'NO DATA'].every((ch) => searchAlphabet('count', null)!.includes(ch))).toBe(true);
    expect(searchAlphabet('date', null)).toBeUndefined();
  });

  it('drop a model with an option ag-grid does not offer, as ag-grid does', () => {
    expect(columnFilterTest({ filterType: 'text', type: 'lessThan', filter: 'a' })).toBeNull();
    expect(columnFilterTest({ filterType: 'number', type: 'contains', filter: 1 })).toBeNull();
    expect(columnFilterTest(null)).toBeNull();
    expect(columnFilterTest({ filterType: 'text', type: 'contains', filter: 'CO' })!('Acme Corp')).toBe(true);
  });
});
