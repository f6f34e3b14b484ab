import { describe, expect, it } from 'vitest';
import { canvasToYuv, clearRect, createCanvas, drawFrame, type RgbaCanvas } from './webp-canvas.js';

const rgba = (...pixels: number[][]) => new Uint8Array(pixels.flat());
const canvasToGray = (canvas: RgbaCanvas) => canvasToYuv(canvas).luma;

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

  it('colour is BT.601 U and V, full range, of the colours over white: grey and white stay at 128', () => {
    const canvas = createCanvas(5, 1);
    const pixels = rgba([255, 0, 0, 255], [0, 0, 255, 255], [128, 128, 128, 255], [0, 0, 0, 0], [0, 0, 255, 128]);
    drawFrame(canvas, { x: 0, y: 0, width: 5, height: 1, blend: false }, pixels);
    const { u, v } = canvasToYuv(canvas);
    // red: U 85, V 255; blue: U 255, V 107 (ffmpeg's yuvj444p gives 85/255 and 255/107 for these)
    expect([...u]).toEqual([85, 255, 128, 128, 192]);
    expect([...v]).toEqual([255, 107, 128, 128, 118]);
  });
});
