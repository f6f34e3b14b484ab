/**
 * Browser and service helpers shared by the browser tests (packages/search-api/test-browser) and
 * scripts/screenshots.ts. They live here because playwright-core is a devDependency of @onscreen/web.
 * The browser is always Debian's Chromium; nothing is ever downloaded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from 'playwright-core';

export type { Browser, BrowserContext, Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
export const WEB_DIST = fileURLToPath(new URL('../dist', import.meta.url));

export const hasChromium = (): boolean => existsSync(CHROMIUM_PATH);
export const hasWebBuild = (): boolean => existsSync(`${WEB_DIST}/index.html`);

/** Builds the page into dist/ (what serve serves at `/`), so tests never run against a stale build. */
export async function buildWeb(): Promise<void> {
  const vite = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`vite build failed (${code}):\n${output.slice(-3000)}`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * Records every Content-Security-Policy violation in the pages of `context` (a listener installed before
 * any script of the page runs, reporting through a binding CSP cannot block), and every console line
 * Chromium writes about one. The browser tests fail when the list is not empty.
 */
export async function watchCspViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding('__onscreenCspViolation', (_source, text: string) => {
    violations.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __onscreenCspViolation: (text: string) => void }).__onscreenCspViolation;
      report(
        `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} in ${event.documentURI} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  return violations;
}

/**
 * Whether a file's browser tests skip: only when Chromium is missing outside CI (under `CI=true` a
 * missing Chromium fails them). Says why once, on stderr.
 */
export function skipBrowserTests(what = 'the browser tests'): boolean {
  if (hasChromium() || process.env.CI === 'true') return false;
  console.warn(`Skipping ${what}: ${CHROMIUM_PATH} is missing (apt-get install -y chromium).`);
  return true;
}

/** The browser contexts of one test file: each watched for CSP violations from its first page on. */
export interface ContextSet {
  /** One list of violations per context opened, in order. */
  readonly cspViolations: string[][];
  open(browser: Browser, options: BrowserContextOptions): Promise<BrowserContext>;
  closeAll(): Promise<void>;
}

export function createContextSet(): ContextSet {
  const contexts: BrowserContext[] = [];
  const cspViolations: string[][] = [];
  return {
    cspViolations,
    async open(browser, options) {
      const context = await browser.newContext(options);
      contexts.push(context);
      cspViolations.push(await watchCspViolations(context));
      return context;
    },
    async closeAll() {
      for (const context of contexts.splice(0)) await context.close().catch(() => {});
    },
  };
}

/** A test file's own index on the Meilisearch the whole test run shares (vitest's `meiliUrl`, `meiliMasterKey`). */
export interface SharedEngine {
  meiliUrl: string;
  masterKey: string;
  uid: string;
}

export function sharedEngine(inject: (key: 'meiliUrl' | 'meiliMasterKey') => string, uid: string): SharedEngine {
  return { meiliUrl: inject('meiliUrl'), masterKey: inject('meiliMasterKey'), uid };
}

/** The serve's environment for that index. */
export function sharedEngineEnv(engine: SharedEngine): Record<string, string> {
  return { MEILI_URL: engine.meiliUrl, MEILI_MASTER_KEY: engine.masterKey, ONSCREEN_MEILI_INDEX: engine.uid };
}

/**
 * What a browser test file started, stopped and removed in order: its contexts, Chromium, the serve,
 * its Meilisearch index (the engine is shared by the whole run) and its data directory.
 */
export async function tearDownBrowserTests(parts: {
  contexts: ContextSet;
  browser: Browser | undefined;
  serve: ServeProcess | undefined;
  index?: SharedEngine;
  dataDir: string | undefined;
}): Promise<void> {
  await parts.contexts.closeAll();
  await parts.browser?.close();
  await parts.serve?.close();
  if (parts.index !== undefined) {
    const { meiliUrl, masterKey, uid } = parts.index;
    await fetch(`${meiliUrl}/indexes/${uid}`, { method: 'DELETE', headers: { authorization: `Bearer ${masterKey}` } }).catch(() => {});
  }
  if (parts.dataDir) await rm(parts.dataDir, { recursive: true, force: true });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ServeProcess {
  url: string;
  /** The demo admin's token, as serve printed it. */
  token: string;
  /** Everything serve wrote so far (for failure messages). */
  output(): string;
  close(): Promise<void>;
}

export interface ServeOptions {
  dataDir: string;
  samples: boolean;
  /** Extra environment (MEILI_URL, MEILI_MASTER_KEY, ONSCREEN_MEILI_INDEX, ONSCREEN_WORKER_CONCURRENCY …). */
  env?: Record<string, string | undefined>;
  startTimeoutMs?: number;
}

/** `onscreen serve` as a child process on a free port; resolves once it prints its URL and token. */
export async function startServe(options: ServeOptions): Promise<ServeProcess> {
  const port = await freePort();
  const args = ['--conditions=source', '--import', 'tsx', CLI, 'serve', '--port', String(port), '--data-dir', options.dataDir];
  if (!options.samples) args.push('--no-samples');
  const env = { ...process.env, ONSCREEN_DEMO_TOKEN: 'browser_test_token_0123456789', ONSCREEN_LOG_LEVEL: 'warn', ...options.env };
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = () => stopChild(child, exited);
  const deadline = Date.now() + (options.startTimeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    const url = /onscreen is running at (http:\/\/[^/\s]+)/.exec(output)?.[1];
    const token = /Demo admin token: (\S+)/.exec(output)?.[1];
    if (url && token) return { url, token, output: () => output, close };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await close();
  throw new Error(`onscreen serve did not start:\n${output.slice(-4000)}`);
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** A JSON call to the API with a bearer token (for setting up and checking what the page shows). */
export async function apiCall<T>(base: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? null : body instanceof FormData ? body : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/** Polls `probe` until it returns a value (not undefined) or the time is up. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
