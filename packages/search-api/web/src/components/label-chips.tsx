/** OCR labels as chips, then "+ N more". */
export function LabelChips({ labels, more, empty }: { labels: readonly string[]; more: number; empty?: string }) {
  if (labels.length === 0) return empty ? <span class="muted">{empty}</span> : null;
  return (
    <ul class="chips" aria-label="On-screen text labels">
      {labels.map((label) => (
        <li class="chip" key={label} title={label}>
          {label}
        </li>
      ))}
      {more > 0 && <li class="chip chip-more">+ {more} more</li>}
    </ul>
  );
}
