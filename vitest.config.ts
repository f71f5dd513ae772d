import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'test/electron-app/**', 'node_modules/**'],
    environment: 'node',
    // the CLI tests run the built CLI (out/cli): build it from the sources first
    globalSetup: ['test/helpers/build-cli.global.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
