import { describe, expect, it } from 'vitest';
import { canvasToGray, clearRect, createCanvas, drawFrame } from './webp-canvas.js';

const rgba = (...pixels: number[][]) => new Uint8Array(pixels.flat());

describe('the animated WebP canvas', () => {
  it('starts transparent, shown as white', () => {
    expect([...canvasToGray(createCanvas(2, 1))]).toEqual([255, 255]);
  });

  it('draws a frame at its place, blended over what is there or replacing it', () => {
    const canvas = createCanvas(3, 2);
    drawFrame(canvas, { x: 0, y: 0, width: 3, height: 2, blend: false }, rgba(...Array.from({ length: 6 }, () => [0, 0, 0, 255])));
    // a 2×1 frame at (1,1): one opaque white pixel, one transparent pixel that leaves the black below
    drawFrame(canvas, { x: 1, y: 1, width: 2, height: 1, blend: true }, rgba([255, 255, 255, 255], [255, 255, 255, 0]));
    expect([...canvasToGray(canvas)]).toEqual([0, 0, 0, 0, 255, 0]);
    // half-transparent white over black: mid grey, opaque
    drawFrame(canvas, { x: 0, y: 0, width: 1, height: 1, blend: true }, rgba([255, 255, 255, 128]));
    expect([...canvas.rgba.subarray(0, 4)]).toEqual([128, 128, 128, 255]);
    // without blending, a transparent pixel replaces what was there (and shows white)
    drawFrame(canvas, { x: 2, y: 1, width: 1, height: 1, blend: false }, rgba([0, 0, 0, 0]));
    expect(canvasToGray(canvas)[5]).toBe(255);
  });

  it('clears a disposed frame to transparent', () => {
    const canvas = createCanvas(2, 2);
    drawFrame(canvas, { x: 0, y: 0, width: 2, height: 2, blend: false }, rgba(...Array.from({ length: 4 }, () => [10, 20, 30, 255])));
    clearRect(canvas, { x: 1, y: 0, width: 1, height: 2 });
    expect([...canvasToGray(canvas)]).toEqual([18, 255, 18, 255]);
  });

  it('grey is BT.601 luma of the colours over white', () => {
    const canvas = createCanvas(3, 1);
    drawFrame(canvas, { x: 0, y: 0, width: 3, height: 1, blend: false }, rgba([255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 0, 128]));
    expect([...canvasToGray(canvas)]).toEqual([77, 149, 127]);
  });
});
