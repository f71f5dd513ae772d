/**
 * Issue 23: the fast XLSX reader against the SheetJS path on workbooks written part by part,
 * as Excel and other writers write what SheetJS's own writer never does: rich-text and
 * phonetic shared strings, `_xHHHH_` escapes, CRLF, entities and character references, the
 * 1904 date system, custom date formats, `<v xml:space>`, shared formulas, inline rich text,
 * errors, "true" booleans, cell formats out of range, hyperlinks, merged ranges, extra cell
 * attributes — and a fast-check property over random raw cells (types, value texts, styles,
 * formulas, cells with and without their references) that must read alike whenever the
 * fast reader does not decline them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFastWorkbook } from '../../../electron/services/import/fast-xlsx/read';
import { readWorkbookWithSheetJs, sheetScore } from '../../../electron/services/import/read/workbook';
import type { ReadOptions } from '../../../electron/services/import/read/source';
import { zipSync } from '../../security/fuzz-files';
import { CHUNKS } from './fast-xlsx-chunks';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';

interface Parts {
  sheets: { name: string; xml: string; rels?: string }[];
  sst?: string[];
  numFmts?: string;
  xfs?: string[];
  date1904?: boolean;
  /** docProps/app.xml */
  app?: string;
}

function workbook(p: Parts): Buffer {
  const parts: Record<string, string> = {};
  const sheetTypes = p.sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`);
  parts['[Content_Types].xml'] =
    `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheetTypes.join('')}` +
    `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
    (p.sst ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '') +
    (p.app ? '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' : '') +
    '</Types>';
  parts['_rels/.rels'] = `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  parts['xl/workbook.xml'] =
    `${HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><fileVersion appName="xl"/>` +
    `<workbookPr${p.date1904 ? ' date1904="1"' : ''} defaultThemeVersion="166925"/><mc:AlternateContent><mc:Choice Requires="x15"><x15ac:absPath xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac" url="C:\\x\\"/></mc:Choice></mc:AlternateContent>` +
    `<bookViews><workbookView xWindow="0"/></bookViews><sheets>${p.sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets><calcPr calcId="191029"/></workbook>`;
  const n = p.sheets.length;
  parts['xl/_rels/workbook.xml.rels'] =
    `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${p.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}` +
    `<Relationship Id="rId${n + 1}" Type="${REL}/styles" Target="styles.xml"/>${p.sst ? `<Relationship Id="rId${n + 2}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`;
  const xfs = p.xfs ?? ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  parts['xl/styles.xml'] =
    `${HEAD}<styleSheet xmlns="${MAIN}">${p.numFmts ?? ''}<fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>` +
    `<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs></styleSheet>`;
  if (p.app) {
    parts['docProps/core.xml'] = `${HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>x</dc:creator></cp:coreProperties>`;
    parts['docProps/app.xml'] = p.app;
  }
  if (p.sst) parts['xl/sharedStrings.xml'] = `${HEAD}<sst xmlns="${MAIN}" count="${p.sst.length}" uniqueCount="${p.sst.length}">${p.sst.map((si) => `<si>${si}</si>`).join('')}</sst>`;
  p.sheets.forEach((s, i) => {
    parts[`xl/worksheets/sheet${i + 1}.xml`] = `${HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${REL}" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"><dimension ref="A1"/>${s.xml}</worksheet>`;
    if (s.rels) parts[`xl/worksheets/_rels/sheet${i + 1}.xml.rels`] = s.rels;
  });
  return zipSync(Object.entries(parts).map(([name, text]) => ({ name, data: Buffer.from(text, 'utf8') })));
}

/** The fast reader's outcome, the same in its default windows and in chunks of a few bytes to a few KB (fast-xlsx/stream.ts). */
async function fastOutcome(bytes: Buffer, options: ReadOptions): Promise<unknown> {
  const once = async (chunkBytes: number | undefined) => {
    try {
      return await readFastWorkbook(bytes, 'book.xlsx', { ...options, largeSheet: { chunkBytes } }, sheetScore);
    } catch (error) {
      return { refused: (error as Error).message };
    }
  };
  const first = await once(undefined);
  for (const chunkBytes of CHUNKS.slice(1)) expect(await once(chunkBytes), `chunks of ${chunkBytes} bytes`).toEqual(first);
  return first;
}

async function outcomes(bytes: Buffer, sheet?: string) {
  const options = sheet === undefined ? {} : { sheet };
  const fast = await fastOutcome(bytes, options);
  if (fast === null) return { fast: 'declined' as const, sheetJs: null };
  let sheetJs: unknown;
  try {
    sheetJs = await readWorkbookWithSheetJs(bytes, 'book.xlsx', 'zip', options);
  } catch (error) {
    sheetJs = { refused: (error as Error).message };
  }
  return { fast, sheetJs };
}

const row = (r: number, cells: string, attrs = '') => `<row r="${r}"${attrs}>${cells}</row>`;

/** Labels over columns G to T, so that the header stays row 1 however wide row 3 is. */
const LABELS = Array.from({ length: 14 }, (_, i) => `<c r="${String.fromCharCode(71 + i)}1" t="inlineStr"><is><t>Column ${String.fromCharCode(71 + i)}</t></is></c>`).join('');

/** An Excel-like partner sheet around `extra` cells in row 3 (columns D on). */
function excelSheet(extra: string, after = ''): string {
  return (
    '<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/><sheetData>' +
    row(1, `<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c>${LABELS}`, ' spans="1:6" x14ac:dyDescent="0.25"') +
    row(2, '<c r="A2" t="s"><v>6</v></c><c t="s" r="B2"><v>7</v></c><c s="1" r="C2"><v>45000.75</v></c><c r="D2" s="2"><v>0.25</v></c><c r="E2" t="b"><v>1</v></c><c r="F2"><v>1250000</v></c>', ' spans="1:6" s="1" customFormat="1" ht="20" customHeight="1"') +
    row(3, `<c r="A3" t="s"><v>8</v></c><c r="B3" t="s"><v>9</v></c><c r="C3" s="3"><v>1</v></c>${extra}`) +
    `</sheetData>${after}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`
  );
}

const SST = [
  '<t>Partner ID</t>',
  '<r><rPr><b/><sz val="11"/></rPr><t>Partner</t></r><r><t xml:space="preserve"> Name</t></r><rPh sb="0" eb="1"><t>パ</t></rPh>',
  '<t>Joined</t><phoneticPr fontId="1"/>',
  '<t xml:space="preserve"> Win rate </t>',
  '<t>Co-sell</t>',
  '<t>ARR_x000D_</t>',
  '<t>P1</t>',
  '<t>Acme &amp; Sons &lt;AU&gt; &#233;&#x4E2D; _x0041_ ü 日本</t>',
  '<t>P2</t>',
  '<t>Line one\r\nline two</t>',
  '<t/>',
  '<phoneticPr fontId="1"/>',
  '<t><![CDATA[<cdata> & more]]></t>',
];
const NUM_FMTS = '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd;@"/><numFmt numFmtId="165" formatCode="0.0%"/><numFmt numFmtId="166" formatCode="[$-409]d\\-mmm\\-yy;@"/></numFmts>';
const XFS = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>', '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>', '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>', '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>', '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0"/>'];

describe('the fast XLSX reader on workbooks as Excel writes them (issue 23)', () => {
  const cases: [string, Parts][] = [
    ['shared strings of every kind, formats, 1900 dates', { sheets: [{ name: 'Partners', xml: excelSheet('<c r="D3" t="s"><v>10</v></c><c r="E3" t="s"><v>11</v></c><c r="F3" t="s"><v>12</v></c><c r="G3" t="s"><v>13</v></c>') }], sst: SST, numFmts: NUM_FMTS, xfs: XFS }],
    ['the 1904 date system', { sheets: [{ name: 'Partners', xml: excelSheet('<c r="D3" s="4"><v>0</v></c><c r="E3" s="1"><v>-1</v></c><c r="F3" s="1"><v>2958466</v></c>') }], sst: SST, numFmts: NUM_FMTS, xfs: XFS, date1904: true }],
    [
      'formulas, inline strings, errors, booleans, odd styles, extra attributes',
      {
        sheets: [
          {
            name: 'Partners',
            xml: excelSheet(
              '<c r="D3" t="str"><f>A1&amp;"x"</f><v>Acme &amp;amp; x</v></c><c r="E3" s="3"><f t="shared" ref="E3:E4" si="0">C3+1</f><v>2</v></c><c r="F3" t="e"><f>1/0</f><v>#DIV/0!</v></c>' +
                '<c r="G3" t="b"><v>true</v></c><c r="H3" t="b"/><c r="I3" s="77"><v>3</v></c><c r="J3" t="inlineStr"><is><r><t>In</t></r><r><rPr><i/></rPr><t xml:space="preserve">line </t></r></is></c>' +
                '<c r="K3" t="inlineStr"><is><t>plain inline</t></is></c><c r="L3" cm="1" vm="2" ph="1"><v xml:space="preserve">7</v></c><c r="M3" t="e"><v>#WTF?</v></c><c r="N3"><f>NOW()</f></c><c r="O3" t="str"><f>""</f><v></v></c>' +
                '<c r="P3" t="s"><v>7</v></c><c r="Q3"><v>1.5E+3</v></c><c r="R3"><v>-0</v></c><c r="S3"><v>12345678901234567</v></c><c r="T3"><v>0.1</v></c>',
              '<mergeCells count="1"><mergeCell ref="A5:C5"/></mergeCells><hyperlinks><hyperlink ref="B2" r:id="rId1"/><hyperlink ref="D10:E12" location="Sheet2!A1"/></hyperlinks>',
            ),
            rels: `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/hyperlink" Target="https://example.com/?a=1&amp;b=2" TargetMode="External"/></Relationships>`,
          },
        ],
        sst: SST,
        numFmts: NUM_FMTS,
        xfs: XFS,
      },
    ],
    [
      'several sheets, a group row over the header, hidden and oddly named sheets',
      {
        sheets: [
          { name: 'Read me', xml: `<sheetData>${row(1, '<c r="A1" t="s"><v>12</v></c>')}</sheetData>` },
          {
            name: 'Partner &amp; accounts',
            xml: `<sheetData>${row(1, '<c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>4</v></c>')}${row(2, '<c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>3</v></c><c r="D2" t="s"><v>4</v></c>')}${row(3, '<c r="A3" t="s"><v>6</v></c><c r="B3" t="s"><v>7</v></c><c r="C3"><v>0.5</v></c><c r="D3" t="b"><v>0</v></c>')}<row r="4" spans="1:4"/>${row(5, '<c r="B5" t="s"><v>9</v></c>')}</sheetData><mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="C1:D1"/></mergeCells>`,
          },
          { name: 'constructor', xml: `<sheetData>${row(1, '<c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>0</v></c>')}${row(2, '<c r="A2"><v>1</v></c>')}</sheetData>` },
          { name: '日本 Ü', xml: '<sheetData/>' },
        ],
        sst: SST,
      },
    ],
    ['no shared strings, no styles in use', { sheets: [{ name: 'Sheet1', xml: `<sheetData>${row(1, '<c r="A1" t="inlineStr"><is><t>Partner Name</t></is></c><c r="B1" t="inlineStr"><is><t>ARR</t></is></c>')}${row(2, '<c r="A2" t="inlineStr"><is><t>Acme</t></is></c><c r="B2"><v>3</v></c>')}</sheetData>` }] }],
  ];

  it.each(cases)('%s: the same table, sheet by sheet, not declined', async (_, parts) => {
    const bytes = workbook(parts);
    for (const sheet of [undefined, ...parts.sheets.map((s) => s.name.replace('&amp;', '&'))]) {
      const { fast, sheetJs } = await outcomes(bytes, sheet);
      expect(fast, `sheet ${sheet ?? '(chosen)'}`).not.toBe('declined');
      expect(fast, `sheet ${sheet ?? '(chosen)'}`).toEqual(sheetJs);
      if (process.env.TIERSCAPE_FAST_XLSX_VERBOSE) console.log(JSON.stringify(fast));
    }
  });

  it('document properties as Excel writes them are read; damaged ones, which SheetJS refuses the workbook for, are declined', async () => {
    const app = (pairs: string) =>
      `${HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application>` +
      `<HeadingPairs>${pairs}</HeadingPairs><TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>Partners</vt:lpstr></vt:vector></TitlesOfParts></Properties>`;
    const good = app('<vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector>');
    const bad = app('<vt:vector size="1" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant></vt:vector>');
    const sheet = { name: 'Partners', xml: excelSheet('') };
    const read = await outcomes(workbook({ sheets: [sheet], sst: SST, xfs: XFS, numFmts: NUM_FMTS, app: good }));
    expect(read.fast).not.toBe('declined');
    expect(read.fast).toEqual(read.sheetJs);
    const damaged = workbook({ sheets: [sheet], sst: SST, xfs: XFS, numFmts: NUM_FMTS, app: bad });
    expect((await outcomes(damaged)).fast).toBe('declined');
    await expect(readWorkbookWithSheetJs(damaged, 'book.xlsx', 'zip', {})).rejects.toThrow(/book\.xlsx/);
  });

  it('a sheet with comments, ISO date cells (t="d") or a prefixed namespace is declined, not misread', async () => {
    const comments = `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/comments" Target="../comments1.xml"/></Relationships>`;
    for (const parts of [
      { sheets: [{ name: 'P', xml: excelSheet(''), rels: comments }], sst: SST, xfs: XFS, numFmts: NUM_FMTS },
      { sheets: [{ name: 'P', xml: excelSheet('<c r="D3" t="d"><v>2024-01-02T00:00:00Z</v></c>') }], sst: SST, xfs: XFS, numFmts: NUM_FMTS },
      { sheets: [{ name: 'P', xml: excelSheet('').replace(/<(\/?)(sheetData|row|c|v)\b/g, '<$1x:$2') }], sst: SST, xfs: XFS, numFmts: NUM_FMTS },
      // where SheetJS would end a row it skips when ranking the sheets (read in chunks too, `</x:row>` split between two)
      { sheets: [{ name: 'P', xml: excelSheet('', '<extLst><x:row></x:row></extLst>') }, { name: 'Q', xml: excelSheet('') }], sst: SST, xfs: XFS, numFmts: NUM_FMTS },
    ]) {
      expect((await outcomes(workbook(parts))).fast).toBe('declined');
    }
  });

  it('random raw cells (types, value texts, styles, formulas) read alike, or are declined (fast-check)', async () => {
    const value = fc.constantFrom('0', '1', '2', '12', '-3.5', '007', ' 4', '1e3', '1E-2', '&#49;', '_x0031_', '', 'abc', 'true', 'TRUE', '#N/A', '#REF!', '#BOGUS', '-0', '3.', '.5', '99999999999999999', 'x &amp; y', 'ü', '&lt;b&gt;');
    const type = fc.constantFrom('', ' t="n"', ' t="s"', ' t="str"', ' t="b"', ' t="e"', ' t="inlineStr"', ' t="z"', ' t=""');
    const style = fc.constantFrom('', ' s="0"', ' s="1"', ' s="2"', ' s="3"', ' s="4"', ' s="9"');
    const body = fc.oneof(
      value.map((v) => `<v>${v}</v>`),
      value.map((v) => `<f>A1</f><v>${v}</v>`),
      fc.constant('<f>A1</f>'),
      value.map((v) => `<is><t>${v}</t></is>`),
      fc.constant(''),
    );
    const lead = fc.oneof({ weight: 40, arbitrary: fc.constantFrom('', ' cm="1"') }, { weight: 1, arbitrary: fc.constantFrom(' foor="B"', ' R="A1"', ' x:t="s"', ' s_x="1"') });
    const cell = fc.tuple(type, style, body, fc.boolean(), lead);
    const rows = fc.array(fc.array(fc.option(cell, { nil: null }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 });
    let same = 0;
    await fc.assert(
      fc.asyncProperty(rows, fc.boolean(), async (cells, date1904) => {
        const header = row(1, ['Partner Name', 'ARR', 'Joined', 'Rate', 'Flag', 'Note'].map((h, c) => `<c r="${String.fromCharCode(65 + c)}1" t="inlineStr"><is><t>${h}</t></is></c>`).join(''));
        const xml = cells
          .map((r, i) => row(i + 2, r.map((c, col) => (c === null ? '' : `<c${c[4]}${c[3] ? ` r="${String.fromCharCode(65 + col)}${i + 2}"` : ''}${c[0]}${c[1]}${c[2] ? `>${c[2]}</c>` : '/>'}`)).join('')))
          .join('');
        const { fast, sheetJs } = await outcomes(workbook({ sheets: [{ name: 'Partners', xml: `<sheetData>${header}${xml}</sheetData>` }], sst: SST, numFmts: NUM_FMTS, xfs: XFS, date1904 }));
        if (fast === 'declined') return;
        same += 1;
        expect(fast).toEqual(sheetJs);
      }),
      { seed: 2323, numRuns: 300 },
    );
    expect(same, 'most random cells are read, not declined (a shared string index that does not exist declines)').toBeGreaterThan(150);
  }, 120_000);
});
