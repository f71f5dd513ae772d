/** Scenario files (DESIGN D10.3): a scenario as shareable JSON text, and back. */
import { parseScenarioFile, SCENARIO_FORMAT, SCENARIO_VERSION, type Scenario } from '../../shared/model/scenario';
import { UserFacingError } from './workspace/errors';

export function scenarioToFile(scenario: Scenario): { fileName: string; text: string } {
  const slug = scenario.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scenario';
  const ordered = { ...scenario, format: SCENARIO_FORMAT, version: SCENARIO_VERSION };
  return { fileName: `${slug}.tierscape-scenario.json`, text: `${JSON.stringify(ordered, null, 2)}\n` };
}

/** Reads a scenario file's text; every refusal names the file. */
export function scenarioFromFile(text: string, fileName = 'the scenario file'): Scenario {
  let json: unknown;
  try {
    // a byte-order mark (Windows Notepad saves one) is not part of the JSON
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UserFacingError('bad_file', `${fileName} is not JSON: ${(error as Error).message}`);
  }
  const parsed = parseScenarioFile(json);
  if (!parsed.ok) throw new UserFacingError('bad_file', `${fileName} cannot be imported: ${parsed.error.join(' ')}`);
  return parsed.value;
}
