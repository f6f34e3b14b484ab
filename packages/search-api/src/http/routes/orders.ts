import { CreateOrderRequestSchema, Messages, OrderSchema } from '@onscreen/core';
import { z } from 'zod';
import type { Api } from '../route.js';
import { IdParamsSchema } from '../schemas.js';

const IdempotencyKeySchema = CreateOrderRequestSchema.shape.idempotencyKey;

/** OCR orders: create (bulk, idempotent), list per entry, read, cancel. */
export function orderRoutes(api: Api): void {
  const { store } = api.deps;

  api.add({
    method: 'POST',
    url: '/v1/orders',
    tag: 'orders',
    summary: 'Order OCR for one or many entries (one order each); send Idempotency-Key to make retries safe',
    body: CreateOrderRequestSchema.omit({ idempotencyKey: true }),
    response: z.object({ orders: z.array(OrderSchema), message: z.literal(Messages.ORDER_RECEIVED) }),
    status: 201,
    handler: async ({ user, body, request }) => {
      const header = request.headers['idempotency-key'];
      const idempotencyKey = IdempotencyKeySchema.safeParse(Array.isArray(header) ? header[0] : header);
      const key = idempotencyKey.success ? idempotencyKey.data : undefined;
      return store.createOrders({
        accountId: user.accountId,
        requesterId: user.id,
        request: { ...body, ...(key ? { idempotencyKey: key } : {}) },
      });
    },
  });

  api.add({
    method: 'GET',
    url: '/v1/entries/:id/orders',
    tag: 'orders',
    summary: `The entry's orders, newest first; when there are none, also message "${Messages.NO_REQUESTS}"`,
    params: IdParamsSchema,
    response: z.object({ orders: z.array(OrderSchema), message: z.literal(Messages.NO_REQUESTS).optional() }),
    handler: async ({ user, params }) => {
      const orders = await store.listEntryOrders(params.id, user.id);
      return orders.length === 0 ? { orders, message: Messages.NO_REQUESTS } : { orders };
    },
  });

  api.add({
    method: 'GET',
    url: '/v1/orders/:id',
    tag: 'orders',
    summary: 'One order (requester, feature, turnaround time, progress, error details)',
    params: IdParamsSchema,
    response: OrderSchema,
    handler: async ({ user, params }) => store.getOrder(params.id, user.id),
  });

  api.add({
    method: 'DELETE',
    url: '/v1/orders/:id',
    tag: 'orders',
    summary: `Cancel a pending order; one in progress answers 409 ALREADY_IN_PROGRESS ("${Messages.ALREADY_IN_PROGRESS}")`,
    params: IdParamsSchema,
    response: OrderSchema,
    handler: async ({ user, params }) => store.cancelOrder(params.id, user.id),
  });
}
