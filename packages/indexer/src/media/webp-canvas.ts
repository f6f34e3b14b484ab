/**
 * The canvas an animated WebP is played on, as its specification and libwebp's decoder define it: it
 * starts transparent; each frame is alpha-blended onto it (or replaces its rectangle), and a frame
 * marked for disposal has its rectangle cleared to transparent once its time is over. What a person
 * sees is the canvas over the page: transparency is shown as white, as on a web page.
 */
export interface RgbaCanvas {
  width: number;
  height: number;
  /** Non-premultiplied RGBA, row-major, width × height × 4 bytes. */
  rgba: Uint8Array;
}

export interface CanvasRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const createCanvas = (width: number, height: number): RgbaCanvas => ({ width, height, rgba: new Uint8Array(width * height * 4) });

/** Draws a frame's RGBA pixels (rect.width × rect.height) at its place: blended ("over") or replacing. */
export function drawFrame(canvas: RgbaCanvas, rect: CanvasRect & { blend: boolean }, pixels: Uint8Array): void {
  const { rgba } = canvas;
  const rowBytes = rect.width * 4;
  for (let row = 0; row < rect.height; row += 1) {
    const from = row * rowBytes;
    const to = ((rect.y + row) * canvas.width + rect.x) * 4;
    if (!rect.blend) {
      rgba.set(pixels.subarray(from, from + rowBytes), to);
      continue;
    }
    for (let i = 0; i < rowBytes; i += 4) {
      const src = from + i;
      const dst = to + i;
      const srcA = pixels[src + 3] as number;
      if (srcA === 0) continue;
      if (srcA === 255) {
        rgba[dst] = pixels[src] as number;
        rgba[dst + 1] = pixels[src + 1] as number;
        rgba[dst + 2] = pixels[src + 2] as number;
        rgba[dst + 3] = 255;
        continue;
      }
      const dstA = ((rgba[dst + 3] as number) * (255 - srcA)) / 255;
      const outA = srcA + dstA;
      for (let c = 0; c < 3; c += 1) {
        rgba[dst + c] = Math.round(((pixels[src + c] as number) * srcA + (rgba[dst + c] as number) * dstA) / outA);
      }
      rgba[dst + 3] = Math.round(outA);
    }
  }
}

/** Clears a rectangle to transparent (a frame disposed to the background). */
export function clearRect(canvas: RgbaCanvas, rect: CanvasRect): void {
  for (let row = 0; row < rect.height; row += 1) {
    const to = ((rect.y + row) * canvas.width + rect.x) * 4;
    canvas.rgba.fill(0, to, to + rect.width * 4);
  }
}

/**
 * The canvas as a person sees it, in luma and colour (BT.601, full range, as ffmpeg's yuvj444p):
 * transparent parts are white. `luma` is the grey frame OCR reads; `u` and `v` let it find coloured text.
 */
export function canvasToYuv(canvas: RgbaCanvas): { luma: Uint8Array; u: Uint8Array; v: Uint8Array } {
  const { rgba } = canvas;
  const size = canvas.width * canvas.height;
  const luma = new Uint8Array(size);
  const u = new Uint8Array(size);
  const v = new Uint8Array(size);
  for (let p = 0, i = 0; p < size; p += 1, i += 4) {
    let r = rgba[i] as number;
    let g = rgba[i + 1] as number;
    let b = rgba[i + 2] as number;
    const alpha = rgba[i + 3] as number;
    if (alpha === 255) {
      luma[p] = (77 * r + 150 * g + 29 * b + 128) >> 8;
    } else {
      luma[p] = Math.round(((77 * r + 150 * g + 29 * b) * alpha) / 65280 + (255 - alpha));
      // over white
      r = (r * alpha + 255 * (255 - alpha)) / 255;
      g = (g * alpha + 255 * (255 - alpha)) / 255;
      b = (b * alpha + 255 * (255 - alpha)) / 255;
    }
    u[p] = Math.min(255, Math.max(0, Math.round((-43 * r - 85 * g + 128 * b) / 256) + 128));
    v[p] = Math.min(255, Math.max(0, Math.round((128 * r - 107 * g - 21 * b) / 256) + 128));
  }
  return { luma, u, v };
}
