// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from '../../renderer/src/components/ErrorBoundary';

function Bomb({ explode }: { explode: boolean }) {
  if (explode) throw new Error('the chart had no data');
  return <p>all fine</p>;
}

function Harness() {
  const [explode, setExplode] = useState(true);
  return (
    <>
      <button type="button" onClick={() => setExplode(false)}>
        fix
      </button>
      <ErrorBoundary area="the Compare view">
        <Bomb explode={explode} />
      </ErrorBoundary>
    </>
  );
}

describe('ErrorBoundary', () => {
  afterEach(cleanup);

  it('shows a readable message instead of a white screen, and recovers', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(<Harness />);
    expect(screen.getByRole('alert').textContent).toContain('Something went wrong in the Compare view');
    expect(screen.getByText('the chart had no data')).toBeTruthy();
    fireEvent.click(screen.getByText('fix'));
    fireEvent.click(screen.getByText('Try again'));
    expect(screen.getByText('all fine')).toBeTruthy();
    spy.mockRestore();
  });
});
