/**
 * A `.tierscape` workspace file (DESIGN D2): one SQLite database opened through
 * better-sqlite3 with WAL, synchronous=FULL, foreign keys and a busy timeout.
 *
 * Opening never modifies a file it refuses, nor its folder: the checks run on the raw
 * header and on a read-only connection that creates nothing beside the file, and the file
 * is read before anything is written to it. Every write is one transaction that takes the
 * write lock first and never commits into a file that is no longer at the workspace's
 * path (docs/SECURITY.md).
 *
 * The checks that decide whether a file opens are in inspect.ts, the connection settings in
 * connection.ts, and the temporaries of New and Save As in leftovers.ts.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { WorkspaceInfo } from '../../../shared/model/workspace';
import { workspaceDisplayName } from '../../../shared/model/workspace';
import { applyConnectionSettings, BUSY_TIMEOUT_MS, openForReading, WORKSPACE_PAGE_SIZE } from './connection';
import { UserFacingError, WorkspaceRefusedError } from './errors';
import { type FileIdentity, identityOf, sameFile, stampOf } from './file-identity';
import { asOpenRefusal, inspectWorkspaceFile, quoted, UNTOUCHED } from './inspect';
import { removeDatabaseFiles, removeJournalFiles, sweepWorkspaceLeftovers } from './leftovers';
import { migrate, schemaVersion } from './migrate';
import { LATEST_SCHEMA_VERSION } from './migrations';
import { openSqlite, type SqliteDatabase } from './native';
import type { WorkspaceStore } from './store';
import { DatasetRepo } from './dataset.repo';
import { ScenarioRepo } from './scenario.repo';
import { MetaRepo } from './meta.repo';
import { MappingRepo } from './mapping.repo';

export interface OpenOptions {
  /** Before migrating an older file, copy it with the backup API to `<file>.v<N>.bak` (default true). */
  backupBeforeMigrate?: boolean;
  /**
   * Open without writing anything (no migration, no metadata update). Works on a read-only
   * file in a read-only folder, and creates no journal file beside a workspace no program
   * has open.
   */
  readOnly?: boolean;
  /** App version recorded in the file's metadata. */
  appVersion?: string;
  now?: () => Date;
}

export class Workspace implements WorkspaceStore {
  readonly datasets: DatasetRepo;
  readonly scenarios: ScenarioRepo;
  readonly meta: MetaRepo;
  readonly mappings: MappingRepo;
  readonly readOnly: boolean;
  private closed = false;
  /** the file that was at the path when it was opened: every write checks the path still holds it */
  private readonly identity: FileIdentity | null;
  /** this connection's journal files once it has written (closing removes the ones at the path, by name) */
  private journals: { wal: FileIdentity | null; shm: FileIdentity | null } | null = null;
  /** set once the file was found replaced or removed on disk: every later use answers it */
  private replaced: WorkspaceRefusedError | null = null;
  /** an immutable reader's file as it was opened: another program's checkpoint changes it */
  private readonly readingStamp: string | null;

  private constructor(
    readonly file: string,
    private readonly connection: SqliteDatabase,
    options: { readOnly?: boolean; immutable?: boolean } = {},
  ) {
    this.readOnly = options.readOnly ?? false;
    this.identity = identityOf(file);
    this.readingStamp = options.immutable ? stampOf(file) : null;
    this.datasets = new DatasetRepo(this);
    this.scenarios = new ScenarioRepo(this);
    this.meta = new MetaRepo(this);
    this.mappings = new MappingRepo(this);
  }

  /**
   * The connection. Once the file was found replaced on disk it answers that refusal
   * instead; an immutable reader answers that the file changed under it, if it did.
   */
  get db(): SqliteDatabase {
    if (this.replaced) throw this.replaced;
    if (this.readingStamp !== null && stampOf(this.file) !== this.readingStamp) {
      throw new UserFacingError(
        'busy',
        `${quoted(this.file)} was changed by another program while Tierscape was reading it. Nothing was written; try again.`,
      );
    }
    return this.connection;
  }

  /**
   * Runs `fn` as one write transaction. It begins IMMEDIATE (the write lock is taken first,
   * so another program's write is waited for up to the busy timeout, and a read-then-write
   * never finds its snapshot outdated), and it never commits into a file that is no longer
   * at the workspace's path: the path is checked before it begins and again before it
   * commits. Inside another write it is a part of that one (a savepoint).
   */
  write<T>(fn: () => T): T {
    const db = this.db;
    if (db.inTransaction) return db.transaction(fn)();
    this.assertStillAtPath();
    try {
      return db
        .transaction(() => {
          const result = fn();
          if (this.noticeReplacement()) throw this.replaced;
          return result;
        })
        .immediate();
    } finally {
      if (this.replaced) this.release();
    }
  }

  /**
   * Throws WorkspaceRefusedError (reason `replaced`) when the workspace's path no longer
   * holds the file it opened — replaced (a backup restored with cp + mv, `new --force`),
   * renamed away or removed. From then on the workspace writes nothing and answers every
   * use with that refusal; open the path again to go on with the file there now. Called
   * before every write; a session may call it before any request too.
   */
  assertStillAtPath(): void {
    if (!this.noticeReplacement()) return;
    this.release();
    throw this.replaced;
  }

  /** Whether the path no longer holds the file this workspace opened; remembers the answer. */
  private noticeReplacement(): boolean {
    if (this.replaced) return true;
    if (this.readOnly || this.identity === null || sameFile(identityOf(this.file), this.identity)) return false;
    this.replaced = new WorkspaceRefusedError(
      this.file,
      'replaced',
      `${quoted(this.file)} was replaced or removed on disk while it was open (by another program, a restored backup, or a new workspace saved over it). Tierscape stopped writing to it, so the change being made was not saved, and the file now at ${this.file} was not touched. Open the workspace again to go on with the file that is there now.`,
    );
    return true;
  }

  /**
   * Lets go of a file that is no longer at the path. SQLite sees that the file moved and
   * closes without a checkpoint, leaving the journal files at the path as they are; while
   * they are this connection's they are removed, because the file now at the path must
   * not meet this file's WAL (readers would apply its pages to the restored file). Journal
   * files that are another program's (ours were removed, the new file was opened) stay.
   */
  private release(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.connection.close();
    } catch {
      // nothing is left to save into a file that is gone
    }
    if (!this.journals) return;
    for (const [suffix, ours] of [['-wal', this.journals.wal], ['-shm', this.journals.shm]] as const) {
      const journal = `${this.file}${suffix}`;
      if (sameFile(identityOf(journal), ours)) rmSync(journal, { force: true });
    }
  }

  /**
   * Opens an existing workspace, migrating it (after a backup) when it is older. The file
   * is read (what info() shows) before anything is written to it, so a file damaged there
   * is refused untouched; leftovers of a killed Save As or New in its folder are swept once
   * it is open.
   */
  static async open(file: string, options: OpenOptions = {}): Promise<Workspace> {
    const absolute = path.resolve(file);
    const { schemaVersion: version, identity } = inspectWorkspaceFile(absolute, { forWriting: !options.readOnly });
    if (options.readOnly) {
      if (version < LATEST_SCHEMA_VERSION) {
        throw new WorkspaceRefusedError(
          absolute,
          'needs_upgrade',
          `${quoted(absolute)} uses an older workspace schema (${version}; current ${LATEST_SCHEMA_VERSION}). Open it once in Tierscape to upgrade it (a backup is kept). ${UNTOUCHED}`,
        );
      }
      const { db, immutable } = openForReading(absolute);
      const ws = new Workspace(absolute, db, { readOnly: true, immutable });
      try {
        if (!sameFile(ws.identity, identity)) throw replacedWhileOpening(absolute);
        ws.info();
      } catch (error) {
        db.close();
        throw asOpenRefusal(absolute, error);
      }
      return ws;
    }
    const db = openSqlite(absolute, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    try {
      const ws = new Workspace(absolute, db);
      if (!sameFile(ws.identity, identity)) throw replacedWhileOpening(absolute);
      // read first: damage met here is refused before anything is written
      ws.info();
      applyConnectionSettings(db);
      if (version < LATEST_SCHEMA_VERSION) {
        if (options.backupBeforeMigrate !== false) await db.backup(`${absolute}.v${version}.bak`);
        migrate(db);
      }
      ws.meta.touch(options.appVersion ?? 'dev', (options.now ?? (() => new Date()))());
      ws.journals = { wal: identityOf(`${absolute}-wal`), shm: identityOf(`${absolute}-shm`) };
      sweepWorkspaceLeftovers(path.dirname(absolute));
      return ws;
    } catch (error) {
      db.close();
      throw asOpenRefusal(absolute, error);
    }
  }

  /**
   * Creates a new workspace at `file`. It is built under a temporary name and renamed
   * into place once complete, so a crash never leaves a half-made workspace behind.
   * `fill` runs inside the new file before it is renamed (the sample data, say).
   */
  static async create(
    file: string,
    options: OpenOptions & { overwrite?: boolean; fill?: (ws: Workspace) => void } = {},
  ): Promise<Workspace> {
    const absolute = path.resolve(file);
    if (existsSync(absolute) && !options.overwrite) {
      throw new UserFacingError('file_exists', `${quoted(absolute)} already exists. Choose another name, or confirm that it should be replaced.`);
    }
    if (!existsSync(path.dirname(absolute))) {
      throw new UserFacingError('not_found', `The folder ${path.dirname(absolute)} does not exist.`);
    }
    const temp = `${absolute}.creating-${process.pid}`;
    removeDatabaseFiles(temp);
    const now = (options.now ?? (() => new Date()))();
    try {
      const db = openSqlite(temp, { timeout: BUSY_TIMEOUT_MS });
      try {
        // before the first write: a file's page size is set when it is made
        db.pragma(`page_size = ${WORKSPACE_PAGE_SIZE}`);
        applyConnectionSettings(db);
        migrate(db);
        const ws = new Workspace(temp, db);
        ws.meta.initialise(options.appVersion ?? 'dev', now);
        options.fill?.(ws);
        db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
      // the rename replaces an existing file in one step; only its journal files go first,
      // so a crash here never leaves neither file (a stale WAL must not meet the new file)
      if (options.overwrite) removeJournalFiles(absolute);
      renameSync(temp, absolute);
    } catch (error) {
      removeDatabaseFiles(temp);
      throw error;
    }
    return Workspace.open(absolute, { ...options, backupBeforeMigrate: false });
  }

  /**
   * Writes a complete copy of this workspace to `dest` with SQLite's online backup API
   * (never a file copy: a copy of a WAL database can miss committed pages). The copy is
   * made under a temporary name and renamed into place, so an interrupted Save As leaves
   * both the original and any existing `dest` untouched.
   */
  async backupTo(dest: string, options: { overwrite?: boolean } = {}): Promise<string> {
    const absolute = path.resolve(dest);
    if (absolute === this.file) throw new UserFacingError('conflict', 'That is the file already open; choose another name.');
    if (existsSync(absolute) && !options.overwrite) {
      throw new UserFacingError('file_exists', `${quoted(absolute)} already exists. Choose another name, or confirm that it should be replaced.`);
    }
    if (!existsSync(path.dirname(absolute))) {
      throw new UserFacingError('not_found', `The folder ${path.dirname(absolute)} does not exist.`);
    }
    const temp = `${absolute}.saving-${process.pid}`;
    sweepWorkspaceLeftovers(path.dirname(absolute));
    removeDatabaseFiles(temp);
    try {
      await this.db.backup(temp);
      // the rename replaces an existing file in one step; only its journal files go first,
      // so a crash here never leaves neither file (a stale WAL must not meet the new file)
      if (options.overwrite) removeJournalFiles(absolute);
      renameSync(temp, absolute);
    } catch (error) {
      removeDatabaseFiles(temp);
      throw error;
    }
    return absolute;
  }

  /**
   * This opening of the file: a new id each time it is opened (or Saved As), which every
   * write from a page names, so an edit made for one opening never lands in another.
   */
  readonly openingId: string = randomUUID();

  info(): WorkspaceInfo {
    return {
      id: this.openingId,
      path: this.file,
      fileName: path.basename(this.file),
      name: workspaceDisplayName(this.file),
      schemaVersion: schemaVersion(this.db),
      createdAt: this.meta.get('created_at') ?? '',
      datasets: this.datasets.list(),
      scenarios: this.scenarios.list(),
    };
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  close(): void {
    if (this.closed) return;
    // a file replaced on disk gets no last checkpoint: the connection is let go of
    if (this.noticeReplacement()) {
      this.release();
      return;
    }
    this.closed = true;
    try {
      if (!this.readOnly) this.connection.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.connection.close();
    }
  }
}

function replacedWhileOpening(file: string): WorkspaceRefusedError {
  return new WorkspaceRefusedError(file, 'replaced', `${quoted(file)} was replaced by another file while it was being opened. Open it again. ${UNTOUCHED}`);
}
