/**
 * A growing buffer the sheet parts are written into as UTF-8 bytes, a chunk of rows at a time.
 *
 * Why not strings: at 1M partners the five Assignments sheets are about 1.4 GB of XML. Built
 * as a string per cell, joined per row and per chunk and then encoded, they made the
 * export's main thread spend most of its time building, flattening and collecting strings
 * (docs/PERFORMANCE.md, "The workbook writer"). Here the markup, the numbers and the texts
 * go straight into bytes; a text is encoded once, where it lands.
 */

/** Bytes below which a text is copied a character at a time rather than by Buffer#write. */
const SHORT = 48;

export class XmlBytes {
  private buf: Buffer;
  private pos = 0;

  constructor(private readonly capacity = 1 << 21) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  get length(): number {
    return this.pos;
  }

  /** Makes room for `n` more bytes. */
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** Text known to be ASCII (markup, references, numbers as text). */
  ascii(s: string): void {
    const n = s.length;
    this.room(n);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i += 1) buf[pos++] = s.charCodeAt(i);
    this.pos = pos;
  }

  /** Any text, as UTF-8 (already escaped for XML where it needs to be). */
  text(s: string): void {
    const n = s.length;
    this.room(n * 3);
    if (n < SHORT) {
      const buf = this.buf;
      let pos = this.pos;
      let i = 0;
      for (; i < n; i += 1) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[pos++] = c;
      }
      this.pos = pos;
      if (i === n) return;
      this.pos += buf.write(i === 0 ? s : s.slice(i), pos, 'utf8');
      return;
    }
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** A whole number from 0 up, in decimal. */
  uint(value: number): void {
    this.room(16);
    const buf = this.buf;
    if (value < 10) {
      buf[this.pos++] = 48 + value;
      return;
    }
    let digits = 1;
    for (let v = value; v >= 10; v = Math.floor(v / 10)) digits += 1;
    let pos = this.pos + digits;
    this.pos = pos;
    for (let v = value; digits > 0; digits -= 1) {
      const q = Math.floor(v / 10);
      buf[--pos] = 48 + (v - q * 10);
      v = q;
    }
  }

  /** A number as JavaScript writes it (`${value}`): whole numbers digit by digit, the rest through String. */
  number(value: number): void {
    if (value >= 0 && value < 1e15 && Number.isInteger(value)) this.uint(value);
    else this.ascii(String(value));
  }

  /** The bytes written since the last take; writing goes on into a fresh buffer. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(Math.max(this.capacity, Math.ceil(this.pos * 1.25)));
    this.pos = 0;
    return out;
  }
}
