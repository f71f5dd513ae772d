/**
 * Which file is at a path (DESIGN D2): its device and inode, and its stamp. A workspace
 * compares them to tell whether the file it opened is still the one at its path, and an
 * immutable reader whether another program changed the file under it.
 */
import { statSync } from 'node:fs';

/** A file on disk as the operating system knows it: the same device and inode is the same file, whatever its name. */
export interface FileIdentity {
  dev: bigint;
  ino: bigint;
}

export function identityOf(file: string): FileIdentity | null {
  try {
    const stat = statSync(file, { bigint: true });
    return { dev: stat.dev, ino: stat.ino };
  } catch {
    return null;
  }
}

export function sameFile(a: FileIdentity | null, b: FileIdentity | null): boolean {
  return a !== null && b !== null && a.dev === b.dev && a.ino === b.ino;
}

/** The file's identity, size and modification time: what another program's checkpoint changes. */
export function stampOf(file: string): string {
  try {
    const stat = statSync(file, { bigint: true });
    return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}`;
  } catch {
    return 'gone';
  }
}
