import type { OrderWorkerEvent } from './worker-options.js';

/**
 * One human line per worker event, for logs: `<workerId> <what happened>`; without the worker id when
 * `withWorkerId` is false (one worker in an interactive service: the id is noise there).
 */
export function describeWorkerEvent(event: OrderWorkerEvent, options: { withWorkerId?: boolean } = {}): string {
  const what = (() => {
    switch (event.type) {
      case 'claimed':
        return `claimed order ${event.orderId} (entry ${event.entryId}, attempt ${event.attempt})`;
      case 'progress':
        return `order ${event.orderId}: ${event.step} ${event.percent}%`;
      case 'ready':
        return `order ${event.orderId} ready: ${event.segmentCount} segments in ${(event.elapsedMs / 1000).toFixed(1)} s`;
      case 'error':
        return `order ${event.orderId} failed [${event.code}] ${event.retryable && event.status === 'pending' ? 'will be retried' : 'for good'}: ${event.details}`;
      case 'released':
        return `order ${event.orderId} released back to pending`;
      case 'lease-lost':
        return `order ${event.orderId} abandoned, lease lost: ${event.reason}`;
      case 'reaped':
        return `reaped ${event.count} expired lease${event.count === 1 ? '' : 's'}`;
      case 'warning':
        return `warning${event.orderId === undefined ? '' : ` (order ${event.orderId})`}: ${event.message}`;
    }
  })();
  return options.withWorkerId === false ? what : `${event.workerId} ${what}`;
}
