import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findWorkspaceArg, windowTitle } from '../../electron/main/launch';

describe('findWorkspaceArg', () => {
  const cwd = path.resolve('/home/ana');

  it('finds the workspace named on the command line, resolved against the working directory', () => {
    expect(findWorkspaceArg(['/opt/Tierscape/tierscape', 'plans/Q3.tierscape'], cwd)).toBe(path.resolve(cwd, 'plans/Q3.tierscape'));
    expect(findWorkspaceArg(['tierscape', '--no-sandbox-is-ignored', '/abs/Q4.TIERSCAPE'], cwd)).toBe(path.resolve('/abs/Q4.TIERSCAPE'));
    expect(findWorkspaceArg(['electron', '.', 'a.tierscape'], cwd)).toBe(path.resolve(cwd, 'a.tierscape'));
  });

  it('ignores the executable, switches and other files', () => {
    expect(findWorkspaceArg(['/x/evil.tierscape'], cwd)).toBeUndefined();
    expect(findWorkspaceArg(['tierscape', '--open=a.tierscape', '-b.tierscape'], cwd)).toBeUndefined();
    expect(findWorkspaceArg(['tierscape', 'data.xlsx', 'notes.txt'], cwd)).toBeUndefined();
    expect(findWorkspaceArg([], cwd)).toBeUndefined();
  });
});

describe('windowTitle', () => {
  it('names the open workspace', () => {
    expect(windowTitle({ name: 'Q3 plan' })).toBe('Q3 plan — Tierscape');
    expect(windowTitle(null)).toBe('Tierscape');
  });
});
