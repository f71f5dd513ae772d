/**
 * The layer boundaries of ARCHITECTURE.md are lint errors. This proves the rules fire,
 * so a green `npm run lint` in CI means no layer imports what it must not.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: [file: string, code: string, forbidden: boolean][] = [
  ['shared/model/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n", true],
  ['shared/model/x.ts', "import fs from 'fs';\nexport const a = fs;\n", true],
  ['shared/engine/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n", true],
  ['shared/io/x.ts', "import * as XLSX from 'xlsx';\nexport const a = XLSX;\n", true],
  ['shared/ipc/x.ts', "import { app } from 'electron';\nexport const a = app;\n", true],
  ['shared/model/x.ts', "import { useState } from 'react';\nexport const a = useState;\n", true],
  ['shared/model/x.ts', "import { Workspace } from '../../electron/services/workspace/workspace';\nexport const a = Workspace;\n", true],
  ['scenarios/x.ts', "import path from 'node:path';\nexport const a = path;\n", true],
  ['shared/model/x.ts', "import { z } from 'zod';\nexport const a = z;\n", false],
  ['renderer/src/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n", true],
  ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n", true],
  ['renderer/src/x.ts', "import { AppSession } from '../../electron/services/session';\nexport const a = AppSession;\n", true],
  ['renderer/src/x.ts', "import type { TierscapeBridge } from '../../electron/preload/bridge';\nexport type A = TierscapeBridge;\n", false],
  ['renderer/src/x.ts', "import { create } from 'zustand';\nexport const a = create;\n", false],
  ['electron/services/x.ts', "import { app } from 'electron';\nexport const a = app;\n", true],
  ['electron/cli/x.ts', "import { dialog } from 'electron';\nexport const a = dialog;\n", true],
  ['electron/web/x.ts', "import { BrowserWindow } from 'electron';\nexport const a = BrowserWindow;\n", true],
  ['electron/services/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n", false],
  ['electron/main/x.ts', "import { App } from '../../renderer/src/App';\nexport const a = App;\n", true],
  ['electron/main/x.ts', "import { app } from 'electron';\nexport const a = app;\n", false],
];

describe('layer boundaries (eslint no-restricted-imports)', () => {
  for (const [file, code, forbidden] of cases) {
    const what = code.split('\n')[0];
    it(`${file}: ${what} is ${forbidden ? 'an error' : 'allowed'}`, async () => {
      const messages = await restrictedImports(file, code);
      if (forbidden) expect(messages.length).toBeGreaterThan(0);
      else expect(messages).toEqual([]);
    });
  }
});
