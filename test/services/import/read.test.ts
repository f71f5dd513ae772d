import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeFileSync, ftruncateSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../helpers/table-rows';
import { BadFileError } from '../../../electron/services/import/errors';
import { MAX_IMPORT_BYTES, readSource } from '../../../electron/services/import/read';
import { useTempDir } from '../../helpers/tmp';

async function refusal(file: string): Promise<string> {
  try {
    await readSource(file);
  } catch (error) {
    expect(error).toBeInstanceOf(BadFileError);
    return (error as Error).message;
  }
  throw new Error(`${file} was read but should have been refused`);
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('readSource refuses garbage with a message naming the file', () => {
  const tempDir = useTempDir();

  it('an empty file', async () => {
    const file = path.join(tempDir(), 'empty.csv');
    writeFileSync(file, '');
    expect(await refusal(file)).toMatch(/"empty\.csv" is empty \(0 bytes\)/);
  });

  it('a file of blank lines (no columns)', async () => {
    const file = path.join(tempDir(), 'blank.csv');
    writeFileSync(file, '\n\r\n\n   \n');
    expect(await refusal(file)).toMatch(/"blank\.csv" holds no data/);
  });

  it('a PNG renamed .xlsx', async () => {
    const file = path.join(tempDir(), 'logo.xlsx');
    writeFileSync(file, PNG);
    expect(await refusal(file)).toMatch(/"logo\.xlsx" is a PNG image, not a spreadsheet or CSV file/);
  });

  it('text renamed .xlsx', async () => {
    const file = path.join(tempDir(), 'notes.xlsx');
    writeFileSync(file, 'Name,ARR\nAcme,1\n');
    expect(await refusal(file)).toMatch(/"notes\.xlsx" has a \.xlsx name but is not an Excel or OpenDocument workbook/);
  });

  it('a damaged ZIP named .xlsx', async () => {
    const file = path.join(tempDir(), 'cut.xlsx');
    writeFileSync(file, Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(3000)]));
    expect(await refusal(file)).toMatch(/"cut\.xlsx" is not a readable workbook/);
  });

  it('a 50 MB random file, named .csv or .xlsx, quickly', async () => {
    const dir = tempDir();
    const bytes = randomBytes(50 * 1024 * 1024);
    const csv = path.join(dir, 'random.csv');
    const xlsx = path.join(dir, 'random.xlsx');
    writeFileSync(csv, bytes);
    writeFileSync(xlsx, bytes);
    const started = performance.now();
    expect(await refusal(csv)).toMatch(/"random\.csv" does not look like a CSV or text file: it contains binary data/);
    expect(await refusal(xlsx)).toMatch(/"random\.xlsx" has a \.xlsx name but is not an Excel/);
    // not a timing target, a hang guard: refusing must not parse 50 MB of noise as rows
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it(`a file over the ${MAX_IMPORT_BYTES / 1024 / 1024} MB import limit`, async () => {
    const file = path.join(tempDir(), 'huge.csv');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, MAX_IMPORT_BYTES + 1); // sparse: no 200 MB written
    closeSync(fd);
    expect(await refusal(file)).toMatch(/"huge\.csv" is 200 MB; Tierscape imports files of up to 200 MB/);
  });

  it('a missing file and a folder', async () => {
    const dir = tempDir();
    expect(await refusal(path.join(dir, 'gone.csv'))).toMatch(/"gone\.csv" cannot be found/);
    expect(await refusal(dir)).toMatch(/is a folder/);
  });

  it('a device and a pipe are named as such and never opened (issue 18, item 14)', async () => {
    expect(await refusal('/dev/null')).toMatch(/"null" is not a regular file \(a device, a pipe or a socket\)/);
    const fifo = path.join(tempDir(), 'list.csv');
    execFileSync('mkfifo', [fifo]);
    // reading a pipe nobody writes to would wait for ever: the refusal comes first
    expect(await refusal(fifo)).toMatch(/"list\.csv" is not a regular file/);
  });
});

describe('readSource reads tables', () => {
  const tempDir = useTempDir();

  it('detects the delimiter, skips title rows, keeps quoted newlines, drops trailing empty rows', async () => {
    const file = path.join(tempDir(), 'partners.csv');
    writeFileSync(file, 'Partner export FY2026\r\n\r\nName;ARR;Notes\r\n"Acme; Inc";"1.200,50";"two\r\nlines"\r\nBeta;3;\r\n;;\r\n\r\n');
    const source = await readSource(file);
    expect(source).toMatchObject({ format: 'csv', delimiter: ';', encoding: 'utf-8', sheets: [], sheet: null });
    expect(source.table.headers).toEqual(['Name', 'ARR', 'Notes']);
    expect(source.table.firstDataRow).toBe(4);
    expect(rowsOf(source.table)).toEqual([
      ['Acme; Inc', '1.200,50', 'two\r\nlines'],
      ['Beta', '3', null],
    ]);
  });

  it('decodes UTF-16 with a BOM and falls back to Windows-1252', async () => {
    const dir = tempDir();
    const utf16 = path.join(dir, 'u16.csv');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\tCity\nMüller GmbH\tŁódź\n', 'utf16le')]));
    const a = await readSource(utf16);
    expect(a).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
    expect(a.table.row(0)).toEqual(['Müller GmbH', 'Łódź']);
    const cp1252 = path.join(dir, 'cp.csv');
    writeFileSync(cp1252, Buffer.from([...Buffer.from('Name,Fee\n'), 0x53, 0x6f, 0x63, 0x69, 0xe9, 0x74, 0xe9, 0x2c, 0x80, 0x35, 0x0a]));
    const b = await readSource(cp1252);
    expect(b.encoding).toBe('windows-1252');
    expect(b.table.row(0)).toEqual(['Société', '€5']);
  });
});

describe('readSource and broken CSV quoting', () => {
  const tempDir = useTempDir();

  it('a quoted field that is never closed is refused, naming its row', async () => {
    const file = path.join(tempDir(), 'unclosed.csv');
    writeFileSync(file, 'Name,Notes\nAcme,"fine"\nBeta,"starts here\nand never ends\nGamma,x\n');
    expect(await refusal(file)).toMatch(/"unclosed\.csv" could not be read as CSV: a quoted field that starts on row 3 is never closed/);
  });
});
