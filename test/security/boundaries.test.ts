/**
 * The layer boundaries of DESIGN D14.1 are lint errors. This proves the rules fire,
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
  ['renderer/src/x.ts', "import type { TierscapeBridge } from '../../shared/ipc/bridge';\nexport type A = TierscapeBridge;\n", false],
  ['renderer/src/x.ts', "import { create } from 'zustand';\nexport const a = create;\n", false],
  ['electron/services/x.ts', "import { app } from 'electron';\nexport const a = app;\n", true],
  ['electron/cli/x.ts', "import { dialog } from 'electron';\nexport const a = dialog;\n", true],
  ['electron/web/x.ts', "import { BrowserWindow } from 'electron';\nexport const a = BrowserWindow;\n", true],
  ['electron/services/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n", false],
  ['electron/main/x.ts', "import { App } from '../../renderer/src/App';\nexport const a = App;\n", true],
  ['electron/main/x.ts', "import { app } from 'electron';\nexport const a = app;\n", false],
  // a feature imports no other feature: what two use lives in components/ or lib/
  ['renderer/src/features/compare/x.tsx', "import { tierIndex } from '../scenarios/outcome/common';\nexport const a = tierIndex;\n", true],
  ['renderer/src/features/compare/charts/x.tsx', "import { DistributionChart } from '../../scenarios/outcome/DistributionChart';\nexport const a = DistributionChart;\n", true],
  ['renderer/src/features/scenarios/outcome/x.tsx', "import { useChart } from '../../compare/charts/chartKit';\nexport const a = useChart;\n", true],
  ['renderer/src/features/partners/x.tsx', "import { describeExample } from '../import/mapping';\nexport const a = describeExample;\n", true],
  ['renderer/src/features/partners/x.tsx', "import { ExportDialog } from '../../features/export/ExportDialog';\nexport const a = ExportDialog;\n", true],
  ['renderer/src/features/compare/charts/x.tsx', "import { useChart } from '../../../lib/chartKit';\nexport const a = useChart;\n", false],
  ['renderer/src/features/compare/charts/x.tsx', "import { tierIndex } from '../../../components/outcome/common';\nexport const a = tierIndex;\n", false],
  ['renderer/src/features/scenarios/editor/x.tsx', "import { OutcomePanel } from '../outcome/OutcomePanel';\nexport const a = OutcomePanel;\n", false],
  ['renderer/src/features/compare/x.tsx', "import { DiffGrid } from './DiffGrid';\nexport const a = DiffGrid;\n", false],
  // the store imports no feature; components/ and lib/ import none either (nor a feature's stylesheet)
  ['renderer/src/stores/x.ts', "import { completeMapping } from '../features/import/mapping';\nexport const a = completeMapping;\n", true],
  ['renderer/src/stores/x.ts', "import { completeMapping } from '../lib/mapping';\nexport const a = completeMapping;\n", false],
  ['renderer/src/stores/x.ts', "import { getEngine } from '../engine/client';\nexport const a = getEngine;\n", false],
  ['renderer/src/lib/x.ts', "import { partnerColumns } from '../features/partners/columns';\nexport const a = partnerColumns;\n", true],
  ['renderer/src/components/x.tsx', "import { PartnersView } from '../features/partners/PartnersView';\nexport const a = PartnersView;\n", true],
  ['renderer/src/components/x.tsx', "import '../features/compare/compare.css';\nexport const a = 1;\n", true],
  ['renderer/src/features/scenarios/editor/x.tsx', "import '../../../components/forms.css';\nexport const a = 1;\n", false],
  // shared/engine/index.ts is the engine's only entrance (test/shared/engine/ tests its files)
  ['renderer/src/x.ts', "import { MIN_COMPARED } from '../../shared/engine/compare';\nexport const a = MIN_COMPARED;\n", true],
  ['renderer/src/features/compare/x.tsx', "import type { ThresholdRef } from '../../../../shared/engine/explore';\nexport type A = ThresholdRef;\n", true],
  ['renderer/src/x.ts', "import { MIN_COMPARED } from '../../shared/engine';\nexport const a = MIN_COMPARED;\n", false],
  ['electron/services/x.ts', "import { compareOutcomes } from '../../shared/engine/compare';\nexport const a = compareOutcomes;\n", true],
  ['electron/cli/x.ts', "import { replay } from '../../shared/engine/replay';\nexport const a = replay;\n", true],
  ['electron/main/x.ts', "import { evaluate } from '../../shared/engine/evaluate';\nexport const a = evaluate;\n", true],
  ['electron/services/x.ts', "import { compareOutcomes } from '../../shared/engine';\nexport const a = compareOutcomes;\n", false],
  ['shared/report/x.ts', "import { conflictName } from '../engine/describe';\nexport const a = conflictName;\n", true],
  ['shared/report/x.ts', "import { conflictName } from '../engine';\nexport const a = conflictName;\n", false],
  ['scenarios/x.ts', "import { evaluate } from '../shared/engine/evaluate';\nexport const a = evaluate;\n", true],
  ['shared/engine/x.ts', "import { assign } from './assign';\nexport const a = assign;\n", false],
  ['test/renderer/x.test.ts', "import { sweepValues } from '../../shared/engine/explore';\nexport const a = sweepValues;\n", true],
  ['test/shared/report/x.test.ts', "import { compareOutcomes } from '../../../shared/engine/compare';\nexport const a = compareOutcomes;\n", true],
  ['test/renderer/x.test.ts', "import { sweepValues } from '../../shared/engine';\nexport const a = sweepValues;\n", false],
  ['test/shared/engine/x.test.ts', "import { topSums } from '../../../shared/engine/select';\nexport const a = topSums;\n", false],
  ['test/services/workspace/x.test.ts', "import { dataset } from '../../shared/engine/helpers';\nexport const a = dataset;\n", false],
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

/** A file of `lines` lines (each a statement, so none is blank or a comment). */
const fileOf = (lines: number) => Array.from({ length: lines }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';

async function lineLimit(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'max-lines').map((m) => m.message);
}

describe('file length (eslint max-lines, DESIGN D14.3)', () => {
  it.each([
    ['shared/model/x.ts', 451, true],
    ['shared/model/x.ts', 450, false],
    ['renderer/src/features/compare/x.tsx', 451, true],
    ['electron/services/import/x.ts', 451, true],
    ['scenarios/x.ts', 451, true],
    // the documented exceptions: the engine's hot loops and the sample-data generator
    ['shared/engine/compile.ts', 1_200, false],
    ['shared/engine/evaluate.ts', 1_200, false],
    ['scenarios/generator.ts', 1_200, false],
    // tests may be long
    ['test/shared/model/x.test.ts', 1_200, false],
  ] as const)('%s with %i lines: flagged %s', async (file, lines, flagged) => {
    const messages = await lineLimit(file, fileOf(lines));
    if (flagged) expect(messages).toEqual([expect.stringMatching(/Maximum allowed is 450/)]);
    else expect(messages).toEqual([]);
  });

  it('every exception says in its header why it is long', async () => {
    const { readFileSync } = await import('node:fs');
    for (const file of ['shared/engine/compile.ts', 'shared/engine/evaluate.ts', 'scenarios/generator.ts']) {
      expect(readFileSync(path.join(root, file), 'utf8').slice(0, 2_000), file).toMatch(/Why one long file/);
    }
  });
});
