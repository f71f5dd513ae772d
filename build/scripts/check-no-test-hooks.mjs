// After `npm run build`: the production main process carries none of the test build's hooks
// (electron/main/test-hooks.ts, kept out by __TIERSCAPE_TEST_HOOKS__ = false; see
// test/electron/test-hooks.test.ts for the bundling both ways). CI runs this after its build.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const main = path.join(root, 'out', 'main');
// the global the hooks install (TEST_HOOKS_GLOBAL in electron/main/test-hooks.ts)
const MARKER = '__tierscapeTestHooks';

if (!existsSync(path.join(main, 'index.js'))) {
  console.error('check-no-test-hooks: out/main/index.js is missing; run `npm run build` first.');
  process.exit(1);
}
const carrying = readdirSync(main).filter((file) => file.endsWith('.js') && readFileSync(path.join(main, file), 'utf8').includes(MARKER));
if (carrying.length > 0) {
  console.error(`check-no-test-hooks: the production build carries the test hooks in ${carrying.map((f) => `out/main/${f}`).join(', ')}`);
  process.exit(1);
}
console.log('check-no-test-hooks: out/main carries no test hook.');
