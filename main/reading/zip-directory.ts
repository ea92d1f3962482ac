/**
 * A ZIP's central directory (APPNOTE.TXT 4.3.12, 4.3.16) and the bytes of its entries, read
 * from the file's buffer without inflating anything: for the quick XLSX preview, and for the
 * check that a workbook unpacks to no more than its directory says.
 */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  /** What the directory declares (0xFFFFFFFF: see the ZIP64 record). */
  originalSize: number;
  localOffset: number;
}

/** The entries by name, or null when the buffer holds no readable directory. */
export function readZipDirectory(data: Buffer): Map<string, ZipEntry> | null {
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 65557); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end === -1) return null;
  const count = data.readUInt16LE(end + 10);
  let offset = data.readUInt32LE(end + 16);
  const entries = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (offset + 46 > data.length || data.readUInt32LE(offset) !== 0x02014b50) return null;
    const method = data.readUInt16LE(offset + 10);
    const compressedSize = data.readUInt32LE(offset + 20);
    const originalSize = data.readUInt32LE(offset + 24);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    const localOffset = data.readUInt32LE(offset + 42);
    const name = data.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.set(name, { name, method, compressedSize, originalSize, localOffset });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** An entry's bytes as stored (compressed for method 8), or null when its local header is not where the directory says. */
export function entryBytes(data: Buffer, entry: ZipEntry): Buffer | null {
  const local = entry.localOffset;
  if (local + 30 > data.length || data.readUInt32LE(local) !== 0x04034b50) return null;
  const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
  return data.subarray(start, start + entry.compressedSize);
}
