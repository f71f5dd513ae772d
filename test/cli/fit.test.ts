import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { designToTarget } from '../../shared/engine';
import type { CliIo } from '../../electron/cli/common';
import { Workspace } from '../../electron/services/workspace/workspace';
import { runCli } from '../helpers/cli';
import { sha256, useTempDir } from '../helpers/tmp';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

async function run(args: string[]) {
  const io = capture();
  const code = await runCli(args, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('CLI fit', () => {
  const tempDir = useTempDir();
  const sample = async () => {
    const file = path.join(tempDir(), 'w.tierscape');
    expect((await run(['new', file, '--sample'])).code).toBe(0);
    return file;
  };
  const base = (file: string) => [
    'fit',
    file,
    '--scenario',
    'Motion-fit ladders',
    '--ladder',
    'reseller',
    '--target',
    '80,15,5',
    '--max-mdf',
    '250000',
    '--round',
    '10000',
  ];

  it('answers as the engine does, reads the workspace without writing it, and prints target against achieved', async () => {
    const file = await sample();
    const before = sha256(file);
    const json = await run([...base(file), '--json']);
    expect(json.err).toBe('');
    expect(json.code).toBe(0);
    const answer = JSON.parse(json.out);
    const ws = await Workspace.open(file, { readOnly: true });
    try {
      const record = ws.scenarios.get(ws.scenarios.findByName('Motion-fit ladders')!.id);
      const data = ws.datasets.load(record.datasetId!);
      const expected = designToTarget(record.scenario, data, { ladderId: 'resale', targets: [{ share: 0.8 }, { share: 0.15 }, { share: 0.05 }], limits: { hours: null, mdf: 250_000, margin: null }, round: 10_000, levers: {} });
      expect(answer).toMatchObject({ scenarioName: 'Motion-fit ladders', dataset: { label: 'FY2026' }, saved: null });
      expect(answer.tiers).toEqual(expected.tiers);
      expect(answer.budgets).toEqual(expected.budgets);
      expect(answer.scenario).toEqual(JSON.parse(JSON.stringify(expected.scenario)));
    } finally {
      ws.close();
    }
    expect(sha256(file)).toBe(before);

    const human = await run(base(file));
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/^Motion-fit ladders › Resale partners on FY2026 \(150 partners on the ladder\):/);
    expect(human.out).toMatch(/\n {2}Specialist +target +\d+ of \d+ +achieved +\d+ \([\d.]+%\) +today +11 +\$250,000 → \$[\d,]+0,000/);
    expect(human.out).toMatch(/\n {2}MDF: at most \$250,000; today \$340,000, proposed \$[\d,]+ — kept/);
  });

  it('saves the fitted scenario as a new one with --save-as', async () => {
    const file = await sample();
    const saved = await run([...base(file), '--save-as', 'Motion-fit 80/15/5', '--json']);
    expect(saved.code).toBe(0);
    const answer = JSON.parse(saved.out);
    expect(answer.saved.name).toBe('Motion-fit 80/15/5');
    const ws = await Workspace.open(file, { readOnly: true });
    try {
      const record = ws.scenarios.get(ws.scenarios.findByName('Motion-fit 80/15/5')!.id);
      expect(record.scenario.ladders).toEqual(answer.scenario.ladders);
      expect(ws.scenarios.findByName('Motion-fit ladders')).toBeTruthy();
    } finally {
      ws.close();
    }
  });

  it('refuses bad targets, ladders and limits with a message and exit code', async () => {
    const file = await sample();
    const shares = await run(['fit', file, '--scenario', 'Motion-fit ladders', '--ladder', 'reseller', '--target', '80,35,5']);
    expect(shares).toMatchObject({ code: 1, err: 'tierscape: The target shares add up to 120%, more than every partner on the ladder.' });
    const ladder = await run(['fit', file, '--scenario', 'Motion-fit ladders', '--ladder', 'distributor', '--target', '80,20']);
    expect(ladder.code).toBe(1);
    expect(ladder.err).toBe('tierscape: "Motion-fit ladders" has no ladder for "distributor"; its ladders are "reseller" (Resale partners), "services" (Services partners), "technology" (Technology partners).');
    const word = await run(['fit', file, '--scenario', 'Motion-fit ladders', '--ladder', 'reseller', '--target', '80,lots']);
    expect(word.code).toBe(2);
    expect(word.err).toMatch(/^tierscape: --target: the second target "lots" is not a number/);
    const tiers = await run(['fit', file, '--scenario', 'Motion-fit ladders', '--ladder', 'reseller', '--target', '10,10,10,10,10']);
    expect(tiers).toMatchObject({ code: 1, err: 'tierscape: Resale partners has 4 tiers; 5 targets were given (lowest tier first).' });
    const limit = await run([...base(file), '--max-hours=-5']);
    expect(limit.code).toBe(2);
    expect(limit.err).toMatch(/^tierscape: --max-hours takes a number, 0 or more \(not "-5"\)/);
    const counts = await run(['fit', file, '--scenario', 'Motion-fit ladders', '--ladder', 'Resale partners', '--target=-,20,5', '--counts', '--json']);
    expect(counts.code).toBe(0);
    expect(JSON.parse(counts.out).tiers.map((t: { target: number | null }) => t.target)).toEqual([null, 20, 5, null]);
  });
});
