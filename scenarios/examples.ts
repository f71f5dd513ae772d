/**
 * The example scenarios of DESIGN D12.1, shipped as JSON files (what a consultant would share)
 * and validated here by the same parser that reads imported scenario files.
 */
import { parseScenarioFile, type Scenario } from '../shared/model/scenario';
import asIsMetals from './examples/as-is-metals.json';
import appMarketplace from './examples/app-marketplace.json';
import metalsRevenueOnly from './examples/metals-revenue-only.json';
import motionFit from './examples/motion-fit.json';
import pointsBased from './examples/points-based.json';
import twoTierStarter from './examples/two-tier-starter.json';

/** In the order the sample workspace lists them: the baseline first. */
export const EXAMPLE_FILES: Readonly<Record<string, unknown>> = {
  'as-is-metals.json': asIsMetals,
  'motion-fit.json': motionFit,
  'metals-revenue-only.json': metalsRevenueOnly,
  'two-tier-starter.json': twoTierStarter,
  'app-marketplace.json': appMarketplace,
  'points-based.json': pointsBased,
};

export function exampleScenarios(): Scenario[] {
  return Object.entries(EXAMPLE_FILES).map(([file, json]) => {
    const parsed = parseScenarioFile(json);
    if (!parsed.ok) throw new Error(`scenarios/examples/${file} is not a valid scenario: ${parsed.error.join('; ')}`);
    return parsed.value;
  });
}
