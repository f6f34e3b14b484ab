import { readFile, writeFile } from 'node:fs/promises';

/**
 * Rewrites the durations an MP4 declares (movie header `mvhd`, track headers `tkhd`, media headers
 * `mdhd`, edit lists `elst`) to `claimedMs`, leaving every sample in place: a file whose header claims
 * one length and holds another, as a hostile upload would. Returns how many fields were rewritten.
 */
export async function rewriteMp4Duration(file: string, claimedMs: number, { editLists = true } = {}): Promise<number> {
  const bytes = await readFile(file);
  let movieTimescale = 1000;
  let rewritten = 0;
  const write = (offset: number, version: number, units: number) => {
    if (version === 1) bytes.writeBigUInt64BE(BigInt(Math.round(units)), offset);
    else bytes.writeUInt32BE(Math.round(units), offset);
    rewritten += 1;
  };
  const walk = (start: number, end: number) => {
    for (let at = start; at + 8 <= end; ) {
      const size = bytes.readUInt32BE(at);
      const type = bytes.toString('latin1', at + 4, at + 8);
      if (size < 8 || at + size > end) return;
      const body = at + 8;
      const version = bytes[body] ?? 0;
      const times = version === 1 ? 16 : 8; // creation + modification time
      if (type === 'moov' || type === 'trak' || type === 'mdia' || type === 'edts') walk(body, at + size);
      else if (type === 'mvhd') {
        movieTimescale = bytes.readUInt32BE(body + 4 + times);
        write(body + 4 + times + 4, version, (claimedMs * movieTimescale) / 1000);
      } else if (type === 'tkhd') write(body + 4 + times + 8, version, (claimedMs * movieTimescale) / 1000);
      else if (type === 'mdhd') {
        const timescale = bytes.readUInt32BE(body + 4 + times);
        write(body + 4 + times + 4, version, (claimedMs * timescale) / 1000);
      } else if (type === 'elst' && editLists) {
        const count = bytes.readUInt32BE(body + 4);
        const entrySize = version === 1 ? 20 : 12;
        for (let i = 0; i < count; i += 1) write(body + 8 + i * entrySize, version, (claimedMs * movieTimescale) / 1000);
      }
      at += size;
    }
  };
  walk(0, bytes.length);
  await writeFile(file, bytes);
  return rewritten;
}
