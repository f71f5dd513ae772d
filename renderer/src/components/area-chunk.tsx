/**
 * An area whose code is a chunk of its own (issue 21): loaded when first shown, or before,
 * by `preload`. Until it is in, the area suspends (CurrentView's loading state); once it is
 * in, it renders at once, like the areas in the first chunk.
 *
 * A chunk that fails to load (a file replaced by an update, a read error) is fetched again
 * when next asked for: by `preload`, or by the area after `retry` (its error boundary's "Try
 * again"). React.lazy keeps a failed load for good, so `retry` makes a new one; never on its
 * own, since React renders a failed area again at once and each would fetch once more.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export function areaChunk(load: () => Promise<ComponentType>): { Area: ComponentType; preload: () => Promise<ComponentType>; retry: () => void } {
  let loaded: ComponentType | null = null;
  let loading: Promise<ComponentType> | null = null;
  const preload = () =>
    (loading ??= load().then(
      (area) => (loaded = area),
      (error: unknown) => {
        loading = null; // asked again, it is fetched again
        throw error;
      },
    ));
  let failed = false;
  const lazyArea = (): LazyExoticComponent<ComponentType> =>
    lazy(() =>
      preload().then(
        (area) => ({ default: area }),
        (error: unknown) => {
          failed = true;
          throw error;
        },
      ),
    );
  let Lazy = lazyArea();
  /** After a failed load, the area's next render fetches the chunk again. */
  const retry = () => {
    if (!failed) return;
    failed = false;
    Lazy = lazyArea();
  };
  function Area() {
    const Loaded = loaded;
    const Pending = Lazy;
    return Loaded ? <Loaded /> : <Pending />;
  }
  return { Area, preload, retry };
}
