import { z } from 'zod';
import { Messages } from './messages.js';

/** Why one entry of a bulk order was not ordered. */
export const RefusalReasonSchema = z.enum(['already_ordered', 'reach_disabled', 'not_yours', 'no_credit']);
export type RefusalReason = z.infer<typeof RefusalReasonSchema>;

/** The portal's words for each refusal: short (the summary) and whole (next to the entry). */
export const REFUSALS: Record<RefusalReason, { short: string; message: string }> = {
  already_ordered: { short: 'already ordered', message: 'This entry already has an OCR request pending or in progress.' },
  reach_disabled: { short: 'REACH off', message: Messages.REACH_DISABLED },
  not_yours: { short: 'not yours', message: 'You can order only for your own entries (an admin: for the entries of the account).' },
  no_credit: { short: 'not enough credit', message: 'The account has not enough REACH credit left for this entry.' },
};

/** "12 ordered, 2 already ordered, 1 not yours": what a bulk order did, in the portal's words (zero counts left out). */
export function bulkOrderSummary(outcomes: ReadonlyArray<'ordered' | RefusalReason>): string {
  const order = ['ordered', ...RefusalReasonSchema.options] as const;
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return order
    .filter((o) => (counts.get(o) ?? 0) > 0)
    .map((o) => `${counts.get(o)} ${o === 'ordered' ? 'ordered' : REFUSALS[o].short}`)
    .join(', ');
}
