/**
 * A workbook's ZIP, part by part: a part's bytes or its text as it inflates (yauzl), and a
 * ZIP of parts (yazl) for SheetJS to read.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type yauzl from 'yauzl';
import yazl from 'yazl';

/** A part's bytes, inflated. */
export async function readWhole(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Text of a part as it inflates; stops reading when `take` says it has enough. */
export async function streamText(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  take: (text: string, inflated: number, ended: boolean) => boolean | Promise<boolean>,
): Promise<void> {
  const stream: Readable = await zip.openReadStreamPromise(entry);
  const decoder = new StringDecoder('utf8');
  let inflated = 0;
  try {
    for await (const chunk of stream) {
      inflated += (chunk as Buffer).length;
      if (await take(decoder.write(chunk as Buffer), inflated, false)) return;
    }
    await take(decoder.end(), inflated, true);
  } finally {
    stream.destroy();
  }
}

/** A ZIP of the parts, stored (not deflated): it is read once, at once, in memory. */
export async function zipOf(parts: Map<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of parts) zip.addBuffer(content, name, { compress: false });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
