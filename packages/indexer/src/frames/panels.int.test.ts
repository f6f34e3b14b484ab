import { describe, expect, it } from 'vitest';
import { drawGrey, drawText, oneOcrWorker } from '../ocr/test-images.js';
import { normalizeText } from '../segments/text-match.js';
import { withPanels } from './panels.js';
import type { GrayImage } from './second-look.js';

const WIDTH = 1200;
const HEIGHT = 700;
const TITLE = 'Highlight code in many languages';
/** Code lines and the grey of their colour (syntax colours, as luma). */
const CODE: Array<[string, number]> = [
  ['# Python', 110],
  ['def greet(name):', 150],
  ['return "hi " + name', 165],
  ['print(greet("mom"))', 140],
];
const BOX = { left: 240, top: 200, width: 720, height: 300 };

/** White text on black where each line will go, as grey coverage (0–255). */
async function coverage(): Promise<Uint8Array> {
  const draw = (text: string, x: number, y: number, size: number) => drawText(text, { x, y, size, colour: 'white' });
  const lines = [draw(TITLE, 300, 90, 40), ...CODE.map(([text], i) => draw(text, BOX.left + 40, BOX.top + 40 + i * 56, 30))];
  return (await drawGrey(WIDTH, HEIGHT, 'black', lines)).pixels;
}

/**
 * A slide as a terminal recorder's GIF shows it (measured on a recorded presenterm deck): a navy
 * background dithered with black, a code block dithered among three dark greys (luma 32–64), its
 * lines in syntax colours, a white title above.
 */
async function slide(): Promise<GrayImage> {
  const ink = await coverage();
  const pixels = new Uint8Array(WIDTH * HEIGHT);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const inBox = x >= BOX.left && x < BOX.left + BOX.width && y >= BOX.top && y < BOX.top + BOX.height;
      const base = inBox ? [42, 32, 64][(x + 2 * y) % 3] : (x + y) % 2 === 0 ? 10 : 0;
      const row = inBox ? Math.floor((y - BOX.top - 40) / 56) : -1;
      const colour = row >= 0 && row < CODE.length ? (CODE[row] as [string, number])[1] : 235;
      const alpha = (ink[y * WIDTH + x] as number) / 255;
      pixels[y * WIDTH + x] = Math.round((base as number) * (1 - alpha) + colour * alpha);
    }
  }
  return { width: WIDTH, height: HEIGHT, pixels };
}

const ocr = oneOcrWorker();

describe('panels', () => {
  it('reads a dithered code block on its own, where one threshold for the frame loses its lines', async () => {
    const image = await slide();
    const whole = await ocr.pool.recognize(image);
    const { lines, extraReads } = await withPanels(whole, image, (panel) => ocr.pool.recognize(panel, { layout: 'band' }), 0.6);
    const texts = (read: typeof whole) => read.map((line) => normalizeText(line.text));
    console.info(
      `[panels] whole frame: ${JSON.stringify(whole.map((l) => l.text))}; with the panel: ${JSON.stringify(lines.map((l) => l.text))}`,
    );
    const code = CODE.map(([text]) => normalizeText(text));
    // the frame read alone reads the title and (almost) none of the code
    expect(texts(whole)).toContain(normalizeText(TITLE));
    expect(code.filter((text) => texts(whole).includes(text)).length).toBeLessThanOrEqual(1);
    expect(extraReads).toBe(1);
    expect(texts(lines)).toEqual(expect.arrayContaining([normalizeText(TITLE), ...code]));
    // the code lines are placed in the frame, inside the block
    for (const line of lines.filter((l) => code.includes(normalizeText(l.text)))) {
      expect(line.left).toBeGreaterThanOrEqual(BOX.left);
      expect(line.top).toBeGreaterThanOrEqual(BOX.top);
      expect(line.top + line.height).toBeLessThanOrEqual(BOX.top + BOX.height);
    }
  });
});
