import { z } from 'zod';

/** Normalised box: fractions (0–1) of the frame's width and height. */
export const BBoxSchema = z.object({
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  w: z.number().min(0).max(1),
  h: z.number().min(0).max(1),
});
export type BBox = z.infer<typeof BBoxSchema>;

/** One line of on-screen text and the span of time it stays visible. */
export const SegmentSchema = z.object({
  id: z.string().min(1),
  entryId: z.string().min(1),
  text: z.string().min(1),
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  confidence: z.number().min(0).max(1),
  bbox: BBoxSchema,
  language: z.string(),
});
export type Segment = z.infer<typeof SegmentSchema>;

/** What extraction produces before a segment belongs to an entry. */
export const ExtractedSegmentSchema = SegmentSchema.omit({ id: true, entryId: true, language: true });
export type ExtractedSegment = z.infer<typeof ExtractedSegmentSchema>;

/** The document stored in the search engine: a segment plus what search filters and shows. */
export const SegmentDocumentSchema = SegmentSchema.extend({
  ownerId: z.string(),
  visibility: z.enum(['private', 'published']),
  categoryIds: z.array(z.string()),
  entryTitle: z.string(),
  orderId: z.string().nullable(),
});
export type SegmentDocument = z.infer<typeof SegmentDocumentSchema>;
