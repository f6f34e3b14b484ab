/**
 * Playlists, the Watch List, Analytics and the Details / Share tabs in Chromium (1280 and 390 px) against
 * a real `onscreen serve`: Add to playlist from My Media's bulk Actions and from a media page, reorder and
 * remove in the playlist, Add to Watch List, a search result opened from Global Search and a play counted
 * by the service and shown in Analytics — all under the service's security headers (a CSP violation fails).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMeiliClient, createSegmentIndex } from '@onscreen/indexer';
import { openSqliteStore } from '@onscreen/store';
import { makeVideo, slideDeck } from '@onscreen/testkit';
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
let clip: string;
let colleagueToken: string;
const contexts = createContextSet();
const indexUid = `playlists_${process.pid}_${Date.now()}`;
const WIDTHS = [1280, 390] as const;
const admin = <T>(method: string, path: string, body?: unknown) => apiCall<T>(serve.url, serve.token, method, path, body);

beforeAll(async () => {
  if (skip) return;
  dataDir = await mkdtemp(join(tmpdir(), 'onscreen-playlists-'));
  clip = join(dataDir, 'clip.mp4');
  await Promise.all([makeVideo(slideDeck({ durationS: 2, width: 320, height: 180, seed: 11 }), clip), buildWeb()]);
  serve = await startServe({
    dataDir: join(dataDir, 'data'),
    samples: false,
    env: {
      ...sharedEngineEnv(sharedEngine(inject, indexUid)),
      ONSCREEN_RUN_WORKER: 'false',
    },
  });
  const store = await openSqliteStore({ file: join(dataDir, 'data', 'onscreen.sqlite') });
  try {
    for (const width of WIDTHS) {
      for (const letter of ['A', 'B', 'C']) {
        await store.createEntry({ ownerId: DEMO_ADMIN_ID, title: `Lecture ${letter} ${width}`, mediaType: 'video', durationMs: 65_000 });
      }
    }
    colleagueToken = (await store.createUser({ accountId: DEMO_ACCOUNT_ID, name: 'Colleague' })).token;
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

async function open(width: number, hash: string, token = serve.token): Promise<Page> {
  const context = await contexts.open(browser, { viewport: { width, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serve.url });
  // entries made in the store have no media: their frames are answered here
  await context.route(/\/thumbnail\?/, (route) => route.fulfill({ status: 204 }));
  const page = await context.newPage();
  await page.goto(`${serve.url}/?token=${encodeURIComponent(token)}#${hash}`);
  return page;
}

const idOf = async (title: string) =>
  (await admin<{ entries: { id: string; title: string }[] }>('GET', `/v1/entries?q=${encodeURIComponent(title)}&in=title`)).entries.find(
    (e) => e.title === title,
  )?.id ?? '';
const menu = async (page: Page, item: string) => {
  await page.getByRole('button', { name: 'Actions' }).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
};
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
const itemTitles = (page: Page) => page.locator('.list-item .media-title').allTextContents();
const fitsWidth = async (page: Page, width: number) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

describe.skipIf(skip)('Playlists, Watch List and Analytics in Chromium', () => {
  afterEach(() => {
    expect(contexts.cspViolations.flat(), 'Content-Security-Policy violations').toEqual([]);
  });

  it.each(WIDTHS)(
    'adds to a new playlist from My Media, reorders and removes, adds from a media page, Watch List at %i px',
    async (width) => {
      const [a, b, c] = ['A', 'B', 'C'].map((letter) => `Lecture ${letter} ${width}`) as [string, string, string];
      const page = await open(width, '/media');
      await page.getByLabel('Sort by').selectOption('name:asc');
      // the rows in name order before any is checked (the service answers the new sort a moment later)
      await expect
        .poll(async () => {
          const titles = (await page.locator('.media-row .media-title').allTextContents()).map((t) => t.trim());
          return titles.includes(a) && titles.indexOf(a) < titles.indexOf(b);
        })
        .toBe(true);
      for (const title of [b, a]) await page.locator('.media-row', { hasText: title }).locator('.media-check').check();
      await menu(page, 'Add to playlist');
      const dialog = page.getByRole('dialog', { name: 'Add to playlist' });
      await dialog.getByLabel('Playlist', { exact: true }).selectOption({ label: 'New playlist…' });
      await dialog.getByLabel('New playlist name').fill(`Course ${width}`);
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      await expect.poll(() => dialog.getByRole('status').textContent()).toContain(`Created “Course ${width}” with 2 entries.`);
      await dialog.getByRole('link', { name: 'Open the playlist' }).click();

      // in the order My Media showed them; move B up, reload: the service kept the order
      await expect.poll(() => itemTitles(page)).toEqual([a, b]);
      expect(await page.locator('.list-item').first().locator('.media-meta').textContent()).toMatch(/^Demo admin • 1:05 • added /);
      await page.getByRole('button', { name: `Move ${b} up` }).click();
      await expect.poll(() => itemTitles(page)).toEqual([b, a]);
      await page.reload();
      await expect.poll(() => itemTitles(page)).toEqual([b, a]);
      await page.getByRole('button', { name: `Remove ${a} from the playlist` }).click();
      await expect.poll(() => itemTitles(page)).toEqual([b]);
      await fitsWidth(page, width);

      // from a media page: Add to playlist (an existing one) and Add to Watch List
      await page.goto(`${serve.url}/#/entry/${await idOf(c)}`);
      await menu(page, 'Add to playlist');
      const choose = page.getByRole('dialog', { name: 'Add to playlist' });
      await choose.getByLabel('Playlist', { exact: true }).selectOption({ label: `Course ${width} (1)` });
      await choose.getByRole('button', { name: 'Add', exact: true }).click();
      await expect.poll(() => choose.getByRole('status').textContent()).toContain(`Added 1 of 1 to “Course ${width}”.`);
      await choose.getByRole('button', { name: 'Done' }).click();
      await menu(page, 'Add to Watch List');
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Added to your Watch List.' }).count()).toBe(1);
      await menu(page, 'Add to Watch List');
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Already on your Watch List.' }).count()).toBe(1);

      await nav(page, 'Watch List').click();
      await expect.poll(() => itemTitles(page)).toEqual([c]);
      await fitsWidth(page, width);
      await page.getByRole('button', { name: `Remove ${c} from the Watch List` }).click();
      await expect.poll(() => page.locator('.empty').textContent()).toContain('Your Watch List is empty');

      await nav(page, 'Playlists').click();
      const card = page.locator('.playlist-card', { hasText: `Course ${width}` });
      await expect.poll(() => card.locator('.media-meta').textContent()).toMatch(/^2 entries • updated /);
      await card.getByRole('link').click();
      await expect.poll(() => itemTitles(page)).toEqual([b, c]);
      // saved by the service, not the page
      const saved = await admin<{ playlists: { name: string; entryCount: number }[] }>('GET', '/v1/playlists');
      expect(saved.playlists.find((p) => p.name === `Course ${width}`)?.entryCount).toBe(2);

      // create one on the Playlists page, open it (empty), delete it (asks first)
      await nav(page, 'Playlists').click();
      const form = page.getByRole('form', { name: 'New playlist' });
      await form.getByLabel('Name').fill(`Scratch ${width}`);
      await form.getByRole('button', { name: 'Create playlist' }).click();
      const scratch = page.locator('.playlist-card', { hasText: `Scratch ${width}` });
      await expect.poll(() => scratch.locator('.media-meta').textContent()).toMatch(/^0 entries/);
      await scratch.getByRole('link').click();
      await expect.poll(() => page.locator('.empty').textContent()).toContain('This playlist is empty');
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      const edit = page.getByRole('dialog', { name: 'Edit playlist' });
      await edit.getByLabel('Name').fill(`Scratch ${width} renamed`);
      await edit.getByLabel('Description').fill('Drafts');
      await edit.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.locator('#playlist-title').textContent()).toBe(`Scratch ${width} renamed`);
      expect(await page.locator('.page-header .media-meta').last().textContent()).toBe('0 entries • Drafts');
      await page.getByRole('button', { name: 'Delete playlist' }).click();
      await page.getByRole('dialog', { name: 'Delete playlist' }).getByRole('button', { name: 'Delete', exact: true }).click();
      await expect.poll(() => page.locator('#playlists-title').count()).toBe(1);
      // the list has loaded (Course is there) and Scratch is gone
      await expect.poll(() => page.locator('.playlist-card', { hasText: `Course ${width}` }).count()).toBe(1);
      expect(await page.locator('.playlist-card', { hasText: `Scratch ${width}` }).count()).toBe(0);
    },
  );

  it.each(WIDTHS)(
    'Details and Share tabs; a search result opened and a play are counted by the service and shown in Analytics at %i px',
    async (width) => {
      const title = `Keynote ${width}`;
      const form = new FormData();
      form.set('title', title);
      form.set('file', new Blob([await readFile(clip)], { type: 'video/mp4' }), 'clip.mp4');
      const { id } = await admin<{ id: string }>('POST', '/v1/entries', form);
      const gallery = await admin<{ id: string }>('POST', '/v1/galleries', { name: `Events ${width}` });
      await admin('PATCH', `/v1/entries/${id}`, { tags: ['launch', 'keynote'], categoryIds: [gallery.id] });
      const meili = createMeiliClient({ url: inject('meiliUrl'), apiKey: inject('meiliMasterKey') });
      await createSegmentIndex({ client: meili.client, indexUid }).replaceEntrySegments(
        {
          entryId: id,
          ownerId: DEMO_ADMIN_ID,
          visibility: 'private',
          categoryIds: [gallery.id],
          entryTitle: title,
          orderId: null,
          language: 'eng',
        },
        [{ text: `Zephyr roadmap ${width}`, startMs: 0, endMs: 2000, confidence: 0.9, bbox: { x: 0.1, y: 0.1, w: 0.5, h: 0.1 } }],
      );
      await meili.close();

      // Global Search → open the result: the service counts that this search led here (once)
      const page = await open(width, `/search?q=${encodeURIComponent(`zephyr roadmap ${width}`)}`);
      await page.locator(`.result[data-entry-id="${id}"] .result-title a`).click();
      await expect.poll(() => page.locator('#entry-title').textContent()).toBe(title);
      await expect.poll(() => page.url()).not.toContain('lead=');
      const analytics = () => admin<{ viewCount: number; searchLeadCount: number }>('GET', `/v1/entries/${id}/analytics`);
      await expect.poll(async () => (await analytics()).searchLeadCount, { timeout: 10_000 }).toBe(1);
      await page.reload();
      await page.locator('#entry-title').waitFor();

      // a play (twice: counted once)
      for (let i = 0; i < 2; i++) {
        await page.locator('video').evaluate(async (v: HTMLVideoElement) => {
          v.muted = true;
          v.currentTime = 0;
          await v.play();
          v.pause();
        });
      }
      await expect.poll(async () => (await analytics()).viewCount, { timeout: 10_000 }).toBe(1);
      expect((await analytics()).searchLeadCount).toBe(1);

      await menu(page, 'Analytics');
      const dialog = page.getByRole('dialog', { name: 'Analytics' });
      await expect.poll(() => dialog.locator('[data-figure="views"] strong').textContent()).toBe('1');
      expect(await dialog.locator('[data-figure="search-leads"] strong').textContent()).toBe('1');
      const today = new Date().toISOString().slice(0, 10);
      expect(await dialog.locator(`tr[data-day="${today}"] td`).allTextContents()).toEqual([' 1', ' 1']);
      expect(await dialog.locator('tbody tr').count()).toBe(30);
      await fitsWidth(page, width);
      await dialog.getByRole('button', { name: 'Close' }).click();

      // Details
      const detail = (name: string) => page.locator(`.details-row[data-detail="${name}"] dd`).textContent();
      expect(await page.getByRole('tab', { name: 'Details' }).getAttribute('aria-selected')).toBe('true');
      expect(await detail('Title')).toBe(title);
      expect(await detail('Description')).toBe('No description provided');
      expect(await detail('Tags')).toBe('launch, keynote');
      await expect.poll(() => detail('Categories')).toBe(`Events ${width}`);
      expect(await detail('Duration')).toBe('0:02');
      expect(await detail('Owner')).toBe('Demo admin');
      expect(await detail('OCR status')).toBe('Not ordered');

      // Share: the entry's own link (no token, no capability) and who can open it
      await page.getByRole('tab', { name: 'Share' }).click();
      const link = `${serve.url}/#/entry/${id}`;
      expect(await page.getByLabel('Link to this entry').inputValue()).toBe(link);
      expect(await page.locator('.share-visibility').textContent()).toMatch(/^Private: only you and the admins/);
      await page.getByRole('button', { name: 'Copy link' }).click();
      await expect.poll(() => page.locator('.share [role="status"]').textContent()).toBe('Link copied.');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
      await menu(page, 'Publish');
      // PATCH answers once search followed (up to 2 s)
      await expect.poll(() => page.locator('.share-visibility').textContent(), { timeout: 10_000 }).toMatch(/^Published: anyone signed in/);
      await fitsWidth(page, width);

      // someone who may watch but not manage it: Add to playlist and Watch List, no Analytics
      const viewer = await open(width, `/entry/${id}`, colleagueToken);
      await viewer.getByRole('button', { name: 'Actions' }).click();
      await expect.poll(() => viewer.getByRole('menuitem').allTextContents()).toEqual(['Add to playlist', 'Add to Watch List']);
    },
  );
});
