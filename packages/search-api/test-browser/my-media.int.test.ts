/**
 * My Media at scale in Chromium (1280 and 390 px) against a real `onscreen serve`: 45 entries put
 * straight into its store (and one entry's on-screen text into its index), then paging, page size,
 * sort, filters, "Search In" (the on-screen text included) and the admin's owner filter — all answered
 * by the service, under its security headers (any CSP violation fails the test).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Messages } from '@onscreen/core';
import { createMeiliClient, createSegmentIndex } from '@onscreen/indexer';
import { openSqliteStore } from '@onscreen/store';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_ACCOUNT_ID, DEMO_ADMIN_ID } from '../src/index.js';
import {
  type Browser,
  type Page,
  apiCall,
  buildWeb,
  launchChromium,
  type ServeProcess,
  startServe,
  createContextSet,
  skipBrowserTests,
  tearDownBrowserTests,
  sharedEngine,
  sharedEngineEnv,
} from '../web/test-support/browser.js';

const skip = skipBrowserTests();

let dataDir: string;
let serve: ServeProcess;
let browser: Browser;
const contexts = createContextSet();
const indexUid = `media_${process.pid}_${Date.now()}`;
const ENTRIES = 45;
/** Entries beside the 45 clips: the one with on-screen text and the one with many labels. */
const OTHERS = 2;

beforeAll(async () => {
  if (skip) return;
  dataDir = await mkdtemp(join(tmpdir(), 'onscreen-my-media-'));
  await buildWeb();
  serve = await startServe({
    dataDir: join(dataDir, 'data'),
    samples: false,
    // no worker: orders stay pending, so a second order of an entry is "already ordered"
    env: {
      ...sharedEngineEnv(sharedEngine(inject, indexUid)),
      ONSCREEN_RUN_WORKER: 'false',
    },
  });
  const store = await openSqliteStore({ file: join(dataDir, 'data', 'onscreen.sqlite') });
  try {
    for (let i = 1; i <= ENTRIES; i++) {
      await store.createEntry({
        ownerId: DEMO_ADMIN_ID,
        title: `Clip ${String(i).padStart(2, '0')}`,
        visibility: i % 3 === 0 ? 'published' : 'private',
        durationMs: i * 1000,
        mediaType: 'video',
      });
    }
    const { user } = await store.createUser({ accountId: DEMO_ACCOUNT_ID, name: 'Colleague' });
    await store.createEntry({ ownerId: user.id, title: 'Colleague recording', mediaType: 'video' });
    const text = await store.createEntry({ ownerId: DEMO_ADMIN_ID, title: 'Plain title', mediaType: 'video' });
    const meili = createMeiliClient({ url: inject('meiliUrl'), apiKey: inject('meiliMasterKey') });
    const index = createSegmentIndex({ client: meili.client, indexUid });
    await index.replaceEntrySegments(
      {
        entryId: text.id,
        ownerId: DEMO_ADMIN_ID,
        visibility: 'private',
        categoryIds: [],
        entryTitle: text.title,
        orderId: null,
        language: 'eng',
      },
      [{ text: 'Project Nightingale budget', startMs: 0, endMs: 2000, confidence: 0.9, bbox: { x: 0.1, y: 0.1, w: 0.5, h: 0.1 } }],
    );
    // an entry with five labels kept (three shown, "+ 2 more") and its segments in the index
    const many = await store.createEntry({ ownerId: DEMO_ADMIN_ID, title: 'Many labels', mediaType: 'video' });
    const texts = ['Alpha slide', 'Beta slide', 'Gamma slide', 'Delta slide', 'Epsilon slide'];
    await index.replaceEntrySegments(
      {
        entryId: many.id,
        ownerId: DEMO_ADMIN_ID,
        visibility: 'private',
        categoryIds: [],
        entryTitle: many.title,
        orderId: null,
        language: 'eng',
      },
      texts.map((text, i) => ({
        text,
        startMs: i * 1000,
        endMs: i * 1000 + 5000 - i * 900,
        confidence: 0.9,
        bbox: { x: 0.1, y: 0.1 * i, w: 0.5, h: 0.05 },
      })),
    );
    await store.setEntryLabels(many.id, { top: texts, count: texts.length });
    await meili.close();
  } finally {
    await store.close();
  }
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

async function openMyMedia(width: number, hash = '/media'): Promise<Page> {
  const context = await contexts.open(browser, { viewport: { width, height: 900 } });
  // these entries have no media: their thumbnails are answered here, so that a page of 100 rows does not
  // spend the user's request budget (600 a minute) on frames that cannot exist
  await context.route(/\/thumbnail\?/, (route) => route.fulfill({ status: 204 }));
  const page = await context.newPage();
  await page.goto(`${serve.url}/?token=${encodeURIComponent(serve.token)}#${hash}`);
  return page;
}

const titles = (page: Page) => page.locator('.media-row .media-title').allTextContents();
const range = (page: Page) => page.locator('.pager-range').textContent();

describe.skipIf(skip)('My Media at scale in Chromium', () => {
  afterEach(() => {
    expect(contexts.cspViolations.flat(), 'Content-Security-Policy violations').toEqual([]);
  });

  it.each([1280, 390])('pages, sorts, filters and searches in the service at %i px', async (width) => {
    const page = await openMyMedia(width);
    const total = ENTRIES + OTHERS;
    await expect.poll(() => range(page)).toBe(`1–20 of ${total}`);
    expect(await page.locator('.media-row').count()).toBe(20);
    expect((await titles(page))[0]).toBe('Many labels');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => range(page)).toBe(`21–40 of ${total}`);
    expect(await page.locator('.pager-page').textContent()).toBe('Page 2 of 3');
    await page.getByLabel('Per page').selectOption('50');
    await expect.poll(() => page.locator('.media-row').count()).toBe(total);
    expect(await range(page)).toBe(`1–${total} of ${total}`);

    await page.getByLabel('Sort by').selectOption('name:asc');
    await expect.poll(async () => (await titles(page)).slice(0, 2)).toEqual(['Clip 01', 'Clip 02']);
    await page.getByLabel('Sort by').selectOption('duration:desc');
    await expect.poll(async () => (await titles(page))[0]).toBe('Clip 45');

    await page.locator('.media-filters summary').click();
    await page.getByLabel('Publish status').selectOption('published');
    await expect.poll(() => range(page)).toBe('1–15 of 15');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => range(page)).toBe(`1–${total} of ${total}`);

    // All Fields includes the on-screen text; Title does not; a typo still finds it
    await page.getByLabel('Search my media').fill('nightingal');
    await expect.poll(() => titles(page)).toEqual(['Plain title']);
    await page.getByLabel('Search In').selectOption('title');
    await expect.poll(() => page.locator('.empty').textContent()).toBe('No media matches your search.');
    await page.getByLabel('Search In').selectOption('ocr');
    await expect.poll(() => titles(page)).toEqual(['Plain title']);
    await page.getByLabel('Search my media').fill('');

    // the admin's owner filter: every user of the account, by name
    await page.getByLabel('Owner').selectOption({ label: 'All users of the account' });
    await expect.poll(() => range(page)).toBe(`1–${total + 1} of ${total + 1}`);
    await page.getByLabel('Owner').selectOption({ label: 'Colleague' });
    await expect.poll(() => titles(page)).toEqual(['Colleague recording']);
  });

  it.each([
    [1280, ['Clip 01', 'Clip 02', 'Clip 03']],
    [390, ['Clip 04', 'Clip 05', 'Clip 06']],
  ])('a bulk Caption & Enrich says what happened to each entry at %i px', async (width, picked) => {
    const idOf = async (title: string) =>
      (await apiCall<{ entries: { id: string }[] }>(serve.url, serve.token, 'GET', `/v1/entries?q=${encodeURIComponent(title)}&in=title`))
        .entries[0]?.id ?? '';
    await apiCall(serve.url, serve.token, 'POST', '/v1/orders', { entryIds: [await idOf(picked[1] ?? '')] });
    const page = await openMyMedia(width);
    await page.getByLabel('Sort by').selectOption('name:asc');
    await expect.poll(async () => (await titles(page))[0]).toBe('Clip 01');
    for (const title of picked) await page.locator('.media-row', { hasText: title }).locator('.media-check').check();
    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Caption & Enrich' }).click();
    const dialog = page.getByRole('dialog', { name: 'Order Captions & Enrichment Services' });
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('2 ordered, 1 already ordered');
    const results = dialog.getByRole('list', { name: 'Result for each entry' }).locator('li');
    expect(await results.allTextContents()).toEqual([
      `${picked[0]}Ordered`,
      `${picked[1]}Already ordered This entry already has an OCR request pending or in progress.`,
      `${picked[2]}Ordered`,
    ]);
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await expect.poll(() => page.locator('.media-row', { hasText: picked[0] }).locator('.status-name').textContent()).toBe('Pending');
  });

  it.each([1280, 390])('retries an order in error in one click, explains turnaround times (ⓘ) at %i px', async (width) => {
    const title = `Failed at ${width}`;
    const store = await openSqliteStore({ file: join(dataDir, 'data', 'onscreen.sqlite') });
    let entryId: string;
    try {
      entryId = (await store.createEntry({ ownerId: DEMO_ADMIN_ID, title, mediaType: 'video', durationMs: 5000 })).id;
      const [order] = (
        await store.createOrders({
          accountId: DEMO_ACCOUNT_ID,
          requesterId: DEMO_ADMIN_ID,
          request: { entryIds: [entryId], turnaroundTime: 'two_hours' },
        })
      ).orders;
      let claim = await store.claimNextOrder({ workerId: 'test', leaseMs: 60_000 });
      while (claim && claim.order.id !== order?.id) claim = await store.claimNextOrder({ workerId: 'test', leaseMs: 60_000 });
      await store.failOrder(order?.id ?? '', claim?.leaseToken ?? '', {
        code: 'CORRUPT_MEDIA',
        details: 'The video is corrupt.',
        retryable: false,
      });
    } finally {
      await store.close();
    }
    const page = await openMyMedia(width);
    await page.goto(`${serve.url}/#/entry/${entryId}`);
    const rows = page.locator('.order-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-status')).toBe('error');
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: Messages.ORDER_RECEIVED }).count()).toBe(1);
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.locator('.order-row[data-status="pending"]').count()).toBe(1);
    // the new request keeps the options of the one in error
    await page.locator('.order-row[data-status="pending"]').getByRole('button', { name: 'Show request details' }).click();
    expect(await page.locator('.order-details').textContent()).toMatch(/Turnaround time\s*2 hours/);
    expect(await page.locator('.order-details .hint-icon').getAttribute('title')).toMatch(/within 2 hours/);

    // ⓘ in the order panel says what the chosen turnaround time means
    await page.goto(`${serve.url}/#/media`);
    await page.locator('.media-row').first().locator('.media-check').check();
    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Caption & Enrich' }).click();
    const dialog = page.getByRole('dialog', { name: 'Order Captions & Enrichment Services' });
    await dialog.getByLabel('Turnaround Time', { exact: true }).selectOption('immediate');
    expect(await dialog.locator('#turnaround-note').textContent()).toBe(
      'Goes to the front of the queue: a worker starts it as soon as one is free.',
    );
    expect(await dialog.locator('.hint-icon').getAttribute('title')).toBe(
      'Goes to the front of the queue: a worker starts it as soon as one is free.',
    );
  });

  it.each([1280, 390])('shows upload progress and cancels an upload at %i px', async (width) => {
    const page = await openMyMedia(width);
    // a slow link, so that the upload is still running when Cancel is pressed
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 256 * 1024,
    });
    const big = join(dataDir, `big-${width}.mp4`);
    await writeFile(big, Buffer.alloc(4 * 1024 * 1024, 7));
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByLabel('Video file').setInputFiles(big);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const bar = page.getByRole('progressbar', { name: 'Upload progress' });
    await expect.poll(async () => Number(await bar.getAttribute('value'))).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Cancel upload' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'The upload was canceled.' }).count()).toBe(1);
    expect(await bar.count()).toBe(0);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  });

  it.each([1280, 390])('expands "+ N more" labels in My Media at %i px', async (width) => {
    const page = await openMyMedia(width);
    const row = page.locator('.media-row', { hasText: 'Many labels' });
    await expect.poll(() => row.locator('li.chip').allTextContents()).toEqual(['Alpha slide', 'Beta slide', 'Gamma slide']);
    await row.getByRole('button', { name: 'Show 2 more labels' }).click();
    await expect.poll(async () => (await row.locator('li.chip').allTextContents()).length).toBe(5);
    await row.getByRole('button', { name: 'Show fewer' }).click();
    await expect.poll(async () => (await row.locator('li.chip').allTextContents()).length).toBe(3);
  });

  it.each([
    [1280, ['Clip 40', 'Clip 41']],
    [390, ['Clip 42', 'Clip 43']],
  ])("bulk Publish and Delete (with the count) from My Media's Actions at %i px", async (width, picked) => {
    const page = await openMyMedia(width);
    await page.getByLabel('Per page').selectOption('100');
    await expect.poll(() => page.locator('.media-row', { hasText: picked[0] }).count()).toBe(1);
    const before = Number((await range(page))?.split(' of ')[1]);
    for (const title of picked) await page.locator('.media-row', { hasText: title }).locator('.media-check').check();
    await expect.poll(() => page.locator('.list-head .muted').textContent()).toContain('2 selected');
    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Publish', exact: true }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Published 2 of 2.' }).count()).toBe(1);
    for (const title of picked) {
      await expect.poll(() => page.locator('.media-row', { hasText: title }).locator('.badge-published').count()).toBe(1);
      await page.locator('.media-row', { hasText: title }).locator('.media-check').check();
    }
    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete media' });
    expect(await confirm.textContent()).toContain('Delete 2 entries?');
    await confirm.getByRole('button', { name: 'Delete 2' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Deleted 2 of 2.' }).count()).toBe(1);
    await expect.poll(() => range(page)).toBe(`1–${before - 2} of ${before - 2}`);
  });

  it.each([1280, 390])(
    'the media page: From owner and date, No description provided, Actions: Edit and Publish at %i px',
    async (width) => {
      const title = `Editable ${width}`;
      const store = await openSqliteStore({ file: join(dataDir, 'data', 'onscreen.sqlite') });
      const id = await store
        .createEntry({ ownerId: DEMO_ADMIN_ID, title, mediaType: 'video' })
        .then((e) => e.id)
        .finally(() => store.close());
      const page = await openMyMedia(width, `/entry/${id}`);
      await expect.poll(() => page.locator('.entry-page .media-meta').textContent()).toMatch(/^From Demo admin .+ · Private$/);
      expect(await page.locator('.entry-description').textContent()).toBe('No description provided');
      await page.getByRole('button', { name: 'Actions' }).click();
      await page.getByRole('menuitem', { name: 'Edit' }).click();
      const dialog = page.getByRole('dialog', { name: 'Edit entry' });
      await dialog.getByLabel('Description').fill('The quarterly board deck.');
      await dialog.getByLabel('Tags').fill('finance, board');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.locator('.entry-description').textContent()).toBe('The quarterly board deck.');
      await page.getByRole('button', { name: 'Actions' }).click();
      await page.getByRole('menuitem', { name: 'Publish' }).click();
      await expect.poll(() => page.locator('.entry-page .media-meta').textContent()).toMatch(/· Published$/);
      const saved = await apiCall<{ tags: string[]; visibility: string }>(serve.url, serve.token, 'GET', `/v1/entries/${id}`);
      expect([saved.tags, saved.visibility]).toEqual([['finance', 'board'], 'published']);
    },
  );

  it.each([1280, 390])('admins see the REACH credit history: an order in error refunded, at %i px', async (width) => {
    const page = await openMyMedia(width);
    await page.getByRole('link', { name: 'REACH credit' }).click();
    await expect.poll(() => page.locator('.credit-row[data-credit="refunded"]').count()).toBeGreaterThan(0);
    expect(await page.locator('.credit-left').textContent()).toMatch(/^Unlimited credit\./);
    expect(await page.locator('.credit-row[data-credit="refunded"]').first().textContent()).toContain('Error');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  });
});
