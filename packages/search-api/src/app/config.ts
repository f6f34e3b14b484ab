import { resolve } from 'node:path';
import { ErrorCode, OnscreenError } from '@onscreen/core';
import { z } from 'zod';

/** Flags of `onscreen serve`, as parseArgs gives them. */
export interface ServeFlags {
  port?: string | undefined;
  host?: string | undefined;
  dataDir?: string | undefined;
  samples?: boolean | undefined;
}

/** Where each setting comes from, for error messages. */
const SOURCES: Record<string, string> = {
  port: '--port / ONSCREEN_PORT',
  host: '--host / ONSCREEN_HOST',
  dataDir: '--data-dir / ONSCREEN_DATA_DIR',
  databaseUrl: 'ONSCREEN_DATABASE_URL',
  meiliUrl: 'MEILI_URL',
  meiliMasterKey: 'MEILI_MASTER_KEY',
  indexUid: 'ONSCREEN_MEILI_INDEX',
  demoToken: 'ONSCREEN_DEMO_TOKEN',
  workerConcurrency: 'ONSCREEN_WORKER_CONCURRENCY',
  logLevel: 'ONSCREEN_LOG_LEVEL',
  mediaQuotaBytes: 'ONSCREEN_MEDIA_QUOTA_BYTES',
  idempotencyKeyTtlSeconds: 'ONSCREEN_IDEMPOTENCY_KEY_TTL_SECONDS',
  metricsToken: 'ONSCREEN_METRICS_TOKEN',
  metricsListen: 'ONSCREEN_METRICS_LISTEN',
  capabilityKey: 'ONSCREEN_CAPABILITY_KEY',
};

/** How long an order request's Idempotency-Key is honoured: 24 h by default, 1 s … 100 years. */
export const IDEMPOTENCY_KEY_TTL_SECONDS = { default: 86_400, max: 100 * 365 * 86_400 } as const;

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const ServeConfigSchema = z
  .object({
    port: z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(0, 'must be 0–65535')
      .max(65535, 'must be 0–65535'),
    host: z
      .string()
      .min(1, 'must not be empty')
      .regex(/^[\w.:[\]-]+$/, 'must be a host name or an IP address'),
    dataDir: z.string().min(1, 'must not be empty'),
    databaseUrl: optional(
      z.string().regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL (SQLite in the data dir is the default)'),
    ),
    meiliUrl: optional(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })),
    meiliMasterKey: optional(z.string()),
    indexUid: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be 1–200 letters, digits, "_" or "-"'),
    demoToken: optional(z.string().regex(/^[\w-]{16,200}$/, 'must be 16–200 letters, digits, "_" or "-"')),
    samples: z.boolean(),
    workerConcurrency: z.coerce.number().int('must be a whole number').min(1, 'must be 1–16').max(16, 'must be 1–16'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    }),
    ffmpegPath: optional(z.string()),
    ffprobePath: optional(z.string()),
    mediaQuotaBytes: optional(
      z.coerce.number({ error: 'must be a number of bytes' }).int('must be a whole number of bytes').min(1, 'must be at least 1 byte'),
    ),
    idempotencyKeyTtlSeconds: z.coerce
      .number({ error: 'must be a number of seconds' })
      .int('must be a whole number of seconds')
      .min(1, 'must be 1 second to 100 years')
      .max(IDEMPOTENCY_KEY_TTL_SECONDS.max, 'must be 1 second to 100 years'),
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
  })
  .refine((c) => c.meiliUrl === undefined || c.meiliMasterKey !== undefined, {
    path: ['meiliMasterKey'],
    message: 'must be set when MEILI_URL is',
  });
export type ServeConfig = z.infer<typeof ServeConfigSchema>;

/** Flags win over the environment; every bad value is named with where it came from, all at once. */
export function resolveServeConfig(flags: ServeFlags, env: Record<string, string | undefined>, cwd: string): ServeConfig {
  const parsed = ServeConfigSchema.safeParse({
    port: flags.port ?? env.ONSCREEN_PORT ?? 8080,
    host: flags.host ?? env.ONSCREEN_HOST ?? '127.0.0.1',
    dataDir: resolve(cwd, flags.dataDir ?? env.ONSCREEN_DATA_DIR ?? '.onscreen'),
    databaseUrl: env.ONSCREEN_DATABASE_URL,
    meiliUrl: env.MEILI_URL,
    meiliMasterKey: env.MEILI_MASTER_KEY,
    indexUid: env.ONSCREEN_MEILI_INDEX || 'onscreen_segments',
    demoToken: env.ONSCREEN_DEMO_TOKEN,
    samples: flags.samples ?? true,
    workerConcurrency: env.ONSCREEN_WORKER_CONCURRENCY ?? 2,
    logLevel: env.ONSCREEN_LOG_LEVEL ?? 'warn',
    mediaQuotaBytes: env.ONSCREEN_MEDIA_QUOTA_BYTES,
    idempotencyKeyTtlSeconds: env.ONSCREEN_IDEMPOTENCY_KEY_TTL_SECONDS || IDEMPOTENCY_KEY_TTL_SECONDS.default,
    metricsToken: env.ONSCREEN_METRICS_TOKEN,
    metricsListen: env.ONSCREEN_METRICS_LISTEN,
    capabilityKey: env.ONSCREEN_CAPABILITY_KEY,
    ffmpegPath: env.FFMPEG_PATH,
    ffprobePath: env.FFPROBE_PATH,
  });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    return `${SOURCES[key] ?? key}: ${issue.message}`;
  });
  throw new OnscreenError(ErrorCode.INVALID_INPUT, `invalid configuration:\n  ${problems.join('\n  ')}`, { details: { problems } });
}
