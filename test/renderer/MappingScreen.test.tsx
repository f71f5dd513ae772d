// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../shared/io/types';
import { metricKeyFor } from '../../shared/io/header-metrics';
import { setApi } from '../../renderer/src/api/client';
import { ImportFlow } from '../../renderer/src/features/import/ImportFlow';
import { describeExample } from '../../renderer/src/lib/mapping';
import { useStore } from '../../renderer/src/stores/store';
import { appInfo, dataset, installFakeApi, ok, preview, report, workspace, type FakeApi } from './fake-api';

/** The service's check, reduced: two columns on "Partner name" is a mapping error. */
function fakeValidate(payload: unknown) {
  const { mapping } = payload as { mapping: ImportMapping };
  const names = mapping.columns.filter((c) => c.target.type === 'field' && c.target.field === 'name');
  return ok(
    report({
      mappingErrors: names.length > 1 ? [`${names.map((c) => c.header).join(' and ')} are all mapped to "Partner name"; keep one.`] : [],
    }),
  );
}

describe('mapping screen', () => {
  let fake: FakeApi;

  beforeEach(async () => {
    fake = installFakeApi({
      'app:info': () => ok(appInfo('web')),
      'workspace:current': () => ok(workspace('Sample', [dataset(1, 'FY2026', 300)])),
      'workspace:recent': () => ok([]),
      'import:preview': (p) => ok(preview((p as { jobId: string }).jobId)),
      'import:validate': fakeValidate,
      'import:progress': () => ok({ stage: 'reading', fraction: 0 }),
      'import:discard': () => ok(null),
    });
    await useStore.getState().boot();
    await useStore.getState().importFile(new File(['ID,Name\n'], 'partners.csv'));
    render(<ImportFlow />);
  });

  afterEach(async () => {
    cleanup();
    await useStore.getState().closeImport();
    setApi(null);
  });

  const importButton = () => screen.getByTestId('import-commit') as HTMLButtonElement;
  const col4 = () => useStore.getState().importFlow!.mapping!.columns[3]!.target;

  it('shows the file, how the mapping was made, each column with samples, and the report', () => {
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Import partners from partners.csv');
    expect(screen.getByTestId('import-source').textContent).toBe('CSV · UTF-8 · comma-separated · 5 rows · 4 columns');
    expect(screen.getByTestId('mapping-source').textContent).toMatch(/suggested/);
    const rowC = screen.getByTestId('mapping-row-C');
    expect(within(rowC).getByText('ARR')).toBeTruthy();
    expect(within(rowC).getAllByText(/^\$\d,000$|^12abc$/).map((e) => e.textContent)).toEqual(['$1,000', '$2,000', '12abc']);
    expect((screen.getByLabelText('Kind of column C') as HTMLSelectElement).value).toBe('currency');
    expect(screen.getByTestId('report-bad').textContent).toBe('1');
    expect(screen.getByTestId('issue-unparseable').textContent).toContain('Row 4 · column C "ARR" · "12abc" — "12abc" is not a number');
  });

  it('changing a target to Ignore and back to Metric keeps the metric the file suggested', () => {
    fireEvent.change(screen.getByLabelText('Import column D (Col4) as'), { target: { value: 'ignore' } });
    expect(col4()).toEqual({ type: 'ignore' });
    expect(screen.queryByLabelText('Metric name for column D')).toBeNull();
    fireEvent.change(screen.getByLabelText('Import column D (Col4) as'), { target: { value: 'metric' } });
    expect(col4()).toEqual({ type: 'metric', key: 'col4', label: 'Col4', kind: 'count', unit: null });
    fireEvent.change(screen.getByLabelText('Import column D (Col4) as'), { target: { value: 'field:segment' } });
    expect(col4()).toEqual({ type: 'field', field: 'segment' });
  });

  it('renaming a metric updates its key; an empty name is shown inline and blocks the import', () => {
    fireEvent.change(screen.getByLabelText('Metric name for column D'), { target: { value: 'Active Sellers' } });
    expect(screen.getByTestId('metric-key-D').textContent).toBe(`key ${metricKeyFor('Active Sellers')}`);
    expect(col4()).toMatchObject({ label: 'Active Sellers', key: metricKeyFor('Active Sellers') });
    fireEvent.change(screen.getByLabelText('Kind of column D'), { target: { value: 'number' } });
    fireEvent.change(screen.getByLabelText('Unit of column D'), { target: { value: 'sellers' } });
    expect(col4()).toMatchObject({ kind: 'number', unit: 'sellers' });

    fireEvent.change(screen.getByLabelText('Metric name for column D'), { target: { value: '' } });
    const row = screen.getByTestId('mapping-row-D');
    expect(within(row).getByRole('alert').textContent).toBe('A metric needs a name.');
    expect(screen.getByLabelText('Metric name for column D').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('mapping-errors').textContent).toContain('Column D: A metric needs a name.');
    fireEvent.click(screen.getByLabelText('Skip the 1 row with errors'));
    expect(importButton().disabled).toBe(true);
  });

  it('Import is enabled only without mapping errors, with bad rows skipped, and not while checking', async () => {
    expect(importButton().disabled).toBe(true);
    expect(screen.getByTestId('import-why').textContent).toBe('1 row has errors: skip it, or cancel and fix the file.');
    fireEvent.click(screen.getByLabelText('Skip the 1 row with errors'));
    expect(importButton().disabled).toBe(false);
    expect(importButton().textContent).toBe('Import 4 partners');

    // two columns on "Partner name": checking, then the service's mapping error, in red
    fireEvent.change(screen.getByLabelText('Import column A (ID) as'), { target: { value: 'field:name' } });
    expect(importButton().disabled).toBe(true);
    expect(screen.getByTestId('report-checking')).toBeTruthy();
    await act(() => expect.poll(() => useStore.getState().importFlow!.validating).toBe(false));
    expect(screen.getByTestId('mapping-errors').textContent).toContain('ID and Name are all mapped to "Partner name"');
    expect(importButton().disabled).toBe(true);

    fireEvent.change(screen.getByLabelText('Import column A (ID) as'), { target: { value: 'field:id' } });
    await act(() => expect.poll(() => useStore.getState().importFlow!.validating).toBe(false));
    expect(screen.queryByTestId('mapping-errors')).toBeNull();
    expect(importButton().disabled).toBe(false);

    // an empty label cannot be used
    fireEvent.change(screen.getByLabelText('Dataset label'), { target: { value: ' ' } });
    expect(screen.getByTestId('label-error').textContent).toBe('A dataset needs a label.');
    expect(importButton().disabled).toBe(true);
  });

  it('Cancel discards the job and closes the screen', async () => {
    const { jobId } = useStore.getState().importFlow!;
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cancel' })));
    expect(useStore.getState().importFlow).toBeNull();
    expect(fake.last('import:discard')).toEqual({ jobId });
    expect(screen.queryByTestId('import-mapping')).toBeNull();
  });
});

describe('report examples', () => {
  it('read "Row 17 · column C "ARR" · "12abc" — message" without repeating the place', () => {
    expect(
      describeExample({ row: 17, column: 'C', header: 'ARR', value: '12abc', message: 'Row 17, column C "ARR": "12abc" is not a number' }),
    ).toBe('Row 17 · column C "ARR" · "12abc" — "12abc" is not a number');
    expect(describeExample({ row: 5, column: 'B', header: 'Name', value: null, message: 'Row 5: the partner has no name.' })).toBe(
      'Row 5 · column B "Name" — the partner has no name.',
    );
    expect(describeExample({ row: 12, column: null, header: null, value: null, message: 'Row 12 is empty and is left out.' })).toBe(
      'Row 12 is empty and is left out.',
    );
    expect(describeExample({ row: null, column: 'G', header: 'Col7', value: null, message: 'Mixed kinds.' })).toBe('column G "Col7" — Mixed kinds.');
  });
});
