import { useEffect, useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import { formatDateTime } from '../lib/format.js';
import { entryHref } from '../lib/router.js';
import { STATUS_NAMES } from '../lib/vocabulary.js';

interface CreditHistory {
  creditMinutes: number | null;
  items: Array<{
    orderId: string;
    entryId: string;
    requesterName: string | null;
    requesterId: string;
    orderStatus: keyof typeof STATUS_NAMES;
    minutes: number;
    credit: 'held' | 'charged' | 'refunded';
    heldAt: string;
    settledAt: string | null;
  }>;
}

const CREDIT_NAMES = { held: 'Held', charged: 'Charged', refunded: 'Refunded' } as const;

/** REACH credit (admins): what is left, and each order's minutes held, charged when ready, refunded when cancelled or in error. */
export function CreditHistoryPage() {
  const api = useApi();
  const [history, setHistory] = useState<CreditHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<CreditHistory>('/v1/account/credit-history?limit=200').then(setHistory, (e) => setError(describeError(e)));
  }, [api]);
  return (
    <section aria-labelledby="credit-title">
      <header class="page-header">
        <h1 id="credit-title">REACH credit</h1>
      </header>
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {history && (
        <>
          <p class="credit-left">
            {history.creditMinutes === null ? 'Unlimited credit.' : `${history.creditMinutes.toLocaleString('en')} minutes left.`} An order
            holds its video's minutes while it waits or runs; they are charged when it is ready and given back when it is cancelled or ends
            in error.
          </p>
          {history.items.length === 0 ? (
            <p class="empty">No orders yet.</p>
          ) : (
            <table class="requests-table credit-table">
              <thead>
                <tr>
                  <th scope="col">Ordered</th>
                  <th scope="col">Entry</th>
                  <th scope="col">Requester</th>
                  <th scope="col">Status</th>
                  <th scope="col">Minutes</th>
                  <th scope="col">Credit</th>
                </tr>
              </thead>
              <tbody>
                {history.items.map((item) => (
                  <tr key={item.orderId} class="order-row credit-row" data-credit={item.credit}>
                    <td data-label="Ordered">{formatDateTime(item.heldAt)}</td>
                    <td data-label="Entry">
                      <a href={entryHref(item.entryId)}>{item.entryId}</a>
                    </td>
                    <td data-label="Requester">{item.requesterName ?? item.requesterId}</td>
                    <td data-label="Status">{STATUS_NAMES[item.orderStatus] ?? item.orderStatus}</td>
                    <td data-label="Minutes">{item.minutes}</td>
                    <td data-label="Credit">{CREDIT_NAMES[item.credit]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
