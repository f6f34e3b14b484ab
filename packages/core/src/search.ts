import { toTesseractLanguages } from './languages.js';
import { z } from 'zod';
import { BBoxSchema } from './segment.js';

export const SEARCH_LIMITS = {
  maxQueryLength: 500,
  maxPageSize: 50,
  maxPage: 100,
  maxMomentsPerEntry: 10,
} as const;

export const SearchRequestSchema = z.object({
  q: z.string().max(SEARCH_LIMITS.maxQueryLength).default(''),
  entryId: z.string().max(64).optional(),
  categoryId: z.string().max(64).optional(),
  ownerId: z.string().max(64).optional(),
  language: z
    .string()
    .max(35)
    .transform((v) => toTesseractLanguages(v) ?? v)
    .optional(),
  fromMs: z.coerce.number().int().nonnegative().optional(),
  toMs: z.coerce.number().int().nonnegative().optional(),
  minConfidence: z.coerce.number().min(0).max(1).optional(),
  page: z.coerce.number().int().min(1).max(SEARCH_LIMITS.maxPage).default(1),
  pageSize: z.coerce.number().int().min(1).max(SEARCH_LIMITS.maxPageSize).default(10),
  /** Moments per entry, best first: 1 (the default) costs one round trip to the engine, more cost two. */
  moments: z.coerce.number().int().min(1).max(SEARCH_LIMITS.maxMomentsPerEntry).default(1),
});
export type SearchRequest = z.infer<typeof SearchRequestSchema>;
/** A search as callers write it: defaults (page, pageSize, moments) may be left out. */
export type SearchRequestInput = z.input<typeof SearchRequestSchema>;

export const SearchMomentSchema = z.object({
  segmentId: z.string(),
  text: z.string(),
  /** The text with matches wrapped in <mark>…</mark>; everything else is HTML-escaped. */
  highlighted: z.string(),
  startMs: z.number().int(),
  endMs: z.number().int(),
  confidence: z.number(),
  bbox: BBoxSchema,
  language: z.string(),
});
export type SearchMoment = z.infer<typeof SearchMomentSchema>;

export const SearchEntryHitSchema = z.object({
  entryId: z.string(),
  entryTitle: z.string(),
  ownerId: z.string(),
  moments: z.array(SearchMomentSchema),
});
export type SearchEntryHit = z.infer<typeof SearchEntryHitSchema>;

export const SearchResponseSchema = z.object({
  query: z.string(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Matching moments in all entries, counted up to maxPage × maxPageSize. */
  totalMoments: z.number().int(),
  /** False when `totalMoments` reached the cap (there may be more). */
  totalMomentsExact: z.boolean(),
  /** Whether a next page of entries exists. */
  hasMore: z.boolean(),
  entries: z.array(SearchEntryHitSchema),
  processingTimeMs: z.number(),
});
export type SearchResponse = z.infer<typeof SearchResponseSchema>;
