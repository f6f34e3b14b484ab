import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openStore } from '@onscreen/store';
import { resolveConfig } from '../../app/config.js';
import { collectSetupReport, formatSetupReport, redactUrl, resolveMediaTools } from '../../app/setup-report.js';
import { openSearchEngine } from '../../engine/search-engine.js';
import type { CommandRunner } from '../program.js';

/** Prints the ffmpeg and probe in use with their versions, Meilisearch's version, the store and the OCR languages. */
export const doctorCommand: CommandRunner = async (_args, flags, ctx) => {
  const config = resolveConfig('doctor', flags, ctx.env, ctx.cwd);
  const tools = resolveMediaTools(config);
  const location = config.databaseUrl ?? join(config.dataDir, 'onscreen.sqlite');
  await mkdir(config.dataDir, { recursive: true });
  await using store = await openStore(location);
  await using engine = await openSearchEngine({ ...config, signal: ctx.signal });
  const report = await collectSetupReport(tools, engine, { backend: store.backend, location: redactUrl(location) });
  ctx.stdout.write(config.json ? `${JSON.stringify(report)}\n` : formatSetupReport(report));
};
