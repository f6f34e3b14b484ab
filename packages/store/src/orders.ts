import { type CreateOrderRequest, ErrorCode, Messages, OnscreenError, type Order } from '@onscreen/core';
import { loadManagedEntry, loadUser } from './access.js';
import { findLiveKey, rememberKey, requestFingerprint } from './idempotency-keys.js';
import { draftFor, type OrderDraft, placeOrder } from './place-order.js';
import { type Row, toOrder } from './rows.js';
import { notFound } from './sql/errors.js';
import { all, one, type Step } from './sql/steps.js';

/** Refusals that need no database: OCR is a machine service, and the only feature onscreen does. */
export function checkOrderable(request: Pick<CreateOrderRequest, 'service' | 'feature'>): void {
  if (request.service !== 'machine') {
    throw new OnscreenError(
      ErrorCode.SERVICE_NOT_SUPPORTED,
      `OCR is a machine service; the "${request.service}" service cannot be ordered for it.`,
      { details: { service: request.service } },
    );
  }
  if (request.feature !== 'ocr') {
    throw new OnscreenError(
      ErrorCode.SERVICE_NOT_SUPPORTED,
      `onscreen orders OCR only; the "${request.feature}" feature is not offered here.`,
      { details: { feature: request.feature } },
    );
  }
}

function* ordersByIds(ids: readonly string[]): Step<Order[]> {
  if (ids.length === 0) return []; // `IN ()` is an error on Postgres
  const rows = yield* all<Row>(`SELECT * FROM orders WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
  const byId = new Map(rows.map((row) => [String(row.id), toOrder(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * One order per entry, all or nothing; a retry with the same idempotency key within `keyTtlMs` returns
 * the same orders, after it the key is a new request. A key is the requester's own (another user's use
 * of the same string is another key), and it stands for one request: the same key with another body is
 * IDEMPOTENCY_KEY_REUSED.
 */
export function* createOrders(accountId: string, requesterId: string, request: CreateOrderRequest, keyTtlMs: number): Step<Order[]> {
  const requester = yield* loadUser(requesterId);
  if (requester.accountId !== accountId) throw notFound('user', requesterId);
  const key = request.idempotencyKey;
  const fingerprint = key === undefined ? '' : requestFingerprint(request);
  if (key !== undefined) {
    const known = yield* findLiveKey(requesterId, key, keyTtlMs);
    if (known && ((known.requestSha256 !== null && known.requestSha256 !== fingerprint) || known.resultsJson !== null)) {
      throw new OnscreenError(
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        'This Idempotency-Key was already sent with another request; send a new key for a new request.',
        { details: { idempotencyKey: key } },
      );
    }
    if (known) return yield* ordersByIds(known.orderIds);
  }
  const account = yield* one<Row>('SELECT reach_enabled FROM accounts WHERE id = ?', [accountId]);
  if (!account) throw notFound('account', accountId);
  if (Number(account.reach_enabled) !== 1) {
    throw new OnscreenError(ErrorCode.REACH_DISABLED, Messages.REACH_DISABLED, { details: { accountId } });
  }
  const drafts: OrderDraft[] = [];
  for (const entryId of new Set(request.entryIds)) {
    const { entry } = yield* loadManagedEntry(requester, entryId);
    drafts.push(draftFor(entry, { accountId, requesterId }, request));
  }
  if (key !== undefined) {
    const orderIds = drafts.map((draft) => draft.id);
    yield* rememberKey(requesterId, key, fingerprint, orderIds, keyTtlMs);
  }
  const orders: Order[] = [];
  for (const draft of drafts) {
    const placed = yield* placeOrder(draft);
    if (placed.kind === 'duplicate') {
      throw new OnscreenError(ErrorCode.DUPLICATE_ORDER, `Entry ${draft.entryId} already has an OCR order pending or in progress.`, {
        details: { entryId: draft.entryId },
      });
    }
    if (placed.kind === 'insufficient_credit') {
      throw new OnscreenError(ErrorCode.INSUFFICIENT_CREDIT, 'The account has not enough REACH credit left for these orders.', {
        details: { accountId, entryId: draft.entryId, minutesNeeded: draft.creditMinutes },
      });
    }
    orders.push(placed.order);
  }
  return orders;
}
