/**
 * Text cells: written in place, or once in the shared-string table and referred to by
 * number; text a spreadsheet could read as a formula gets its style's quote-prefixed twin
 * (DESIGN D10.2).
 */
import { looksLikeFormula } from '../../../../shared/io/inert';
import type { XmlBytes } from './bytes';
import { escapeXml } from './escape';
import { INERT_TWIN, STYLE_DEFAULT, STYLE_INERT_TEXT, STYLE_WRAP } from './styles';

const SPACE_TO_KEEP = /^\s|\s$|[\t\n]/;

/** Row i's text of a per-partner column, and its code in the table, once a data cell wrote it there. */
export interface RowMemo {
  texts: (string | undefined)[];
  codes: Int32Array;
}

/** A text cell written in place; `ref` is ' r="B7"', or '' where the cell is the row's next column. */
export function inlineCell(ref: string, text: string, style: number): string {
  const inert = looksLikeFormula(text) ? (INERT_TWIN.get(style) ?? STYLE_INERT_TEXT) : style;
  const space = SPACE_TO_KEEP.test(text) ? ' xml:space="preserve"' : '';
  return `<c${ref}${inert ? ` s="${inert}"` : ''} t="inlineStr"><is><t${space}>${escapeXml(text)}</t></is></c>`;
}

/** `inlineCell`, written into `out`. */
export function writeInlineCell(out: XmlBytes, ref: string, text: string, style: number): void {
  const inert = looksLikeFormula(text) ? (INERT_TWIN.get(style) ?? STYLE_INERT_TEXT) : style;
  out.ascii('<c');
  out.ascii(ref);
  if (inert) {
    out.ascii(' s="');
    out.uint(inert);
    out.ascii('"');
  }
  out.ascii(SPACE_TO_KEEP.test(text) ? ' t="inlineStr"><is><t xml:space="preserve">' : ' t="inlineStr"><is><t>');
  out.text(escapeXml(text));
  out.ascii('</t></is></c>');
}

/**
 * The shared-string table: short texts (tier names, motions, changes, partner names) are
 * written once and referred to by number on every row, which halves what is built,
 * checksummed and compressed. Long texts (reasons) stay in place.
 *
 * One map holds what is known of each text: its number, whether it is quote-prefixed, and
 * whether a data cell (the row's next column, not wrapped) has referred to it — only those
 * are referred to again once the table is full, as when each such cell's XML was kept.
 */
export class SharedStrings {
  static readonly MAX_LENGTH = 48;
  static readonly MAX_COUNT = 2_000_000;
  /** per text: its index × 4, + 2 once a data cell wrote it, + 1 when it looks like a formula */
  private readonly codes = new Map<string, number>();
  readonly texts: string[] = [];
  uses = 0;

  constructor(private readonly maxCount = SharedStrings.MAX_COUNT) {}

  /**
   * A text cell; `wrap` for the columns of long texts in the small sheets. Returns the text's
   * code (see `codes`), or -1 when it was written in place.
   */
  write(out: XmlBytes, ref: string, text: string, wrap = false): number {
    const style = wrap ? STYLE_WRAP : STYLE_DEFAULT;
    // a long text is never in the table
    if (text.length > SharedStrings.MAX_LENGTH) {
      writeInlineCell(out, ref, text, style);
      return -1;
    }
    const cacheable = ref === '' && !wrap;
    let code = this.codes.get(text);
    if (code === undefined || !cacheable || (code & 2) === 0) {
      if (this.texts.length >= this.maxCount) {
        writeInlineCell(out, ref, text, style);
        return -1;
      }
      if (code === undefined) {
        code = this.texts.length * 4 + (looksLikeFormula(text) ? 1 : 0) + (cacheable ? 2 : 0);
        this.texts.push(text);
        this.codes.set(text, code);
      } else if (cacheable) {
        code |= 2;
        this.codes.set(text, code);
      }
    }
    this.uses += 1;
    const s = (code & 1) === 1 ? (INERT_TWIN.get(style) ?? STYLE_INERT_TEXT) : style;
    out.ascii('<c');
    if (ref !== '') out.ascii(ref);
    if (s) {
      out.ascii(' s="');
      out.uint(s);
      out.ascii('" t="s"><v>');
    } else out.ascii(' t="s"><v>');
    out.uint(code >>> 2);
    out.ascii('</v></c>');
    return code;
  }

  /**
   * A data cell (the row's next column, not wrapped) of a text a data cell wrote before, by
   * its code: what `write` writes for it, without looking the text up.
   */
  writeKnown(out: XmlBytes, code: number): void {
    this.uses += 1;
    out.ascii((code & 1) === 1 ? `<c s="${STYLE_INERT_TEXT}" t="s"><v>` : '<c t="s"><v>');
    out.uint(code >>> 2);
    out.ascii('</v></c>');
  }

  private readonly memos = new Map<string, RowMemo>();

  /** The texts (and codes) of a per-partner column by row, shared by every sheet naming `key` (shared/report/sheet.ts `perPartner`). */
  memo(key: string, rows: number): RowMemo {
    let memo = this.memos.get(key);
    if (!memo || memo.codes.length < rows) this.memos.set(key, (memo = { texts: new Array<string | undefined>(rows), codes: new Int32Array(rows) }));
    return memo;
  }

  /** The table's part, a chunk of texts at a time. */
  *xml(out: XmlBytes): Generator<Buffer> {
    out.ascii(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.uses}" uniqueCount="${this.texts.length}">`,
    );
    const texts = this.texts;
    for (let start = 0; start < texts.length; start += 5000) {
      const end = Math.min(texts.length, start + 5000);
      for (let i = start; i < end; i += 1) {
        const text = texts[i]!;
        out.ascii(SPACE_TO_KEEP.test(text) ? '<si><t xml:space="preserve">' : '<si><t>');
        out.text(escapeXml(text));
        out.ascii('</t></si>');
      }
      yield out.take();
    }
    out.ascii('</sst>');
    yield out.take();
  }
}
