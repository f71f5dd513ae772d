/**
 * The import's second thread (parallel-values.ts): reads a CSV file's metric cells while the
 * main thread checks its partners (docs/PERFORMANCE.md, "Issue 23"). It is given the file's
 * text and the places of its fields, which the main thread found (the places in shared
 * memory, not copied), makes the same table of them (shapeCsv), and answers each request
 * with what `CsvTable.values` writes over every row. Messages (values-protocol.ts):
 *
 *   { type: 'table', job, text, fields }    keep this file's table
 *   { type: 'values', job, request, columns, rows }  its metric columns → { request, values, unreadable } | { request, error }
 *   { type: 'drop', job }                    let the table go
 */
import { parentPort } from 'node:worker_threads';
import type { RawTable } from '../../../../shared/io/types';
import { shapeCsv } from './csv-table';
import { readValues, type ValuesReply, type ValuesRequest } from './values-protocol';

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
      reply = { request: message.request, ...readValues(table, message.columns) };
    } catch (error) {
      reply = { request: message.request, error: String(error) };
    }
  }
  parentPort!.postMessage(reply, 'values' in reply ? reply.values.map((v) => v.buffer as ArrayBuffer) : []);
});
