import type { OnscreenStore } from '@onscreen/store';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface HttpMetrics {
  readonly registry: Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** The worker reports frames it OCRed (serve wires its events here). */
  addOcrFrames(count: number): void;
}

/** Figures the process knows beside the store's. */
export interface MetricsGauges {
  /** Restarts of the embedded Meilisearch since start-up. */
  engineRestarts?: () => number;
  /** Entries whose documents differ from the store, as the last reconcile found them (null: none ran yet). */
  searchDrift?: () => number | null;
}

/** One registry per service (tests build many), Prometheus text at /metrics. */
export function createHttpMetrics(store: OnscreenStore, gauges: MetricsGauges = {}): HttpMetrics {
  const registry = new Registry();
  // Node's default metrics under their standard names (process_*, nodejs_*), as stock dashboards expect
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'onscreen_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'onscreen_http_request_duration_seconds',
    help: 'Time from request to answer, by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const frames = new Counter({
    name: 'onscreen_ocr_frames_total',
    help: 'Video frames OCRed by the worker of this process',
    registers: [registry],
  });
  new Gauge({
    name: 'onscreen_orders',
    help: 'Orders in the store, by status',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const counts = await store.countOrdersByStatus();
      for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
    },
  });
  const outbox = ['pending', 'failing', 'oldest_age_seconds'] as const;
  new Gauge({
    name: 'onscreen_search_outbox',
    help: 'Search outbox: entries waiting for the index (pending), of those whose last application failed (failing), age of the oldest (oldest_age_seconds)',
    labelNames: ['figure'] as const,
    registers: [registry],
    async collect() {
      const stats = await store.searchOutboxStats();
      const values = [stats.pending, stats.failing, stats.oldestAgeMs / 1000];
      for (const [i, figure] of outbox.entries()) this.set({ figure }, values[i] ?? 0);
    },
  });
  const { engineRestarts, searchDrift } = gauges;
  if (engineRestarts !== undefined) {
    new Gauge({
      name: 'onscreen_meilisearch_restarts_total',
      help: 'Times the embedded Meilisearch was restarted after its process exited',
      registers: [registry],
      collect() {
        this.set(engineRestarts());
      },
    });
  }
  if (searchDrift !== undefined) {
    new Gauge({
      name: 'onscreen_search_drift_entries',
      help: 'Entries whose search documents differed from the store at the last reconcile (-1: none ran yet)',
      registers: [registry],
      collect() {
        this.set(searchDrift() ?? -1);
      },
    });
  }
  return {
    registry,
    observeRequest(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
    addOcrFrames: (count) => frames.inc(count),
  };
}
