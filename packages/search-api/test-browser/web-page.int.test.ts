/**
 * The web page in Debian's Chromium (playwright-core) against a real `onscreen serve` child process:
 * upload → order → Ready without a reload → search (with a typo) → click a moment → the player is at
 * that moment; cancel a pending request; the in-progress cancel message; REACH disabled; a second
 * user cannot see the first user's private video; the header names who is signed in, rows their owner,
 * request details their requester.
 *
 * Skipped, with the reason printed, when /usr/bin/chromium is missing — except under CI=true, where
 * .ci/run installs it and a missing browser must fail.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Messages } from '@onscreen/core';
import { type GroundTruth, makeVideo, slideDeck } from '@onscreen/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type Browser,
  type Page,
  apiCall,
  buildWeb,
  launchChromium,
  type ServeProcess,
  startServe,
  waitFor,
  createContextSet,
  skipBrowserTests,
  tearDownBrowserTests,
  sharedEngine,
  sharedEngineEnv,
} from '../web/test-support/browser.js';

const skip = skipBrowserTests();

interface OrderView {
  id: string;
  status: string;
}

let dataDir: string;
let serve: ServeProcess;
let browser: Browser;
/** Each context's pages are watched for Content-Security-Policy violations: the page must work under the service's policy. */
const contexts = createContextSet();
let deck: GroundTruth;
const indexUid = `web_${process.pid}_${Date.now()}`;
const file = (name: string) => join(dataDir, name);
const admin = <T>(method: string, path: string, body?: unknown) => apiCall<T>(serve.url, serve.token, method, path, body);

async function uploadByApi(path: string, title: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const form = new FormData();
  form.set('title', title);
  form.set('file', new Blob([await readFile(path)], { type: 'video/mp4' }), 'video.mp4');
  return (await admin<{ id: string }>('POST', '/v1/entries', form)).id;
}

async function orderByApi(entryId: string, turnaroundTime = 'best_effort'): Promise<OrderView> {
  const { orders } = await admin<{ orders: OrderView[] }>('POST', '/v1/orders', { entryIds: [entryId], turnaroundTime });
  return orders[0]!;
}

const orderStatus = async (orderId: string) => (await admin<OrderView>('GET', `/v1/orders/${orderId}`)).status;

/** A new tab signed in through the demo-link form of the address: /?token=…#<hash>. */
async function openAs(token: string, hash = '/media', width = 1280): Promise<Page> {
  const context = await contexts.open(browser, { viewport: { width, height: 900 } });
  const page = await context.newPage();
  const response = await page.goto(`${serve.url}/?token=${encodeURIComponent(token)}#${hash}`);
  // the page runs under the service's policy (so no violation below means the page obeys it)
  expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
  return page;
}

beforeAll(async () => {
  if (skip) return;
  dataDir = await mkdtemp(join(tmpdir(), 'onscreen-web-'));
  const [truth] = await Promise.all([
    makeVideo(slideDeck({ durationS: 6, slideS: 3, seed: 11 }), file('deck.mp4')),
    makeVideo(slideDeck({ durationS: 60, slideS: 2, seed: 3 }), file('blocker.mp4')),
    makeVideo(slideDeck({ durationS: 4, slideS: 4, seed: 5 }), file('short.mp4')),
    buildWeb(),
  ]);
  deck = truth;
  serve = await startServe({
    dataDir: file('data'),
    samples: false,
    // One order at a time, so a second order stays pending while the first is processed.
    env: {
      ...sharedEngineEnv(sharedEngine(inject, indexUid)),
      ONSCREEN_WORKER_CONCURRENCY: '1',
    },
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

describe.skipIf(skip)('the web page in Chromium', () => {
  afterEach(() => {
    expect(contexts.cspViolations.flat(), 'Content-Security-Policy violations').toEqual([]);
  });
  let deckEntryId: string;
  const line = () => {
    const found = deck.lines.find((l) => l.startMs >= 2500 && !/confidential/i.test(l.text));
    if (!found) throw new Error(`no line after 2.5 s in ${JSON.stringify(deck.lines)}`);
    return found;
  };

  it('uploads, orders Caption & Enrich from My Media, shows Ready without a reload, finds a typo, seeks to the moment (±1 s)', async () => {
    const page = await openAs(serve.token);
    expect(page.url()).not.toContain('token=');
    expect(await page.evaluate(() => sessionStorage.getItem('onscreen.token'))).toBe(serve.token);
    // the header says who is signed in (GET /v1/me): the demo admin of the demo account, a token without expiry
    await expect.poll(() => page.locator('.whoami').textContent()).toBe('Signed in as Demo admin Demo · admin');

    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByLabel('Video file').setInputFiles(file('deck.mp4'));
    await page.getByLabel('Title').fill('Browser deck');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Uploaded "Browser deck".' }).count()).toBe(1);
    const row = page.locator('.media-row', { hasText: 'Browser deck' });
    deckEntryId = (await row.getAttribute('data-entry-id'))!;
    // the owner's name (the demo admin's, from the store), not their id
    expect(await row.locator('.media-meta').textContent()).toMatch(/^Demo admin • on [A-Z][a-z]+ \d{2}, \d{4}$/);

    await page.getByRole('checkbox', { name: 'Browser deck' }).check();
    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Caption & Enrich' }).click();
    const dialog = page.getByRole('dialog', { name: 'Order Captions & Enrichment Services' });
    await expect.poll(() => dialog.getByText('does not affect OCR').count()).toBe(1);
    await dialog.getByLabel('Turnaround Time').selectOption('immediate');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe(Messages.ORDER_RECEIVED);
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();

    await page.getByRole('link', { name: 'Browser deck' }).click();
    const first = page.locator('.order-row').first();
    const t0 = Date.now();
    await expect.poll(() => first.getAttribute('data-status'), { timeout: 120_000, interval: 250 }).toBe('ready');
    console.info(`browser: order reached Ready on the page ${((Date.now() - t0) / 1000).toFixed(1)} s after the entry page opened`);
    expect(await first.getByText('Ready').count()).toBe(1);
    await expect.poll(() => page.locator('.transcript-line').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.locator('.chips .chip').count()).toBeGreaterThan(0);

    // Global Search, with one letter dropped from a word only this line has (typo tolerance).
    const others = deck.lines.filter((l) => l !== line()).map((l) => l.text.toLowerCase());
    const word = line()
      .text.split(/\s+/)
      .filter((w) => /^[A-Za-z]{6,}$/.test(w) && !others.some((o) => o.includes(w.toLowerCase())))
      .sort((a, b) => b.length - a.length)[0];
    if (!word) throw new Error(`no distinctive word in "${line().text}"`);
    const typo = `${word.slice(0, 3)}${word.slice(4)}`;
    await page.getByRole('link', { name: 'Global Search' }).click();
    await page.getByLabel('Search text shown in videos').fill(typo);
    await page.getByLabel('Search text shown in videos').press('Enter');
    const result = page.locator(`.result[data-entry-id="${deckEntryId}"]`);
    await result.waitFor({ timeout: 15_000 });
    expect(await result.locator('.media-meta').textContent()).toBe('Demo admin');
    const moment = result.locator('.moment', { hasText: word }).first();
    expect(await moment.locator('mark').count()).toBeGreaterThan(0);
    const startMs = Number(await moment.getAttribute('data-start-ms'));
    expect(Math.abs(startMs - line().startMs), `moment at ${startMs} ms, line at ${line().startMs} ms`).toBeLessThanOrEqual(1000);

    await moment.click();
    await page.waitForFunction(() => {
      const video = document.querySelector('video');
      return video !== null && video.readyState >= 1 && video.currentTime > 0;
    });
    const currentS = await page.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime);
    expect(Math.abs(currentS * 1000 - startMs)).toBeLessThanOrEqual(1000);
    expect(page.url()).toContain(`#/entry/${deckEntryId}?t=`);

    // Find in this video: typo-tolerant and highlighted; a click seeks; the transcript follows the player
    await page.getByLabel('Find in this video').fill(typo);
    const found = page.getByRole('list', { name: 'Moments found in this video' }).locator('.transcript-line', { hasText: word }).first();
    await found.waitFor({ timeout: 15_000 });
    expect(await found.locator('mark').count()).toBeGreaterThan(0);
    await page.locator('video').evaluate((v: HTMLVideoElement) => {
      v.pause();
      v.currentTime = 0;
    });
    await found.click();
    await page.waitForFunction((ms) => {
      const v = document.querySelector('video');
      return v !== null && Math.abs(v.currentTime * 1000 - ms) <= 1000;
    }, line().startMs);
    await expect.poll(() => page.locator('.transcript .transcript-line.active').count()).toBeGreaterThan(0);
    const inView = await page.locator('.transcript').evaluate((box) => {
      const active = box.querySelector('.active');
      if (!active) return false;
      const [outer, inner] = [box.getBoundingClientRect(), active.getBoundingClientRect()];
      return inner.top >= outer.top - 1 && inner.bottom <= outer.bottom + 1;
    });
    expect(inView).toBe(true);

    await page.getByRole('link', { name: 'Global Search' }).click();
    await page.getByLabel('Search text shown in videos').fill('qqxzvb');
    await page.getByLabel('Search text shown in videos').press('Enter');
    await expect.poll(() => page.getByText('No results for “qqxzvb”').count()).toBe(1);

    // Each video shows its best moment; "More moments" brings the others of that video, here in time order.
    await page.evaluate(() => {
      window.location.hash = '#/search?q=';
    });
    const listed = page.locator(`.result[data-entry-id="${deckEntryId}"]`);
    await listed.waitFor({ timeout: 15_000 });
    expect(await listed.locator('.moment').count()).toBe(1);
    await listed.getByRole('button', { name: 'More moments from this video' }).click();
    await expect.poll(() => listed.locator('.moment').count()).toBeGreaterThan(1);
    const starts = await listed.locator('.moment').evaluateAll((links) => links.map((a) => Number(a.getAttribute('data-start-ms'))));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(await listed.getByRole('button', { name: 'More moments from this video' }).count()).toBe(0);
  });

  it('cancels a pending request (trash → Yes → Aborted), and says a request already in progress cannot be canceled', async () => {
    const [blockerId, pendingId, raceId] = await Promise.all([
      uploadByApi(file('blocker.mp4'), 'Blocker'),
      uploadByApi(file('short.mp4'), 'To cancel'),
      uploadByApi(file('short.mp4'), 'Too late to cancel'),
    ]);
    const blocker = await orderByApi(blockerId, 'immediate');
    await waitFor(
      'the blocker to be processing',
      async () => ((await orderStatus(blocker.id)) === 'processing' ? true : undefined),
      60_000,
    );

    const page = await openAs(serve.token, `/entry/${pendingId}`);
    await expect.poll(() => page.getByText(Messages.NO_REQUESTS).count()).toBe(1);
    await page.getByRole('button', { name: '+ Order' }).click();
    const dialog = page.getByRole('dialog', { name: 'Order Captions & Enrichment Services' });
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe(Messages.ORDER_RECEIVED);
    await page.keyboard.press('Escape');
    const row = page.locator('.order-row').first();
    await expect.poll(() => row.getAttribute('data-status')).toBe('pending');
    const orderId = (await row.getAttribute('data-order-id'))!;
    await row.getByRole('button', { name: 'Cancel request' }).click();
    await page.getByRole('dialog', { name: 'Cancel request' }).getByRole('button', { name: 'Yes' }).click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('aborted');
    expect(await row.getByText('Aborted').count()).toBe(1);
    expect(await orderStatus(orderId)).toBe('aborted');

    // The race: the trash icon is shown while pending; the worker claims the order before "Yes".
    const late = await orderByApi(raceId);
    const racePage = await openAs(serve.token, `/entry/${raceId}`);
    const raceRow = racePage.locator(`.order-row[data-order-id="${late.id}"]`);
    await raceRow.getByRole('button', { name: 'Cancel request' }).click();
    const confirm = racePage.getByRole('dialog', { name: 'Cancel request' });
    await confirm.waitFor();
    await waitFor('the worker to claim the order', async () => ((await orderStatus(late.id)) !== 'pending' ? true : undefined), 150_000);
    await confirm.getByRole('button', { name: 'Yes' }).click();
    await expect.poll(() => racePage.getByRole('alert').textContent()).toBe(Messages.ALREADY_IN_PROGRESS);
    expect(await orderStatus(late.id)).not.toBe('aborted');
  });

  it('opens request details and sorts by request date', async () => {
    const page = await openAs(serve.token, `/entry/${deckEntryId}`);
    await page.locator('.order-row').first().waitFor();
    await page.getByRole('button', { name: 'Show request details' }).first().click();
    const details = page.locator('.order-details').first();
    // the requester by name (requesterName), not by id ('demo-admin')
    const text = await details.textContent();
    expect(text).toMatch(/Requester\s*Demo admin[\s\S]*Turnaround time\s*Immediate[\s\S]*Error details\s*None/);
    expect(text).not.toContain('demo-admin');
    const header = page.getByRole('columnheader', { name: /Request date/ });
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
  });

  it('says REACH must be enabled instead of submitting when the account has it off', async () => {
    await admin('PATCH', '/v1/account/reach', { enabled: false });
    try {
      const page = await openAs(serve.token, `/entry/${deckEntryId}`);
      await page.getByRole('button', { name: '+ Order' }).click();
      const dialog = page.getByRole('dialog', { name: 'Order Captions & Enrichment Services' });
      await expect.poll(() => dialog.getByRole('alert').textContent()).toBe(Messages.REACH_DISABLED);
      expect(await dialog.getByRole('button', { name: 'Submit' }).count()).toBe(0);
    } finally {
      await admin('PATCH', '/v1/account/reach', { enabled: true });
    }
  });

  it("a second user sees neither the first user's private video in My Media, nor in search, nor by its address", async () => {
    const { token, expiresAt } = await admin<{ token: string; expiresAt: string }>('POST', '/v1/users', {
      name: 'Second user',
      tokenTtlSeconds: 3600,
    });
    // The admin finds it (so the checks below can fail).
    const own = await admin<{ entries: Array<{ entryId: string }> }>('GET', `/v1/search?q=${encodeURIComponent(line().text)}`);
    expect(own.entries.map((e) => e.entryId)).toContain(deckEntryId);

    const page = await openAs(token);
    await expect.poll(() => page.locator('.whoami-name').textContent()).toBe('Second user');
    const until = await page.evaluate(
      (iso) =>
        new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(
          new Date(iso),
        ),
      expiresAt,
    );
    expect(await page.locator('.whoami-details').textContent()).toBe(`Demo, until ${until}`);
    await expect.poll(() => page.getByText('No media yet').count()).toBe(1);
    expect(await page.locator('.media-row').count()).toBe(0);

    await page.getByRole('link', { name: 'Global Search' }).click();
    await page.getByLabel('Search text shown in videos').fill(line().text);
    await page.getByLabel('Search text shown in videos').press('Enter');
    await expect.poll(() => page.getByText(/^No results for/).count()).toBe(1);
    expect(await page.locator(`.result[data-entry-id="${deckEntryId}"]`).count()).toBe(0);

    await page.goto(`${serve.url}/#/entry/${deckEntryId}`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('was not found');
    expect(await page.locator('video').count()).toBe(0);
  });

  it('is keyboard usable: select with Space, open Actions and the order panel with Enter, close it with Escape', async () => {
    const page = await openAs(serve.token);
    const check = page.getByRole('checkbox', { name: 'Browser deck' });
    await check.focus();
    await page.keyboard.press('Space');
    expect(await check.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Actions' }).focus();
    await page.keyboard.press('Enter');
    const item = page.getByRole('menuitem', { name: 'Caption & Enrich' });
    await expect.poll(() => item.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Order Captions & Enrichment Services' });
    await dialog.waitFor();
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('works at 390 px: no page is wider than the screen, the order panel fits', async () => {
    const page = await openAs(serve.token, `/entry/${deckEntryId}`, 390);
    const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    await page.locator('.order-row').first().waitFor();
    await page.locator('.transcript-line').first().waitFor();
    expect(await pageWidth()).toBeLessThanOrEqual(390);
    await page.goto(`${serve.url}/#/search?q=${encodeURIComponent(line().text)}`);
    await page.locator('.result').first().waitFor();
    expect(await pageWidth()).toBeLessThanOrEqual(390);
    await page.goto(`${serve.url}/#/media`);
    await page.locator('.media-row').first().waitFor();
    expect(await pageWidth()).toBeLessThanOrEqual(390);
    await page.locator('.media-check').first().check();
    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Caption & Enrich' }).click();
    const box = await page.getByRole('dialog', { name: 'Order Captions & Enrichment Services' }).boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  });
});
