/**
 * Turning the bytes of a text file into text: BOMs first (UTF-8, UTF-16 LE/BE), then
 * strict UTF-8, then UTF-16 without BOM (recognised by its zero bytes), and Windows-1252
 * as the fallback for files that are not valid UTF-8 (old Excel "CSV" exports).
 */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

function zeroShare(bytes: Uint8Array, parity: 0 | 1, limit = 4096): number {
  let zeros = 0;
  let total = 0;
  for (let i = parity; i < Math.min(bytes.length, limit); i += 2) {
    total += 1;
    if (bytes[i] === 0) zeros += 1;
  }
  return total ? zeros / total : 0;
}

/**
 * Windows-1252's 0x80–0x9F block (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ);
 * Node's decoder without full ICU reads these bytes as Latin-1 control characters.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (ch) => String.fromCharCode(CP1252_HIGH[ch.charCodeAt(0) - 0x80]!));
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  // UTF-16 without a BOM: ASCII text leaves every other byte zero
  if (bytes.length >= 4) {
    if (zeroShare(bytes, 1) > 0.4 && zeroShare(bytes, 0) < 0.05) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
    if (zeroShare(bytes, 0) > 0.4 && zeroShare(bytes, 1) < 0.05) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/**
 * Whether decoded text looks like binary data rather than a table: NUL bytes or many
 * control characters in its first 64K characters.
 */
export function looksBinary(text: string): boolean {
  const sample = text.length > 65_536 ? text.slice(0, 65_536) : text;
  let control = 0;
  for (let i = 0; i < sample.length; i += 1) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control += 1;
  }
  return sample.length > 0 && control / sample.length > 0.01;
}
