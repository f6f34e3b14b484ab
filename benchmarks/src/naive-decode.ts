import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import { createTail, decodeAnimatedWebp, isAnimatedWebp, rawFrames } from '@onscreen/indexer';

export interface NaiveFrame {
  timeMs: number;
  width: number;
  height: number;
  pixels: Uint8Array;
}

/**
 * The naive reader's own decode: every format ffmpeg reads (palette GIFs included), `fps` frames a
 * second, converted to grey by ffmpeg's scaler, at most `maxWidth` wide. Frames nothing refers to are
 * skipped as onscreen skips them, so the two readers pay the same decoder. An animated WebP, which
 * ffmpeg cannot decode, is read with onscreen's WebP reader, never enlarged.
 */
/** Whether the file is an animated WebP (ffmpeg before 8.0 neither probes nor decodes one). */
export const isAnimatedWebpFile = async (file: string): Promise<boolean> => isAnimatedWebp(await headOf(file));

async function headOf(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(64);
    return head.subarray(0, (await handle.read(head, 0, 64, 0)).bytesRead);
  } finally {
    await handle.close();
  }
}

export async function* decodeForNaive(
  ffmpegPath: string,
  file: string,
  size: { width: number; height: number },
  fps: number,
  maxWidth = 1920,
): AsyncGenerator<NaiveFrame> {
  if (await isAnimatedWebpFile(file)) {
    // a maxWidth no wider than the picture: reduced as ffmpeg's scaler would, never enlarged
    const webpOptions = { sampleFps: fps, width: size.width, height: size.height, maxWidth: Math.min(maxWidth, size.width) };
    for await (const frame of decodeAnimatedWebp(file, webpOptions)) yield frame;
    return;
  }
  const scale = size.width > maxWidth ? maxWidth / size.width : 1;
  const even = (n: number) => Math.max(2, Math.round((n * scale) / 2) * 2);
  const width = even(size.width);
  const height = even(size.height);
  const args = [
    ...['-hide_banner', '-nostdin', '-v', 'error', '-threads', '2', '-skip_frame', 'noref'],
    ...['-i', `file:${file}`, '-map', '0:v:0', '-an', '-sn', '-dn'],
    ...['-vf', `fps=${fps},scale=${width}:${height}:flags=area,format=gray`, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
  ];
  const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = createTail();
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let index = 0;
  try {
    for await (const pixels of rawFrames(child.stdout, width * height)) {
      yield { timeMs: Math.round((index * 1000) / fps), width, height, pixels };
      index += 1;
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  const code = await closed;
  if (code !== 0) throw new Error(`ffmpeg could not decode ${file} for the naive reader (exit ${code}): ${stderr.text()}`);
}
