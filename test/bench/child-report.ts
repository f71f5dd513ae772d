/** The child's side of own-process.ts: what a bench child reports, and how. */

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
