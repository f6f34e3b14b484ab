import { z } from 'zod';
import { LanguagesSchema } from './languages.js';

export { LanguagesSchema };

/** The most languages one order may ask for (each loads its data into every OCR worker of its pool). */
export const MAX_OCR_LANGUAGES = 3;

/** What a new order or rule may ask for: at most MAX_OCR_LANGUAGES different languages. */
export const OrderLanguagesSchema = LanguagesSchema.refine(
  (languages) => languages.split('+').length <= MAX_OCR_LANGUAGES,
  `at most ${MAX_OCR_LANGUAGES} different languages`,
);

export const OcrOptionsSchema = z.object({
  /** OCR languages joined with '+', ISO 639-1 (en) or tesseract (eng) codes; parsed to tesseract codes. */
  languages: LanguagesSchema.default('eng'),
  /** Frames looked at per second of video (each at low resolution; only changed ones are OCRed). */
  sampleFps: z.number().min(0.2).max(10).default(2),
  /** Lines below this confidence (0–1) are dropped as noise. */
  minConfidence: z.number().min(0).max(1).default(0.6),
  /** Mean grey-level difference (0–255) of a grid cell that counts as a change. */
  changeThreshold: z.number().min(0.5).max(64).default(3),
  /** Gaps shorter than this between two sightings of the same line do not split its segment. */
  mergeGapMs: z.number().int().min(0).max(10_000).default(1000),
});
export type OcrOptions = z.infer<typeof OcrOptionsSchema>;
export type OcrOptionsInput = z.input<typeof OcrOptionsSchema>;

/** OCR options of a new order or rule: as OcrOptionsSchema, with at most MAX_OCR_LANGUAGES languages. */
export const OrderOcrOptionsSchema = OcrOptionsSchema.extend({ languages: OrderLanguagesSchema.default('eng') });
