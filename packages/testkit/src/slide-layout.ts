import { frameMs } from './spec-base.js';
import { estimateTextWidthPx } from './text-width.js';
import type { BoxLayer, TextLayer, VideoSpec } from './types.js';

export interface SlideBullet {
  text: string;
  /** Seconds after the slide starts at which the bullet appears (0 = with the slide). */
  revealS: number;
}

export interface SlideContent {
  title: string;
  bullets: SlideBullet[];
  footer: string;
}

export interface SlideColors {
  text: string;
  /** Colour of the square bullet markers (decoration, not text). */
  marker: string;
}

/**
 * Lay out slides one after another, `slideS` seconds each, scaled from a 720p design: title 44 px,
 * bullets 34 px, footer 28 px. Throws when a line would not fit the frame.
 */
export function addSlides(spec: VideoSpec, slides: readonly SlideContent[], slideS: number, colors: SlideColors): void {
  const scale = spec.height / 720;
  const px = (value: number): number => Math.round(value * scale);
  const marginPx = px(80);
  const maxWidthPx = spec.width - 2 * marginPx - px(40);
  slides.forEach((slide, i) => {
    const startS = i * slideS;
    if (startS >= spec.durationS) return;
    const startMs = frameMs(startS, spec.fps);
    const endMs = Math.min(frameMs(startS + slideS, spec.fps), frameMs(spec.durationS, spec.fps));
    const line = (text: string, x: number, y: number, size: number, bold: boolean, fromMs = startMs): TextLayer => {
      if (estimateTextWidthPx(text, size, bold) > maxWidthPx) throw new RangeError(`slide line too wide: "${text}"`);
      return { text, xPx: x, align: 'left', yPx: y, fontSizePx: size, color: colors.text, bold, truth: true, startMs: fromMs, endMs };
    };
    spec.texts.push(line(slide.title, marginPx, px(70), px(44), true));
    slide.bullets.forEach((bullet, b) => {
      const revealMs = Math.min(startMs + frameMs(bullet.revealS, spec.fps), endMs - frameMs(1, spec.fps));
      const yPx = px(210 + b * 80);
      spec.texts.push(line(bullet.text, marginPx + px(40), yPx, px(34), false, revealMs));
      const marker: BoxLayer = {
        rect: { x: marginPx, y: yPx + px(12), w: px(14), h: px(14) },
        color: colors.marker,
        startMs: revealMs,
        endMs,
      };
      spec.boxes.push(marker);
    });
    spec.texts.push(line(slide.footer, marginPx, spec.height - px(70), px(28), false));
  });
}
