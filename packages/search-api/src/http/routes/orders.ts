import { bulkOrderSummary, CreateOrderRequestSchema, ErrorCode, Messages, type Order, REFUSALS, type User } from '@onscreen/core';
import { z } from 'zod';
import type { Api } from '../route.js';
import { BulkOrderViewSchema, IdParamsSchema, type OrderView, OrderViewSchema } from '../schemas.js';
import { userNamesOf } from '../user-names.js';

const IdempotencyKeySchema = CreateOrderRequestSchema.shape.idempotencyKey;

/** OCR orders: create (bulk, idempotent), list per entry, read, cancel. */
export function orderRoutes(api: Api): void {
  const { store } = api.deps;

  /** Orders as the API shows them: `requesterName` from one lookup for all of them (user-names.ts). */
  async function view(orders: Order[], user: User): Promise<OrderView[]> {
    const requesterName = await userNamesOf(
      store,
      user,
      orders.map((o) => o.requesterId),
    );
    return orders.map((order) => ({ ...order, requesterName: requesterName(order.requesterId) }));
  }
  const viewOne = async (order: Order, user: User) => (await view([order], user))[0] as OrderView;

  api.add({
    method: 'POST',
    url: '/v1/orders',
    operationId: 'createOrders',
    tag: 'orders',
    summary: 'Order OCR for one or many entries (one order each); send Idempotency-Key to make retries safe',
    body: CreateOrderRequestSchema.omit({ idempotencyKey: true }),
    headers: z.object({
      'Idempotency-Key': IdempotencyKeySchema.describe(
        "Makes retries safe: the sender's own key, for this one request body, honoured for 24 h (another body with it: 422)",
      ),
    }),
    errors: [
      ErrorCode.REACH_DISABLED,
      ErrorCode.INSUFFICIENT_CREDIT,
      ErrorCode.SERVICE_NOT_SUPPORTED,
      ErrorCode.DUPLICATE_ORDER,
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
    ],
    response: z.object({ orders: z.array(OrderViewSchema), message: z.literal(Messages.ORDER_RECEIVED) }),
    status: 201,
    handler: async ({ user, body, request }) => {
      const header = request.headers['idempotency-key'];
      const idempotencyKey = IdempotencyKeySchema.safeParse(Array.isArray(header) ? header[0] : header);
      const key = idempotencyKey.success ? idempotencyKey.data : undefined;
      const created = await store.createOrders({
        accountId: user.accountId,
        requesterId: user.id,
        request: { ...body, ...(key ? { idempotencyKey: key } : {}) },
      });
      return { ...created, orders: await view(created.orders, user) };
    },
  });

  api.add({
    method: 'POST',
    url: '/v1/orders/bulk',
    operationId: 'createOrdersEach',
    tag: 'orders',
    summary:
      'Bulk order answered entry by entry: each entry is ordered or refused with its reason (already ordered, REACH off, not yours, not enough credit), with a summary; Idempotency-Key as for POST /v1/orders',
    body: CreateOrderRequestSchema.omit({ idempotencyKey: true }),
    headers: z.object({
      'Idempotency-Key': IdempotencyKeySchema.describe(
        'Makes retries safe: the first answer that ordered anything is given again for 24 h (another body with it: 422)',
      ),
    }),
    errors: [ErrorCode.SERVICE_NOT_SUPPORTED, ErrorCode.IDEMPOTENCY_KEY_REUSED],
    response: BulkOrderViewSchema,
    handler: async ({ user, body, request }) => {
      const header = request.headers['idempotency-key'];
      const idempotencyKey = IdempotencyKeySchema.safeParse(Array.isArray(header) ? header[0] : header);
      const key = idempotencyKey.success ? idempotencyKey.data : undefined;
      const results = await store.createOrdersEach({
        accountId: user.accountId,
        requesterId: user.id,
        request: { ...body, ...(key ? { idempotencyKey: key } : {}) },
      });
      const orders = await view(
        results.flatMap((r) => (r.outcome === 'ordered' ? [r.order] : [])),
        user,
      );
      const byId = new Map(orders.map((o) => [o.id, o]));
      const shown = results.map((r) =>
        r.outcome === 'ordered'
          ? { entryId: r.entryId, title: r.title, outcome: r.outcome, order: byId.get(r.order.id) as OrderView }
          : { entryId: r.entryId, title: r.title, outcome: r.outcome, reason: r.reason, message: REFUSALS[r.reason].message },
      );
      const outcomes = results.map((r) => (r.outcome === 'ordered' ? 'ordered' : r.reason));
      return {
        results: shown,
        summary: bulkOrderSummary(outcomes),
        ordered: orders.length,
        refused: results.length - orders.length,
        message: orders.length > 0 ? Messages.ORDER_RECEIVED : null,
      };
    },
  });

  api.add({
    method: 'GET',
    url: '/v1/entries/:id/orders',
    operationId: 'listEntryOrders',
    tag: 'orders',
    summary: `The entry's orders, newest first; when there are none, also message "${Messages.NO_REQUESTS}"`,
    params: IdParamsSchema,
    response: z.object({ orders: z.array(OrderViewSchema), message: z.literal(Messages.NO_REQUESTS).optional() }),
    handler: async ({ user, params }) => {
      const orders = await view(await store.listEntryOrders(params.id, user.id), user);
      return orders.length === 0 ? { orders, message: Messages.NO_REQUESTS } : { orders };
    },
  });

  api.add({
    method: 'GET',
    url: '/v1/orders/:id',
    operationId: 'getOrder',
    tag: 'orders',
    summary: 'One order (requester and their name, feature, turnaround time, progress, error details)',
    params: IdParamsSchema,
    response: OrderViewSchema,
    handler: async ({ user, params }) => viewOne(await store.getOrder(params.id, user.id), user),
  });

  api.add({
    method: 'POST',
    url: '/v1/orders/:id/retry',
    operationId: 'retryOrder',
    errors: [ErrorCode.INVALID_TRANSITION, ErrorCode.REACH_DISABLED, ErrorCode.DUPLICATE_ORDER, ErrorCode.INSUFFICIENT_CREDIT],
    tag: 'orders',
    summary: 'Retry an order in error: a new order for the same entry with the same options (the one in error stays in the history)',
    params: IdParamsSchema,
    response: z.object({ order: OrderViewSchema, message: z.literal(Messages.ORDER_RECEIVED) }),
    status: 201,
    handler: async ({ user, params }) => ({
      order: await viewOne(await store.retryOrder(params.id, user.id), user),
      message: Messages.ORDER_RECEIVED,
    }),
  });

  api.add({
    method: 'DELETE',
    url: '/v1/orders/:id',
    operationId: 'cancelOrder',
    errors: ['ALREADY_IN_PROGRESS'],
    tag: 'orders',
    summary: `Cancel a pending order; one in progress answers 409 ALREADY_IN_PROGRESS ("${Messages.ALREADY_IN_PROGRESS}")`,
    params: IdParamsSchema,
    response: OrderViewSchema,
    handler: async ({ user, params }) => viewOne(await store.cancelOrder(params.id, user.id), user),
  });
}
