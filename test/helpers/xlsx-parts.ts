/** The raw parts of an .xlsx (SheetJS CE reads neither frozen panes nor cell styles' fonts), for the export tests. */
import * as XLSX from 'xlsx';

/** Part name ("xl/styles.xml") → its text. */
export function unzip(buffer: Buffer): Map<string, string> {
  const cfb = XLSX.CFB.read(buffer, { type: 'buffer' }) as { FullPaths: string[]; FileIndex: { type: number; content?: Uint8Array }[] };
  const parts = new Map<string, string>();
  cfb.FileIndex.forEach((entry, i) => {
    if (entry.type === 2 && entry.content) parts.set(cfb.FullPaths[i]!.replace(/^Root Entry\//, ''), Buffer.from(entry.content).toString('utf8'));
  });
  return parts;
}

/** An XML tag's attributes. */
export function attrs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([\w:]+)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  return out;
}
