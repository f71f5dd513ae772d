/**
 * Another program writing to a workspace, for the concurrency tests: each time some other
 * connection commits (PRAGMA data_version changes), it takes the write lock
 * (BEGIN IMMEDIATE) and holds it for `holdMs`, up to `holds` times. Run as
 *
 *   node --import tsx test/helpers/write-lock-child.ts <workspace> <holds> <holdMs>
 *
 * It prints READY once it watches, HOLD <n> while it holds the lock, and exits 0 when its
 * stdin ends.
 */
import { pathToFileURL } from 'node:url';
import { openSqlite } from '../../electron/services/workspace/native';

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function main(argv: string[]): void {
  const [file, holdsArg, holdMsArg] = argv;
  const holds = Number(holdsArg);
  const holdMs = Number(holdMsArg);
  if (!file || !Number.isInteger(holds) || !Number.isFinite(holdMs)) throw new Error('usage: write-lock-child.ts <workspace> <holds> <holdMs>');
  const db = openSqlite(file, { fileMustExist: true, timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  const version = db.prepare('PRAGMA data_version').pluck();
  let seen = version.get();
  let held = 0;
  process.stdout.write('READY\n');
  const poll = setInterval(() => {
    if (held >= holds) return;
    const now = version.get();
    if (now === seen) return;
    held += 1;
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write(`HOLD ${held}\n`);
    Atomics.wait(sleeper, 0, 0, holdMs);
    db.exec('COMMIT');
    seen = version.get();
  }, 1);
  process.stdin.on('end', () => {
    clearInterval(poll);
    db.close();
    process.exit(0);
  });
  process.stdin.resume();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  }
}
