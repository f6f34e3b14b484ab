import { z } from 'zod';

export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids are letters, digits, "_" and "-" (at most 64)');

export const VisibilitySchema = z.enum(['private', 'published']);
export type Visibility = z.infer<typeof VisibilitySchema>;

export const EntrySchema = z.object({
  id: IdSchema,
  ownerId: IdSchema,
  title: z.string().min(1).max(500),
  description: z.string().max(10_000).default(''),
  tags: z.array(z.string().max(100)).max(100).default([]),
  categoryIds: z.array(IdSchema).max(100).default([]),
  visibility: VisibilitySchema.default('private'),
  durationMs: z.number().int().nonnegative().nullable().default(null),
  createdAt: z.string(),
});
export type Entry = z.infer<typeof EntrySchema>;
