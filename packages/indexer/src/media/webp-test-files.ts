import sharp from 'sharp';

/**
 * Animated WebP files for tests, made with sharp (libwebp) from flat frames of known grey levels, and
 * edited chunk by chunk to give them what an encoder would not write (short delays, frames cut out,
 * damage).
 */

/** An animated WebP of `levels.length` frames, each one grey level all over, with these delays. */
export async function flatAnimatedWebp(options: {
  width: number;
  height: number;
  levels: number[];
  delaysMs: number[];
  lossless?: boolean;
}): Promise<Buffer> {
  const { width, height, levels } = options;
  const frameBytes = width * height * 3;
  const raw = Buffer.alloc(frameBytes * levels.length);
  for (const [i, level] of levels.entries()) raw.fill(level, i * frameBytes, (i + 1) * frameBytes);
  return sharp(raw, { raw: { width, height: height * levels.length, channels: 3, pageHeight: height } })
    .webp({ lossless: options.lossless ?? true, delay: options.delaysMs, loop: 0 })
    .toBuffer();
}

/** Byte offsets of the file's top-level chunks, in order. */
export function chunksOf(file: Buffer): Array<{ type: string; at: number; size: number }> {
  const chunks: Array<{ type: string; at: number; size: number }> = [];
  for (let at = 12; at + 8 <= file.length; ) {
    const size = file.readUInt32LE(at + 4);
    chunks.push({ type: file.toString('latin1', at, at + 4), at, size });
    at += 8 + size + (size % 2);
  }
  return chunks;
}

/** The same file with its n-th ANMF chunk's frame header changed by `edit` (a copy). */
export function editFrame(file: Buffer, n: number, edit: (header: Buffer) => void): Buffer {
  const copy = Buffer.from(file);
  const frame = chunksOf(copy).filter((chunk) => chunk.type === 'ANMF')[n];
  if (frame === undefined) throw new Error(`no frame ${n}`);
  edit(copy.subarray(frame.at + 8, frame.at + 24));
  return copy;
}

/** The file with only its first `count` frames, its RIFF size made to match. */
export function keepFrames(file: Buffer, count: number): Buffer {
  const frames = chunksOf(file).filter((chunk) => chunk.type === 'ANMF');
  const cut = frames[count];
  if (cut === undefined) return file;
  const kept = Buffer.from(file.subarray(0, cut.at));
  kept.writeUInt32LE(kept.length - 8, 4);
  return kept;
}
