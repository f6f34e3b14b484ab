import { LanguagesSchema, type OcrOptionsInput } from '@onscreen/core';
import { UsageError } from './cli-error.js';

export const OCR_FLAGS = {
  lang: { type: 'string', default: 'eng' },
  fps: { type: 'string' },
} as const;

/** --lang eng+spa, --fps 2 → OCR options (validated again by the schema downstream). */
export function ocrOptionsFromFlags(values: { lang?: string | undefined; fps?: string | undefined }): OcrOptionsInput {
  const options: OcrOptionsInput = { languages: values.lang ?? 'eng' };
  if (values.fps !== undefined) {
    const fps = Number(values.fps);
    if (!Number.isFinite(fps) || fps < 0.2 || fps > 10) throw new UsageError(`--fps must be a number from 0.2 to 10, got "${values.fps}".`);
    options.sampleFps = fps;
  }
  if (!LanguagesSchema.safeParse(options.languages).success) {
    throw new UsageError(`--lang takes tesseract language codes such as "eng" or "eng+spa", got "${values.lang}".`);
  }
  return options;
}
