import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecentFiles } from '../../electron/services/recent';
import { useTempDir } from '../helpers/tmp';

describe('RecentFiles', () => {
  const tempDir = useTempDir();

  it('keeps the ten most recent files, newest first, without duplicates', () => {
    const dir = tempDir();
    const recent = new RecentFiles(path.join(dir, 'config', 'recent.json'));
    for (let i = 0; i < 12; i += 1) recent.add(path.join(dir, `w${i}.tierscape`));
    recent.add(path.join(dir, 'w5.tierscape'));
    const names = recent.list().map((r) => r.fileName);
    expect(names).toHaveLength(10);
    expect(names[0]).toBe('w5.tierscape');
    expect(new Set(names).size).toBe(10);
    expect(recent.list().every((r) => r.exists === false)).toBe(true);
    expect(recent.remove(path.join(dir, 'w5.tierscape')).map((r) => r.fileName)).not.toContain('w5.tierscape');
  });

  it('treats a damaged store as empty instead of failing', () => {
    const dir = tempDir();
    const store = path.join(dir, 'recent.json');
    writeFileSync(store, '{"version": 1, "files": [{"path": 42}]');
    const recent = new RecentFiles(store);
    expect(recent.list()).toEqual([]);
    writeFileSync(store, JSON.stringify({ version: 99, files: [] }));
    expect(recent.list()).toEqual([]);
    recent.add(path.join(dir, 'a.tierscape'));
    expect(recent.list()).toHaveLength(1);
  });
});
