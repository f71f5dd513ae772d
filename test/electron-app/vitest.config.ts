import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The desktop app itself, driven through playwright-core's _electron: `npm run test:electron`
// (test/electron-app/run.mjs builds the test build into out-test/ and runs this). Kept out of
// `npm test` (vitest.config.ts excludes test/electron-app/) and of the browser end-to-end tests.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/electron-app/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // a real window on a 2-core machine: give expect.poll more than its default second
    expect: { poll: { timeout: 15_000, interval: 100 } },
    // one Electron at a time: 2 cores, and a second instance must find the first one's lock
    fileParallelism: false,
    pool: 'forks',
  },
});
