/**
 * A bench sample in a Node process of its own (the 1M imports and exports): the parent runs
 * a script with the same loader and flags as itself (tsx, --expose-gc) and reads the one line
 * of JSON it prints last; the script reports its result and its resident high-water mark.
 */
import { spawnSync } from 'node:child_process';

/** Runs `script args…` in a fresh Node process and returns the JSON it printed last; `what` names it in an error. */
export function runInOwnProcess<T>(script: string, args: readonly string[], what: string): T {
  const result = spawnSync(process.execPath, [...process.execArgv, script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${what} in its own process failed (exit ${result.status ?? result.signal})`);
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as T;
}

/** The process's resident high-water mark so far, in MB (maxRSS is in kilobytes). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/**
 * In the child: runs `main`, prints its report as one line of JSON and exits (an import's
 * idle timers would keep the process alive); on an error prints it and exits with 1.
 */
export function reportFromChild(main: () => Promise<object>): void {
  main().then(
    (report) => {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
