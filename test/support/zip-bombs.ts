/** Hand-built ZIP files for the hardening tests: entries deflated, with the sizes their headers declare. */
import { createDeflateRaw, deflateRawSync } from 'node:zlib';

/** A ZIP of one entry stored deflated, with the sizes its directory declares. */
export function zipWith(entries: { name: string; data: Buffer; declaredSize: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** An XLSX-named ZIP of 64 KB whose sheet declares 4 GB (64 MB of zeros, deflated): refused before it inflates. */
export function zipBomb(): Buffer {
  return zipWith([
    { name: '[Content_Types].xml', data: deflateRawSync(Buffer.from('<Types/>')), declaredSize: 8 },
    { name: 'xl/worksheets/sheet1.xml', data: deflateRawSync(Buffer.alloc(64 << 20)), declaredSize: 0xffffffff },
  ]);
}

/** `bytes` zeros, raw-deflated as a stream (the zeros are never in memory at once): about 1 MB per GB. */
export async function deflatedZeros(bytes: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise<void>((resolveEnd, reject) => {
    deflate.on('end', resolveEnd);
    deflate.on('error', reject);
  });
  const chunk = Buffer.alloc(4 * 1024 * 1024);
  for (let left = bytes; left > 0; left -= chunk.length) {
    if (!deflate.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) await new Promise((resolveDrain) => deflate.once('drain', resolveDrain));
  }
  deflate.end();
  await ended;
  return Buffer.concat(out);
}
