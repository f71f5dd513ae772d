/**
 * The import's second thread (parallel-values.ts): reads a CSV file's metric cells while the
 * main thread checks its partners (docs/PERFORMANCE.md, "Issue 23"). It is given the file's
 * text and the places of its fields, which the main thread found (the places in shared
 * memory, not copied), makes the same table of them (shapeCsv), and answers each request
 * with what `CsvTable.values` writes over every row. Messages (values-protocol.ts):
 *
 *   { type: 'table', job, text, fields }    keep this file's table
 *   { type: 'values', job, request, columns, rows }  its metric columns → { request, values, unreadable, encoded? } | { request, error }
 *   { type: 'drop', job }                    let the table go
 */
import { parentPort } from 'node:worker_threads';
import type { RawTable } from '../../../../shared/io/types';
import { shapeCsv } from './csv-table';
import { encodeMetricValues } from '../../workspace/metric-values';
import { readValues, type EncodedColumns, type ValuesReply, type ValuesRequest } from './values-protocol';

const tables = new Map<number, RawTable | null>();

parentPort?.on('message', (message: ValuesRequest) => {
  if (message.type === 'table') {
    let table: RawTable | null = null;
    try {
      table = shapeCsv(message.text, message.fields);
    } catch {
      // no table here: its reads are answered with an error, and the main thread reads the cells
    }
    tables.set(message.job, table);
    return;
  }
  if (message.type === 'drop') {
    tables.delete(message.job);
    return;
  }
  const table = tables.get(message.job);
  let reply: ValuesReply;
  if (!table || table.rowCount !== message.rows) {
    reply = { request: message.request, error: table ? `the table has ${table.rowCount} rows, not ${message.rows}` : 'no table' };
  } else {
    try {
      const read = readValues(table, message.columns);
      reply = { request: message.request, ...read, encoded: read.unreadable.every((rows) => rows.length === 0) ? encoded(read.values) : undefined };
    } catch (error) {
      reply = { request: message.request, error: String(error) };
    }
  }
  parentPort!.postMessage(reply, 'values' in reply ? transferred(reply.values, reply.encoded) : []);
});

/*
 * The columns as the workspace will store them, encoded here while the main thread still
 * checks the partners (metric-values.ts, rememberEncoded; docs/PERFORMANCE.md "Issue 23").
 */
function encoded(values: readonly Float64Array[]): EncodedColumns {
  return values.map((column) => {
    const { width, bytes } = encodeMetricValues(column);
    // 8-byte floats are the column's own bytes: nothing to send twice
    return width === 8 ? null : { width, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  });
}

/* Every buffer of the reply, once: moved to the main thread, not copied. */
function transferred(values: readonly Float64Array[], encoded: EncodedColumns | undefined): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const column of values) buffers.add(column.buffer as ArrayBuffer);
  for (const column of encoded ?? []) if (column) buffers.add(column.bytes.buffer as ArrayBuffer);
  return [...buffers];
}
