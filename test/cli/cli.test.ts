import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { BUILT_CLI, runCli, USAGE } from '../helpers/cli';
import type { CliIo } from '../../electron/cli/common';
import { LATEST_SCHEMA_VERSION } from '../../electron/services/workspace/migrations';
import { sha256, useTempDir } from '../helpers/tmp';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

describe('CLI', () => {
  const tempDir = useTempDir();

  it('new --sample then info --json describes the sample dataset', async () => {
    const file = path.join(tempDir(), 'w.tierscape');
    const io = capture();
    expect(await runCli(['new', file, '--sample'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/Created .*w\.tierscape with the sample dataset/);
    const before = sha256(file);
    const info = capture();
    expect(await runCli(['info', file, '--json'], info)).toBe(0);
    const json = JSON.parse(info.stdout.join('\n'));
    expect(json).toMatchObject({ schemaVersion: LATEST_SCHEMA_VERSION, latestSchemaVersion: LATEST_SCHEMA_VERSION });
    expect(json.datasets.map((d: { label: string }) => d.label)).toEqual(['FY2024', 'FY2025', 'FY2026']);
    expect(json.datasets[2].partnerCount).toBeGreaterThan(100);
    expect(json.scenarios.map((s: { name: string }) => s.name)).toContain('Motion-fit ladders');
    expect(json.scenarios.filter((s: { isBaseline: boolean }) => s.isBaseline)).toHaveLength(1);
    expect(sha256(file)).toBe(before); // info reads without writing
    const human = capture();
    expect(await runCli(['info', file], human)).toBe(0);
    expect(human.stdout.join('\n')).toMatch(/datasets: {2}3/);
    expect(human.stdout.join('\n')).toMatch(/As is: metals on lifetime revenue \(baseline\)/);
  });

  it('exit code 1 with a message on stderr for bad input', async () => {
    const dir = tempDir();
    const text = path.join(dir, 'text.tierscape');
    writeFileSync(text, 'hello '.repeat(40));
    const io = capture();
    expect(await runCli(['info', text, '--json'], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/not a SQLite database/);
    expect(io.stdout).toEqual([]);
    const exists = capture();
    expect(await runCli(['new', text], exists)).toBe(1);
    expect(exists.stderr.join('\n')).toMatch(/already exists; pass --force/);
    expect(await runCli(['info', path.join(dir, 'missing.tierscape')], capture())).toBe(1);
  });

  it('exit code 2 for usage errors', async () => {
    for (const args of [[], ['frobnicate'], ['info'], ['info', 'a', 'b'], ['new', 'x', '--colour']]) {
      const io = capture();
      expect(await runCli(args, io), args.join(' ')).toBe(2);
      expect(io.stderr.join('\n')).toMatch(/Usage: tierscape <command>/);
    }
    expect(await runCli(['help'], capture())).toBe(0);
  });

  it('import prints the report and writes nothing when rows have errors, unless --skip-bad-rows', async () => {
    const dir = tempDir();
    const ws = path.join(dir, 'w.tierscape');
    expect(await runCli(['new', ws], capture())).toBe(0);
    const csv = path.join(dir, 'partners.csv');
    writeFileSync(csv, 'Partner ID;Partner Name;Motion;ARR\nP1;Acme;Reseller;"1.200,50"\nP2;;Services;3\nP3;Gamma;ISV;abc\n');
    const refused = capture();
    expect(await runCli(['import', ws, csv, '--json'], refused)).toBe(1);
    const report = JSON.parse(refused.stdout.join('\n'));
    expect(report).toMatchObject({ written: false, delimiter: ';', report: { rowCount: 3, validRows: 1, badRows: 2 } });
    expect(refused.stderr.join('\n')).toMatch(/nothing was written: 2 row\(s\) have errors.*--skip-bad-rows/);
    const none = capture();
    await runCli(['datasets', ws, '--json'], none);
    expect(JSON.parse(none.stdout.join('\n'))).toEqual([]);

    const written = capture();
    expect(await runCli(['import', ws, csv, '--skip-bad-rows', '--label', 'FY2026', '--as-of', '2026-06-30'], written)).toBe(0);
    expect(written.stdout.join('\n')).toMatch(/Imported 1 partners as dataset "FY2026" \(2 bad rows skipped\)/);
    expect(written.stdout.join('\n')).toMatch(/Row 3, column B "Partner Name": the partner has no name/);
    const list = capture();
    expect(await runCli(['datasets', ws, '--json'], list)).toBe(0);
    expect(JSON.parse(list.stdout.join('\n'))).toMatchObject([{ label: 'FY2026', asOf: '2026-06-30', partnerCount: 1, sourceFile: 'partners.csv' }]);
  });

  it('import takes a mapping file, and refuses a broken one or a bad date with a clear message', async () => {
    const dir = tempDir();
    const ws = path.join(dir, 'w.tierscape');
    await runCli(['new', ws], capture());
    const csv = path.join(dir, 'x.csv');
    writeFileSync(csv, 'Company,Col7\nAcme,4\nBeta,2\n');
    const mapping = path.join(dir, 'mapping.json');
    writeFileSync(
      mapping,
      JSON.stringify({
        columns: [
          { index: 0, header: 'Company', target: { type: 'field', field: 'name' } },
          { index: 1, header: 'Col7', target: { type: 'metric', key: 'active_sellers', label: 'Active Sellers', kind: 'count', unit: null } },
        ],
      }),
    );
    const ok = capture();
    expect(await runCli(['import', ws, csv, '--mapping', mapping, '--json'], ok)).toBe(0);
    expect(JSON.parse(ok.stdout.join('\n'))).toMatchObject({ written: true, mappingSource: 'file', imported: 2 });
    const list = capture();
    await runCli(['datasets', ws, '--json'], list);
    expect(JSON.parse(list.stdout.join('\n'))[0].metrics).toEqual([{ key: 'active_sellers', label: 'Active Sellers', kind: 'count', unit: null }]);

    writeFileSync(mapping, '{"columns": [{"index": -1}]}');
    const broken = capture();
    expect(await runCli(['import', ws, csv, '--mapping', mapping], broken)).toBe(1);
    expect(broken.stderr.join('\n')).toMatch(/mapping\.json is not a column mapping/);
    expect(await runCli(['import', ws, csv, '--as-of', '30/06/2026'], capture())).toBe(2);
    const png = path.join(dir, 'logo.xlsx');
    writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const bad = capture();
    expect(await runCli(['import', ws, png], bad)).toBe(1);
    expect(bad.stderr.join('\n')).toMatch(/"logo\.xlsx" is a PNG image/);
  });

  it('scenario import adds a scenario file, and refuses a foreign or future one', async () => {
    const dir = tempDir();
    const ws = path.join(dir, 'w.tierscape');
    await runCli(['new', ws, '--sample'], capture());
    const file = path.join(dir, 'mine.json');
    const example = JSON.parse(readFileSync(path.resolve(__dirname, '../../scenarios/examples/two-tier-starter.json'), 'utf8'));
    writeFileSync(file, JSON.stringify({ ...example, name: 'Our starter' }));
    const io = capture();
    expect(await runCli(['scenario', 'import', ws, file, '--dataset', 'fy2025', '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout.join('\n'))).toMatchObject({ name: 'Our starter', dataset: 'FY2025' });
    const again = capture();
    expect(await runCli(['scenario', 'import', ws, file], again)).toBe(0);
    expect(again.stdout.join('\n')).toMatch(/Imported scenario "Our starter \(2\)" \(evaluated on FY2026\)/);
    writeFileSync(file, JSON.stringify({ ...example, version: 9 }));
    const future = capture();
    expect(await runCli(['scenario', 'import', ws, file], future)).toBe(1);
    expect(future.stderr.join('\n')).toMatch(/mine\.json cannot be imported: This scenario was saved by a newer version of Tierscape/);
    const missing = capture();
    expect(await runCli(['scenario', 'import', ws, path.join(dir, 'x.json')], missing)).toBe(1);
    const nodata = capture();
    writeFileSync(file, JSON.stringify(example));
    expect(await runCli(['scenario', 'import', ws, file, '--dataset', 'FY1999'], nodata)).toBe(1);
    expect(nodata.stderr.join('\n')).toMatch(/No dataset is labelled "FY1999"/);
    expect(await runCli(['scenario', 'export', ws], capture())).toBe(2);
  });

  it('scenario import --baseline and scenario baseline mark the "as is" the comparison is against, one per dataset', async () => {
    const dir = tempDir();
    const ws = path.join(dir, 'w.tierscape');
    await runCli(['new', ws, '--sample'], capture());
    const example = JSON.parse(readFileSync(path.resolve(__dirname, '../../scenarios/examples/two-tier-starter.json'), 'utf8'));
    const file = path.join(dir, 'ours.json');
    writeFileSync(file, JSON.stringify({ ...example, name: 'Our as-is' }));
    const baselines = async () => {
      const info = capture();
      await runCli(['info', ws, '--json'], info);
      const json = JSON.parse(info.stdout.join('\n'));
      const label = (id: number) => json.datasets.find((d: { id: number }) => d.id === id).label;
      return json.scenarios.filter((x: { isBaseline: boolean }) => x.isBaseline).map((x: { name: string; datasetId: number }) => `${x.name} @ ${label(x.datasetId)}`);
    };
    const comparedBaseline = async () => {
      const io = capture();
      expect(await runCli(['compare', ws, '--scenario', 'Motion-fit ladders', '--scenario', 'Our as-is', '--scenario', 'As is: metals on lifetime revenue', '--json'], io)).toBe(0);
      const out = JSON.parse(io.stdout.join('\n'));
      return [out.baseline, out.scenarios.map((k: { name: string; delta: unknown }) => k.delta === null)];
    };

    // imported as the baseline: the one before it is unmarked
    const imported = capture();
    expect(await runCli(['scenario', 'import', ws, file, '--baseline'], imported)).toBe(0);
    expect(imported.stdout[0]).toBe('Imported scenario "Our as-is" (evaluated on FY2026) as the baseline of FY2026 (in place of "As is: metals on lifetime revenue").');
    expect(await baselines()).toEqual(['Our as-is @ FY2026']);
    expect(await comparedBaseline()).toEqual(['Our as-is', [false, true, false]]);
    const evaluated = capture();
    await runCli(['evaluate', ws, '--scenario', 'Our as-is', '--json'], evaluated);
    expect(JSON.parse(evaluated.stdout.join('\n')).baseline).toBe(true);

    // without --baseline, the file's own flag is ignored (as in the app); --json says which
    writeFileSync(file, JSON.stringify({ ...example, name: 'Flagged in the file', baseline: true }));
    const flagged = capture();
    expect(await runCli(['scenario', 'import', ws, file, '--json'], flagged)).toBe(0);
    expect(JSON.parse(flagged.stdout.join('\n'))).toMatchObject({ name: 'Flagged in the file', baseline: false });
    // on another dataset, another baseline: one per dataset
    const other = capture();
    expect(await runCli(['scenario', 'import', ws, file, '--dataset', 'FY2025', '--baseline', '--json'], other)).toBe(0);
    expect(JSON.parse(other.stdout.join('\n'))).toMatchObject({ name: 'Flagged in the file (2)', dataset: 'FY2025', baseline: true });
    expect(await baselines()).toEqual(['Our as-is @ FY2026', 'Flagged in the file (2) @ FY2025']);

    // scenario baseline moves the flag (names in any case), and --off takes it away
    const moved = capture();
    expect(await runCli(['scenario', 'baseline', ws, 'as is: METALS on lifetime revenue'], moved)).toBe(0);
    expect(moved.stdout).toEqual(['"As is: metals on lifetime revenue" is now the baseline of FY2026 (in place of "Our as-is").']);
    expect(await baselines()).toEqual(['As is: metals on lifetime revenue @ FY2026', 'Flagged in the file (2) @ FY2025']);
    expect(await comparedBaseline()).toEqual(['As is: metals on lifetime revenue', [false, false, true]]);
    const updatedAt = async () => {
      const info = capture();
      await runCli(['info', ws, '--json'], info);
      return JSON.parse(info.stdout.join('\n')).scenarios.map((x: { updatedAt: string }) => x.updatedAt);
    };
    const before = await updatedAt();
    const again = capture();
    expect(await runCli(['scenario', 'baseline', ws, 'As is: metals on lifetime revenue'], again)).toBe(0);
    expect(again.stdout).toEqual(['"As is: metals on lifetime revenue" is already the baseline of FY2026; nothing changed.']);
    expect(await updatedAt()).toEqual(before); // nothing written
    const off = capture();
    expect(await runCli(['scenario', 'baseline', ws, 'As is: metals on lifetime revenue', '--off'], off)).toBe(0);
    expect(off.stdout).toEqual(['"As is: metals on lifetime revenue" is no longer the baseline of FY2026.']);
    expect(await baselines()).toEqual(['Flagged in the file (2) @ FY2025']);
    expect(await comparedBaseline()).toEqual([null, [true, true, true]]); // no baseline on FY2026: no deltas
    const offAgain = capture();
    expect(await runCli(['scenario', 'baseline', ws, 'Our as-is', '--off'], offAgain)).toBe(0);
    expect(offAgain.stdout).toEqual(['"Our as-is" is not the baseline of FY2026; nothing changed.']);

    // an unknown name is bad input (exit 1); a wrong call is a usage error (exit 2)
    const unknown = capture();
    expect(await runCli(['scenario', 'baseline', ws, 'Nope'], unknown)).toBe(1);
    expect(unknown.stderr.join('\n')).toMatch(/^tierscape: No scenario is named "Nope"; this workspace has .*"Our as-is"/);
    for (const args of [
      ['scenario', 'baseline'],
      ['scenario', 'baseline', ws],
      ['scenario', 'baseline', ws, 'Our as-is', 'extra'],
      ['scenario', 'baseline', ws, 'Our as-is', '--on'],
      ['scenario', 'import', ws, file, '--baseline=yes'],
      ['scenario'],
      ['scenario', 'frobnicate', ws],
    ]) {
      const io = capture();
      expect(await runCli(args, io), args.join(' ')).toBe(2);
      expect(io.stderr.join('\n')).toMatch(/Usage: tierscape <command>/);
    }
    const help = capture();
    await runCli(['help'], help);
    expect(help.stdout.join('\n')).toMatch(/scenario baseline <workspace> NAME \[--off\]/);
    expect(help.stdout.join('\n')).toMatch(/scenario import <workspace> <file\.json> \[--dataset LABEL\] \[--baseline\]/);
  });

  it('export writes the workbook (sheets chosen, report cards for the first non-baseline scenario) and refuses bad requests', async () => {
    const dir = tempDir();
    const ws = path.join(dir, 'w.tierscape');
    await runCli(['new', ws, '--sample'], capture());
    const out = path.join(dir, 'report.xlsx');
    const io = capture();
    const args = ['export', ws, '--scenario', 'As is: metals on lifetime revenue', '--scenario', 'Motion-fit ladders', '--out', out];
    expect(await runCli([...args, '--sheets', 'distribution,assignments', '--report-cards', '--dataset', 'fy2025', '--json'], io)).toBe(0);
    const report = JSON.parse(io.stdout.join('\n')) as { file: string; sheets: string[]; dataset: string; partners: number; bytes: number };
    expect(report).toMatchObject({ file: out, dataset: 'FY2025', partners: 300 });
    expect(report.sheets).toEqual(['Summary', 'Charts', 'Distribution', 'Assignments – As is metals on…', 'Assignments – Motion-fit ladde…', 'Report cards – Motion-fit ladd…']);
    const wb = XLSX.read(readFileSync(out), { type: 'buffer' });
    expect(wb.SheetNames).toEqual(report.sheets);
    expect(readFileSync(out).length).toBe(report.bytes);
    expect(wb.Custprops).toMatchObject({ Dataset: 'FY2025', Partners: '300' });

    const text = capture();
    expect(await runCli([...args, '--report-cards', 'motion-fit ladders'], text)).toBe(0);
    expect(text.stdout.join('\n')).toMatch(/Wrote .*report\.xlsx \(\d+ KB, 11 sheets, 300 partners of FY2026\)/);

    const usage = async (extra: string[], message: RegExp) => {
      const bad = capture();
      expect(await runCli(extra, bad)).toBe(2);
      expect(bad.stderr.join('\n')).toMatch(message);
    };
    await usage(['export', ws, '--out', out], /at least one --scenario/);
    await usage(['export', ws, '--scenario', 'Motion-fit ladders'], /--out FILE\.xlsx/);
    await usage(['export', ws, '--scenario', 'Motion-fit ladders', '--out', path.join(dir, 'r.csv')], /--out must name an \.xlsx file/);
    await usage([...args, '--sheets', 'summary,charts'], /unknown sheets summary, charts/);
    await usage([...args, '--report-cards', 'Two-tier starter'], /not one of the exported scenarios/);
    const missing = capture();
    expect(await runCli(['export', ws, '--scenario', 'Nope', '--out', out], missing)).toBe(1);
    expect(missing.stderr.join('\n')).toMatch(/No scenario is named "Nope"/);
  });

  it('evaluate --json gives every outcome the engine computes, in the documented shape', async () => {
    const dir = tempDir();
    const ws = path.join(dir, 'w.tierscape');
    await runCli(['new', ws, '--sample'], capture());
    const io = capture();
    expect(await runCli(['evaluate', ws, '--scenario', 'motion-fit ladders', '--json'], io)).toBe(0);
    const out = JSON.parse(io.stdout.join('\n'));
    expect(out).toMatchObject({ scenario: 'Motion-fit ladders', baseline: false, dataset: { label: 'FY2026', partners: 300 } });
    expect(out.assignments).toHaveLength(300);
    for (const key of ['partnerId', 'name', 'motion', 'tier', 'currentTier', 'movement', 'reasons', 'nextTier', 'progress']) {
      expect(out.assignments[0]).toHaveProperty(key);
    }
    const all = out.distribution.filter((d: { motion: string }) => d.motion === '*');
    expect(all.reduce((sum: number, d: { count: number }) => sum + d.count, 0)).toBe(300);
    expect(out.distribution[0]).toEqual(expect.objectContaining({ motion: expect.any(String), tier: expect.anything(), count: expect.any(Number), share: expect.any(Number) }));
    expect(Object.keys(out.resources.totals).sort()).toEqual(['fixed', 'hours', 'margin', 'mdf']);
    expect(out.resources.tiers.length).toBeGreaterThan(0);
    expect(out.coverage).toEqual(expect.objectContaining({ pairs: expect.objectContaining({ covered: expect.any(Number), total: expect.any(Number) }), grants: expect.any(Object), uncovered: expect.any(Array) }));
    for (const key of ['promoted', 'demoted', 'unchanged', 'newlyTiered', 'exitCandidates']) expect(out.movement[key]).toEqual(expect.any(Number));
    expect(Array.isArray(out.alerts) && Array.isArray(out.review)).toBe(true);
    const moved = out.assignments.filter((a: { movement: string }) => a.movement === 'promoted').length;
    expect(moved).toBe(out.movement.promoted);

    const human = capture();
    expect(await runCli(['evaluate', ws, '--scenario', 'Motion-fit ladders', '--dataset', 'FY2024'], human)).toBe(0);
    expect(human.stdout[0]).toMatch(/^Motion-fit ladders on FY2024 \(300 partners\)/);
    const missing = capture();
    expect(await runCli(['evaluate', ws, '--scenario', 'Nope'], missing)).toBe(1);
    expect(missing.stderr.join('\n')).toMatch(/No scenario is named "Nope"; this workspace has "As is: metals on lifetime revenue"/);
    expect(await runCli(['evaluate', ws], capture())).toBe(2);
  });

  it('compare --json puts scenarios side by side with deltas against the baseline and a partner diff', async () => {
    const dir = tempDir();
    const ws = path.join(dir, 'w.tierscape');
    await runCli(['new', ws, '--sample'], capture());
    const names = ['Motion-fit ladders', 'As is: metals on lifetime revenue', 'Two-tier starter'];
    const io = capture();
    expect(await runCli(['compare', ws, ...names.flatMap((n) => ['--scenario', n]), '--json'], io)).toBe(0);
    const out = JSON.parse(io.stdout.join('\n'));
    expect(out.baseline).toBe('As is: metals on lifetime revenue');
    expect(out.scenarios.map((k: { name: string }) => k.name)).toEqual(names);
    const [motion, asIs] = out.scenarios;
    expect(asIs.delta).toBeNull();
    expect(motion.delta.hours).toBeCloseTo(motion.hours - asIs.hours, 6);
    expect(motion.delta.tiered).toBe(motion.tiered - asIs.tiered);
    // the diff agrees with the two evaluations
    const tiers = async (name: string) => {
      const e = capture();
      await runCli(['evaluate', ws, '--scenario', name, '--json'], e);
      return JSON.parse(e.stdout.join('\n')).assignments.map((a: { tier: string | null }) => a.tier);
    };
    const [a, b] = [await tiers(names[0]!), await tiers(names[1]!)];
    const differing = a.filter((t: string | null, i: number) => t !== b[i]).length;
    expect(out.diff).toMatchObject({ a: names[0], b: names[1], count: differing });
    expect(out.diff.rows[0]).toEqual(expect.objectContaining({ partnerId: expect.any(String), a: expect.anything(), reasons: expect.any(Array) }));
    // what changed between the designs: each other scenario against the baseline, as Compare shows it
    expect(out.designDiff.map((d: { a: string; b: string; same: boolean }) => [d.a, d.b, d.same])).toEqual([
      [names[1], names[0], false],
      [names[1], names[2], false],
    ]);
    expect(out.designDiff[1].sections.find((s: { kind: string }) => s.kind === 'mapping').changes.map((c: { text: string }) => c.text)).toContain('Today’s Gold: level 2 → level 1');

    expect(await runCli(['compare', ws, '--scenario', names[0]!], capture())).toBe(2);
    const tooMany = capture();
    expect(await runCli(['compare', ws, ...Array.from({ length: 7 }, () => ['--scenario', names[0]!]).flat()], tooMany)).toBe(1);
    expect(tooMany.stderr.join('\n')).toMatch(/2 to 6 scenarios; 7 were named/);
    // a scenario on another dataset: refused unless a dataset is named
    const file = path.join(dir, 'old.json');
    const example = JSON.parse(readFileSync(path.resolve(__dirname, '../../scenarios/examples/two-tier-starter.json'), 'utf8'));
    writeFileSync(file, JSON.stringify({ ...example, name: 'Starter on FY2025' }));
    await runCli(['scenario', 'import', ws, file, '--dataset', 'FY2025'], capture());
    const mixed = capture();
    expect(await runCli(['compare', ws, '--scenario', names[0]!, '--scenario', 'Starter on FY2025'], mixed)).toBe(1);
    expect(mixed.stderr.join('\n')).toMatch(/different datasets .*FY2026.*FY2025.*--dataset/);
    expect(await runCli(['compare', ws, '--scenario', names[0]!, '--scenario', 'Starter on FY2025', '--dataset', 'FY2025', '--json'], capture())).toBe(0);
  });

  it('replay runs a scenario over the sample’s three datasets in date order', async () => {
    const dir = tempDir();
    const ws = path.join(dir, 'w.tierscape');
    await runCli(['new', ws, '--sample'], capture());
    const io = capture();
    expect(await runCli(['replay', ws, '--scenario', 'Motion-fit ladders', '--json'], io)).toBe(0);
    const out = JSON.parse(io.stdout.join('\n'));
    expect(out.cycles.map((c: { label: string }) => c.label)).toEqual(['FY2024', 'FY2025', 'FY2026']);
    expect(out.cycles[0]).toEqual(expect.objectContaining({ partners: 300, topTierShare: expect.any(Number), demoted: expect.any(Number), tiers: expect.any(Array) }));
    const human = capture();
    expect(await runCli(['replay', ws, '--scenario', 'Motion-fit ladders'], human)).toBe(0);
    expect(human.stdout.join('\n')).toMatch(/FY2025 +top tiers/);
    expect(await runCli(['replay', ws], capture())).toBe(2);
  });

  /** A list of 57 partners with other metrics and other partner IDs than the sample's, as a user would import it. */
  function acmeCsv(dir: string): string {
    const csv = path.join(dir, 'acme.csv');
    const rows = Array.from({ length: 57 }, (_, i) => `ACME-${String(i + 1).padStart(3, '0')},Acme partner ${i + 1},Reseller,${(i + 1) * 1000},${i % 7}`);
    writeFileSync(csv, ['Partner ID,Partner Name,Motion,Bookings,Certified Staff', ...rows].join('\n'));
    return csv;
  }

  it('replay leaves out by default a dataset without the metrics the scenario reads, and names the datasets it used', async () => {
    const dir = tempDir();
    const ws = path.join(dir, 'w.tierscape');
    await runCli(['new', ws, '--sample'], capture());
    expect(await runCli(['import', ws, acmeCsv(dir), '--label', 'ACME FY2026', '--as-of', '2026-06-30'], capture())).toBe(0);
    const io = capture();
    expect(await runCli(['replay', ws, '--scenario', 'Motion-fit ladders', '--json'], io)).toBe(0);
    expect(io.stderr).toEqual([]);
    const out = JSON.parse(io.stdout.join('\n'));
    expect(out.datasets.map((d: { label: string }) => d.label)).toEqual(['FY2024', 'FY2025', 'FY2026']);
    expect(out.cycles.map((c: { label: string }) => c.label)).toEqual(['FY2024', 'FY2025', 'FY2026']);
    expect(out.leftOut).toEqual([expect.objectContaining({ label: 'ACME FY2026', partners: 57, missing: expect.arrayContaining(['sourced_arr', 'active_sellers']) })]);
    expect(out.warnings).toEqual([]);
    const human = capture();
    expect(await runCli(['replay', ws, '--scenario', 'Motion-fit ladders'], human)).toBe(0);
    expect(human.stdout[0]).toBe('Motion-fit ladders over FY2024 → FY2025 → FY2026, cycle by cycle:');
    expect(human.stdout.join('\n')).toMatch(/left out: ACME FY2026 lacks "Sourced ARR \(current year\)", .*--dataset to add it/);
  });

  it('replay --dataset runs over exactly the datasets named, in the order given, and warns of another ID space on stderr', async () => {
    const dir = tempDir();
    const ws = path.join(dir, 'w.tierscape');
    await runCli(['new', ws, '--sample'], capture());
    await runCli(['import', ws, acmeCsv(dir), '--label', 'ACME FY2026', '--as-of', '2026-06-30'], capture());
    const datasets = capture();
    await runCli(['datasets', ws, '--json'], datasets);
    const fy2024 = JSON.parse(datasets.stdout.join('\n')).find((d: { label: string }) => d.label === 'FY2024');

    // labels (any case) or ids, in the order given: not date order
    const io = capture();
    expect(await runCli(['replay', ws, '--scenario', 'Motion-fit ladders', '--dataset', 'fy2026', '--dataset', String(fy2024.id), '--json'], io)).toBe(0);
    expect(io.stderr).toEqual([]);
    const out = JSON.parse(io.stdout.join('\n'));
    expect(out.datasets.map((d: { label: string }) => d.label)).toEqual(['FY2026', 'FY2024']);
    expect(out.cycles.map((c: { label: string }) => c.label)).toEqual(['FY2026', 'FY2024']);
    expect(out.leftOut).toEqual([]);

    // a dataset of other partner IDs (and other metrics): replayed as asked, with warnings on stderr
    const acme = capture();
    expect(await runCli(['replay', ws, '--scenario', 'Motion-fit ladders', '--dataset', 'FY2025', '--dataset', 'FY2026', '--dataset', 'ACME FY2026', '--json'], acme)).toBe(0);
    const result = JSON.parse(acme.stdout.join('\n'));
    expect(result.cycles.map((c: { label: string; partners: number }) => [c.label, c.partners])).toEqual([
      ['FY2025', 300],
      ['FY2026', 300],
      ['ACME FY2026', 57],
    ]);
    expect(result.warnings.map((w: { kind: string }) => w.kind)).toEqual(['metrics', 'partner-ids']);
    expect(acme.stderr).toContain('tierscape: warning: ACME FY2026 shares 0 of 57 partner IDs with FY2026: its partners would all start as new.');
    expect(acme.stderr.join('\n')).toMatch(/warning: ACME FY2026 lacks "Sourced ARR \(current year\)", "Active sellers", .*which "Motion-fit ladders" reads: requirements on them are not met there\./);

    // one dataset, a dataset named twice, an unknown one
    expect(await runCli(['replay', ws, '--scenario', 'Motion-fit ladders', '--dataset', 'FY2025'], capture())).toBe(2);
    const twice = capture();
    expect(await runCli(['replay', ws, '--scenario', 'Motion-fit ladders', '--dataset', 'FY2025', '--dataset', 'fy2025'], twice)).toBe(1);
    expect(twice.stderr.join('\n')).toMatch(/FY2025 is named twice/);
    const unknown = capture();
    expect(await runCli(['replay', ws, '--scenario', 'Motion-fit ladders', '--dataset', 'FY2025', '--dataset', 'FY2030'], unknown)).toBe(1);
    expect(unknown.stderr.join('\n')).toMatch(/No dataset is labelled "FY2030"/);
  });

  it('on an own list: scenario import places today’s tiers and says so; evaluate, compare and export warn of what does not fit, and --strict refuses', async () => {
    const dir = tempDir();
    const ws = path.join(dir, 'own.tierscape');
    await runCli(['new', ws, '--sample'], capture());
    const own = path.resolve(__dirname, '../fixtures/own-list/acme-partners.csv');
    expect(await runCli(['import', ws, own, '--label', 'ACME FY2026', '--as-of', '2026-06-30'], capture())).toBe(0);

    // a colleague's file: tiers named like the list's, one metric the list has, one it lacks
    const file = path.join(dir, 'colleague.json');
    const tier = (id: string, name: string, level: number, metric: string) => ({
      id,
      name,
      color: '#888888',
      requirement: level === 0 ? null : { type: 'compare', id: `${id}_req`, metric, op: '>=', value: level },
    });
    writeFileSync(
      file,
      JSON.stringify({
        format: 'tierscape-scenario',
        version: 1,
        name: 'Colleague ladder',
        ladders: [{ id: 'p', motion: '*', name: 'Program', tiers: [tier('r', 'Registered', 0, ''), tier('s', 'Silver', 1, 'certified_engineers'), tier('g', 'Gold', 2, 'pipeline')] }],
      }),
    );
    const imported = capture();
    expect(await runCli(['scenario', 'import', ws, file, '--dataset', 'ACME FY2026'], imported)).toBe(0);
    const said = imported.stdout.join('\n');
    expect(said).toMatch(/Today's tiers of ACME FY2026 placed automatically: Silver → Silver \(level 1, same name\); Gold → Gold \(level 2, same name\); Registered → Registered \(level 0, same name\); Platinum → Gold \(level 2, metal order\)/);
    expect(said).toMatch(/Not placed: No tier of the design is called "Legacy Elite"\. Its partner counts as having no tier today\./);
    expect(said).toMatch(/ACME FY2026 has no metric "pipeline"/);

    const evaluated = capture();
    expect(await runCli(['evaluate', ws, '--scenario', 'Colleague ladder', '--json'], evaluated)).toBe(0);
    expect(evaluated.stderr).toEqual([
      'tierscape: warning: "Colleague ladder" reads a metric ACME FY2026 does not have (Pipeline [pipeline]): requirements on it are never met.',
      'tierscape: warning: "Colleague ladder" does not place today\'s tier "Legacy Elite" of ACME FY2026: their partners count as having no tier today.',
    ]);
    const json = JSON.parse(evaluated.stdout.join('\n'));
    expect(json.todayTiers.map((t: { label: string; level: number | null; placed: boolean }) => [t.label, t.level, t.placed])).toEqual([
      ['Silver', 1, true],
      ['Gold', 2, true],
      ['Platinum', 2, true],
      ['Registered', 0, true],
      ['Legacy Elite', null, false],
    ]);
    expect(json.movement.promoted + json.movement.demoted + json.movement.unchanged).toBeGreaterThan(0);

    const strict = capture();
    expect(await runCli(['evaluate', ws, '--scenario', 'Colleague ladder', '--strict', '--json'], strict)).toBe(1);
    expect(strict.stdout).toEqual([]);
    expect(strict.stderr.join('\n')).toMatch(/does not fit ACME FY2026 \(--strict\)/);

    const compared = capture();
    expect(await runCli(['compare', ws, '--scenario', 'Colleague ladder', '--scenario', 'Metals, revenue only', '--dataset', 'ACME FY2026', '--json'], compared)).toBe(0);
    expect(compared.stderr.join('\n')).toMatch(/"Metals, revenue only" reads metrics ACME FY2026 does not have \(Lifetime ARR \[lifetime_arr\], Sourced ARR \[sourced_arr\]\)/);
    const kpis = JSON.parse(compared.stdout.join('\n')).scenarios;
    expect(kpis.map((k: { missingMetrics: string[]; unplacedTiers: string[] }) => [k.missingMetrics, k.unplacedTiers])).toEqual([
      [['pipeline'], ['Legacy Elite']],
      [['lifetime_arr', 'sourced_arr'], ['Registered', 'Legacy Elite']],
    ]);

    const out = path.join(dir, 'strict.xlsx');
    const exported = capture();
    expect(await runCli(['export', ws, '--scenario', 'Colleague ladder', '--out', out, '--strict'], exported)).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(await runCli(['export', ws, '--scenario', 'Colleague ladder', '--out', out], capture())).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('runs as `npm run cli` from the shell', () => {
    const file = path.join(tempDir(), 'shell.tierscape');
    const root = path.resolve(__dirname, '..', '..');
    const created = spawnSync('npm', ['run', '--silent', 'cli', '--', 'new', file, '--sample'], { cwd: root, encoding: 'utf8' });
    expect(created.status, created.stderr).toBe(0);
    const info = spawnSync('npm', ['run', '--silent', 'cli', '--', 'info', file, '--json'], { cwd: root, encoding: 'utf8' });
    expect(info.status, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout).datasets[0].label).toMatch(/^FY\d{4}$/);
    // a long answer into a pipe arrives whole (not cut at 64 KB)
    const evaluated = spawnSync('npm', ['run', '--silent', 'cli', '--', 'evaluate', file, '--scenario', 'Motion-fit ladders', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(evaluated.status, evaluated.stderr).toBe(0);
    expect(evaluated.stdout.length).toBeGreaterThan(65_536);
    expect(JSON.parse(evaluated.stdout).assignments).toHaveLength(300);
    const usage = spawnSync('npm', ['run', '--silent', 'cli', '--', 'bogus'], { cwd: root, encoding: 'utf8' });
    expect(usage.status).toBe(2);
  });

  it('runs as the package\'s `tierscape` bin, through the link npm makes for it', () => {
    const root = path.resolve(__dirname, '..', '..');
    const bin = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['tierscape']!;
    expect(path.resolve(root, bin)).toBe(BUILT_CLI);
    expect(statSync(BUILT_CLI).mode & 0o111).not.toBe(0);
    const link = path.join(tempDir(), 'tierscape');
    symlinkSync(BUILT_CLI, link);
    const help = spawnSync(link, ['help'], { encoding: 'utf8' });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toBe(`${USAGE}\n`);
    const file = path.join(tempDir(), 'linked.tierscape');
    const created = spawnSync(link, ['new', file, '--sample'], { encoding: 'utf8' });
    expect(created.status, created.stderr).toBe(0);
    const info = spawnSync(link, ['info', file, '--json'], { encoding: 'utf8' });
    expect(info.status, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout).scenarios.length).toBeGreaterThan(0);
  });
});
