import { resolve } from 'node:path';
import { ErrorCode, LanguagesSchema, OnscreenError, SEARCH_LIMITS } from '@onscreen/core';
import { z } from 'zod';

/** How long an order request's Idempotency-Key is honoured: 24 h by default, 1 s … 100 years. */
export const IDEMPOTENCY_KEY_TTL_SECONDS = { default: 86_400, max: 100 * 365 * 86_400 } as const;

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const int = (unit: string, min: number, max: number, range = `${min}–${max}`) =>
  z.coerce
    .number({ error: `must be a number${unit}` })
    .int(`must be a whole number${unit}`)
    .min(min, `must be ${range}`)
    .max(max, `must be ${range}`);
const flag = z.preprocess((v) => (typeof v === 'string' ? !/^(0|false|no|off)?$/i.test(v) : v), z.boolean());

/**
 * Every setting of every `onscreen` command in one schema: environment and flags are merged into its
 * input (flags win), and it is parsed once, before anything starts. Each command picks the settings it
 * uses (COMMAND_SETTINGS); a bad value is named with where it came from (SOURCES).
 */
export const OnscreenConfigSchema = z.object({
  dataDir: z.string().min(1, 'must not be empty'),
  databaseUrl: optional(
    z
      .string()
      .regex(
        /^(postgres(ql)?:\/\/.+|(?![a-z][\w+.-]*:\/\/).+)$/i,
        'must be a postgres:// or postgresql:// URL, or the path of a SQLite file (SQLite in the data dir is the default)',
      ),
  ),
  meiliUrl: optional(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })),
  meiliMasterKey: optional(z.string()),
  meiliShards: optional(
    z
      .string()
      .transform((v) => v.split(',').map((s) => s.trim()))
      .pipe(
        z
          .array(z.url({ protocol: /^https?$/ }), { error: 'must be http(s) URLs of Meilisearch instances separated by commas' })
          .min(2, 'must list at least two Meilisearch URLs (one instance: use MEILI_URL)')
          .max(64, 'must list at most 64 Meilisearch URLs'),
      ),
  ),
  meiliMaxIndexingMemory: optional(z.string().regex(/^\d+(\.\d+)?\s*([KMGT]i?B|B)?$/i, 'must be bytes or a size such as 512MiB or 2GiB')),
  meiliMaxIndexingThreads: optional(int('', 1, 1_024)),
  meiliNice: optional(int('', 0, 19)),
  indexUid: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be 1–200 letters, digits, "_" or "-"'),
  ffmpegPath: optional(z.string()),
  ffprobePath: optional(z.string()),
  verbose: flag,
  // serve
  port: int('', 0, 65535),
  host: z
    .string()
    .min(1, 'must not be empty')
    .regex(/^[\w.:[\]-]+$/, 'must be a host name or an IP address'),
  demoToken: optional(z.string().regex(/^[\w-]{16,200}$/, 'must be 16–200 letters, digits, "_" or "-"')),
  samples: flag,
  runWorker: flag,
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    error: 'must be one of fatal, error, warn, info, debug, trace, silent',
  }),
  mediaQuotaBytes: optional(int(' of bytes', 1, Number.MAX_SAFE_INTEGER, 'at least 1 byte')),
  idempotencyKeyTtlSeconds: int(' of seconds', 1, IDEMPOTENCY_KEY_TTL_SECONDS.max, '1 second to 100 years'),
  reconcileMinutes: int(' of minutes', 0, 10_080, '0 (off) to 10080 (a week)'),
  metricsToken: optional(z.string().regex(/^[\x21-\x7e]{16,200}$/, 'must be 16–200 printable characters without spaces')),
  metricsListen: optional(
    z
      .string()
      .regex(/^(\[[0-9a-fA-F:]+\]|[\w.-]+):\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:9464')
      .transform((value) => {
        const at = value.lastIndexOf(':');
        return { host: value.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(value.slice(at + 1)) };
      })
      .refine((listen) => listen.port <= 65535, 'the port must be 0–65535'),
  ),
  capabilityKey: optional(
    z.string().regex(/^[A-Za-z0-9+/_-]{43,}={0,2}$/, 'must be at least 32 bytes in base64 (openssl rand -base64 32)'),
  ),
  corsOrigins: optional(
    z
      .string()
      .transform((v) => v.split(',').map((s) => s.trim()))
      .pipe(
        z.array(z.union([z.literal('*'), z.url({ protocol: /^https?$/ })]), {
          error: 'must be "*" or http(s) origins separated by commas',
        }),
      ),
  ),
  // worker
  workerConcurrency: int('', 1, 16),
  leaseMs: int(' of milliseconds', 1_000, 3_600_000, '1 000–3 600 000 ms'),
  apiUrl: optional(z.url({ protocol: /^https?$/, error: 'must be the http:// or https:// URL of the onscreen API' })),
  workerToken: optional(z.string().regex(/^[\w-]{32,200}$/, 'must be 32–200 letters, digits, "_" or "-"')),
  // extract, index, demo
  languages: LanguagesSchema,
  sampleFps: optional(z.coerce.number({ error: 'must be a number' }).min(0.2, 'must be 0.2–10').max(10, 'must be 0.2–10')),
  entryId: optional(z.string().regex(/^[\w-]{1,64}$/, 'must be an id of letters, digits, "_" or "-" (at most 64)')),
  title: optional(z.string().max(500, 'must be at most 500 characters')),
  ownerId: z.string().regex(/^[\w-]{1,64}$/, 'must be an id of letters, digits, "_" or "-" (at most 64)'),
  published: flag,
  // search
  json: flag,
  // reconcile
  fix: flag,
  limit: int('', 1, SEARCH_LIMITS.maxPageSize),
  moments: int('', 1, SEARCH_LIMITS.maxMomentsPerEntry),
});
export type OnscreenConfig = z.infer<typeof OnscreenConfigSchema>;
type Key = keyof OnscreenConfig;

/** Where each setting comes from: the command-line flag, the environment variable, the default. */
export const SOURCES: { readonly [K in Key]: { flag?: string; env?: string; default?: unknown } } = {
  dataDir: { flag: '--data-dir', env: 'ONSCREEN_DATA_DIR', default: '.onscreen' },
  databaseUrl: { env: 'ONSCREEN_DATABASE_URL' },
  meiliUrl: { env: 'MEILI_URL' },
  meiliMasterKey: { env: 'MEILI_MASTER_KEY' },
  meiliShards: { env: 'ONSCREEN_MEILI_SHARDS' },
  meiliMaxIndexingMemory: { env: 'ONSCREEN_MEILI_MAX_INDEXING_MEMORY' },
  meiliMaxIndexingThreads: { env: 'ONSCREEN_MEILI_MAX_INDEXING_THREADS' },
  meiliNice: { env: 'ONSCREEN_MEILI_NICE' },
  indexUid: { env: 'ONSCREEN_MEILI_INDEX', default: 'onscreen_segments' },
  ffmpegPath: { env: 'FFMPEG_PATH' },
  ffprobePath: { env: 'FFPROBE_PATH' },
  verbose: { flag: '--verbose', env: 'ONSCREEN_VERBOSE', default: false },
  port: { flag: '--port', env: 'ONSCREEN_PORT', default: 8080 },
  host: { flag: '--host', env: 'ONSCREEN_HOST', default: '127.0.0.1' },
  demoToken: { env: 'ONSCREEN_DEMO_TOKEN' },
  samples: { flag: '--no-samples', default: true },
  runWorker: { flag: '--no-worker', env: 'ONSCREEN_RUN_WORKER', default: true },
  logLevel: { env: 'ONSCREEN_LOG_LEVEL', default: 'warn' },
  mediaQuotaBytes: { env: 'ONSCREEN_MEDIA_QUOTA_BYTES' },
  idempotencyKeyTtlSeconds: { env: 'ONSCREEN_IDEMPOTENCY_KEY_TTL_SECONDS', default: IDEMPOTENCY_KEY_TTL_SECONDS.default },
  reconcileMinutes: { env: 'ONSCREEN_RECONCILE_MINUTES', default: 10 },
  metricsToken: { env: 'ONSCREEN_METRICS_TOKEN' },
  metricsListen: { env: 'ONSCREEN_METRICS_LISTEN' },
  capabilityKey: { env: 'ONSCREEN_CAPABILITY_KEY' },
  corsOrigins: { env: 'ONSCREEN_CORS_ORIGINS' },
  workerConcurrency: { flag: '--concurrency', env: 'ONSCREEN_WORKER_CONCURRENCY', default: 2 },
  leaseMs: { flag: '--lease-ms', env: 'ONSCREEN_LEASE_MS', default: 30_000 },
  apiUrl: { flag: '--api-url', env: 'ONSCREEN_API_URL' },
  workerToken: { env: 'ONSCREEN_WORKER_TOKEN' },
  languages: { flag: '--lang', env: 'ONSCREEN_OCR_LANG', default: 'eng' },
  sampleFps: { flag: '--fps' },
  entryId: { flag: '--entry' },
  title: { flag: '--title' },
  ownerId: { flag: '--owner', default: 'cli' },
  published: { flag: '--published', default: false },
  json: { flag: '--json', default: false },
  fix: { flag: '--fix', default: false },
  limit: { flag: '--limit', default: 10 },
  moments: { flag: '--moments', default: 3 },
};

const ENGINE = [
  'dataDir',
  'meiliUrl',
  'meiliMasterKey',
  'meiliShards',
  'meiliMaxIndexingMemory',
  'meiliMaxIndexingThreads',
  'meiliNice',
  'indexUid',
  'verbose',
] as const;
const MEDIA = ['ffmpegPath', 'ffprobePath'] as const;
const OCR = ['languages', 'sampleFps'] as const;

/** The settings each command reads; nothing else is looked at (or can be wrong) for it. */
export const COMMAND_SETTINGS = {
  serve: [
    ...ENGINE,
    ...MEDIA,
    'databaseUrl',
    'port',
    'host',
    'demoToken',
    'samples',
    'runWorker',
    'logLevel',
    'workerConcurrency',
    'mediaQuotaBytes',
    'idempotencyKeyTtlSeconds',
    'reconcileMinutes',
    'corsOrigins',
    'workerToken',
    'metricsToken',
    'metricsListen',
    'capabilityKey',
  ],
  worker: [...ENGINE, ...MEDIA, 'databaseUrl', 'workerConcurrency', 'leaseMs', 'apiUrl', 'workerToken'],
  index: [...ENGINE, ...MEDIA, ...OCR, 'entryId', 'title', 'ownerId', 'published'],
  search: [...ENGINE, 'json', 'limit', 'moments', 'entryId'],
  extract: [...MEDIA, ...OCR, 'verbose', 'json'],
  demo: [...ENGINE, ...MEDIA],
  doctor: [...ENGINE, ...MEDIA, 'databaseUrl', 'json'],
  reconcile: [...ENGINE, 'databaseUrl', 'fix', 'json'],
} as const satisfies Record<string, readonly Key[]>;
export type CommandName = keyof typeof COMMAND_SETTINGS;
export type CommandConfig<C extends CommandName> = Pick<OnscreenConfig, (typeof COMMAND_SETTINGS)[C][number]>;
export type ServeConfig = CommandConfig<'serve'>;
export type WorkerConfig = CommandConfig<'worker'>;

/** Flags as the argument parser gives them, by setting name (`dataDir`, `port`, …). */
export type ConfigFlags = { readonly [K in Key]?: unknown };
/** @deprecated the flags of `onscreen serve`; use ConfigFlags. */
export type ServeFlags = ConfigFlags;

const describeSource = (key: Key) => {
  const { flag, env } = SOURCES[key];
  return [flag, env].filter((s) => s !== undefined).join(' / ') || key;
};

/**
 * Reads the settings of `command`: each from its flag, else its environment variable (an empty one
 * counts as unset), else its default; validated all at once. Throws INVALID_INPUT with one line per bad
 * value, each naming where the value came from.
 */
export function resolveConfig<C extends CommandName>(
  command: C,
  flags: ConfigFlags,
  env: Record<string, string | undefined>,
  cwd: string,
): CommandConfig<C> {
  const keys: readonly Key[] = COMMAND_SETTINGS[command];
  const input: Record<string, unknown> = {};
  for (const key of keys) {
    const { env: name, default: fallback } = SOURCES[key];
    const fromEnv = name === undefined || env[name] === '' ? undefined : env[name];
    input[key] = flags[key] ?? fromEnv ?? fallback;
  }
  if (typeof input.dataDir === 'string') input.dataDir = resolve(cwd, input.dataDir);
  const schema = OnscreenConfigSchema.pick(Object.fromEntries(keys.map((k) => [k, true])) as Record<Key, true>);
  const parsed = schema.safeParse(input);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${describeSource(issue.path[0] as Key)}: ${issue.message}`);
  if (keys.includes('apiUrl') && input.apiUrl !== undefined && input.workerToken === undefined) {
    problems.push(`${describeSource('workerToken')}: must be set when --api-url is (the worker signs media URLs with it)`);
  }
  if (keys.includes('meiliShards') && input.meiliShards !== undefined && input.meiliMasterKey === undefined) {
    problems.push(`${describeSource('meiliMasterKey')}: must be set when ONSCREEN_MEILI_SHARDS is (every shard is reached with it)`);
  }
  if (keys.includes('meiliShards') && input.meiliShards !== undefined && input.meiliUrl !== undefined) {
    problems.push(`${describeSource('meiliShards')}: set either MEILI_URL (one Meilisearch) or ONSCREEN_MEILI_SHARDS (several), not both`);
  }
  if (keys.includes('meiliUrl') && input.meiliUrl !== undefined && input.meiliMasterKey === undefined) {
    problems.push(
      `${describeSource('meiliMasterKey')}: must be set when MEILI_URL is (onscreen never talks to a Meilisearch without a key)`,
    );
  }
  if (problems.length > 0 || !parsed.success) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `invalid configuration:\n  ${problems.join('\n  ')}`, { details: { problems } });
  }
  return parsed.data as CommandConfig<C>;
}

/** The settings of `onscreen serve` (flags win over the environment). */
export function resolveServeConfig(flags: ConfigFlags, env: Record<string, string | undefined>, cwd: string): ServeConfig {
  return resolveConfig('serve', flags, env, cwd);
}
