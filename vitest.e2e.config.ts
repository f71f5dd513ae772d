import { defineConfig } from 'vitest/config';

// Browser-mode end-to-end tests: Playwright drives Debian's Chromium against `npm run web`'s
// server. They need the built renderer (`npm run build`).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    // the CLI tests run the built CLI (out/cli): build it from the sources first
    globalSetup: ['test/helpers/build-cli.global.ts'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    fileParallelism: false,
  },
});
