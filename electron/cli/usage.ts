/** What `tierscape help` prints: kept apart from the commands so help starts without loading them (electron/cli/main.ts). */
export const USAGE = `Usage: tierscape <command> [options]
  (in the repository: npm run cli -- <command>; with only the desktop app: Tierscape --cli <command>)

Commands:
  new <file> [--sample] [--force]   create a workspace (--sample fills it with the sample partner list)
  info <file> [--json]              schema version, datasets and scenarios of a workspace
  import <workspace> <file> [--sheet NAME] [--label L] [--as-of YYYY-MM-DD]
         [--mapping mapping.json] [--skip-bad-rows] [--json]
                                    import a CSV / XLSX / XLS / ODS partner list as a new dataset;
                                    prints the validation report and writes nothing when rows have
                                    errors, unless --skip-bad-rows
  datasets <workspace> [--json]     the datasets of a workspace
  evaluate <workspace> --scenario NAME [--dataset LABEL] [--strict] [--json]
                                    every outcome of one scenario (JSON: docs/ENGINE.md)
  compare <workspace> --scenario A --scenario B [… up to 6] [--dataset LABEL] [--strict] [--json]
                                    KPIs side by side, deltas against the baseline, and the
                                    partners who land differently in A and B
  fit <workspace> --scenario NAME --ladder MOTION --target 80,15,5 [--counts]
      [--max-hours N] [--max-mdf N] [--max-margin N] [--round N] [--move TIER=REQ …]
      [--dataset LABEL] [--save-as NAME] [--json]
                                    design to a target: thresholds for every tier of the ladder
                                    (its motion, id or name) so the tiers hold the targets —
                                    percent of the ladder's partners, lowest tier first ("-" or
                                    nothing keeps a tier: --target=-,15,5 or --target ,15,5), or
                                    partner counts with --counts — within the
                                    limits on the scenario's hours, MDF and margin, rounded to
                                    multiples of --round; --move picks the comparison a tier
                                    moves (default: its first on a number); --save-as stores the
                                    fitted scenario as a new one
  replay <workspace> --scenario NAME [--dataset A --dataset B …] [--json]
                                    run a scenario over datasets, carrying tiers, warnings and
                                    grace periods from cycle to cycle: over the datasets named
                                    (label or id), in the order given; without --dataset, over
                                    those with the metrics the scenario reads from its own
                                    dataset, in date order. A dataset whose partner IDs barely
                                    overlap the cycle before it is warned about on stderr
  export <workspace> --scenario A [--scenario B … up to 6] [--dataset LABEL] --out report.xlsx
         [--report-cards [NAME]] [--sheets distribution,resources,…] [--strict] [--json]
                                    the leadership workbook: Summary, Distribution, Resources,
                                    Conflict coverage, Movement, Design review, Ladders and one
                                    Assignments sheet per scenario (--sheets picks among them);
                                    --report-cards adds a partner's-eye sheet for the scenario
                                    named (default: the first that is not the baseline)
  scenario import <workspace> <file.json> [--dataset LABEL] [--baseline] [--json]
                                    add a scenario file (format and version checked; a taken
                                    name gets " (2)"); today's tiers of the dataset it does not
                                    place are placed by name, then metal order, and said.
                                    --baseline makes it the dataset's baseline ("as is"; the
                                    file's own flag is ignored)
  scenario baseline <workspace> NAME [--off]
                                    make a scenario the baseline of its dataset (one per
                                    dataset: the one before it is unmarked), or with --off
                                    unmark it
  help                              this text

evaluate, compare, fit and export warn on stderr when a scenario reads metrics the dataset lacks
or leaves today's tiers of the dataset unplaced; with --strict that is an error (exit 1).

Exit codes: 0 success, 1 bad input, 2 usage error.`;

/** The words that ask for the usage. */
export const HELP_COMMANDS: ReadonlySet<string> = new Set(['help', '--help', '-h']);
