/**
 * Finding a CSV file's fields in its text without making a string of each (DESIGN D9.1,
 * docs/PERFORMANCE.md "The import"): where each field starts and ends, and where each
 * record starts. A 100K-row file of 29 columns is 2.9 million fields; as strings they were
 * most of an import's time and memory, though most are numbers read once.
 *
 * It reads a file as Papa Parse reads it (the same records and fields, cell for cell:
 * test/services/import/csv-scan.test.ts) for every file it takes: plain and quoted fields,
 * doubled quotes and line breaks inside quoted ones, the line break Papa would guess. Where
 * Papa's leniency would decide — a closing quote followed by anything but the delimiter, a
 * line break or the end of the file, or a quote never closed — it declines, and the reader
 * asks Papa (read/csv.ts).
 */

/** A CSV file's fields as places in its text. */
export interface CsvFields {
  /** per field, where it starts in the text; `~start` (negative) for a quoted field with doubled quotes in it */
  starts: Int32Array;
  /** per field, where it ends (exclusive): a quoted field's places are inside its quotes */
  ends: Int32Array;
  /** per record, the index of its first field; `records[count]` is the number of fields */
  records: Int32Array;
  /** how many records */
  count: number;
}

const QUOTE = 34;

/** Characters scanned between two turns the caller gives the event loop. */
const STEP = 1 << 22;

/**
 * The line break Papa Parse guesses for `text` (its `guessLineEndings`, which looks at the
 * first megabyte with the quoted parts taken out): '\n' unless '\r' comes first, then
 * '\r\n' when most '\r' are followed by '\n'.
 */
export function guessLineBreak(text: string): '\n' | '\r\n' | '\r' {
  const head = text.substring(0, 1024 * 1024).replace(/"([^]*?)"/gm, '');
  const r = head.split('\r');
  const n = head.split('\n');
  const nAppearsFirst = n.length > 1 && n[0]!.length < r[0]!.length;
  if (r.length === 1 || nAppearsFirst) return '\n';
  let withN = 0;
  for (const piece of r) if (piece[0] === '\n') withN += 1;
  return withN >= r.length / 2 ? '\r\n' : '\r';
}


/** About how many fields the text holds, from its first 64K characters (the arrays then grow less often). */
function estimateFields(text: string, delimiter: string): number {
  const head = Math.min(text.length, 1 << 16);
  let marks = 1;
  for (let i = 0; i < head; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === delimiter.charCodeAt(0)) marks += 1;
  }
  return Math.ceil((marks * text.length) / Math.max(1, head) * 1.05) + 16;
}

/**
 * The fields of `text` split by `delimiter` (one character) and `newline`, or null where
 * Papa's reading would differ from a plain one (above). Yields the fraction of the text
 * scanned now and then, so the caller can give the event loop a turn.
 */
export function* scanCsv(text: string, delimiter: string, newline: string): Generator<number, CsvFields | null, void> {
  const scanner = new CsvScanner(text, delimiter, newline);
  // the loop is the scanner's method, called a stretch at a time, not this generator's own:
  // a running generator's loop is never swapped for optimised code (docs/PERFORMANCE.md)
  for (;;) {
    const state = scanner.scan(STEP);
    if (state === DECLINED) return null;
    if (state === DONE) return scanner.fields();
    yield scanner.position / text.length;
  }
}

const DONE = 0;
const DECLINED = 1;
const MORE = 2;

/** The scan's state between stretches. */
class CsvScanner {
  private starts: Int32Array;
  private ends: Int32Array;
  private records: Int32Array;
  /** records ended so far */
  private count = 0;
  /** fields found so far */
  private n = 0;
  /** where the next field starts */
  position = 0;
  private nextDelim: number;
  private nextNewline: number;

  constructor(
    private readonly text: string,
    private readonly delimiter: string,
    private readonly newline: string,
  ) {
    const fieldCount = estimateFields(text, delimiter);
    this.starts = sharedInt32(fieldCount);
    this.ends = sharedInt32(fieldCount);
    this.records = sharedInt32(Math.ceil(fieldCount / 8) + 16);
    this.nextDelim = text.indexOf(delimiter, 0);
    this.nextNewline = text.indexOf(newline, 0);
  }

  fields(): CsvFields {
    return { starts: this.starts, ends: this.ends, records: this.records, count: this.count };
  }

  /** Scans about `stretch` characters further: DONE at the end of the text, DECLINED where Papa decides, else MORE. */
  scan(stretch: number): number {
    const { text, delimiter, newline } = this;
    const len = text.length;
    if (len === 0) return DONE;
    const newlineLen = newline.length;
    const delimiterCode = delimiter.charCodeAt(0);
    const stop = this.position + stretch;
    let { starts, ends, records, count, n, nextDelim, nextNewline } = this;
    let i = this.position;
    let state = MORE;
    while (i < stop) {
      if (n === starts.length) {
        starts = twice(starts);
        ends = twice(ends);
      }
      // where the field ends, and whether a record ends with it
      let endsRecord: boolean;
      if (text.charCodeAt(i) === QUOTE) {
        let close = i;
        let doubled = false;
        for (;;) {
          close = text.indexOf('"', close + 1);
          if (close < 0 || text.charCodeAt(close + 1) !== QUOTE) break;
          doubled = true;
          close += 1;
        }
        // never closed: Papa reads the rest of the file as this field and reports it
        if (close < 0) {
          state = DECLINED;
          break;
        }
        starts[n] = doubled ? ~(i + 1) : i + 1;
        ends[n] = close;
        n += 1;
        const after = close + 1;
        if (after === len) {
          state = DONE;
          break;
        }
        if (text.charCodeAt(after) === delimiterCode) {
          i = after + 1;
          endsRecord = false;
        } else if (text.startsWith(newline, after)) {
          i = after + newlineLen;
          endsRecord = true;
        } else {
          // something between the closing quote and the next delimiter: Papa's call
          state = DECLINED;
          break;
        }
        if (nextDelim !== -1 && nextDelim < i) nextDelim = text.indexOf(delimiter, i);
        if (nextNewline !== -1 && nextNewline < i) nextNewline = text.indexOf(newline, i);
      } else if (nextDelim !== -1 && (nextDelim < nextNewline || nextNewline === -1)) {
        starts[n] = i;
        ends[n] = nextDelim;
        n += 1;
        i = nextDelim + 1;
        nextDelim = text.indexOf(delimiter, i);
        endsRecord = false;
      } else if (nextNewline !== -1) {
        starts[n] = i;
        ends[n] = nextNewline;
        n += 1;
        i = nextNewline + newlineLen;
        nextNewline = text.indexOf(newline, i);
        if (nextDelim !== -1 && nextDelim < i) nextDelim = text.indexOf(delimiter, i);
        endsRecord = true;
      } else {
        // the last field runs to the end of the text (after a delimiter or line break at the
        // very end, an empty one, as Papa gives it)
        starts[n] = i;
        ends[n] = len;
        n += 1;
        state = DONE;
        break;
      }
      if (endsRecord) {
        count += 1;
        if (count + 1 >= records.length) records = twice(records);
        records[count] = n;
      }
    }
    if (state === DONE) {
      count += 1;
      if (count >= records.length) records = twice(records);
      records[count] = n;
    }
    this.starts = starts;
    this.ends = ends;
    this.records = records;
    this.count = count;
    this.n = n;
    this.nextDelim = nextDelim;
    this.nextNewline = nextNewline;
    this.position = i;
    return state;
  }
}

/**
 * The places live in shared memory: the import's second thread reads the metric cells at
 * the same places without a copy of them (parallel-values.ts).
 */
function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * 4));
}

function twice(a: Int32Array): Int32Array {
  const b = sharedInt32(a.length * 2);
  b.set(a);
  return b;
}
