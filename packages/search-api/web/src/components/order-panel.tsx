import { Messages, type TurnaroundTime } from '@onscreen/core';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client.js';
import { describeError, useApi } from '../api/context.js';
import type { BulkOrderView, OrdersCreated, ReachView } from '../api/types.js';
import { BulkResults } from './bulk-results.js';
import { LANGUAGES, TURNAROUND_HINTS, TURNAROUND_NAMES } from '../lib/vocabulary.js';
import { Modal } from './modal.js';

interface OrderPanelProps {
  entryIds: readonly string[];
  onClose: () => void;
  /** Called after a 201, with the orders created (newest first in Existing Requests). */
  onOrdered: (created: OrdersCreated) => void;
}

type Reach = { state: 'loading' } | { state: 'enabled' } | { state: 'disabled' } | { state: 'failed'; message: string };

/** "Order Captions & Enrichment Services": machine OCR for one or many entries. */
export function OrderPanel({ entryIds, onClose, onOrdered }: OrderPanelProps) {
  const api = useApi();
  const [reach, setReach] = useState<Reach>({ state: 'loading' });
  const [sourceLanguage, setSourceLanguage] = useState('en');
  const [turnaroundTime, setTurnaroundTime] = useState<TurnaroundTime>('best_effort');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [bulk, setBulk] = useState<BulkOrderView | null>(null);

  useEffect(() => {
    api.get<ReachView>('/v1/account/reach').then(
      (profile) => setReach({ state: profile.enabled ? 'enabled' : 'disabled' }),
      (error) => setReach({ state: 'failed', message: describeError(error) }),
    );
  }, [api]);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setResult(null);
    try {
      const body = { entryIds, service: 'machine', feature: 'ocr', sourceLanguage, turnaroundTime };
      if (entryIds.length > 1) {
        // many entries: each one ordered or refused on its own, with the reason
        const answer = await api.send<BulkOrderView>('POST', '/v1/orders/bulk', body);
        setBulk(answer);
        setResult({ ok: answer.ordered > 0, text: answer.summary });
        if (answer.ordered > 0)
          onOrdered({ orders: answer.results.flatMap((r) => (r.outcome === 'ordered' ? [r.order] : [])), message: answer.message ?? '' });
        return;
      }
      const created = await api.send<OrdersCreated>('POST', '/v1/orders', body);
      setResult({ ok: true, text: created.message });
      onOrdered(created);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'REACH_DISABLED') setReach({ state: 'disabled' });
      setResult({ ok: false, text: describeError(error) });
    } finally {
      setBusy(false);
    }
  }

  const count = entryIds.length;
  return (
    <Modal title="Order Captions & Enrichment Services" onClose={onClose}>
      <form class="order-form" onSubmit={submit}>
        <p class="muted">{count === 1 ? 'For 1 media entry.' : `For ${count} media entries (one request each).`}</p>
        <label class="field">
          <span>Service</span>
          <select name="service" value="machine">
            <option value="machine">Machine</option>
          </select>
        </label>
        <label class="field">
          <span>Source Media Language</span>
          <select
            name="sourceLanguage"
            value={sourceLanguage}
            onChange={(e) => setSourceLanguage(e.currentTarget.value)}
            aria-describedby="language-note"
          >
            {LANGUAGES.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
          <small id="language-note" class="note">
            Recorded with the request; the source media language does not affect OCR.
          </small>
        </label>
        <label class="field">
          <span>Feature</span>
          <select name="feature" value="ocr">
            <option value="ocr">OCR</option>
          </select>
        </label>
        <div class="field">
          <span class="label-line">
            <label for="order-turnaround">Turnaround Time</label>
            <span class="hint-icon" role="img" aria-label={TURNAROUND_HINTS[turnaroundTime]} title={TURNAROUND_HINTS[turnaroundTime]}>
              i
            </span>
          </span>
          <select
            id="order-turnaround"
            name="turnaroundTime"
            value={turnaroundTime}
            aria-describedby="turnaround-note"
            onChange={(e) => setTurnaroundTime(e.currentTarget.value as TurnaroundTime)}
          >
            {Object.entries(TURNAROUND_NAMES).map(([value, name]) => (
              <option key={value} value={value}>
                {name}
              </option>
            ))}
          </select>
          <small id="turnaround-note" class="note">
            {TURNAROUND_HINTS[turnaroundTime]}
          </small>
        </div>
        <div class="callout" role="note">
          OCR is optimised for Latin characters, numbers and common symbols. CJK (Chinese, Japanese, Korean) works best with printed
          standard fonts. Accuracy for Arabic and Hindi may vary.
        </div>
        {reach.state === 'disabled' && (
          <p class="alert alert-error" role="alert">
            {Messages.REACH_DISABLED}
          </p>
        )}
        {reach.state === 'failed' && (
          <p class="alert alert-error" role="alert">
            {reach.message}
          </p>
        )}
        {result && (
          <p class={`alert ${result.ok ? 'alert-success' : 'alert-error'}`} role={result.ok ? 'status' : 'alert'}>
            {result.text}
          </p>
        )}
        {bulk && <BulkResults answer={bulk} />}
        <div class="form-actions">
          <button type="button" class="button" onClick={onClose}>
            {result?.ok ? 'Close' : 'Cancel'}
          </button>
          {reach.state !== 'disabled' && !result?.ok && !bulk && (
            <button type="submit" class="button button-primary" disabled={busy || reach.state === 'loading' || count === 0}>
              {busy ? 'Submitting…' : 'Submit'}
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}
