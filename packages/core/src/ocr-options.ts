import { z } from 'zod';

/** The most languages one order may ask for (each loads its data into every OCR worker of its pool). */
export const MAX_OCR_LANGUAGES = 3;

/**
 * One spelling for one set of languages: duplicates dropped, codes sorted (`spa+eng+eng` → `eng+spa`),
 * so that a language set keys one OCR pool however it was written.
 */
export function canonicalLanguages(languages: string): string {
  return [...new Set(languages.split('+').filter((code) => code !== ''))].sort().join('+');
}

/** Language codes as tesseract names them: eng, spa, chi_sim … joined with '+'; read in canonical form. */
export const LanguagesSchema = z
  .string()
  .regex(/^[a-z_]{3,12}(\+[a-z_]{3,12}){0,4}$/, 'languages look like "eng" or "eng+spa"')
  .overwrite(canonicalLanguages);

/** What a new order or rule may ask for: at most MAX_OCR_LANGUAGES different languages. */
export const OrderLanguagesSchema = LanguagesSchema.refine(
  (languages) => languages.split('+').length <= MAX_OCR_LANGUAGES,
  `at most ${MAX_OCR_LANGUAGES} different languages`,
);

export const OcrOptionsSchema = z.object({
  /** tesseract language codes joined with '+'. */
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
