/**
 * The fast XLSX reader's shared strings (xl/sharedStrings.xml), parsed once (issue 23), as
 * SheetJS 0.20.3's parse_sst_xml parses them: the items between `<sst>` and `</sst>`, split
 * at each `</si>`, each trimmed and read as plain (`<t>`) or rich text (xml.ts,
 * stringItemText). As in SheetJS, the list ends with one more, empty, item (the text after
 * the last `</si>`), and an item with no text has none (undefined).
 *
 * A part that is valid UTF-8 (nearly all) is decoded once and a plain item's text taken as
 * it is; any other item, and a part that is not valid UTF-8, go through SheetJS's own
 * steps on the part's bytes.
 */
import { isUtf8 } from 'node:buffer';
import { binary } from './package';
import { matchElement, stringItemText } from './xml';

const ITEM_OPEN = /<(?:\w+:)?(?:si|sstItem)>/g;
const ITEM_CLOSE = /<\/(?:\w+:)?(?:si|sstItem)>/;
const T_CLOSE = /<\/(?:\w+:)?t>/;
const PLAIN_ITEM = /^[\t\n\v\f\r ]*<t(?: xml:space="preserve")?>/;
/** text that SheetJS's unescaping (entities, `_xHHHH_`, CDATA, CRLF) could change */
const ESCAPED = /[&_<\r]/;

export function parseSharedStrings(bytes: Buffer): (string | undefined)[] {
  binary(bytes.subarray(0, 3)); // declines a byte-order mark
  const utf8 = isUtf8(bytes);
  const data = utf8 ? bytes.toString('utf8') : binary(bytes);
  const out: (string | undefined)[] = [];
  const sst = matchElement(data, 'sst');
  if (!sst) return out;
  const items = sst[1].replace(ITEM_OPEN, '').split(ITEM_CLOSE);
  for (const piece of items) {
    if (!utf8) {
      out.push(stringItemText(piece.trim()));
      continue;
    }
    // a plain item, after white space that trims alike in bytes and in text
    const tag = PLAIN_ITEM.exec(piece);
    const close = tag ? T_CLOSE.exec(piece) : null;
    if (tag && close && close.index >= tag[0].length) {
      const text = piece.slice(tag[0].length, close.index);
      if (!ESCAPED.test(text)) {
        out.push(text);
        continue;
      }
    }
    // SheetJS's steps, on the item's bytes (a binary string)
    out.push(stringItemText(Buffer.from(piece, 'utf8').toString('latin1').trim()));
  }
  return out;
}
