import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resolveFontFile } from '@onscreen/testkit';
import { afterAll, beforeAll } from 'vitest';
import { resolveFfmpeg } from '../media/binaries.js';
import { createOcrPool, type OcrImage, type OcrPool } from './ocr-pool.js';

/** An 8-bit grey as ffmpeg's colour syntax ("0x404040"). */
export const greyColour = (value: number) => `0x${value.toString(16).padStart(2, '0').repeat(3)}`;

/** An ffmpeg `drawtext` filter writing `text` in the tests' font, its top-left corner at (x, y). */
export function drawText(text: string, at: { x: number; y: number; size: number; colour: string }): string {
  const font = resolveFontFile().replaceAll(':', '\\:');
  const escaped = text.replaceAll('\\', '\\\\').replaceAll(':', '\\:').replaceAll("'", "\\'");
  return `drawtext=fontfile='${font}':text='${escaped}':fontcolor=${at.colour}:fontsize=${at.size}:x=${at.x}:y=${Math.round(at.y)}`;
}

/** A grey image of `width` × `height` drawn by ffmpeg: `filters` over a solid `background` (ffmpeg's colour syntax). */
export async function drawGrey(width: number, height: number, background: string, filters: readonly string[]): Promise<OcrImage> {
  const { stdout } = await promisify(execFile)(
    resolveFfmpeg().path,
    ['-v', 'error', '-f', 'lavfi', '-i', `color=c=${background}:s=${width}x${height}`, '-vf', [...filters, 'format=gray'].join(',')].concat(
      ['-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
    ),
    { encoding: 'buffer', maxBuffer: width * height * 2 },
  );
  return { width, height, pixels: new Uint8Array(stdout) };
}

/** One English tesseract.js worker for a test file: started before its tests, closed after them. */
export function oneOcrWorker(): { readonly pool: OcrPool } {
  let pool: OcrPool | undefined;
  beforeAll(async () => {
    pool = await createOcrPool({ languages: 'eng', size: 1 });
  });
  afterAll(async () => {
    await pool?.close();
  });
  return {
    get pool() {
      if (pool === undefined) throw new Error('the OCR worker is used before its beforeAll ran');
      return pool;
    },
  };
}
