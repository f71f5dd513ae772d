/**
 * Reading a CSV file into a table (DESIGN D9.1): its encoding and delimiter detected, its
 * fields found in its text without a string each (csv-scan.ts, csv-table.ts), with a turn
 * for the event loop now and then. A file whose quotes the scanner leaves to Papa Parse is
 * parsed by Papa a chunk at a time, as before.
 */
import { isAscii } from 'node:buffer';
import Papa from 'papaparse';
import { MAX_IMPORT_COLUMNS, type RawCell, type RawTable } from '../../../../shared/io/types';
import { decodeText, looksBinary, type TextEncoding } from '../decode';
import { detectDelimiter } from '../delimiter';
import { BadFileError, CancelledError } from '../errors';
import { shapeTable, SparseTableError } from '../table';
import { guessLineBreak, scanCsv } from './csv-scan';
import { CsvTable, shapeCsv } from './csv-table';
import { valuesElsewhere } from './parallel-values';
import { sparseRefusal } from './limits';
import { nextTurn, throwIfCancelled, type ReadOptions, type SourceTable } from './source';

/** CSV is parsed in chunks of this many characters, with a turn for the event loop after each. */
const CSV_CHUNK = 1 << 20;
/** A record still open after this many characters is read with the rest of the file in one go. */
const LONG_RECORD = 4 * CSV_CHUNK;

export async function readCsv(bytes: Buffer, fileName: string, options: ReadOptions): Promise<Omit<SourceTable, 'modified'>> {
  const quoted = `"${fileName}"`;
  const { text, encoding } = decodeText(bytes);
  if (looksBinary(text)) {
    throw new BadFileError(`${quoted} does not look like a CSV or text file: it contains binary data. Export the partner list as CSV or Excel.`);
  }
  if (text.trim() === '') throw new BadFileError(`${quoted} holds no data: it is only blank lines.`);
  const delimiter = detectDelimiter(text);
  let table: RawTable | null;
  try {
    table = await csvTable(text, delimiter, quoted, options, 'scan', asciiBytes(bytes, encoding));
  } catch (error) {
    if (error instanceof SparseTableError) throw sparseRefusal(quoted, null, error);
    throw error;
  }
  if (!table || table.headers.every((h) => h === '')) {
    throw new BadFileError(`${quoted} has no columns: no header row was found.`);
  }
  if (table.headers.length > MAX_IMPORT_COLUMNS) {
    throw new BadFileError(
      `${quoted} has ${table.headers.length.toLocaleString('en-US')} columns; Tierscape imports up to ${MAX_IMPORT_COLUMNS.toLocaleString('en-US')}. Remove unused columns, or check that the delimiter is right.`,
    );
  }
  // the metric cells read on the second thread while this one checks the partners
  // (parallel-values.ts): the file's text and its fields' places, which it shares
  const elsewhere = options.parallel && table instanceof CsvTable ? valuesElsewhere(table.source, table.fields) : undefined;
  options.onProgress?.({ fraction: 1 });
  return { fileName, format: 'csv', encoding, delimiter, sheets: [], sheet: null, table, elsewhere };
}

/**
 * The bytes of a file's text when it is all ASCII, so that byte i is the text's character i
 * (the scanned table reads identity fields from them: CsvTable.ascii); else null.
 */
function asciiBytes(bytes: Buffer, encoding: TextEncoding): Uint8Array | null {
  if (encoding !== 'utf-8' && encoding !== 'utf-8-bom') return null;
  const text = encoding === 'utf-8-bom' ? bytes.subarray(3) : bytes;
  // a plain Uint8Array over the same memory: the packing's loops read it a byte at a time
  return isAscii(text) ? new Uint8Array(text.buffer, text.byteOffset, text.byteLength) : null;
}

/**
 * The table in a CSV file's text: its fields found by the scanner, or by Papa Parse where the
 * scanner leaves the file to it (or `via` asks for Papa: the tests compare the two). `ascii`:
 * the text's bytes when it is all ASCII (asciiBytes).
 */
export async function csvTable(text: string, delimiter: string, quoted: string, options: ReadOptions, via: 'scan' | 'papa' = 'scan', ascii: Uint8Array | null = null): Promise<RawTable | null> {
  if (via === 'scan') {
    const scan = scanCsv(text, delimiter, guessLineBreak(text));
    for (;;) {
      const next = scan.next();
      if (next.done) {
        if (next.value) return shapeCsv(text, next.value, ascii);
        break;
      }
      options.onProgress?.({ fraction: 0.1 + 0.9 * next.value });
      await nextTurn();
      throwIfCancelled(options.signal);
    }
  }
  return papaTable(text, delimiter, quoted, options);
}

/** The table in a CSV file's text, parsed by Papa Parse in chunks (a turn for the event loop after each). */
async function papaTable(text: string, delimiter: string, quoted: string, options: ReadOptions): Promise<RawTable | null> {
  // a record without a value is a hole, not an array: a file of blank lines or of bare
  // delimiters (5 MB of line breaks is 5 million records) takes no memory for them
  const grid: (RawCell[] | undefined)[] = [];
  let records = 0;
  // Papa Parse in 1 MB chunks: it pauses after each, so the event loop gets a turn
  // (progress, cancel) while a large file is read
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    let chunks = 0;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve();
    };
    /** Adds parsed records to the grid; false when one has a quoted field never closed (the read is then refused). */
    const take = (results: Papa.ParseResult<string[]>): boolean => {
      // Papa numbers the records of each parse from 0: its error rows count from here
      const before = records;
      for (const record of results.data as RawCell[][]) {
        // an empty field is an empty cell: null, as a spreadsheet gives it
        let values = 0;
        for (let c = 0; c < record.length; c += 1) {
          if (record[c] === '') record[c] = null;
          else values += 1;
        }
        if (values > 0) grid[records] = record;
        records += 1;
      }
      const unclosed = results.errors.find((e: Papa.ParseError) => e.code === 'MissingQuotes');
      if (!unclosed) return true;
      finish(new BadFileError(`${quoted} could not be read as CSV: a quoted field that starts on row ${before + (unclosed.row ?? 0) + 1} is never closed.`));
      return false;
    };
    Papa.parse<string[]>(text, {
      delimiter,
      quoteChar: '"',
      skipEmptyLines: false,
      chunkSize: CSV_CHUNK,
      chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
        chunks += 1;
        // settle before abort(): Papa calls `complete` from inside abort()
        if (!take(results)) {
          parser.abort();
          return;
        }
        const cursor = results.meta.cursor ?? 0;
        // A record that has grown over several chunks (a quoted field of megabytes):
        // Papa would parse it again from its start with every further chunk, which is
        // quadratic (10 MB of "" took seconds). The rest of the file is parsed in one go.
        if (Math.min(text.length, chunks * CSV_CHUNK) - cursor > LONG_RECORD && cursor < text.length) {
          // the same line break as Papa found in the first chunk
          const newline = (['\r\n', '\n', '\r'] as const).find((n) => n === results.meta.linebreak);
          const rest = Papa.parse<string[]>(text.slice(cursor), { delimiter, quoteChar: '"', skipEmptyLines: false, ...(newline ? { newline } : {}) });
          if (take(rest)) finish();
          parser.abort();
          return;
        }
        options.onProgress?.({ fraction: 0.1 + 0.9 * Math.min(1, cursor / text.length) });
        parser.pause();
        setImmediate(() => {
          if (options.signal?.aborted) {
            finish(new CancelledError('Reading the file'));
            parser.abort();
          } else {
            parser.resume();
          }
        });
      },
      complete: () => finish(),
    });
  });
  throwIfCancelled(options.signal);
  // trailing records without values count as rows too (set once: a length grown record by
  // record would give the holes memory)
  grid.length = records;
  // the grid's records are this read's own: taken into the table as they are
  return shapeTable(grid, [], true);
}
