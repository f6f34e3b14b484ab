import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resolveFontFile } from '@onscreen/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../media/binaries.js';
import { wordsOf } from '../segments/text-match.js';
import { createOcrPool, type OcrBinarisation, type OcrImage, type OcrPool } from './ocr-pool.js';

const WIDTH = 1500;
const HEIGHT = 1100;
const CODE = [
  'footer:',
  'style: template',
  'left:',
  'image: doge.png',
  'right: current slide',
  'height: 5',
  'palette:',
  'classes:',
  'foreground: red',
];
const FONT_PX = 22;

/**
 * A dark slide as terminal presentation tools draw it (measured on one recorded as a GIF): white text
 * on near-black, and a code block in a box of another grey (64) with dimmer text (144). One grey level
 * for the whole image puts the box and its text on the same side; a level per tile separates them.
 */
async function darkSlide(): Promise<OcrImage> {
  const font = resolveFontFile().replaceAll(':', '\\:');
  const grey = (v: number) => `0x${v.toString(16).padStart(2, '0').repeat(3)}`;
  const text = (line: string, colour: string, px: number, x: number, y: number) =>
    `drawtext=fontfile='${font}':text='${line.replaceAll(':', '\\:')}':fontcolor=${colour}:fontsize=${px}:x=${x}:y=${Math.round(y)}`;
  const lineHeight = FONT_PX * 1.3;
  const filters = [
    text('Customizability', 'white', 40, 600, 80),
    text('This is an example on how to configure a footer', 'white', 24, 100, 300),
    `drawbox=x=400:y=400:w=700:h=${Math.round(CODE.length * lineHeight + 40)}:color=${grey(64)}:t=fill`,
    ...CODE.map((line, i) => text(line, grey(144), FONT_PX, 420, 420 + i * lineHeight)),
    'format=gray',
  ];
  const args = ['-v', 'error', '-f', 'lavfi', '-i', `color=c=${grey(10)}:s=${WIDTH}x${HEIGHT}`, '-vf', filters.join(',')];
  const { stdout } = await promisify(execFile)(
    resolveFfmpeg().path,
    [...args, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
    { encoding: 'buffer', maxBuffer: WIDTH * HEIGHT * 2 },
  );
  return { width: WIDTH, height: HEIGHT, pixels: new Uint8Array(stdout) };
}

let pool: OcrPool;
beforeAll(async () => {
  pool = await createOcrPool({ languages: 'eng', size: 1 });
});
afterAll(async () => {
  await pool?.close();
});

describe('binarisation', () => {
  it('a code block in a grey box on a dark slide: read tile by tile where one global level misses it', async () => {
    const image = await darkSlide();
    const codeLinesRead = async (binarise?: OcrBinarisation) => {
      const read = (await pool.recognize(image, binarise === undefined ? {} : { binarise })).map((line) => wordsOf(line.text));
      return CODE.filter((line) => read.includes(wordsOf(line))).length;
    };
    const global = await codeLinesRead('global');
    const local = await codeLinesRead('local');
    console.info(`[binarise] code lines read of ${CODE.length}: global ${global}, local ${local}`);
    expect(global).toBeLessThanOrEqual(2);
    expect(local).toBeGreaterThanOrEqual(CODE.length - 1);
    // the default is the global level, and a local read leaves the worker as it was
    expect(await codeLinesRead()).toBe(global);
  });
});
