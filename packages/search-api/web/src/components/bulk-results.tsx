import type { BulkOrderView } from '../api/types.js';

/** What a bulk order did, entry by entry: the title (when the user may see it), then Ordered or the reason. */
export function BulkResults({ answer }: { answer: BulkOrderView }) {
  return (
    <div class="bulk-results">
      {answer.message && <p class="muted">{answer.message}</p>}
      <ul aria-label="Result for each entry">
        {answer.results.map((r) => (
          <li key={r.entryId} class={`bulk-result bulk-${r.outcome}`}>
            <span class="bulk-title">{r.title ?? 'An entry you cannot see'}</span>
            {r.outcome === 'ordered' ? (
              <span class="badge badge-ok">Ordered</span>
            ) : (
              <span class="bulk-reason">
                <span class="badge badge-refused">{REASON_NAMES[r.reason]}</span> {r.message}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

const REASON_NAMES: Record<string, string> = {
  already_ordered: 'Already ordered',
  reach_disabled: 'REACH off',
  not_yours: 'Not yours',
  no_credit: 'Not enough credit',
};
