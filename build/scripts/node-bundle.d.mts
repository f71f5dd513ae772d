// Types for node-bundle.mjs (plain Node ESM), so test/bench/own-process.ts typechecks.
import type { BuildOptions } from 'esbuild';
export function nodeBundle(banner?: string): BuildOptions;
