// How Tierscape bundles TypeScript for plain Node 20 with esbuild: the CLI (build-cli.mjs)
// and the bench's children (test/bench/own-process.ts) share these options, so the bench
// times the code as the CLI runs it. Everything but better-sqlite3 (a native module, loaded
// from node_modules) is bundled; ES modules, chunks beside the entries.

/**
 * The options both builds give esbuild, with `banner` first on every file (`#!/usr/bin/env
 * node` for the CLI's program, or nothing).
 * @param {string} banner
 */
export function nodeBundle(banner = '') {
  return {
    outExtension: { '.js': '.mjs' },
    // beside the entries, not in a subfolder: services/paths.ts finds package.json two folders up
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['better-sqlite3'],
    // bundled CommonJS packages (xlsx, papaparse…) may call require() for Node's built-ins
    banner: { js: `${banner}import { createRequire as __tierscapeRequire } from 'node:module'; const require = __tierscapeRequire(import.meta.url);` },
  };
}
