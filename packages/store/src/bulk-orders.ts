import { type CreateOrderRequest, ErrorCode, OnscreenError, type Order } from '@onscreen/core';
import { canManageEntry, loadEntry, loadUser } from './access.js';
import { findLiveKey, rememberKey, requestFingerprint } from './idempotency-keys.js';
import { draftFor, placeOrder } from './place-order.js';
import { type Row, toOrder } from './rows.js';
import { notFound } from './sql/errors.js';
import { all, one, type Step } from './sql/steps.js';
import type { BulkOrderResult, RefusalReason } from './types.js';

/**
 * A bulk order that says what happened: each entry is ordered or refused on its own, with its reason
 * (already ordered, REACH off, not yours, not enough credit) and its title when the requester may see
 * it. With an idempotency key, the first answer that ordered anything is kept whole and given again
 * (the same orders, the same refusals); an answer that ordered nothing is not kept, so a retry after
 * the cause is fixed (REACH turned on) orders.
 */
interface KeptResult {
  entryId: string;
  reason: RefusalReason | null;
  orderId: string | null;
  title: string | null;
}

function* ordersByIds(ids: readonly string[]): Step<Map<string, Order>> {
  if (ids.length === 0) return new Map();
  const rows = yield* all<Row>(`SELECT * FROM orders WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
  return new Map(rows.map((row) => [String(row.id), toOrder(row)]));
}

function* replay(kept: KeptResult[]): Step<BulkOrderResult[]> {
  const orders = yield* ordersByIds(kept.flatMap((k) => (k.orderId ? [k.orderId] : [])));
  return kept.map((k): BulkOrderResult => {
    const order = k.orderId ? orders.get(k.orderId) : undefined;
    return order
      ? { entryId: k.entryId, title: k.title, outcome: 'ordered', order }
      : { entryId: k.entryId, title: k.title, outcome: 'refused', reason: k.reason ?? 'not_yours' };
  });
}

export function* createOrdersEach(
  accountId: string,
  requesterId: string,
  request: CreateOrderRequest,
  keyTtlMs: number,
): Step<BulkOrderResult[]> {
  const requester = yield* loadUser(requesterId);
  if (requester.accountId !== accountId) throw notFound('user', requesterId);
  const key = request.idempotencyKey;
  const fingerprint = key === undefined ? '' : requestFingerprint(request, 'each');
  if (key !== undefined) {
    const known = yield* findLiveKey(requesterId, key, keyTtlMs);
    if (known && (known.requestSha256 !== fingerprint || known.resultsJson === null)) {
      throw new OnscreenError(
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        'This Idempotency-Key was already sent with another request; send a new key for a new request.',
        { details: { idempotencyKey: key } },
      );
    }
    if (known?.resultsJson) return yield* replay(JSON.parse(known.resultsJson) as KeptResult[]);
  }
  const account = yield* one<Row>('SELECT reach_enabled FROM accounts WHERE id = ?', [accountId]);
  if (!account) throw notFound('account', accountId);
  const reachOn = Number(account.reach_enabled) === 1;
  const results: BulkOrderResult[] = [];
  for (const entryId of new Set(request.entryIds)) {
    const owned = yield* loadEntry(entryId);
    const mine = owned !== undefined && canManageEntry(requester, owned);
    // a title is shown only to someone who may see the entry: theirs, or a published one
    const title = owned && (mine || owned.entry.visibility === 'published') ? owned.entry.title : null;
    const refuse = (reason: RefusalReason) => results.push({ entryId, title, outcome: 'refused', reason });
    if (!owned || !mine) refuse('not_yours');
    else if (!reachOn) refuse('reach_disabled');
    else {
      const placed = yield* placeOrder(draftFor(owned.entry, { accountId, requesterId }, request));
      if (placed.kind === 'placed') results.push({ entryId, title, outcome: 'ordered', order: placed.order });
      else refuse(placed.kind === 'duplicate' ? 'already_ordered' : 'no_credit');
    }
  }
  if (key !== undefined && results.some((r) => r.outcome === 'ordered')) {
    const kept: KeptResult[] = results.map((r) => ({
      entryId: r.entryId,
      title: r.title,
      reason: r.outcome === 'refused' ? r.reason : null,
      orderId: r.outcome === 'ordered' ? r.order.id : null,
    }));
    const orderIds = kept.flatMap((k) => (k.orderId ? [k.orderId] : []));
    yield* rememberKey(requesterId, key, fingerprint, orderIds, keyTtlMs, JSON.stringify(kept));
  }
  return results;
}
