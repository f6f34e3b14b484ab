import { addSlides } from '../slide-layout.js';
import { baseSpec, type CommonSpecOptions } from '../spec-base.js';
import type { VideoSpec } from '../types.js';
import { slideDeckContent } from './slide-deck.js';

export interface LowContrastOptions extends CommonSpecOptions {
  slideS?: number;
  /** ffmpeg noise strength (alls), temporal. */
  noiseStrength?: number;
}

/**
 * The slide-deck layout in grey on slightly lighter grey, with temporal noise; readable to a human.
 * CRF defaults to 26: at 23 x264 spends ~2.6 MB per second on the noise, at 27 and above it smooths
 * the noise away; 26 keeps it (≈3.5 MB per 10 s).
 */
export function lowContrast(options: LowContrastOptions): VideoSpec {
  const spec = baseSpec('lowContrast', { crf: 26, ...options }, { width: 1280, height: 720 }, { kind: 'color', color: '0x9c9c9c' });
  const slideS = options.slideS ?? 8;
  const content = slideDeckContent(Math.ceil(spec.durationS / slideS), options.seed ?? 5, slideS);
  addSlides(spec, content, slideS, { text: '0x585858', marker: '0x6a6a6a' });
  spec.noiseStrength = options.noiseStrength ?? 12;
  return spec;
}
