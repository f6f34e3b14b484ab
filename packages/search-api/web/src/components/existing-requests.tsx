import { Messages } from '@onscreen/core';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client.js';
import { describeError, useApi } from '../api/context.js';
import type { OrderList, OrderView } from '../api/types.js';
import { usePoll } from '../lib/use-poll.js';
import { isActive } from '../lib/vocabulary.js';
import { Modal } from './modal.js';
import { OrderRow } from './order-row.js';

interface ExistingRequestsProps {
  entryId: string;
  /** Changes when an order was placed elsewhere on the page: reload now. */
  reloadKey: number;
  onOrder: () => void;
  /** Every list loaded (e.g. to reload the text when an order becomes ready). */
  onOrders?: (list: OrderList) => void;
}

/** The entry's OCR requests, newest first (sortable), polled every 2 s while one is pending or processing. */
export function ExistingRequests({ entryId, reloadKey, onOrder, onOrders }: ExistingRequestsProps) {
  const api = useApi();
  const [list, setList] = useState<OrderList | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [newestFirst, setNewestFirst] = useState(true);
  const [expanded, setExpanded] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<OrderView | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  const onOrdersRef = useRef(onOrders);
  onOrdersRef.current = onOrders;
  const load = useCallback(() => {
    api.get<OrderList>(`/v1/entries/${encodeURIComponent(entryId)}/orders`).then(
      (next) => {
        setList(next);
        setLoadError(null);
        onOrdersRef.current?.(next);
      },
      (error) => setLoadError(describeError(error)),
    );
  }, [api, entryId]);
  useEffect(load, [load, reloadKey]);
  usePoll(list?.orders.some((o) => isActive(o.status)) ?? false, load);

  async function cancel(order: OrderView) {
    setConfirming(null);
    try {
      await api.send<OrderView>('DELETE', `/v1/orders/${encodeURIComponent(order.id)}`);
      setNotice({ ok: true, text: 'The request was canceled.' });
    } catch (error) {
      const inProgress = error instanceof ApiError && error.code === 'ALREADY_IN_PROGRESS';
      setNotice({ ok: false, text: inProgress ? Messages.ALREADY_IN_PROGRESS : describeError(error) });
    }
    load();
  }

  /** Retry: a new request like the one in error, in one click. */
  async function retry(order: OrderView) {
    try {
      const created = await api.send<{ order: OrderView; message: string }>('POST', `/v1/orders/${encodeURIComponent(order.id)}/retry`);
      setNotice({ ok: true, text: created.message });
    } catch (error) {
      setNotice({ ok: false, text: describeError(error) });
    }
    load();
  }

  const orders = [...(list?.orders ?? [])].sort((a, b) => (newestFirst ? -1 : 1) * a.createdAt.localeCompare(b.createdAt));
  return (
    <section class="panel existing-requests" aria-labelledby="existing-requests-title">
      <header class="panel-header">
        <h2 id="existing-requests-title">Existing Requests</h2>
        <button type="button" class="button button-primary" onClick={onOrder}>
          + Order
        </button>
      </header>
      {notice && (
        <p class={`alert ${notice.ok ? 'alert-success' : 'alert-error'}`} role={notice.ok ? 'status' : 'alert'}>
          {notice.text}
        </p>
      )}
      {loadError && (
        <p class="alert alert-error" role="alert">
          {loadError}
        </p>
      )}
      {list && orders.length === 0 && <p class="empty">{list.message ?? Messages.NO_REQUESTS}</p>}
      {orders.length > 0 && (
        <table class="requests-table">
          <thead>
            <tr>
              <th scope="col" aria-sort={newestFirst ? 'descending' : 'ascending'}>
                <button type="button" class="sort-button" onClick={() => setNewestFirst(!newestFirst)}>
                  Request date <span aria-hidden="true">{newestFirst ? '↓' : '↑'}</span>
                  <span class="visually-hidden">{newestFirst ? ', newest first' : ', oldest first'}</span>
                </button>
              </th>
              <th scope="col">Service</th>
              <th scope="col">Feature</th>
              <th scope="col">Language</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {orders.map((order) => (
              <OrderRow
                key={order.id}
                order={order}
                expanded={expanded === order.id}
                onToggle={() => setExpanded(expanded === order.id ? null : order.id)}
                onCancel={() => setConfirming(order)}
                onRetry={() => retry(order)}
              />
            ))}
          </tbody>
        </table>
      )}
      {confirming && (
        <Modal title="Cancel request" size="small" onClose={() => setConfirming(null)}>
          <p>Cancel this OCR request? This cannot be undone.</p>
          <div class="form-actions">
            <button type="button" class="button" onClick={() => setConfirming(null)}>
              No
            </button>
            <button type="button" class="button button-danger" onClick={() => cancel(confirming)}>
              Yes
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}
