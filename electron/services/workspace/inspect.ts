/**
 * Deciding whether a file can be opened as a workspace (DESIGN D2), without writing to it or
 * beside it: its raw header, then a read-only connection that creates nothing beside the
 * file. A file it refuses is named in a message and left exactly as it was.
 */
import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { openForReading } from './connection';
import { storageFailure, WorkspaceRefusedError } from './errors';
import { type FileIdentity, identityOf } from './file-identity';
import { APPLICATION_ID, schemaVersion } from './migrate';
import { LATEST_SCHEMA_VERSION } from './migrations';
import type { SqliteDatabase } from './native';
import { schemaProblems } from './schema-check';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** A file's name as messages show it: in quotes, without its folder. */
export function quoted(file: string): string {
  return `"${path.basename(file)}"`;
}

/** How a refusal that changed nothing ends. */
export const UNTOUCHED = 'The file was left untouched.';

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
