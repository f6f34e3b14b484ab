import { randomBytes } from 'node:crypto';
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../packages/search-api/src/cli/main.ts', import.meta.url));
const UNLIMITED = fileURLToPath(new URL('./service-child.ts', import.meta.url));

export interface ServeProcess {
  readonly child: ChildProcess;
  /** e.g. http://127.0.0.1:40123 */
  readonly url: string;
  readonly exited: Promise<number | string>;
  output(): string;
}

export interface ServeProcessOptions {
  dataDir: string;
  meili: { url: string; masterKey: string };
  indexUid: string;
  /** Default: a random one. */
  demoToken?: string;
  workerConcurrency?: number;
  startTimeoutMs?: number;
  /** Run lib/service-child.ts (same service, per-token rate limit lifted) instead of the CLI. */
  unlimited?: boolean;
  /** Extra Node flags for the child, e.g. `--cpu-prof` (which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
  /** More environment for the child (settings), over the defaults above. */
  env?: Record<string, string>;
}

/** `onscreen serve --port 0 --no-samples` as a child process, pointed at a Meilisearch we manage. */
export async function startServeProcess(options: ServeProcessOptions): Promise<ServeProcess> {
  const args = options.unlimited
    ? [UNLIMITED]
    : [CLI, 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', options.dataDir, '--no-samples'];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--conditions=source', '--import', 'tsx', ...args], {
    env: {
      ...process.env,
      ONSCREEN_DATA_DIR: options.dataDir,
      MEILI_URL: options.meili.url,
      MEILI_MASTER_KEY: options.meili.masterKey,
      ONSCREEN_MEILI_INDEX: options.indexUid,
      ONSCREEN_DEMO_TOKEN: options.demoToken ?? randomBytes(18).toString('base64url'),
      ONSCREEN_WORKER_CONCURRENCY: String(options.workerConcurrency ?? 1),
      ONSCREEN_LOG_LEVEL: 'error',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-16_000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`onscreen serve did not start in time:\n${output}`)), options.startTimeoutMs ?? 90_000);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      output = `${output}${line}\n`.slice(-16_000);
      const match = /onscreen is running at (http:\/\/[^/\s]+)/.exec(line);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`onscreen serve exited (${code}) before it started:\n${output}`));
    });
  });
  return { child, url, exited, output: () => output };
}
