/**
 * The workbook's cell styles (DESIGN D10.1): the number format of each cell format, money in
 * each of the workbook's currencies, the text styles and their quote-prefixed twins (DESIGN
 * D10.2), and the styles part that declares them all.
 */
import { CELL_FORMATS, type CellFormat } from '../../../../shared/report/sheet';
import type { Tone } from '../../../../shared/report/kpis';
import { currencyPrefix, DEFAULT_CURRENCY } from '../../../../shared/model/currency';
import { escapeXml } from './escape';

/**
 * Excel number formats: built-in ids where Excel has one, else custom ids from 164. Money
 * ('currency', 'deltaCurrency') is written in the workbook's currencies (see `moneyFormats`);
 * the codes here are US dollars'.
 */
const NUMBER_FORMATS: Record<CellFormat, { id: number; code?: string }> = {
  text: { id: 0 },
  count: { id: 3 },
  number: { id: 164, code: '#,##0.00' },
  currency: { id: 165, code: '"$"#,##0' },
  percent: { id: 166, code: '0.0%' },
  rating: { id: 167, code: '0.0#' },
  date: { id: 168, code: 'yyyy-mm-dd' },
  hours: { id: 169, code: '#,##0" h"' },
  progress: { id: 9 },
  deltaCount: { id: 170, code: '+#,##0;-#,##0;0' },
  deltaCurrency: { id: 171, code: '+"$"#,##0;-"$"#,##0;"$"0' },
  deltaPoints: { id: 172, code: '+0.0" pts";-0.0" pts";0.0" pts"' },
  deltaHours: { id: 173, code: '+#,##0" h";-#,##0" h";0" h"' },
};

/** cellXfs indices */
export const STYLE_DEFAULT = 0;
export const STYLE_HEADER = 1;
export const STYLE_TITLE = 2;
export const STYLE_NOTE = 3;
export const STYLE_INERT_TEXT = 4;
export const STYLE_WRAP = 5;
const STYLE_WRAP_INERT = 6;
const STYLE_HEADER_INERT = 7;
const STYLE_TITLE_INERT = 8;
const STYLE_NOTE_INERT = 9;
const FIRST_FORMAT_STYLE = 10;
/** each text style's quote-prefixed twin, for text that looks like a formula */
export const INERT_TWIN = new Map([
  [STYLE_DEFAULT, STYLE_INERT_TEXT],
  [STYLE_WRAP, STYLE_WRAP_INERT],
  [STYLE_HEADER, STYLE_HEADER_INERT],
  [STYLE_TITLE, STYLE_TITLE_INERT],
  [STYLE_NOTE, STYLE_NOTE_INERT],
]);
export const FORMAT_STYLE = new Map(CELL_FORMATS.map((f, i) => [f, FIRST_FORMAT_STYLE + i]));
/** the first custom format id after NUMBER_FORMATS' */
const FIRST_EXTRA_FORMAT = 174;

/**
 * The money formats of a currency. Dollars keep the workbook's first formats ("$"#,##0 and
 * +"$"#,##0;-"$"#,##0;"$"0); another currency's symbol is written as a currency symbol
 * ([$€]#,##0), which Excel shows and LibreOffice also reads as that currency (a quoted "€"
 * would read as text before a plain number there). A symbol of letters gets a space:
 * [$CHF]\ #,##0.
 */
export function moneyFormats(currency: string): { currency: string; deltaCurrency: string } {
  if (currency === DEFAULT_CURRENCY) return { currency: NUMBER_FORMATS.currency.code!, deltaCurrency: NUMBER_FORMATS.deltaCurrency.code! };
  const prefix = currencyPrefix(currency);
  const p = `[$${prefix.trim().replace(/[[\]"]/g, '')}]${prefix.endsWith(' ') ? '\\ ' : ''}`;
  return { currency: `${p}#,##0`, deltaCurrency: `+${p}#,##0;-${p}#,##0;${p}0` };
}

/**
 * The cell styles of money by currency: the workbook's currency uses the 'currency' and
 * 'deltaCurrency' styles of every workbook; each other currency gets two more styles
 * (and number formats) after them, in the order of `currencies`.
 */
export class MoneyStyles {
  private readonly extra: string[];
  /** the styles of changes, in every currency: each has a green and a red twin after the money styles */
  private readonly deltaStyles: number[];
  /** the number format of each change style, in deltaStyles' order */
  private readonly deltaFormatIds: number[];
  constructor(readonly currencies: readonly string[]) {
    this.extra = currencies.slice(1);
    this.deltaStyles = [...DELTA_FORMATS.map((f) => FORMAT_STYLE.get(f)!), ...this.extra.map((_, j) => FIRST_FORMAT_STYLE + CELL_FORMATS.length + 2 * j + 1)];
    this.deltaFormatIds = [...DELTA_FORMATS.map((f) => NUMBER_FORMATS[f].id), ...this.extra.map((_, j) => FIRST_EXTRA_FORMAT + 2 * j + 1)];
  }

  /** The style of a money cell in `currency` (the first of `currencies` when none or unknown). */
  style(format: 'currency' | 'deltaCurrency', currency: string | undefined): number {
    const j = currency === undefined ? -1 : this.extra.indexOf(currency);
    if (j < 0) return FORMAT_STYLE.get(format)!;
    return FIRST_FORMAT_STYLE + CELL_FORMATS.length + 2 * j + (format === 'deltaCurrency' ? 1 : 0);
  }

  /**
   * The style of a number cell: its format's (money's in its currency), and for a change that
   * is good or bad for the program (`tone`) that style's twin in green or red.
   */
  cellStyle(format: CellFormat, currency: string | undefined, tone: Tone | undefined): number {
    const plain = format === 'currency' || format === 'deltaCurrency' ? this.style(format, currency) : (FORMAT_STYLE.get(format) ?? STYLE_DEFAULT);
    if (tone === undefined) return plain;
    const k = this.deltaStyles.indexOf(plain);
    if (k < 0) return plain;
    return FIRST_FORMAT_STYLE + CELL_FORMATS.length + 2 * this.extra.length + 2 * k + (tone === 'bad' ? 1 : 0);
  }


  /** number formats: the workbook currency's replace the dollar codes; the others' follow FIRST_EXTRA_FORMAT */
  formats(): { id: number; code: string }[] {
    const first = moneyFormats(this.currencies[0] ?? DEFAULT_CURRENCY);
    const base = CELL_FORMATS.map((f) => ({ id: NUMBER_FORMATS[f].id, code: f === 'currency' || f === 'deltaCurrency' ? first[f] : NUMBER_FORMATS[f].code })).filter(
      (f): f is { id: number; code: string } => f.code !== undefined,
    );
    const extra = this.extra.flatMap((c, j) => {
      const m = moneyFormats(c);
      return [
        { id: FIRST_EXTRA_FORMAT + 2 * j, code: m.currency },
        { id: FIRST_EXTRA_FORMAT + 2 * j + 1, code: m.deltaCurrency },
      ];
    });
    return [...base, ...extra];
  }

  /** the cellXfs of the other currencies, after the formats' styles, then the changes' green and red twins */
  xfs(): string[] {
    const money = this.extra.flatMap((_, j) => [FIRST_EXTRA_FORMAT + 2 * j, FIRST_EXTRA_FORMAT + 2 * j + 1].map((id) => formatXf(id)));
    const toned = this.deltaFormatIds.flatMap((id) => [formatXf(id, FONT_GOOD), formatXf(id, FONT_BAD)]);
    return [...money, ...toned];
  }
}

const DELTA_FORMATS = ['deltaCount', 'deltaCurrency', 'deltaPoints', 'deltaHours'] as const satisfies readonly CellFormat[];
/** fonts: the changes' green and red (the app's own, darkened to read on white paper) */
const FONT_GOOD = 4;
const FONT_BAD = 5;

function formatXf(numFmtId: number, fontId = 0): string {
  const font = fontId === 0 ? '' : ' applyFont="1"';
  return `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"${font} applyAlignment="1"><alignment vertical="top"/></xf>`;
}

/** The styles part: fonts, fills, the text styles, then one style per cell format (and money's in each other currency). */
export function stylesXml(currencies: readonly string[] = [DEFAULT_CURRENCY]): string {
  const money = new MoneyStyles(currencies);
  const custom = money.formats();
  const numFmts = custom.map((f) => `<numFmt numFmtId="${f.id}" formatCode="${escapeXml(f.code).replace(/"/g, '&quot;')}"/>`).join('');
  const xfs = [
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top"/></xf>',
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>',
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
    '<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyAlignment="1"><alignment vertical="top"/></xf>',
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>',
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>',
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" quotePrefix="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>',
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyFont="1"/>',
    '<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyFont="1"/>',
    ...CELL_FORMATS.map((f) => formatXf(NUMBER_FORMATS[f].id)),
    ...money.xfs(),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
    `<numFmts count="${custom.length}">${numFmts}</numFmts>`,
    '<fonts count="6">',
    '<font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>',
    '<font><b/><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>',
    '<font><b/><sz val="14"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>',
    '<font><i/><sz val="10"/><color rgb="FF595959"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>',
    '<font><sz val="11"/><color rgb="FF1E7B34"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>',
    '<font><sz val="11"/><color rgb="FFB42318"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>',
    '</fonts>',
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>',
    '<fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF4"/><bgColor indexed="64"/></patternFill></fill></fills>',
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>',
    '<border><left/><right/><top/><bottom style="thin"><color rgb="FF8EA3B8"/></bottom><diagonal/></border></borders>',
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>',
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>`,
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>',
    '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleMedium4"/>',
    '</styleSheet>',
  ].join('');
}
