// Draws the Tierscape icon (four ascending tier bars on a dark tile) and writes
// build/icon.png (512 px) and build/icons/<size>x<size>.png for Linux packages.
// Pure Node: a tiny rasteriser with 4x4 supersampling and a PNG encoder over zlib.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
// shapes in a 0..1 square, painted in order
const tile = { color: hex('#17202b'), inside: (x, y) => roundedRect(x, y, 0.04, 0.04, 0.92, 0.92, 0.2) };
const bars = [
  ['#b87333', 0.18, 0.62],
  ['#a8b2bd', 0.355, 0.48],
  ['#e0b43c', 0.53, 0.34],
  ['#5b8def', 0.705, 0.2],
].map(([c, x, top]) => ({ color: hex(c), inside: (px, py) => roundedRect(px, py, x, top, 0.13, 0.8 - top, 0.025) }));
const shapes = [tile, ...bars];

function roundedRect(x, y, left, top, width, height, r) {
  if (x < left || y < top || x > left + width || y > top + height) return false;
  const cx = Math.min(Math.max(x, left + r), left + width - r);
  const cy = Math.min(Math.max(y, top + r), top + height - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function draw(size) {
  const out = Buffer.alloc(size * size * 4);
  const ss = 4;
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < ss; sy += 1) {
        for (let sx = 0; sx < ss; sx += 1) {
          const x = (px + (sx + 0.5) / ss) / size;
          const y = (py + (sy + 0.5) / ss) / size;
          let hit = null;
          for (const s of shapes) if (s.inside(x, y)) hit = s.color;
          if (hit) {
            r += hit[0]; g += hit[1]; b += hit[2]; a += 255;
          }
        }
      }
      const n = ss * ss;
      const cov = a / 255;
      const i = (py * size + px) * 4;
      out[i] = cov ? Math.round(r / cov) : 0;
      out[i + 1] = cov ? Math.round(g / cov) : 0;
      out[i + 2] = cov ? Math.round(b / cov) : 0;
      out[i + 3] = Math.round(a / n);
    }
  }
  return png(size, out);
}

mkdirSync(path.join(root, 'icons'), { recursive: true });
writeFileSync(path.join(root, 'icon.png'), draw(512));
for (const size of [16, 32, 48, 64, 128, 256, 512]) writeFileSync(path.join(root, 'icons', `${size}x${size}.png`), draw(size));
console.log('wrote build/icon.png and build/icons/*.png');
