import { describe, expect, it } from 'vitest';
import { CreateOrderRequestSchema } from './order.js';
import { canonicalLanguages } from './languages.js';
import { OcrOptionsSchema } from './ocr-options.js';

describe('OCR language lists', () => {
  it('have one spelling per set: duplicates dropped, codes sorted', () => {
    expect(canonicalLanguages('eng')).toBe('eng');
    expect(canonicalLanguages('eng+eng')).toBe('eng');
    expect(canonicalLanguages('spa+eng+eng')).toBe('eng+spa');
    expect(canonicalLanguages('eng+spa+eng+spa+eng')).toBe('eng+spa');
    expect(OcrOptionsSchema.parse({ languages: 'spa+eng' }).languages).toBe('eng+spa');
  });

  it('an order asks for at most 3 different languages (repeats do not count)', () => {
    const languagesOf = (languages: string) => CreateOrderRequestSchema.safeParse({ entryIds: ['e1'], ocr: { languages } });
    expect(languagesOf('eng+spa+eng+spa+eng').data?.ocr?.languages).toBe('eng+spa');
    expect(languagesOf('fra+eng+deu').data?.ocr?.languages).toBe('deu+eng+fra');
    const four = languagesOf('eng+spa+fra+deu');
    expect(four.success).toBe(false);
    expect(four.error?.issues[0]?.message).toBe('at most 3 different languages');
    // codes are case-insensitive and ISO 639-1 codes count as their tesseract data
    expect(languagesOf('ENG+en').data?.ocr?.languages).toBe('eng');
    expect(languagesOf('e-n-g').success).toBe(false);
    expect(languagesOf('eng+x1').success).toBe(false);
  });
});
