/**
 * Attacks on the web page in Debian's Chromium against a real `onscreen serve`: a video uploaded as
 * `x.html` / `x.svg` with a <script> in its metadata, opened the way a user opens a video in a new tab
 * (the player's own source URL), must run no script; that URL carries a capability, never the token;
 * the page works under the service's Content-Security-Policy, and the violation watcher the browser
 * tests rely on does see a violation when one happens.
 *
 * Skipped, with the reason printed, when /usr/bin/chromium is missing — except under CI=true.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveFfmpeg, runProcess } from '@onscreen/indexer';
import { makeVideo, slideDeck } from '@onscreen/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type Browser,
  apiCall,
  buildWeb,
  launchChromium,
  type ServeProcess,
  startServe,
  WEB_DIST,
  createContextSet,
  skipBrowserTests,
  tearDownBrowserTests,
  sharedEngine,
  sharedEngineEnv,
} from '../web/test-support/browser.js';

const skip = skipBrowserTests('the browser security tests');

/** What the hostile metadata would do if it ran as a page: mark the window, rename the tab, call home with the token. */
const PAYLOAD =
  '<script>window.__pwned=1;document.title="PWNED";fetch("/pwned?t="+encodeURIComponent(sessionStorage.getItem("onscreen.token")))</script>' +
  '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=2;fetch(\'/pwned-svg\')"><script>window.__pwned=3</script></svg>';

let dataDir: string;
let serve: ServeProcess;
let browser: Browser;
let hostile: string;
const contexts = createContextSet();
const indexUid = `websec_${process.pid}_${Date.now()}`;

beforeAll(async () => {
  if (skip) return;
  dataDir = await mkdtemp(join(tmpdir(), 'onscreen-websec-'));
  const clean = join(dataDir, 'clean.mp4');
  await Promise.all([makeVideo(slideDeck({ durationS: 2, width: 320, height: 180, seed: 7 }), clean), buildWeb()]);
  hostile = join(dataDir, 'hostile.mp4');
  const args = ['-v', 'error', '-y', '-i', clean, '-metadata', `title=${PAYLOAD}`, '-metadata', `comment=${PAYLOAD}`, '-c', 'copy'];
  const made = await runProcess(resolveFfmpeg().path, [...args, '-movflags', '+faststart', '-f', 'mp4', hostile], { timeoutMs: 60_000 });
  if (made.exitCode !== 0) throw new Error(made.stderrTail);
  serve = await startServe({
    dataDir: join(dataDir, 'data'),
    samples: false,
    env: sharedEngineEnv(sharedEngine(inject, indexUid)),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await tearDownBrowserTests({
    contexts,
    browser,
    serve,
    index: skip ? undefined : sharedEngine(inject, indexUid),
    dataDir,
  });
});

async function uploadAs(name: string): Promise<string> {
  const form = new FormData();
  form.set('title', `hostile ${name}`);
  form.set('file', new Blob([await readFile(hostile)], { type: 'text/html' }), name);
  return (await apiCall<{ id: string }>(serve.url, serve.token, 'POST', '/v1/entries', form)).id;
}

async function newContext() {
  const context = await contexts.open(browser, { viewport: { width: 1280, height: 900 } });
  const violations = contexts.cspViolations.at(-1) as string[];
  const calledHome: string[] = [];
  context.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/pwned')) calledHome.push(request.url());
  });
  return { context, violations, calledHome };
}

describe.skipIf(skip)('the web page against hostile uploads, in Chromium', () => {
  it.each(['x.html', 'x.svg'])(
    "a video uploaded as %s with <script> in its metadata, opened from the player's own source URL, runs no script",
    async (name) => {
      const entryId = await uploadAs(name);
      const { context, violations, calledHome } = await newContext();
      const page = await context.newPage();
      await page.goto(`${serve.url}/?token=${encodeURIComponent(serve.token)}#/entry/${entryId}`);
      // the player plays it: it is served as the video it is
      await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1, undefined, { timeout: 30_000 });
      const source = await page.locator('video').evaluate((v: HTMLVideoElement) => v.currentSrc);
      expect(source).toMatch(/\/media\?cap=/);
      expect(source).not.toContain(serve.token);

      // "open video in new tab": the same URL as a top-level document, in a tab of the same origin
      const tab = await context.newPage();
      const response = await tab.goto(source);
      expect(response?.status()).toBe(200);
      const headers = response?.headers() ?? {};
      expect(headers['content-type']).toBe('video/mp4');
      expect(headers['x-content-type-options']).toBe('nosniff');
      await tab.waitForTimeout(1500); // time for a script to run, if one could
      expect(await tab.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null)).toBeNull();
      expect(await tab.title()).not.toBe('PWNED');
      expect(calledHome).toEqual([]);
      expect(violations).toEqual([]);
    },
  );

  it('the page is served under the policy with nosniff and no Referer, and the build publishes no source maps', async () => {
    const response = await fetch(`${serve.url}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const assets = await readdir(join(WEB_DIST, 'assets'));
    expect(assets.filter((f) => f.endsWith('.map'))).toEqual([]);
    for (const asset of assets.filter((f) => f.endsWith('.js'))) {
      expect(await readFile(join(WEB_DIST, 'assets', asset), 'utf8')).not.toContain('sourceMappingURL');
      expect((await fetch(`${serve.url}/assets/${asset}.map`)).status).toBe(404);
    }
  });

  it('the violation watcher the browser tests rely on sees an inline script the policy blocks', async () => {
    const { context, violations } = await newContext();
    const page = await context.newPage();
    await page.goto(`${serve.url}/?token=${encodeURIComponent(serve.token)}#/media`);
    await page.locator('.whoami').waitFor();
    expect(violations).toEqual([]);
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
    });
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(violations[0]).toMatch(/script-src/);
    expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan ?? false)).toBe(false);
  });
});
