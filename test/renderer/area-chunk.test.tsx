// @vitest-environment happy-dom
/**
 * An area in a chunk of its own (renderer/src/components/area-chunk.tsx): a chunk that failed
 * to load is fetched again when the area's error boundary says "Try again" — React.lazy alone
 * keeps the failure — and not before; once in, it renders at once.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Suspense } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { areaChunk } from '../../renderer/src/components/area-chunk';
import { ErrorBoundary } from '../../renderer/src/components/ErrorBoundary';

const Compare = () => <p>the Compare area</p>;

describe('an area in a chunk of its own', () => {
  afterEach(cleanup);

  it('fetches a chunk that failed again on Try again, and shows the area', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // the chunk cannot be read until the file is back
    let readable = false;
    const load = vi.fn(() => (readable ? Promise.resolve(Compare) : Promise.reject(new Error('Failed to fetch dynamically imported module'))));
    const { Area, retry } = areaChunk(load);
    render(
      <ErrorBoundary area="the Compare view" onRetry={retry}>
        <Suspense fallback={<p>loading</p>}>
          <Area />
        </Suspense>
      </ErrorBoundary>,
    );
    expect(await screen.findByText('Failed to fetch dynamically imported module')).toBeTruthy();
    const failed = load.mock.calls.length;
    // a failed chunk is not fetched again on its own (React renders a failed area again at once)
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
    });
    expect(load.mock.calls.length).toBe(failed);
    readable = true;
    await act(async () => fireEvent.click(screen.getByText('Try again')));
    expect(await screen.findByText('the Compare area')).toBeTruthy();
    expect(load.mock.calls.length).toBe(failed + 1);
    spy.mockRestore();
  });

  it('preloads once; a failed preload is fetched again when asked again', async () => {
    const load = vi.fn<() => Promise<typeof Compare>>().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(Compare);
    const { Area, preload } = areaChunk(load);
    await expect(preload()).rejects.toThrow('offline');
    await expect(preload()).resolves.toBe(Compare);
    await preload();
    expect(load).toHaveBeenCalledTimes(2);
    // in before it is shown: no loading state
    render(
      <Suspense fallback={<p>loading</p>}>
        <Area />
      </Suspense>,
    );
    expect(screen.getByText('the Compare area')).toBeTruthy();
  });
});
