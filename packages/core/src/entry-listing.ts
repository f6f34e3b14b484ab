import { z } from 'zod';

/**
 * The words of My Media's list: how entries are sorted, filtered and searched. The store turns each
 * value into SQL from a fixed table, so nothing a client sends is ever spliced into a statement.
 */

/** What a stored file is: a video, or an animated image (GIF, WebP, APNG). */
export const MediaTypeSchema = z.enum(['video', 'image']);
export type MediaType = z.infer<typeof MediaTypeSchema>;

/**
 * Where an entry stands with OCR, from its newest order that was not cancelled: `none` (no order),
 * `ordered` (pending or processing), `ready`, `error`.
 */
export const EntryOcrStatusSchema = z.enum(['none', 'ordered', 'ready', 'error']);
export type EntryOcrStatus = z.infer<typeof EntryOcrStatusSchema>;

/** created / updated: dates; name: the title (case-insensitive for A–Z); duration; views: plays counted by the service. */
export const EntrySortSchema = z.enum(['created', 'updated', 'name', 'duration', 'views']);
export type EntrySort = z.infer<typeof EntrySortSchema>;

export const SortOrderSchema = z.enum(['asc', 'desc']);
export type SortOrder = z.infer<typeof SortOrderSchema>;

/** "Search In": `all` is title, description, tags, categories, id and the on-screen text. */
export const EntrySearchFieldSchema = z.enum(['all', 'title', 'description', 'tags', 'ocr']);
export type EntrySearchField = z.infer<typeof EntrySearchFieldSchema>;

/** An entry's labels as kept with it when an order is ready: the most salient texts and how many there are. */
export const EntryLabelsSchema = z.object({
  /** The first few distinct on-screen texts, most salient first. */
  top: z.array(z.string()).max(20),
  /** How many distinct texts the entry has in all. */
  count: z.number().int().nonnegative(),
});
export type EntryLabels = z.infer<typeof EntryLabelsSchema>;
