/**
 * A `.tierscape` workspace file (SPEC S2): one SQLite database opened through
 * better-sqlite3 with WAL, synchronous=FULL, foreign keys and a busy timeout.
 *
 * Opening never modifies a file it refuses: the checks run on the raw header and on a
 * read-only connection before the file is opened for writing.
 */
import { accessSync, closeSync, constants, existsSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { WorkspaceInfo } from '../../../shared/model/workspace';
import { workspaceDisplayName } from '../../../shared/model/workspace';
import { storageFailure, UserFacingError, WorkspaceRefusedError } from './errors';
import { APPLICATION_ID, LATEST_SCHEMA_VERSION, migrate, schemaVersion } from './migrate';
import { openSqlite, type SqliteDatabase } from './native';
import { schemaProblems } from './schema-check';
import { DatasetRepo } from './dataset.repo';
import { ScenarioRepo } from './scenario.repo';
import { MetaRepo } from './meta.repo';
import { MappingRepo } from './mapping.repo';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
export const BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  /** Before migrating an older file, copy it with the backup API to `<file>.v<N>.bak` (default true). */
  backupBeforeMigrate?: boolean;
  /** Open without writing anything (no migration, no metadata update). */
  readOnly?: boolean;
  /** App version recorded in the file's metadata. */
  appVersion?: string;
  now?: () => Date;
}

function quoted(file: string): string {
  return `"${path.basename(file)}"`;
}

const UNTOUCHED = 'The file was left untouched.';

/** The durability settings applied on every open (SPEC S2, issue 2). */
export function applyConnectionSettings(db: SqliteDatabase): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}

/**
 * Decides whether `file` can be opened as a workspace, without writing to it.
 * Returns the schema version it is at; throws WorkspaceRefusedError otherwise.
 */
export function inspectWorkspaceFile(file: string): { schemaVersion: number } {
  const name = quoted(file);
  let stat;
  try {
    stat = statSync(file);
  } catch {
    throw new WorkspaceRefusedError(file, 'missing', `${name} does not exist (${file}).`);
  }
  if (!stat.isFile()) throw new WorkspaceRefusedError(file, 'not_a_file', `${name} is a folder, not a workspace file.`);
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
  if (!isWritable(file, stat.mode)) {
    throw new WorkspaceRefusedError(
      file,
      'read_only',
      `${name} is read-only. Tierscape saves every edit into the workspace as it happens, so it needs to write to the file. Make it writable, or copy it and open the copy. ${UNTOUCHED}`,
    );
  }
  let appId: number;
  let version: number;
  let tables: string[];
  let problems: string[] = [];
  let db: SqliteDatabase | undefined;
  try {
    db = openSqlite(file, { readonly: true, fileMustExist: true });
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
  return { schemaVersion: version };
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
  // root passes access(W_OK) on any file, so the permission bits are checked too.
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

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes `<dest>.saving-<pid>` temporaries (and their -wal/-shm/-journal) left by a Save As
 * whose process was killed mid-copy; a temporary of a process still running is its Save
 * As in progress and is left alone.
 */
function removeStaleSaves(dest: string): void {
  const dir = path.dirname(dest);
  const prefix = `${path.basename(dest)}.saving-`;
  for (const name of readdirSync(dir)) {
    const pid = name.startsWith(prefix) ? /^(\d+)(?:-wal|-shm|-journal)?$/.exec(name.slice(prefix.length))?.[1] : undefined;
    if (pid !== undefined && (Number(pid) === process.pid || !isRunning(Number(pid)))) rmSync(path.join(dir, name), { force: true });
  }
}

export class Workspace {
  readonly datasets: DatasetRepo;
  readonly scenarios: ScenarioRepo;
  readonly meta: MetaRepo;
  readonly mappings: MappingRepo;
  private closed = false;

  private constructor(
    readonly file: string,
    readonly db: SqliteDatabase,
    readonly readOnly = false,
  ) {
    this.datasets = new DatasetRepo(db);
    this.scenarios = new ScenarioRepo(db);
    this.meta = new MetaRepo(db);
    this.mappings = new MappingRepo(db);
  }

  /** Opens an existing workspace, migrating it (after a backup) when it is older. */
  static async open(file: string, options: OpenOptions = {}): Promise<Workspace> {
    const absolute = path.resolve(file);
    const { schemaVersion: version } = inspectWorkspaceFile(absolute);
    if (options.readOnly) {
      if (version < LATEST_SCHEMA_VERSION) {
        throw new WorkspaceRefusedError(
          absolute,
          'needs_upgrade',
          `${quoted(absolute)} uses an older workspace schema (${version}; current ${LATEST_SCHEMA_VERSION}). Open it once in Tierscape to upgrade it (a backup is kept). ${UNTOUCHED}`,
        );
      }
      return new Workspace(absolute, openSqlite(absolute, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS }), true);
    }
    const db = openSqlite(absolute, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    try {
      applyConnectionSettings(db);
      if (version < LATEST_SCHEMA_VERSION) {
        if (options.backupBeforeMigrate !== false) await db.backup(`${absolute}.v${version}.bak`);
        migrate(db);
      }
      const ws = new Workspace(absolute, db);
      ws.meta.touch(options.appVersion ?? 'dev', (options.now ?? (() => new Date()))());
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
    removeStaleSaves(absolute);
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
    this.closed = true;
    try {
      if (!this.readOnly) this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
  }
}
