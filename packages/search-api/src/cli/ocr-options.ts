import type { OcrOptionsInput } from '@onscreen/core';
import type { OnscreenConfig } from '../app/config.js';

/** --lang and --fps (already validated by the configuration schema) as the indexer's OCR options. */
export function ocrOptionsOf(config: Pick<OnscreenConfig, 'languages' | 'sampleFps'>): OcrOptionsInput {
  return { languages: config.languages, ...(config.sampleFps === undefined ? {} : { sampleFps: config.sampleFps }) };
}
