/**
 * Text cells: written in place, or once in the shared-string table and referred to by
 * number; text a spreadsheet could read as a formula gets its style's quote-prefixed twin
 * (DESIGN D10.2).
 */
import { looksLikeFormula } from '../../../../shared/io/inert';
import { escapeXml } from './escape';
import { INERT_TWIN, STYLE_DEFAULT, STYLE_INERT_TEXT, STYLE_WRAP } from './styles';

const SPACE_TO_KEEP = /^\s|\s$|[\t\n]/;

/** A text cell written in place; `ref` is ' r="B7"', or '' where the cell is the row's next column. */
export function inlineCell(ref: string, text: string, style: number): string {
  const inert = looksLikeFormula(text) ? (INERT_TWIN.get(style) ?? STYLE_INERT_TEXT) : style;
  const space = SPACE_TO_KEEP.test(text) ? ' xml:space="preserve"' : '';
  return `<c${ref}${inert ? ` s="${inert}"` : ''} t="inlineStr"><is><t${space}>${escapeXml(text)}</t></is></c>`;
}

/**
 * The shared-string table: short texts (tier names, motions, changes, partner names) are
 * written once and referred to by number on every row, which halves what is built,
 * checksummed and compressed. Long texts (reasons) stay in place.
 */
export class SharedStrings {
  static readonly MAX_LENGTH = 48;
  static readonly MAX_COUNT = 2_000_000;
  private readonly index = new Map<string, number>();
  readonly texts: string[] = [];
  /** cell XML by text, for the texts seen so far */
  private readonly cells = new Map<string, string>();
  uses = 0;

  /** A text cell; `wrap` for the columns of long texts in the small sheets. */
  cell(ref: string, text: string, wrap = false): string {
    const cacheable = ref === '' && !wrap;
    if (cacheable) {
      const known = this.cells.get(text);
      if (known !== undefined) {
        this.uses += 1;
        return known;
      }
    }
    const style = wrap ? STYLE_WRAP : STYLE_DEFAULT;
    if (text.length > SharedStrings.MAX_LENGTH || this.texts.length >= SharedStrings.MAX_COUNT) return inlineCell(ref, text, style);
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.texts.length;
      this.texts.push(text);
      this.index.set(text, i);
    }
    this.uses += 1;
    const s = looksLikeFormula(text) ? (INERT_TWIN.get(style) ?? STYLE_INERT_TEXT) : style;
    const xml = `<c${ref}${s ? ` s="${s}"` : ''} t="s"><v>${i}</v></c>`;
    if (cacheable) this.cells.set(text, xml);
    return xml;
  }

  *xml(): Generator<Buffer> {
    yield Buffer.from(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.uses}" uniqueCount="${this.texts.length}">`,
      'utf8',
    );
    for (let start = 0; start < this.texts.length; start += 5000) {
      const parts: string[] = [];
      for (const text of this.texts.slice(start, start + 5000)) parts.push(`<si><t${SPACE_TO_KEEP.test(text) ? ' xml:space="preserve"' : ''}>${escapeXml(text)}</t></si>`);
      yield Buffer.from(parts.join(''), 'utf8');
    }
    yield Buffer.from('</sst>', 'utf8');
  }
}
