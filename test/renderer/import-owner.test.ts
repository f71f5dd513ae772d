// @vitest-environment happy-dom
/**
 * The page's half of letting abandoned import previews go (issue 18, item 6): every preview
 * names the window (an id kept across its reloads), and the preview a page left open is
 * discarded by the page that follows a reload — not kept until it expires.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setApi } from '../../renderer/src/api/client';
import { appInfo, dataset, installFakeApi, ok, preview, workspace } from './fake-api';

const sample = workspace('Sample', [dataset(1, 'FY2026', 300)]);

function fakeApi() {
  return installFakeApi({
    'app:info': () => ok(appInfo('web')),
    'workspace:current': () => ok(sample),
    'workspace:recent': () => ok([]),
    'import:progress': () => ok({ stage: 'reading', fraction: 0.5 }),
    'import:discard': () => ok(null),
    'import:preview': (p) => ok(preview((p as { jobId: string }).jobId)),
  });
}

/** A page: the modules loaded afresh, as after a reload (the tab's sessionStorage stays), talking to `fake`. */
async function loadPage(fake: ReturnType<typeof fakeApi>) {
  vi.resetModules();
  const client = await import('../../renderer/src/api/client');
  client.setApi(client.createApi(fake.transport));
  const { createAppStore } = await import('../../renderer/src/stores/store');
  const store = createAppStore();
  await store.getState().boot();
  return store;
}

describe('import previews a page leaves behind', () => {
  beforeEach(() => window.sessionStorage.clear());
  afterEach(() => setApi(null));

  it('names its window in every preview, and the page after a reload discards the preview left open', async () => {
    const first = fakeApi();
    const page = await loadPage(first);
    await page.getState().importFile(new File(['ID,Name\nP1,Acme\n'], 'partners.csv', { type: 'text/csv' }));
    const asked = first.last('import:preview') as { jobId: string; owner: string };
    expect(asked.owner).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(first.channels()).not.toContain('import:discard');

    // the tab reloads with the preview open
    const second = fakeApi();
    const next = await loadPage(second);
    expect(second.last('import:discard')).toEqual({ jobId: asked.jobId });
    // the same window keeps its name for the service
    await next.getState().importFile(new File(['ID,Name\nP2,Beta\n'], 'more.csv', { type: 'text/csv' }));
    expect((second.last('import:preview') as { owner: string }).owner).toBe(asked.owner);
  });
});
