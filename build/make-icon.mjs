// Draws the app icon (a white upload arrow over a speech bubble on a blue rounded square) as
// a 512×512 PNG with no dependencies: `node build/make-icon.mjs`. Output: build/icon.png and
// renderer/public/icon.png. electron-builder derives .ico and .icns from build/icon.png.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const size = 512;
const pixels = Buffer.alloc(size * size * 4);

const inRoundedRect = (x, y, x0, y0, x1, y1, r) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const inTriangle = (x, y, ax, ay, bx, by, cx, cy) => {
  const s = (px, py, qx, qy, rx, ry) => (px - rx) * (qy - ry) - (qx - rx) * (py - ry);
  const d1 = s(x, y, ax, ay, bx, by);
  const d2 = s(x, y, bx, by, cx, cy);
  const d3 = s(x, y, cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};

for (let y = 0; y < size; y++) {
  for (let x = 0; x < size; x++) {
    const i = (y * size + x) * 4;
    if (!inRoundedRect(x, y, 16, 16, 496, 496, 96)) continue;
    const t = y / size;
    let [r, g, b] = [Math.round(20 + 10 * t), Math.round(110 - 40 * t), Math.round(210 - 40 * t)];
    const bubble = inRoundedRect(x, y, 96, 120, 416, 380, 56) || inTriangle(x, y, 150, 370, 230, 370, 130, 440);
    const arrow = inTriangle(x, y, 256, 150, 170, 250, 342, 250) || inRoundedRect(x, y, 226, 240, 286, 340, 6);
    if (bubble) [r, g, b] = [255, 255, 255];
    if (arrow) [r, g, b] = [22, 100, 200];
    pixels.set([r, g, b, 255], i);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
};
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header.set([8, 6, 0, 0, 0], 8);
const raw = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y++) pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
const root = new URL('..', import.meta.url);
mkdirSync(new URL('renderer/public/', root), { recursive: true });
writeFileSync(new URL('build/icon.png', root), png);
writeFileSync(new URL('renderer/public/icon.png', root), png);
console.log(`icon.png: ${png.length} bytes`);
