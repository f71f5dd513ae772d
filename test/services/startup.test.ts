import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStartupWorkspace } from '../../electron/services/startup';
import { makeSession } from '../helpers/session';
import { useTempDir } from '../helpers/tmp';

describe('openStartupWorkspace', () => {
  const tempDir = useTempDir();
  const open: { session: { close(): void } }[] = [];
  afterEach(() => open.splice(0).forEach((s) => s.session.close()));

  it('builds the sample workspace on first start, then reopens the most recent file', async () => {
    const dir = tempDir();
    const sampleFile = path.join(dir, 'Sample.tierscape');
    const first = makeSession(dir);
    open.push(first);
    const result = await openStartupWorkspace(first.session, { sampleFile });
    expect(result.notice).toBeNull();
    expect(result.info?.fileName).toBe('Sample.tierscape');
    expect(result.info?.datasets[0]?.partnerCount).toBeGreaterThan(0);
    expect(existsSync(sampleFile)).toBe(true);

    const other = path.join(dir, 'other.tierscape');
    await first.session.create(other);
    first.session.close();

    const second = makeSession(dir);
    open.push(second);
    expect((await openStartupWorkspace(second.session, { sampleFile })).info?.path).toBe(other);
  });

  it('creates the settings folder the sample lives in on a first start', async () => {
    const dir = tempDir();
    const s = makeSession(dir);
    open.push(s);
    const sampleFile = path.join(dir, 'not', 'there', 'yet', 'Sample.tierscape');
    const result = await openStartupWorkspace(s.session, { sampleFile });
    expect(result.notice).toBeNull();
    expect(existsSync(sampleFile)).toBe(true);
  });

  it('reports a refused file and opens nothing when that file was asked for', async () => {
    const dir = tempDir();
    const bad = path.join(dir, 'bad.tierscape');
    writeFileSync(bad, 'not a database at all, just text, long enough to have a header............................................................');
    const s = makeSession(dir);
    open.push(s);
    const result = await openStartupWorkspace(s.session, { requested: bad, sampleFile: path.join(dir, 'Sample.tierscape') });
    expect(result.info).toBeNull();
    expect(result.notice).toMatch(/bad\.tierscape.*not a SQLite database/);
  });

  it('falls back to the sample when the most recent file has become unreadable, and says why', async () => {
    const dir = tempDir();
    const s = makeSession(dir);
    open.push(s);
    const broken = path.join(dir, 'broken.tierscape');
    await s.session.create(broken);
    s.session.close();
    writeFileSync(broken, 'x'.repeat(200));
    const again = makeSession(dir);
    open.push(again);
    const result = await openStartupWorkspace(again.session, { sampleFile: path.join(dir, 'Sample.tierscape') });
    expect(result.info?.fileName).toBe('Sample.tierscape');
    expect(result.notice).toMatch(/broken\.tierscape/);
  });
});
