/**
 * @onscreen/search-api — the onscreen service: the HTTP API (Fastify) with Global Search, ordering and
 * access control, the composition that starts Meilisearch, the store, the worker and the API
 * (`onscreen serve`), and the `onscreen` command line. The web page is built separately (web/).
 * Domain types come from @onscreen/core, storage from @onscreen/store, OCR from @onscreen/indexer.
 */
export { createHttpApp, onscreen, type HttpApp, type OnscreenPluginOptions } from './http/app.js';
export type { HttpDeps, HttpLimits } from './http/deps.js';
export { signWorkerMediaUrl } from './http/worker-media-url.js';
export {
  COMMAND_SETTINGS,
  OnscreenConfigSchema,
  resolveConfig,
  resolveServeConfig,
  SOURCES as CONFIG_SOURCES,
  type CommandConfig,
  type CommandName,
  type ConfigFlags,
  type OnscreenConfig,
  type ServeConfig,
  type ServeFlags,
  type WorkerConfig,
} from './app/config.js';
export { collectSetupReport, formatSetupReport, resolveMediaTools, type MediaTools, type SetupReport } from './app/setup-report.js';
export { startOnscreenService, type OnscreenService, type OnscreenServiceOptions } from './app/onscreen-service.js';
export { seedDemo, DEMO_ACCOUNT_ID, DEMO_ADMIN_ID, type DemoSeed, type DemoSeedOptions } from './app/demo-seed.js';
export { openSearchEngine, type SearchEngine, type SearchEngineOptions } from './engine/search-engine.js';
export { runCli } from './cli/main.js';
export type { CliContext } from './cli/context.js';
export { SAMPLE_VIDEO, WEB_DIST_DIR } from './package-files.js';
