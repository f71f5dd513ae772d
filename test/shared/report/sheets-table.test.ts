import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../shared/engine';
import { OPTIONAL_SHEETS, SHEET_TITLES, SHEETS } from '../../../shared/report/options';
import { buildWorkbook } from '../../../shared/report/workbook';
import { exampleScenarios } from '../../../scenarios/examples';
import { dataset } from '../engine/helpers';

describe('the workbook-sheet table', () => {
  it('pins each optional sheet: its words in the dialog, its tab, one per scenario or not', () => {
    expect(OPTIONAL_SHEETS.map((k) => [k, SHEETS[k].title, SHEETS[k].name, SHEETS[k].perScenario])).toEqual([
      ['distribution', 'Distribution', 'Distribution', false],
      ['resources', 'Resources', 'Resources', false],
      ['coverage', 'Conflict coverage', 'Conflict coverage', false],
      ['movement', 'Movement', 'Movement', false],
      ['review', 'Design review', 'Design review', false],
      ['ladders', 'Ladders', 'Ladders', false],
      ['assignments', 'Assignments (one per scenario)', 'Assignments', true],
    ]);
    expect(Object.values(SHEET_TITLES)).toEqual(OPTIONAL_SHEETS.map((k) => SHEETS[k].title));
  });

  it('is what buildWorkbook names its sheets by, in its order', () => {
    const [a, b] = exampleScenarios();
    const data = dataset([{ id: 'a', motion: 'reseller', sourced_arr: 10 }]);
    const scenarios = [a!, b!].map((scenario) => ({ scenario, outcome: evaluate(scenario, data) }));
    const spec = buildWorkbook({ dataset: { label: 'FY', asOf: null, partners: 1 }, data, scenarios, sheets: [...OPTIONAL_SHEETS].reverse(), reportCards: null, exportedAt: '2026-12-06T10:00:00Z' });
    // (sheetNames shortens a long tab to Excel's 31 characters)
    expect(spec.sheets.map((s) => s.name)).toEqual(['Summary', 'Charts', 'Distribution', 'Resources', 'Conflict coverage', 'Movement', 'Design review', 'Ladders', 'Assignments – As is metals on…', 'Assignments – Motion-fit ladde…']);
    expect(spec.sheets.at(-1)!.title[0]).toBe(`Assignments: ${b!.name}`);
  });
});
