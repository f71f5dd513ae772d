/**
 * Which file paths a page may hand the main process (docs/SECURITY.md): a page that is
 * taken over (a script injected into it) must not read or write any file it likes through
 * `import:preview`, `export:workbook` or the workspace channels.
 *
 * - **Desktop**: a path is honoured only when the person chose it in this session — in a
 *   native dialog, by dropping the file on the window or picking it in a file input (the
 *   preload reports such files; a script cannot make a File with a real path), or by opening
 *   it from outside (a second launch, the Finder); workspaces of the recent-files list may
 *   be opened again.
 * - **Browser mode**: there are no native dialogs — workspaces are typed in the path prompt
 *   (any path), a partner list is read only from the server's own upload folder, and a
 *   workbook is never written to a path the page names: it is a download.
 * - The CLI names its files itself and has no policy.
 */
import path from 'node:path';
import { UserFacingError } from './workspace/errors';

export type PathUse = 'open' | 'new' | 'saveAs' | 'import' | 'export';

export interface PathPolicy {
  /** Throws a `forbidden` refusal unless `file` may be used so. */
  check(use: PathUse, file: string): void;
}

const WHAT: Record<PathUse, string> = {
  open: 'opens workspaces',
  new: 'creates workspaces',
  saveAs: 'saves copies of workspaces',
  import: 'reads partner lists',
  export: 'writes workbooks',
};

function refusal(use: PathUse, file: string, how: string): UserFacingError {
  return new UserFacingError('forbidden', `Tierscape only ${WHAT[use]} ${how}; "${path.basename(file)}" was not chosen that way, so it was left alone.`);
}

/** Paths compare resolved; on Windows and macOS file systems without case. */
function key(file: string, caseless: boolean): string {
  const resolved = path.resolve(file);
  return caseless ? resolved.toLowerCase() : resolved;
}

export interface ChosenPathsOptions {
  /** workspaces that may be opened without a dialog (the recent-files list) */
  recent?: () => readonly string[];
  platform?: NodeJS.Platform;
}

/** The desktop's policy: the paths the person chose in this session, per use. */
export class ChosenPaths implements PathPolicy {
  private readonly chosen = new Map<PathUse, Set<string>>();
  private readonly caseless: boolean;

  constructor(private readonly options: ChosenPathsOptions = {}) {
    this.caseless = (options.platform ?? process.platform) !== 'linux';
  }

  /** The person chose `file` for `use` (a dialog answered it, a file was dropped …). */
  choose(use: PathUse, file: string | null | undefined): void {
    if (typeof file !== 'string' || file === '' || file.includes('\0')) return;
    let set = this.chosen.get(use);
    if (!set) this.chosen.set(use, (set = new Set()));
    set.add(key(file, this.caseless));
  }

  check(use: PathUse, file: string): void {
    const k = key(file, this.caseless);
    if (this.chosen.get(use)?.has(k)) return;
    // a new workspace and a copy may be named without the extension the dialog added, or with it
    if ((use === 'new' || use === 'saveAs') && this.chosen.get(use)?.has(key(`${file}.tierscape`, this.caseless))) return;
    if (use === 'open' && (this.options.recent?.() ?? []).some((r) => key(r, this.caseless) === k)) return;
    throw refusal(use, file, use === 'import' ? 'from files chosen in its dialog or dropped on its window' : use === 'open' ? 'chosen in its dialog or from its recent files' : 'chosen in its dialog');
  }
}

/** Browser mode's policy: workspaces by typed path; partner lists only from the upload folder; workbooks only as downloads. */
export function browserPathPolicy(options: { uploadsDir: string }): PathPolicy {
  const uploads = path.resolve(options.uploadsDir);
  return {
    check(use, file) {
      if (use === 'open' || use === 'new' || use === 'saveAs') return;
      if (use === 'import') {
        const resolved = path.resolve(file);
        if (resolved.startsWith(`${uploads}${path.sep}`)) return;
        throw refusal(use, file, 'from files uploaded from this page');
      }
      throw refusal(use, file, 'as downloads in browser mode');
    },
  };
}
