/**
 * Build-time constants of the main process, replaced by electron-vite's `define`
 * (electron.vite.config.ts, main section).
 *
 * `__TIERSCAPE_TEST_HOOKS__` is `true` only in the test build that `npm run test:electron`
 * makes (TIERSCAPE_TEST_BUILD=1, written to out-test/, never to out/ — the config refuses);
 * `false` in every other build, so the bundler drops the code it guards. Under vitest and
 * tsx nothing defines it: read it only as
 * `typeof __TIERSCAPE_TEST_HOOKS__ !== 'undefined' && __TIERSCAPE_TEST_HOOKS__`.
 */
declare const __TIERSCAPE_TEST_HOOKS__: boolean;
