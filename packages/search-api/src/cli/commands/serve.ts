import { describeWorkerEvent, type OrderWorkerEvent } from '@onscreen/worker';
import { resolveConfig } from '../../app/config.js';
import { startOnscreenService } from '../../app/onscreen-service.js';
import { formatSetupReport } from '../../app/setup-report.js';
import type { CommandRunner } from '../program.js';

/** Worker events worth a line on the console of an interactive service (progress stays in the API). */
const SHOWN_EVENTS: ReadonlySet<OrderWorkerEvent['type']> = new Set(['ready', 'error', 'lease-lost', 'warning']);

const waitForAbort = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });

/** Runs the whole service until Ctrl-C: search engine, store, worker, HTTP API, demo data. */
export const serveCommand: CommandRunner = async (_args, flags, ctx) => {
  const config = resolveConfig('serve', flags, ctx.env, ctx.cwd);
  ctx.stderr.write(
    `Starting onscreen in ${config.dataDir} (${config.meiliUrl ? `Meilisearch at ${config.meiliUrl}` : 'embedded Meilisearch'}, ${config.databaseUrl ? 'Postgres' : 'SQLite'}) …\n`,
  );
  const service = await startOnscreenService(config, {
    signal: ctx.signal,
    onWorkerEvent: (event) => {
      if (SHOWN_EVENTS.has(event.type)) ctx.stderr.write(`${describeWorkerEvent(event, { withWorkerId: config.verbose })}\n`);
    },
  });
  try {
    ctx.stderr.write(formatSetupReport(service.setup));
    const { demo } = service;
    if (demo.createdEntryIds.length > 0)
      ctx.stderr.write(`Added the sample video (${demo.createdEntryIds.join(', ')}) and ordered OCR for it.\n`);
    const query = demo.token === '' ? '' : `?token=${encodeURIComponent(demo.token)}`;
    ctx.stdout.write(`onscreen is running at ${service.url}/${query}\n`);
    ctx.stdout.write(`API: ${service.url}/v1 (OpenAPI: ${service.url}/v1/openapi.json)\n`);
    if (demo.token !== '') ctx.stdout.write(`Demo admin token: ${demo.token}\n`);
    ctx.stdout.write('Press Ctrl-C to stop.\n');
    await waitForAbort(ctx.signal);
    ctx.stderr.write('Stopping …\n');
  } finally {
    await service.close();
  }
};
