import type { WorkspaceStore } from './store';

/** Key/value facts about the workspace file itself (created, last opened, by which version). */
export class MetaRepo {
  constructor(private readonly store: WorkspaceStore) {}

  private get db() {
    return this.store.db;
  }

  get(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM workspace_meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  set(key: string, value: string): void {
    this.store.write(() =>
      this.db
        .prepare('INSERT INTO workspace_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
        .run(key, value),
    );
  }

  initialise(appVersion: string, now: Date): void {
    this.store.write(() => {
      this.set('created_at', now.toISOString());
      this.set('created_by_version', appVersion);
      this.set('last_opened_at', now.toISOString());
      this.set('last_opened_by_version', appVersion);
    });
  }

  touch(appVersion: string, now: Date): void {
    this.store.write(() => {
      this.set('last_opened_at', now.toISOString());
      this.set('last_opened_by_version', appVersion);
    });
  }
}
