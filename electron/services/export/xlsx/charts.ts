/**
 * A chart part (xl/charts/chartN.xml) of the Charts sheet: a DrawingML bar or column chart
 * (ECMA-376 Part 1, §21.2) whose series read their cells on the other sheets by reference,
 * with the values those cells hold cached beside each reference, so a reader that does not
 * recalculate (a previewer, LibreOffice before it loads the sheets) still draws them.
 *
 * Excel refuses a chart whose elements are out of the schema's order, so every element here is
 * written in its sequence (CT_ChartSpace, CT_Chart, CT_PlotArea, CT_BarChart, CT_BarSer,
 * CT_DLbls, CT_CatAx, CT_ValAx); test/services/export/charts.test.ts holds the parts to it.
 */
import { refFormula, type ChartRef, type ChartSeries, type ChartSpec, type ChartValues } from '../../../../shared/report/charts';
import type { CellFormat } from '../../../../shared/report/sheet';
import { escapeXml } from './escape';
import { moneyFormats } from './styles';

const NS = 'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** The series colours: one per compared scenario (up to six), in the order they are compared. */
export const SCENARIO_COLORS = ['2457C5', '0F9D74', '8B5CF6', 'DB2777', '0891B2', '65A30D'];
/** a capacity or budget: grey, behind the scenario's own colour */
export const LIMIT_COLOR = 'A3A9B3';
const INK = '1F2937';
const GRID = 'E5E7EB';

/** The number format of the cells a series reads, as styles.ts writes them (the cache carries it). */
function cellFormatCode(format: CellFormat, currency: string): string {
  switch (format) {
    case 'count':
      return '#,##0';
    case 'number':
      return '#,##0.00';
    case 'currency':
      return moneyFormats(currency).currency;
    case 'percent':
      return '0.0%';
    case 'hours':
      return '#,##0" h"';
    default:
      return 'General';
  }
}

/** The value axis' format: the cells' own, shares in whole percent, millions of money as "$1.5M". */
function axisFormatCode(values: readonly ChartValues[], currency: string): string {
  const format = values[0]?.format ?? 'count';
  if (format === 'percent') return '0%';
  const code = cellFormatCode(format, currency);
  const largest = Math.max(0, ...values.flatMap((v) => v.cache.map((n) => Math.abs(n ?? 0))));
  return format === 'currency' && largest >= 1e6 ? code.replace('#,##0', '#,##0.0,,"M"') : code;
}

/** Text in an attribute: escaped, its double quotes too (a number format's "$"). */
const attr = (text: string) => escapeXml(text).replace(/"/g, '&quot;');
const val = (tag: string, value: string | number) => `<c:${tag} val="${value}"/>`;

/** Text properties: a font size in points (×100), in the ink colour. */
function textProps(size: number): string {
  return `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="0"><a:solidFill><a:srgbClr val="${INK}"/></a:solidFill></a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>`;
}

/** A chart or axis title (CT_Title: tx, layout, overlay). */
function title(text: string, size: number): string {
  return (
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="1"/></a:pPr>` +
    `<a:r><a:rPr lang="en-US" sz="${size}" b="1"><a:solidFill><a:srgbClr val="${INK}"/></a:solidFill></a:rPr><a:t>${escapeXml(text)}</a:t></a:r></a:p></c:rich></c:tx>` +
    `${val('overlay', 0)}</c:title>`
  );
}

/** Texts: an empty cell has no point. */
function strCache(texts: readonly string[]): string {
  const points = texts.map((t, i) => (t === '' ? '' : `<c:pt idx="${i}"><c:v>${escapeXml(t)}</c:v></c:pt>`)).join('');
  return `<c:strCache>${val('ptCount', texts.length)}${points}</c:strCache>`;
}

function strRef(ref: ChartRef, texts: readonly string[]): string {
  return `<c:strRef><c:f>${escapeXml(refFormula(ref))}</c:f>${strCache(texts)}</c:strRef>`;
}

/** A series' numbers: an empty or text cell has no point in the cache (a gap). */
function numRef(values: ChartValues, currency: string): string {
  const points = values.cache.map((n, i) => (n === null ? '' : `<c:pt idx="${i}"><c:v>${String(n)}</c:v></c:pt>`)).join('');
  return `<c:numRef><c:f>${escapeXml(refFormula(values.ref))}</c:f><c:numCache><c:formatCode>${escapeXml(cellFormatCode(values.format, currency))}</c:formatCode>${val('ptCount', values.cache.length)}${points}</c:numCache></c:numRef>`;
}

function seriesColor(s: ChartSeries): string {
  if (s.tone === 'limit') return LIMIT_COLOR;
  return SCENARIO_COLORS[s.tone % SCENARIO_COLORS.length]!;
}

/** CT_BarSer: idx, order, tx, spPr, invertIfNegative, cat, val. */
function seriesXml(s: ChartSeries, i: number, currency: string): string {
  const name = s.nameRef ? strRef(s.nameRef, [s.name]) : `<c:v>${escapeXml(s.name)}</c:v>`;
  return (
    `<c:ser>${val('idx', i)}${val('order', i)}<c:tx>${name}</c:tx>` +
    `<c:spPr><a:solidFill><a:srgbClr val="${seriesColor(s)}"/></a:solidFill></c:spPr>${val('invertIfNegative', 0)}` +
    `<c:cat>${strRef(s.categories.ref, s.categories.cache)}</c:cat><c:val>${numRef(s.values, currency)}</c:val></c:ser>`
  );
}

/** CT_DLbls: numFmt, spPr, txPr, dLblPos, showLegendKey … showBubbleSize. */
function valueLabels(code: string): string {
  return (
    `<c:dLbls><c:numFmt formatCode="${attr(code)}" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>${textProps(800)}` +
    `${val('dLblPos', 'outEnd')}${val('showLegendKey', 0)}${val('showVal', 1)}${val('showCatName', 0)}${val('showSerName', 0)}${val('showPercent', 0)}${val('showBubbleSize', 0)}</c:dLbls>`
  );
}

const AXIS_LINE = `<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="${INK}"/></a:solidFill></a:ln></c:spPr>`;
const CAT_AXIS = 50010;
const VAL_AXIS = 50020;

/** The chart part's XML. `currency`: the workbook's, for money the cells name no other currency for. */
export function chartXml(chart: ChartSpec, currency: string): string {
  const horizontal = chart.direction === 'bar';
  const axisCode = axisFormatCode(
    chart.series.map((s) => s.values),
    currency,
  );
  // a value label in the cells' format (a share in whole percent)
  const format = chart.series[0]?.values.format ?? 'count';
  const labelCode = format === 'percent' ? '0%' : cellFormatCode(format, currency);
  const barChart =
    `<c:barChart>${val('barDir', chart.direction)}${val('grouping', chart.grouping)}${val('varyColors', 0)}` +
    chart.series.map((s, i) => seriesXml(s, i, currency)).join('') +
    (chart.valueLabels ? valueLabels(labelCode) : '') +
    // CT_BarChart: gapWidth, then overlap (a stack lays its series over one another), then the axes
    `${val('gapWidth', chart.series.length > 1 && chart.grouping === 'clustered' ? 80 : 50)}${chart.grouping === 'stacked' ? val('overlap', 100) : ''}${val('axId', CAT_AXIS)}${val('axId', VAL_AXIS)}</c:barChart>`;
  // horizontal bars list their categories top down (the first row of the table on top): the
  // category axis runs max to min, and the value axis crosses it at its last category, below;
  // every category keeps its label (an app skips labels that would touch: a dozen tiers get smaller type)
  const labelSize = horizontal && (chart.series[0]?.categories.cache.length ?? 0) > 10 ? 650 : 800;
  const catAx =
    `<c:catAx>${val('axId', CAT_AXIS)}<c:scaling>${val('orientation', horizontal ? 'maxMin' : 'minMax')}</c:scaling>${val('delete', 0)}${val('axPos', horizontal ? 'l' : 'b')}` +
    `${title(chart.categoryTitle, 900)}<c:numFmt formatCode="General" sourceLinked="1"/>${val('majorTickMark', 'none')}${val('minorTickMark', 'none')}${val('tickLblPos', 'nextTo')}` +
    `${AXIS_LINE}${textProps(labelSize)}${val('crossAx', VAL_AXIS)}${val('crosses', 'autoZero')}${val('auto', 1)}${val('lblAlgn', 'ctr')}${val('lblOffset', 100)}${val('tickLblSkip', 1)}${val('noMultiLvlLbl', 0)}</c:catAx>`;
  const valAx =
    `<c:valAx>${val('axId', VAL_AXIS)}<c:scaling>${val('orientation', 'minMax')}${chart.valueMax === undefined ? '' : val('max', chart.valueMax)}${val('min', 0)}</c:scaling>${val('delete', 0)}${val('axPos', horizontal ? 'b' : 'l')}` +
    `<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="${GRID}"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>` +
    `${title(chart.valueTitle, 900)}<c:numFmt formatCode="${attr(axisCode)}" sourceLinked="0"/>${val('majorTickMark', 'out')}${val('minorTickMark', 'none')}${val('tickLblPos', 'nextTo')}` +
    `<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>${textProps(800)}${val('crossAx', CAT_AXIS)}${val('crosses', horizontal ? 'max' : 'autoZero')}${val('crossBetween', 'between')}</c:valAx>`;
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    `<c:chartSpace ${NS}>`,
    `${val('date1904', 0)}${val('lang', 'en-US')}${val('roundedCorners', 0)}`,
    `<c:chart>${title(chart.title, 1200)}${val('autoTitleDeleted', 0)}`,
    `<c:plotArea><c:layout/>${barChart}${catAx}${valAx}<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>`,
    `<c:legend>${val('legendPos', 'b')}${val('overlay', 0)}${textProps(800)}</c:legend>`,
    `${val('plotVisOnly', 1)}${val('dispBlanksAs', 'gap')}</c:chart>`,
    `<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln w="9525"><a:solidFill><a:srgbClr val="D1D5DB"/></a:solidFill></a:ln></c:spPr>`,
    `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>`,
    '</c:chartSpace>',
  ].join('');
}
