/**
 * Which cell formats (xl/styles.xml, cellXfs) show a date (issue 23): each format's number
 * format — a built-in one or the workbook's own (numFmts) — found as SheetJS 0.20.3 finds
 * it (its table of built-in formats, then the workbook's, by id) and tested with SheetJS's
 * own `SSF.is_date`, the test read/cells.ts applies to every number cell. Nothing else of
 * the styles is read.
 */
import * as XLSX from 'xlsx';
import { binary } from './package';
import { decline, matchElement, parseTag, stripNs, TAG, unescapeXml, utf8read } from './xml';

/** SheetJS's table of built-in number formats (SSF_init_table), as every read starts it. */
const BUILT_IN: Readonly<Record<number, string>> = {
  0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?', 13: '# ??/??',
  14: 'm/d/yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss',
  22: 'm/d/yy h:mm', 37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)', 39: '#,##0.00;(#,##0.00)', 40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@', 56: '"上午/下午 "hh"時"mm"分"ss"秒 "',
};
/** SheetJS mends one format Google Sheets writes (its bad_formats). */
const MENDED: Readonly<Record<string, string>> = { 'd.m': 'd\\.m' };
/** SheetJS moves format ids past this elsewhere: not read here. */
const LAST_FORMAT_ID = 0x188;

/**
 * For each cell format (the `s` of a cell), whether its number cells are dates; null when
 * the workbook has no cell formats (SheetJS then formats nothing: no cell is a date).
 */
export function dateFormats(bytes: Buffer | null): boolean[] | null {
  if (bytes === null) return null;
  const data = binary(bytes);
  // SheetJS removes comments and a DOCTYPE first: such a part is not read here
  if (data.includes('<!')) decline('comments in the styles');
  const table: Record<number, string> = { ...BUILT_IN };
  const numFmts = matchElement(data, 'numFmts');
  if (numFmts) {
    for (const tag of numFmts[0].match(TAG) ?? []) {
      const y = parseTag(tag);
      if (stripNs(y[0]) !== '<numFmt') continue;
      if (y.formatCode === undefined || y.numFmtId === undefined) decline('a number format without its code or id');
      const id = parseInt(y.numFmtId, 10);
      if (id > LAST_FORMAT_ID) decline('a number format id past 392');
      const code = unescapeXml(utf8read(y.formatCode));
      if (id > 0) table[id] = MENDED[code] ?? code;
    }
  }
  const cellXfs = matchElement(data, 'cellXfs');
  if (!cellXfs) return null;
  const dates: boolean[] = [];
  const isDate = new Map<number, boolean>();
  for (const tag of cellXfs[0].match(TAG) ?? []) {
    const y = parseTag(tag);
    const name = stripNs(y[0]);
    if (name !== '<xf' && name !== '<xf/>' && name !== '<xf>') continue;
    let id = 0;
    if (y.numFmtId) {
      if (!/^\d+$/.test(y.numFmtId)) decline('a cell format with an odd number format id');
      id = parseInt(y.numFmtId, 10);
      if (id > LAST_FORMAT_ID) decline('a cell format id past 392');
    }
    let date = isDate.get(id);
    if (date === undefined) {
      const format = Object.hasOwn(table, id) ? table[id] : undefined;
      date = typeof format === 'string' && Boolean(XLSX.SSF.is_date(format));
      isDate.set(id, date);
    }
    dates.push(date);
  }
  return dates;
}
