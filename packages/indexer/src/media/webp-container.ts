import { ErrorCode, OnscreenError } from '@onscreen/core';
import { ByteReader } from './byte-reader.js';

/**
 * The structure of an animated WebP (RIFF `WEBP` with a VP8X header, ANIM, then one ANMF chunk per
 * frame), read from a stream of bytes front to back: the canvas first, then each frame's place,
 * duration and blending, and — when asked — its picture as a WebP file of its own. Nothing but the
 * current frame is held, so a long animation is read in bounded memory. ffmpeg's WebP decoder (before
 * its 8.0 release) reads no animation; this is what onscreen reads it with instead.
 */

export interface WebpCanvas {
  width: number;
  height: number;
  /** The VP8X alpha flag: some frame may be transparent. */
  hasAlpha: boolean;
  /** The RIFF size: how many bytes the file says it holds. */
  declaredBytes: number;
}

export interface WebpFrame {
  /** 0-based. */
  index: number;
  /** When the frame appears: the sum of the durations before it. */
  startMs: number;
  durationMs: number;
  /** Where the frame goes on the canvas, in pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Alpha-blend onto the canvas (true) or replace the rectangle (false). */
  blend: boolean;
  /** Clear the rectangle to transparent once the frame's duration is over. */
  dispose: boolean;
  /** The frame's picture (ALPH + VP8, or VP8L) as a still WebP file; only when `withImages`. */
  image?: Buffer;
}

/**
 * Browsers show a frame that asks for 10 ms or less for 100 ms (Chromium and Firefox alike: such
 * delays were meant as "as fast as possible"), and so does onscreen, so a frame is read for as long as
 * a person sees it.
 */
export const MIN_FRAME_MS = 11;
export const SHORT_FRAME_SHOWN_MS = 100;
export const shownMs = (declaredMs: number): number => (declaredMs < MIN_FRAME_MS ? SHORT_FRAME_SHOWN_MS : declaredMs);

const damaged = (what: string, details?: Record<string, unknown>) =>
  new OnscreenError(ErrorCode.CORRUPT_MEDIA, `The animated WebP is damaged: ${what}.`, { details });

const uint24 = (bytes: Buffer, at: number) => bytes.readUIntLE(at, 3);

/** Reads the RIFF header and the chunks before the first frame; `reader` is left at the first ANMF chunk. */
async function readCanvas(reader: ByteReader): Promise<WebpCanvas> {
  const riff = await reader.read(12);
  if (riff === undefined || riff.toString('latin1', 0, 4) !== 'RIFF' || riff.toString('latin1', 8, 12) !== 'WEBP') {
    throw damaged('it does not start with a RIFF WEBP header');
  }
  const declaredBytes = riff.readUInt32LE(4) + 8;
  const header = await reader.readChunkHeader();
  if (header === undefined) throw cutShort(reader, declaredBytes, 'in its header');
  if (header.type !== 'VP8X' || header.size < 10 || header.size > 64) {
    throw damaged(`its first chunk is ${JSON.stringify(header.type)}, not the extended header (VP8X)`);
  }
  const payload = await reader.read(header.size + (header.size % 2));
  if (payload === undefined) throw cutShort(reader, declaredBytes, 'in its header');
  const flags = payload[0] ?? 0;
  if ((flags & 0x02) === 0) throw damaged('its header does not mark it as an animation');
  return {
    width: uint24(payload, 4) + 1,
    height: uint24(payload, 7) + 1,
    hasAlpha: (flags & 0x10) !== 0,
    declaredBytes,
  };
}

function cutShort(reader: ByteReader, declaredBytes: number, where: string): OnscreenError {
  const message = `The animated WebP is cut short: the file ends ${where}, after ${reader.position} of the ${declaredBytes} bytes its header declares.`;
  return new OnscreenError(ErrorCode.CORRUPT_MEDIA, message, { details: { bytesRead: reader.position, declaredBytes } });
}

/** A still WebP file holding one frame's picture chunks (VP8X with the alpha flag when it has ALPH). */
function stillWebp(width: number, height: number, chunks: Buffer[], hasAlph: boolean): Buffer {
  const parts = [...chunks];
  if (hasAlph) {
    const vp8x = Buffer.alloc(18);
    vp8x.write('VP8X', 0, 'latin1');
    vp8x.writeUInt32LE(10, 4);
    vp8x[8] = 0x10;
    vp8x.writeUIntLE(width - 1, 12, 3);
    vp8x.writeUIntLE(height - 1, 15, 3);
    parts.unshift(vp8x);
  }
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(4 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, ...parts]);
}

/** The picture chunks inside an ANMF payload (after its 16-byte frame header). */
function framePicture(payload: Buffer, frame: Omit<WebpFrame, 'image'>): { chunks: Buffer[]; hasAlph: boolean } {
  const chunks: Buffer[] = [];
  let hasAlph = false;
  let at = 16;
  while (at + 8 <= payload.length) {
    const type = payload.toString('latin1', at, at + 4);
    const size = payload.readUInt32LE(at + 4);
    const end = at + 8 + size + (size % 2);
    if (at + 8 + size > payload.length) throw damaged(`frame ${frame.index + 1}'s ${type} chunk runs past the frame`);
    if (type === 'ALPH' || type === 'VP8 ' || type === 'VP8L') chunks.push(payload.subarray(at, Math.min(end, payload.length)));
    if (type === 'ALPH') hasAlph = true;
    at = end;
  }
  if (!chunks.some((chunk) => chunk.toString('latin1', 0, 4) !== 'ALPH')) {
    throw damaged(`frame ${frame.index + 1} holds no picture (no VP8 or VP8L chunk)`);
  }
  return { chunks, hasAlph };
}

/** An ANMF payload's frame header: place, size, duration and flags. */
function frameHeader(payload: Buffer, index: number, startMs: number, canvas: WebpCanvas): Omit<WebpFrame, 'image'> {
  if (payload.length < 16) throw damaged(`frame ${index + 1} is too short to hold its header`);
  const frame = {
    index,
    startMs,
    durationMs: shownMs(uint24(payload, 12)),
    x: uint24(payload, 0) * 2,
    y: uint24(payload, 3) * 2,
    width: uint24(payload, 6) + 1,
    height: uint24(payload, 9) + 1,
    blend: ((payload[15] ?? 0) & 0x02) === 0,
    dispose: ((payload[15] ?? 0) & 0x01) !== 0,
  };
  if (frame.x + frame.width > canvas.width || frame.y + frame.height > canvas.height) {
    throw damaged(
      `frame ${index + 1} (${frame.width}×${frame.height} at ${frame.x},${frame.y}) lies outside the ${canvas.width}×${canvas.height} canvas`,
    );
  }
  return frame;
}

/**
 * A frame's data can need more than its raw pixels only slightly (lossless coding of noise); a chunk
 * that claims far more is damage or an attack, and is refused before anything is read into memory.
 */
const maxFrameBytes = (canvas: WebpCanvas) => canvas.width * canvas.height * 5 + 64 * 1024;

export interface AnimatedWebp {
  canvas: WebpCanvas;
  /** The frames in order; the iteration throws CORRUPT_MEDIA when the file is cut short or damaged. */
  frames: AsyncGenerator<WebpFrame>;
}

/**
 * Opens an animated WebP from its bytes. With `withImages` each frame carries its picture as a still
 * WebP; without, frame data is skipped as it streams past (probing: places and durations only).
 */
export async function openAnimatedWebp(bytes: AsyncIterable<Uint8Array>, options: { withImages: boolean }): Promise<AnimatedWebp> {
  const reader = new ByteReader(bytes);
  const canvas = await readCanvas(reader);
  async function* frames(): AsyncGenerator<WebpFrame> {
    let index = 0;
    let startMs = 0;
    try {
      while (reader.position < canvas.declaredBytes) {
        const header = await reader.readChunkHeader();
        if (header === undefined)
          throw cutShort(reader, canvas.declaredBytes, index === 0 ? 'before its first frame' : `after frame ${index}`);
        if (header.type !== 'ANMF') {
          if (!(await reader.skip(header.size))) throw cutShort(reader, canvas.declaredBytes, `inside its ${header.type} chunk`);
          if (header.size % 2 === 1) await reader.skip(1);
          continue;
        }
        if (header.size > maxFrameBytes(canvas))
          throw damaged(`frame ${index + 1} claims ${header.size} bytes, more than a ${canvas.width}×${canvas.height} picture can need`);
        const head = await reader.read(Math.min(16, header.size));
        if (head === undefined || head.length < 16) throw cutShort(reader, canvas.declaredBytes, `inside frame ${index + 1}`);
        const frame = frameHeader(head, index, startMs, canvas);
        const rest = header.size - 16;
        let image: Buffer | undefined;
        if (options.withImages) {
          const body = await reader.read(rest);
          if (body === undefined) throw cutShort(reader, canvas.declaredBytes, `inside frame ${index + 1}`);
          const { chunks, hasAlph } = framePicture(Buffer.concat([head, body]), frame);
          image = stillWebp(frame.width, frame.height, chunks, hasAlph);
        } else if (!(await reader.skip(rest))) {
          throw cutShort(reader, canvas.declaredBytes, `inside frame ${index + 1}`);
        }
        // the pad byte after an odd-sized chunk (a last chunk without it is forgiven)
        if (header.size % 2 === 1) await reader.skip(1);
        yield image === undefined ? frame : { ...frame, image };
        index += 1;
        startMs += frame.durationMs;
      }
    } finally {
      await reader.close();
    }
  }
  return { canvas, frames: frames() };
}

export interface AnimatedWebpScan {
  canvas: WebpCanvas;
  frames: number;
  /** The sum of the frames' durations (as shown: see shownMs). */
  durationMs: number;
  lastFrameMs: number;
}

/** Walks an animated WebP's frames without decoding them: its canvas, frame count and length. */
export async function scanAnimatedWebp(bytes: AsyncIterable<Uint8Array>): Promise<AnimatedWebpScan> {
  const { canvas, frames } = await openAnimatedWebp(bytes, { withImages: false });
  const scan: AnimatedWebpScan = { canvas, frames: 0, durationMs: 0, lastFrameMs: 0 };
  for await (const frame of frames) {
    scan.frames += 1;
    scan.durationMs = frame.startMs + frame.durationMs;
    scan.lastFrameMs = frame.durationMs;
  }
  return scan;
}
