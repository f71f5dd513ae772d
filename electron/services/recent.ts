/**
 * Recent files, kept as JSON in the app's configuration folder (not in a workspace).
 * A damaged or foreign store is treated as empty and rewritten; it never blocks start-up.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RecentFile } from '../../shared/model/workspace';

const MAX_RECENT = 10;

const StoreSchema = z.object({
  version: z.literal(1),
  files: z.array(z.object({ path: z.string().min(1).max(4096), openedAt: z.string() })).max(100),
});
type Store = z.infer<typeof StoreSchema>;

export class RecentFiles {
  private readonly listeners = new Set<() => void>();

  /** `storeFile` null: a list that remembers nothing (the CLI must not change the app's list). */
  constructor(
    private readonly storeFile: string | null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  static disabled(): RecentFiles {
    return new RecentFiles(null);
  }

  /** Calls `listener` after every change of the list (the app menu's Open Recent); returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private read(): Store {
    if (this.storeFile === null) return { version: 1, files: [] };
    try {
      const parsed = StoreSchema.safeParse(JSON.parse(readFileSync(this.storeFile, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // missing or unreadable: start empty
    }
    return { version: 1, files: [] };
  }

  private write(store: Store): void {
    if (this.storeFile === null) return;
    mkdirSync(path.dirname(this.storeFile), { recursive: true });
    const temp = `${this.storeFile}.tmp`;
    writeFileSync(temp, JSON.stringify(store, null, 2));
    renameSync(temp, this.storeFile);
    for (const listener of this.listeners) listener();
  }

  list(): RecentFile[] {
    return this.read().files.map((f) => ({
      path: f.path,
      fileName: path.basename(f.path),
      openedAt: f.openedAt,
      exists: existsSync(f.path),
    }));
  }

  add(file: string): RecentFile[] {
    const absolute = path.resolve(file);
    const store = this.read();
    store.files = [{ path: absolute, openedAt: this.now().toISOString() }, ...store.files.filter((f) => f.path !== absolute)].slice(
      0,
      MAX_RECENT,
    );
    this.write(store);
    return this.list();
  }

  remove(file: string): RecentFile[] {
    const absolute = path.resolve(file);
    const store = this.read();
    store.files = store.files.filter((f) => f.path !== absolute);
    this.write(store);
    return this.list();
  }
}
