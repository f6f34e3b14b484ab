import { describe, expect, it } from 'vitest';
import { wordsOf } from '../segments/text-match.js';
import type { OcrBinarisation, OcrImage } from './ocr-pool.js';
import { drawGrey, drawText, greyColour, oneOcrWorker } from './test-images.js';

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
  const text = (line: string, colour: string, size: number, x: number, y: number) => drawText(line, { x, y, size, colour });
  const lineHeight = FONT_PX * 1.3;
  return drawGrey(WIDTH, HEIGHT, greyColour(10), [
    text('Customizability', 'white', 40, 600, 80),
    text('This is an example on how to configure a footer', 'white', 24, 100, 300),
    `drawbox=x=400:y=400:w=700:h=${Math.round(CODE.length * lineHeight + 40)}:color=${greyColour(64)}:t=fill`,
    ...CODE.map((line, i) => text(line, greyColour(144), FONT_PX, 420, 420 + i * lineHeight)),
  ]);
}

const ocr = oneOcrWorker();

describe('binarisation', () => {
  it('a code block in a grey box on a dark slide: read tile by tile where one global level misses it', async () => {
    const image = await darkSlide();
    const codeLinesRead = async (binarise?: OcrBinarisation) => {
      const read = (await ocr.pool.recognize(image, binarise === undefined ? {} : { binarise })).map((line) => wordsOf(line.text));
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
