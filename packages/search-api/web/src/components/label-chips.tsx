import { useState } from 'preact/hooks';

/**
 * OCR labels as chips, then "+ N more" — a button that shows the rest: at once when `all` holds them,
 * or once `onMore` has fetched them.
 */
export function LabelChips({
  labels,
  more,
  empty,
  all,
  onMore,
}: {
  labels: readonly string[];
  more: number;
  empty?: string;
  all?: readonly string[];
  onMore?: () => Promise<readonly string[]>;
}) {
  const [expanded, setExpanded] = useState<readonly string[] | null>(null);
  if (labels.length === 0) return empty ? <span class="muted">{empty}</span> : null;
  const shown = expanded ?? labels;
  const expand = async () => setExpanded(all ?? (onMore ? await onMore() : labels));
  return (
    <ul class="chips" aria-label="On-screen text labels">
      {shown.map((label, i) => (
        <li class="chip" key={`${i}:${label}`} title={label}>
          {label}
        </li>
      ))}
      {more > 0 && !expanded && (all || onMore) && (
        <li>
          <button type="button" class="chip chip-more" aria-label={`Show ${more} more labels`} onClick={() => void expand()}>
            + {more} more
          </button>
        </li>
      )}
      {more > 0 && !expanded && !all && !onMore && <li class="chip chip-more">+ {more} more</li>}
      {expanded && (
        <li>
          <button type="button" class="chip chip-more" onClick={() => setExpanded(null)}>
            Show fewer
          </button>
        </li>
      )}
    </ul>
  );
}
