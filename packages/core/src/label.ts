import { z } from 'zod';

/** A distinct on-screen text of an entry, with how salient it is (labels are ranked by `salience`). */
export const LabelSchema = z.object({
  text: z.string(),
  /** Total time on screen over all its segments. */
  onScreenMs: z.number().int(),
  /** Mean confidence (0–1), weighted by time on screen. */
  confidence: z.number(),
  /** onScreenMs × confidence: what the ranking sorts by. */
  salience: z.number(),
  firstSeenMs: z.number().int(),
  occurrences: z.number().int(),
});
export type Label = z.infer<typeof LabelSchema>;
