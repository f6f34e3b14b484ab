import { ErrorCode, OnscreenError, describeCause } from '@onscreen/core';

/** Foreign database failures become STORE_FAILED once, here; onscreen's own errors pass through. */
export function wrapStoreError(error: unknown, what: string): unknown {
  if (error instanceof OnscreenError) return error;
  return new OnscreenError(ErrorCode.STORE_FAILED, `The store could not ${what}: ${describeCause(error)}`, {
    cause: error,
  });
}

/** The one error every fenced worker write raises when its lease is gone. */
export function leaseLost(orderId: string): OnscreenError {
  return new OnscreenError(
    ErrorCode.LEASE_LOST,
    'This worker no longer holds the lease on the order (it expired, was re-claimed, or the order left processing).',
    { details: { orderId } },
  );
}

export function notFound(kind: string, id: string): OnscreenError {
  return new OnscreenError(ErrorCode.NOT_FOUND, `No ${kind} ${id} was found.`, { details: { kind, id } });
}
