import type { Label } from '@onscreen/core';

export type { Label };
export { rankLabels } from '@onscreen/indexer';

/** How many labels the preview string names before "… + N more". */
export const PREVIEW_LABELS = 3;

/** "label, label, label … + N more" (just the labels when there are no more; '' when none). */
export function labelsPreview(labels: readonly Pick<Label, 'text'>[], shown = PREVIEW_LABELS, count = labels.length): string {
  const head = labels
    .slice(0, shown)
    .map((l) => l.text)
    .join(', ');
  const more = count - Math.min(shown, labels.length);
  return more > 0 ? `${head} … + ${more} more` : head;
}
