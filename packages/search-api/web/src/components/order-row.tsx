import type { OrderView } from '../api/types.js';
import { formatDateTime } from '../lib/format.js';
import { FEATURE_NAMES, SERVICE_NAMES, TURNAROUND_HINTS, TURNAROUND_NAMES, languageName } from '../lib/vocabulary.js';
import { StatusBadge } from './status-badge.js';

interface OrderRowProps {
  order: OrderView;
  expanded: boolean;
  onToggle: () => void;
  onCancel: () => void;
  onRetry: () => void;
}

/** One request of Existing Requests, and its details row when expanded. */
export function OrderRow({ order, expanded, onToggle, onCancel, onRetry }: OrderRowProps) {
  const detailsId = `order-details-${order.id}`;
  return (
    <>
      <tr class="order-row" data-order-id={order.id} data-status={order.status}>
        <td data-label="Request date">{formatDateTime(order.createdAt)}</td>
        <td data-label="Service">{SERVICE_NAMES[order.service] ?? order.service}</td>
        <td data-label="Feature">{FEATURE_NAMES[order.feature] ?? order.feature}</td>
        <td data-label="Language">{languageName(order.sourceLanguage)}</td>
        <td data-label="Status">
          <StatusBadge status={order.status} progress={order.progress} />
        </td>
        <td class="row-actions">
          {order.status === 'error' && (
            <button type="button" class="button button-small" onClick={onRetry} title="Order again with the same options">
              Retry
            </button>
          )}
          {order.status === 'pending' && (
            <button type="button" class="icon-button" aria-label="Cancel request" title="Cancel request" onClick={onCancel}>
              <TrashIcon />
            </button>
          )}
          <button
            type="button"
            class="icon-button"
            aria-label={expanded ? 'Hide request details' : 'Show request details'}
            aria-expanded={expanded}
            aria-controls={detailsId}
            onClick={onToggle}
          >
            <svg
              class={`chevron ${expanded ? 'open' : ''}`}
              width="16"
              height="16"
              viewBox="0 0 16 16"
              aria-hidden="true"
              focusable="false"
            >
              <path fill="none" stroke="currentColor" stroke-width="2" d="M6 3l5 5-5 5" />
            </svg>
          </button>
        </td>
      </tr>
      {expanded && (
        <tr class="order-details" id={detailsId}>
          <td colSpan={6}>
            <dl>
              <dt>Requester</dt>
              <dd>{order.requesterName ?? order.requesterId}</dd>
              <dt>Feature</dt>
              <dd>{FEATURE_NAMES[order.feature] ?? order.feature}</dd>
              <dt>Turnaround time</dt>
              <dd>
                {TURNAROUND_NAMES[order.turnaroundTime]}
                <span
                  class="hint-icon"
                  role="img"
                  aria-label={TURNAROUND_HINTS[order.turnaroundTime]}
                  title={TURNAROUND_HINTS[order.turnaroundTime]}
                >
                  i
                </span>
              </dd>
              <dt>OCR languages</dt>
              <dd>{order.ocr.languages}</dd>
              {order.segmentCount !== null && (
                <>
                  <dt>Text segments</dt>
                  <dd>{order.segmentCount}</dd>
                </>
              )}
              <dt>Error details</dt>
              <dd>{order.errorDetails ? `${order.errorCode ?? 'Error'}: ${order.errorDetails}` : 'None'}</dd>
              <dt>Last update</dt>
              <dd>{formatDateTime(order.updatedAt)}</dd>
            </dl>
          </td>
        </tr>
      )}
    </>
  );
}

function TrashIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M6 1h4l1 1h3v2H2V2h3l1-1zm-3 4h10l-.8 9.2A1 1 0 0 1 11.2 15H4.8a1 1 0 0 1-1-.8L3 5zm3 2v6h1V7H6zm3 0v6h1V7H9z"
      />
    </svg>
  );
}
