/**
 * Which part of a workbook's ZIP holds which sheet: the package's relationship parts, read
 * as SheetJS reads them.
 */
import * as XLSX from 'xlsx';

/**
 * Sheet name -> worksheet part: SheetJS names the sheets and their relationship ids; the
 * workbook's relationships file (a few lines) gives each id's part.
 */
export function sheetParts(reduced: Buffer, parts: Map<string, Buffer>): Map<string, string> {
  const out = new Map<string, string>();
  let book: XLSX.WorkBook;
  try {
    book = XLSX.read(reduced, { type: 'buffer', sheets: [] }); // names and relationship ids, no sheet parsed
  } catch {
    return out;
  }
  const sheets = (book.Workbook?.Sheets ?? []) as { name: string; id?: string }[];
  const { dir, rels } = workbookRelationships(parts);
  for (const sheet of sheets) {
    const target = sheet.id ? rels.get(sheet.id)?.target : undefined;
    if (target) out.set(sheet.name, normalise(target, dir));
  }
  return out;
}

/** The workbook part's folder ("xl/") and its relationships, from the package's relationship parts. */
export function workbookRelationships(parts: Map<string, Buffer>): { dir: string; rels: Map<string, { type: string; target: string }> } {
  const root = relationships(parts.get('_rels/.rels'));
  const workbookPart = normalise([...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml', '');
  const dir = workbookPart.includes('/') ? workbookPart.slice(0, workbookPart.lastIndexOf('/') + 1) : '';
  return { dir, rels: relationships(parts.get(`${dir}_rels/${workbookPart.slice(dir.length)}.rels`)) };
}

function relationships(xml: Buffer | undefined): Map<string, { type: string; target: string }> {
  const out = new Map<string, { type: string; target: string }>();
  if (!xml) return out;
  for (const tag of xml.toString('utf8').match(/<(?:\w+:)?Relationship\b[^>]*>/g) ?? []) {
    const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
    const id = attr('Id');
    const target = attr('Target');
    if (id && target) out.set(id, { type: attr('Type') ?? '', target: unescapeXml(target) });
  }
  return out;
}

/** A relationship target as a ZIP entry name: absolute ("/xl/…") or relative to the workbook's folder. */
export function normalise(target: string, dir: string): string {
  const joined = target.startsWith('/') ? target.slice(1) : `${dir}${target}`;
  const out: string[] = [];
  for (const segment of joined.split('/')) {
    if (segment === '..') out.pop();
    else if (segment !== '.' && segment !== '') out.push(segment);
  }
  return out.join('/');
}

export function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!);
}
