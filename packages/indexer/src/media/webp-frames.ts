import { ErrorCode, OnscreenError } from '@onscreen/core';
import { type DecodeOptions, type GrayFrame, outputSize } from '../frames/decode-frames.js';
import { loadSharp } from './load-sharp.js';
import { type MediaSource, sourceBytes } from './media-source.js';
import { canvasToYuv, clearRect, createCanvas, drawFrame, type RgbaCanvas } from './webp-canvas.js';
import { openAnimatedWebp, type WebpFrame } from './webp-container.js';

type Sharp = Awaited<ReturnType<typeof loadSharp>>;

/** What decoding an animated WebP takes from DecodeOptions (ffmpeg's own settings do not apply). */
export type WebpDecodeOptions = Pick<DecodeOptions, 'sampleFps' | 'width' | 'height' | 'maxWidth' | 'maxDurationMs' | 'signal'>;

const cancelled = (signal: AbortSignal) => new OnscreenError(ErrorCode.ABORTED, 'Decoding was cancelled.', { cause: signal.reason });

/** One frame's picture as RGBA, decoded by sharp (libwebp inside libvips). */
async function framePixels(sharp: Sharp, frame: WebpFrame): Promise<Uint8Array> {
  const decoded = await sharp(frame.image as Buffer)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch((cause: unknown) => {
      const why = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
      throw new OnscreenError(
        ErrorCode.CORRUPT_MEDIA,
        `The animated WebP is damaged: frame ${frame.index + 1} cannot be decoded (${why}).`,
        {
          cause,
          details: { frame: frame.index + 1 },
        },
      );
    });
  const { width, height, channels } = decoded.info;
  if (width !== frame.width || height !== frame.height || channels !== 4) {
    throw new OnscreenError(
      ErrorCode.CORRUPT_MEDIA,
      `The animated WebP is damaged: frame ${frame.index + 1} holds a ${width}×${height} picture where its header says ${frame.width}×${frame.height}.`,
    );
  }
  return new Uint8Array(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength);
}

/**
 * Plays an animated WebP: yields each frame with the canvas as it shows while that frame is on screen.
 * The canvas is one buffer, changed in place by the next frame: use it before asking for the next.
 * Only the canvas and two frames are held, however long the animation: the next frame is decoded (in
 * libuv's thread pool) while the current one is drawn and used.
 */
export async function* playAnimatedWebp(
  source: MediaSource,
  signal?: AbortSignal,
): AsyncGenerator<{ frame: WebpFrame; canvas: RgbaCanvas }> {
  const sharp = await loadSharp();
  const webp = await openAnimatedWebp(sourceBytes(source, signal), { withImages: true });
  const canvas = createCanvas(webp.canvas.width, webp.canvas.height);
  const decodeNext = async () => {
    const next = await webp.frames.next();
    if (next.done === true) return undefined;
    const pixels = framePixels(sharp, next.value);
    pixels.catch(() => {}); // awaited below; this only marks it handled meanwhile
    return { frame: next.value, pixels };
  };
  let disposed: WebpFrame | undefined;
  try {
    for (let current = await decodeNext(); current !== undefined; ) {
      if (signal?.aborted) throw cancelled(signal);
      const pixels = await current.pixels;
      const following = await decodeNext();
      if (disposed !== undefined) clearRect(canvas, disposed);
      drawFrame(canvas, current.frame, pixels);
      yield { frame: current.frame, canvas };
      disposed = current.frame.dispose ? current.frame : undefined;
      current = following;
    }
  } finally {
    await webp.frames.return(undefined);
  }
}

/**
 * The canvas in luma and colour at `size` (enlarged bicubic, reduced with lanczos), as decodeFrames'
 * frames of a full-colour format are: colour planes as large as the luma (shift 0).
 */
async function yuvAt(sharp: Sharp, canvas: RgbaCanvas, size: { width: number; height: number }): Promise<FramePlanes> {
  const { luma, u, v } = canvasToYuv(canvas);
  if (size.width === canvas.width && size.height === canvas.height) return { pixels: luma, chroma: { u, v, shift: 0 } };
  const interleaved = new Uint8Array(luma.length * 3);
  for (let p = 0; p < luma.length; p += 1) {
    interleaved[3 * p] = luma[p] as number;
    interleaved[3 * p + 1] = u[p] as number;
    interleaved[3 * p + 2] = v[p] as number;
  }
  const enlarge = size.width > canvas.width;
  const scaled = await sharp(interleaved, { raw: { width: canvas.width, height: canvas.height, channels: 3 } })
    .resize(size.width, size.height, { fit: 'fill', kernel: enlarge ? 'cubic' : 'lanczos3' })
    .raw()
    .toBuffer();
  const count = size.width * size.height;
  const planes = { pixels: new Uint8Array(count), chroma: { u: new Uint8Array(count), v: new Uint8Array(count), shift: 0 as const } };
  for (let p = 0; p < count; p += 1) {
    planes.pixels[p] = scaled[3 * p] as number;
    planes.chroma.u[p] = scaled[3 * p + 1] as number;
    planes.chroma.v[p] = scaled[3 * p + 2] as number;
  }
  return planes;
}

type FramePlanes = Pick<GrayFrame, 'pixels'> & { chroma: NonNullable<GrayFrame['chroma']> };

const copyOf = ({ pixels, chroma }: FramePlanes): FramePlanes => ({
  pixels: pixels.slice(),
  chroma: { ...chroma, u: chroma.u.slice(), v: chroma.v.slice() },
});

/**
 * Decodes an animated WebP into the frames decodeFrames yields for a video (luma and colour): one every
 * 1/sampleFps s, each the picture on screen at that moment (timed by the file's own frame durations),
 * at outputSize. Frames are decoded one at a time as the file streams in, so memory stays at one
 * canvas and one frame whatever the animation's length; a frame no sample falls on is drawn but not
 * converted. CORRUPT_MEDIA names the frame when the file is damaged or cut short.
 */
export async function* decodeAnimatedWebp(source: MediaSource, options: WebpDecodeOptions): AsyncGenerator<GrayFrame> {
  const sharp = await loadSharp();
  const size = outputSize(options.width, options.height, options.maxWidth);
  const stepMs = 1000 / options.sampleFps;
  const endMs = options.maxDurationMs ?? Number.POSITIVE_INFINITY;
  let index = 0;
  for await (const { frame, canvas } of playAnimatedWebp(source, options.signal)) {
    if (canvas.width !== options.width || canvas.height !== options.height) {
      throw new OnscreenError(ErrorCode.CORRUPT_MEDIA, 'The animated WebP changed its canvas size while it was read.');
    }
    const frameEndMs = Math.min(frame.startMs + frame.durationMs, endMs);
    // converted once per frame a sample falls on; every further sample of it gets a copy of its own
    let planes: FramePlanes | undefined;
    for (; index * stepMs < frameEndMs; index += 1) {
      const own = planes === undefined ? await yuvAt(sharp, canvas, size) : copyOf(planes);
      planes ??= own;
      yield { index, timeMs: Math.round(index * stepMs), width: size.width, height: size.height, ...own };
    }
    if (frameEndMs >= endMs) return;
  }
  if (index === 0) throw new OnscreenError(ErrorCode.CORRUPT_MEDIA, 'No frame of the animated WebP could be decoded.');
}

/**
 * The picture an animated WebP shows at `timeMs` (its last frame past its end) as a JPEG `widthPx`
 * wide (height even, aspect kept): thumbnails and the frame images of search hits, which ffmpeg cannot
 * make of an animated WebP. Reads the file only as far as that frame.
 */
export async function animatedWebpFrameJpeg(
  source: MediaSource,
  timeMs: number,
  options: { widthPx: number; quality?: number; signal?: AbortSignal },
): Promise<Buffer> {
  const sharp = await loadSharp();
  let shown: { width: number; height: number; rgba: Uint8Array } | undefined;
  for await (const { frame, canvas } of playAnimatedWebp(source, options.signal)) {
    shown = { width: canvas.width, height: canvas.height, rgba: canvas.rgba };
    if (timeMs < frame.startMs + frame.durationMs) break;
  }
  if (shown === undefined) throw new OnscreenError(ErrorCode.CORRUPT_MEDIA, 'No frame of the animated WebP could be decoded.');
  const heightPx = Math.max(2, Math.round((shown.height * options.widthPx) / shown.width / 2) * 2);
  return sharp(shown.rgba, { raw: { width: shown.width, height: shown.height, channels: 4 } })
    .flatten({ background: '#ffffff' })
    .resize(options.widthPx, heightPx, { fit: 'fill' })
    .jpeg({ quality: options.quality ?? 80 })
    .toBuffer();
}
