/**
 * A `.tierscape` workspace file (DESIGN D2): one SQLite database opened through
 * better-sqlite3 with WAL, synchronous=FULL, foreign keys and a busy timeout.
 *
 * Opening never modifies a file it refuses, nor its folder: the checks run on the raw
 * header and on a read-only connection that creates nothing beside the file, and the file
 * is read before anything is written to it. Every write is one transaction that takes the
 * write lock first and never commits into a file that is no longer at the workspace's
 * path (docs/SECURITY.md).
 */
import { accessSync, closeSync, constants, existsSync, lstatSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { WorkspaceInfo } from '../../../shared/model/workspace';
import { workspaceDisplayName } from '../../../shared/model/workspace';
import { isRunning } from '../leftovers';
import { storageFailure, UserFacingError, WorkspaceRefusedError } from './errors';
import { APPLICATION_ID, LATEST_SCHEMA_VERSION, migrate, schemaVersion } from './migrate';
import { openSqlite, openSqliteImmutable, type SqliteDatabase } from './native';
import { schemaProblems } from './schema-check';
import type { WorkspaceStore } from './store';
import { DatasetRepo } from './dataset.repo';
import { ScenarioRepo } from './scenario.repo';
import { MetaRepo } from './meta.repo';
import { MappingRepo } from './mapping.repo';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
export const BUSY_TIMEOUT_MS = 5000;

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

function quoted(file: string): string {
  return `"${path.basename(file)}"`;
}

const UNTOUCHED = 'The file was left untouched.';

/** A file on disk as the operating system knows it: the same device and inode is the same file, whatever its name. */
export interface FileIdentity {
  dev: bigint;
  ino: bigint;
}

function identityOf(file: string): FileIdentity | null {
  try {
    const stat = statSync(file, { bigint: true });
    return { dev: stat.dev, ino: stat.ino };
  } catch {
    return null;
  }
}

function sameFile(a: FileIdentity | null, b: FileIdentity | null): boolean {
  return a !== null && b !== null && a.dev === b.dev && a.ino === b.ino;
}

/** The file's identity, size and modification time: what another program's checkpoint changes. */
function stampOf(file: string): string {
  try {
    const stat = statSync(file, { bigint: true });
    return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}`;
  } catch {
    return 'gone';
  }
}

/**
 * The size SQLite's header says the file has (page count × page size), or null when the
 * header's count is not to be trusted (SQLite trusts it only while the change counter at
 * offset 24 matches the "version-valid-for" number at offset 92).
 */
function sizeInHeader(header: Buffer): number | null {
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const pages = header.readUInt32BE(28);
  if (pages === 0 || pageSize < 512 || header.readUInt32BE(24) !== header.readUInt32BE(92)) return null;
  return pages * pageSize;
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * A read-only connection that creates nothing beside the file. While no -wal file is beside
 * it (no program has it open, so everything committed is in the file itself) it is opened
 * immutable: no locks, no -wal or -shm made, and it works in a read-only folder. Otherwise
 * an ordinary read-only connection reads the WAL through the journal files already there.
 */
function openForReading(file: string): { db: SqliteDatabase; immutable: boolean } {
  if (!existsSync(`${file}-wal`)) {
    const db = openSqliteImmutable(file);
    if (db) return { db, immutable: true };
  }
  return { db: openSqlite(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS }), immutable: false };
}

/** The durability settings applied on every open (DESIGN D2, issue 2). */
export function applyConnectionSettings(db: SqliteDatabase): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}

/**
 * Decides whether `file` can be opened as a workspace, without writing to it or beside it.
 * Returns the schema version it is at and the file it inspected; throws
 * WorkspaceRefusedError otherwise. `forWriting` (the default) also requires a writable
 * file in a writable folder (SQLite keeps its journal files beside an open workspace).
 */
export function inspectWorkspaceFile(file: string, options: { forWriting?: boolean } = {}): { schemaVersion: number; identity: FileIdentity | null } {
  const name = quoted(file);
  const identity = identityOf(file);
  let stat;
  try {
    stat = statSync(file);
  } catch {
    throw new WorkspaceRefusedError(file, 'missing', `${name} does not exist (${file}).`);
  }
  if (stat.isDirectory()) throw new WorkspaceRefusedError(file, 'not_a_file', `${name} is a folder, not a workspace file.`);
  // a device (/dev/null), a pipe or a socket is never opened: reading a pipe would wait forever
  if (!stat.isFile()) {
    throw new WorkspaceRefusedError(file, 'not_a_file', `${name} is not a regular file (a device, a pipe or a socket), so it is not a Tierscape workspace. ${UNTOUCHED}`);
  }
  if (stat.size === 0) {
    throw new WorkspaceRefusedError(file, 'empty', `${name} is empty (0 bytes), so it is not a Tierscape workspace. ${UNTOUCHED}`);
  }
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || !header.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    throw new WorkspaceRefusedError(
      file,
      'not_sqlite',
      `${name} is not a Tierscape workspace: it is not a SQLite database file (perhaps another kind of file renamed to .tierscape). ${UNTOUCHED}`,
    );
  }
  // a file shorter than its header says was cut short (a copy or download that did not
  // finish); with a WAL beside it the missing pages may still be in the WAL
  const expected = sizeInHeader(header);
  if (expected !== null && stat.size < expected && fileSize(`${file}-wal`) === 0) {
    throw new WorkspaceRefusedError(
      file,
      'damaged',
      `${name} is damaged: it is cut short (${stat.size.toLocaleString('en-US')} bytes of ${expected.toLocaleString('en-US')}), perhaps a copy or download that did not finish. Open a backup or an earlier copy instead. ${UNTOUCHED}`,
    );
  }
  if (options.forWriting !== false) {
    if (!isWritable(file, stat.mode)) {
      throw new WorkspaceRefusedError(
        file,
        'read_only',
        `${name} is read-only. Tierscape saves every edit into the workspace as it happens, so it needs to write to the file. Make it writable, or copy it and open the copy. ${UNTOUCHED}`,
      );
    }
    const dir = path.dirname(file);
    if (!isWritable(dir, statSync(dir).mode)) {
      throw new WorkspaceRefusedError(
        file,
        'read_only',
        `${name} is in a read-only folder (${dir}). While a workspace is open, SQLite keeps its journal beside it, so Tierscape needs to write to the folder. Copy the workspace to a writable folder and open the copy there. ${UNTOUCHED}`,
      );
    }
  }
  let appId: number;
  let version: number;
  let tables: string[];
  let problems: string[] = [];
  let db: SqliteDatabase | undefined;
  try {
    db = openForReading(file).db;
    appId = db.pragma('application_id', { simple: true }) as number;
    version = schemaVersion(db);
    tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    if (appId === APPLICATION_ID && version === LATEST_SCHEMA_VERSION) problems = schemaProblems(db);
  } catch (error) {
    throw new WorkspaceRefusedError(
      file,
      'damaged',
      `${name} looks like a SQLite file but cannot be read (${(error as Error).message}). ${UNTOUCHED}`,
    );
  } finally {
    db?.close();
  }
  if (appId !== APPLICATION_ID) {
    throw new WorkspaceRefusedError(
      file,
      'not_workspace',
      `${name} is a SQLite database but not a Tierscape workspace${tables.length ? ` (it holds ${tables.length} other table${tables.length === 1 ? '' : 's'})` : ''}. ${UNTOUCHED}`,
    );
  }
  if (version > LATEST_SCHEMA_VERSION) {
    throw new WorkspaceRefusedError(
      file,
      'newer_schema',
      `${name} was saved by a newer version of Tierscape (workspace schema ${version}; this version reads up to ${LATEST_SCHEMA_VERSION}). Update Tierscape to open it. ${UNTOUCHED}`,
    );
  }
  if (problems.length) {
    const shown = problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : '');
    throw new WorkspaceRefusedError(
      file,
      'damaged',
      `${name} is a Tierscape workspace but its tables were changed outside Tierscape, so it cannot be opened safely: ${shown}. Open a backup or an earlier copy instead. ${UNTOUCHED}`,
    );
  }
  return { schemaVersion: version, identity };
}

/** A damaged page met while opening `file` becomes a refusal that names the file. */
export function asOpenRefusal(file: string, error: unknown): unknown {
  if (storageFailure(error)?.code !== 'workspace_refused') return error;
  return new WorkspaceRefusedError(
    file,
    'damaged',
    `${quoted(file)} is damaged and cannot be opened (${(error as Error).message}). Open a backup or an earlier copy instead.`,
  );
}

function isWritable(file: string, mode: number): boolean {
  // root passes access(W_OK) on any file or folder, so the permission bits are checked too.
  if ((mode & 0o222) === 0) return false;
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function removeDatabaseFiles(file: string): void {
  rmSync(file, { force: true });
  removeJournalFiles(file);
}

function removeJournalFiles(file: string): void {
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
}

/** `<name>.tierscape.saving-<pid>` (Save As) and `.creating-<pid>` (New), and their journal files. */
const TEMPORARY = /^(.+\.tierscape\.(?:saving|creating)-(\d+))(?:-wal|-shm|-journal)?$/i;

/** A plain file (a killed copy may not even start with SQLite's header yet); never a folder, a link or a pipe. */
function isPlainFile(file: string): boolean {
  try {
    return lstatSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Removes from `dir` the temporaries of a Save As or New whose process was killed
 * (`<name>.tierscape.saving-<pid>` can be as large as the workspace), with their journal
 * files. A temporary of a process still running — or of this one — is a save in progress
 * and stays; so does anything by such a name that is not a plain file. Run after a workspace
 * in that folder is opened, created or saved; never fails the step it follows.
 */
export function sweepWorkspaceLeftovers(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  const verdicts = new Map<string, boolean>();
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (!match) continue;
    const [, base, pid] = match as unknown as [string, string, string];
    let stale = verdicts.get(base);
    if (stale === undefined) {
      const owner = Number(pid);
      stale = owner !== process.pid && !isRunning(owner);
      verdicts.set(base, stale);
    }
    if (!stale || !isPlainFile(path.join(dir, name))) continue;
    try {
      rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    } catch {
      // taken away meanwhile, or not ours to remove: nothing to report
    }
  }
  return removed;
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
