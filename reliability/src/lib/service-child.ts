/**
 * `onscreen serve` for load runs: the same service (startOnscreenService with the same config
 * resolution) but with the per-user and per-account rate limits raised by ONSCREEN_SOAK_REQUESTS_PER_MINUTE, so a
 * load test measures the service, not the limiter. Stops on SIGTERM like the CLI.
 */
import { resolveServeConfig, startOnscreenService } from '@onscreen/search-api';

const controller = new AbortController();
process.once('SIGTERM', () => controller.abort());
process.once('SIGINT', () => controller.abort());
const config = resolveServeConfig(
  { port: '0', host: '127.0.0.1', dataDir: process.env.ONSCREEN_DATA_DIR, samples: false },
  process.env,
  process.cwd(),
);
const requestsPerMinute = Number(process.env.ONSCREEN_SOAK_REQUESTS_PER_MINUTE ?? 1_000_000);
const service = await startOnscreenService(config, {
  signal: controller.signal,
  limits: { requestsPerMinute, accountRequestsPerMinute: requestsPerMinute },
});
process.stdout.write(`onscreen is running at ${service.url}/\n`);
await new Promise<void>((resolve) => controller.signal.addEventListener('abort', () => resolve(), { once: true }));
await service.close();
