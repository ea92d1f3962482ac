/**
 * Text encodings of CRM exports: UTF-8 with or without BOM, UTF-16 LE/BE (by BOM, or by the
 * NUL pattern of mostly-ASCII text), otherwise Windows-1252 when the bytes are not valid UTF-8.
 */
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { basename } from 'node:path';
import { TxpError } from '../../shared/txp-error';
import { utf16WithoutBom } from './detect-file-format';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface EncodingDetection {
  encoding: TextEncoding;
  /** Bytes to skip at the start (the BOM). */
  skip: number;
}

export function detectBom(head: Buffer): EncodingDetection | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8-bom', skip: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  return null;
}

/** Reads the file once (fast, natively) to tell valid UTF-8 from a single-byte code page. */
export async function detectTextEncoding(path: string): Promise<EncodingDetection> {
  let carry: Buffer = Buffer.alloc(0);
  let first = true;
  let valid = true;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (first) {
      first = false;
      // UTF-32 (FF FE 00 00 or 00 00 FE FF) begins like UTF-16 LE: it is named, not misread.
      if ((chunk[0] === 0xff && chunk[1] === 0xfe && chunk[2] === 0 && chunk[3] === 0) || (chunk[0] === 0 && chunk[1] === 0 && chunk[2] === 0xfe && chunk[3] === 0xff)) {
        throw new TxpError('INPUT', `${basename(path)} is in UTF-32, which this app does not read. Save it again as CSV in UTF-8 (Excel: "CSV UTF-8"), and open that.`);
      }
      const bom = detectBom(chunk);
      if (bom) return bom;
      const utf16 = utf16WithoutBom(chunk);
      if (utf16) return { encoding: utf16, skip: 0 };
    }
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const cut = completeUtf8Length(data);
    if (!isUtf8(data.subarray(0, cut))) {
      valid = false;
      break;
    }
    carry = data.subarray(cut);
  }
  if (valid && carry.length > 0 && !isUtf8(carry)) valid = false;
  return { encoding: valid ? 'utf-8' : 'windows-1252', skip: 0 };
}

/** The length of the prefix of `data` that does not end inside a multi-byte UTF-8 sequence. */
function completeUtf8Length(data: Buffer): number {
  const end = data.length;
  for (let back = 1; back <= Math.min(3, end); back++) {
    const byte = data[end - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? end - back : end;
  }
  return end;
}

export function decoderLabel(encoding: TextEncoding): string {
  return encoding === 'utf-8-bom' ? 'utf-8' : encoding;
}
