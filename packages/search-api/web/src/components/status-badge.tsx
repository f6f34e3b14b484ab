import type { OrderProgress, OrderStatus } from '@onscreen/core';
import { STATUS_NAMES } from '../lib/vocabulary.js';

/** A coloured dot and the status name; a progress bar while processing. */
export function StatusBadge({ status, progress }: { status: OrderStatus; progress?: OrderProgress | undefined }) {
  const percent = progress ? Math.round(progress.percent) : 0;
  return (
    <span class="status" data-status={status}>
      <span class={`dot dot-${status}`} aria-hidden="true" />
      <span class="status-name">{STATUS_NAMES[status]}</span>
      {status === 'processing' && progress && (
        <span class="progress-wrap">
          <progress max={100} value={percent} aria-label={`Progress: ${progress.step}, ${percent}%`} />
          <span class="progress-text">{percent}%</span>
        </span>
      )}
    </span>
  );
}
