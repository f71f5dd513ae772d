/**
 * The fast XLSX reader's cell values from a worksheet's bytes (issue 23): strings sliced
 * straight out of the part, plain numbers read without a string (exactly as parseFloat reads
 * them), a date serial as ISO text through SheetJS's own date code, and the test of whether
 * a value's text needs SheetJS's unescaping.
 */
import * as XLSX from 'xlsx';

/** ISO date of a date serial, through SheetJS's own date code (as read/cells.ts does). */
export function serialToIso(serial: number, date1904: boolean): string | null {
  const code = XLSX.SSF.parse_date_code(serial, { date1904 });
  if (!code || !code.y) return null;
  return `${String(code.y).padStart(4, '0')}-${String(code.m).padStart(2, '0')}-${String(code.d).padStart(2, '0')}`;
}

interface Slices {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}
/** Node's own slicers (what Buffer#toString calls), without its argument checks: a string per cell */
export const latin1 = (b: Buffer, a: number, z: number) => (b as unknown as Slices).latin1Slice(a, z);
export const utf8 = (b: Buffer, a: number, z: number) => (b as unknown as Slices).utf8Slice(a, z);

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * A number written plainly ("-12", "0.67", "1250000.5"; at most 15 digits), read without a
 * string: the digits as a whole number divided by a power of ten — both exact in a double,
 * so the one rounding gives what parseFloat gives. Undefined for anything else.
 */
export function plainNumber(b: Buffer, a: number, z: number): number | undefined {
  let i = a;
  const negative = b[i] === 45;
  if (negative) i += 1;
  let m = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < z; i += 1) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits += 1;
      if (decimals >= 0) decimals += 1;
    } else if (c === 46 && decimals < 0) decimals = 0;
    else return undefined;
  }
  if (digits === 0 || digits > 15) return undefined;
  const v = decimals > 0 ? m / POWERS_OF_TEN[decimals]! : m;
  return negative ? -v : v;
}

/** Whether bytes a..z hold anything SheetJS's unescaping could change, or anything not ASCII (bit 2). */
export function textKind(b: Buffer, a: number, z: number): number {
  let kind = 0;
  for (let i = a; i < z; i += 1) {
    const c = b[i]!;
    if (c === 38 || c === 95 || c === 60 || c === 13) kind |= 1;
    else if (c > 127) kind |= 2;
  }
  return kind;
}
