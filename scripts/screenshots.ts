/**
 * Regenerates the web page's screenshots in docs/screenshots/ (My Media, its filters and search, the
 * order panel, Existing Requests, find inside a video, Global Search, a bulk order's answer, channels,
 * galleries, rules and a rule's history, playlists, the Watch List, an entry's Details, Share and
 * Analytics; 1280 and 390 px wide) against a real `onscreen serve` with the sample video.
 *
 *   npx pnpm --filter @onscreen/web build
 *   node --conditions=source --import tsx scripts/screenshots.ts
 *
 * Needs Debian's Chromium at /usr/bin/chromium. Uses an embedded Meilisearch unless MEILI_URL and
 * MEILI_MASTER_KEY are set. The data directory is temporary and removed afterwards.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Browser,
  type Page,
  CHROMIUM_PATH,
  apiCall,
  hasChromium,
  hasWebBuild,
  launchChromium,
  startServe,
  waitFor,
} from '../packages/search-api/web/test-support/browser.js';

const OUT_DIR = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const WIDTHS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'mobile', width: 390, height: 844 },
] as const;

interface EntryListView {
  entries: Array<{ id: string; title: string; latestOrder: { status: string } | null }>;
}

/** What the portal pages show: a gallery, a channel with the sample entries, a rule with its history, a playlist, the Watch List. */
interface PortalData {
  channelId: string;
  playlistId: string;
  entryId: string;
}

async function makePortalData(base: string, token: string): Promise<PortalData> {
  const { entries } = await apiCall<EntryListView>(base, token, 'GET', '/v1/entries');
  const ids = entries.map((e) => e.id);
  const entryId = ids.includes('demo-sample') ? 'demo-sample' : (ids[0] as string);
  await apiCall(base, token, 'POST', '/v1/galleries', { name: 'Webinars', description: 'Recorded webinars and their slides' });
  await apiCall(base, token, 'POST', '/v1/galleries', { name: 'Town halls', description: 'Quarterly all-hands meetings' });
  const channel = await apiCall<{ id: string }>(base, token, 'POST', '/v1/channels', {
    name: 'Launch week',
    description: 'Every recording of the launch',
    privacy: 'shared',
  });
  await apiCall(base, token, 'POST', '/v1/rules', { channelId: channel.id, turnaroundTime: 'best_effort' });
  // the sample entries join the channel after the rule: each firing (here: already ordered) is in its history
  for (const id of ids) await apiCall(base, token, 'POST', `/v1/channels/${channel.id}/entries`, { entryId: id });
  const playlist = await apiCall<{ id: string }>(base, token, 'POST', '/v1/playlists', {
    name: 'Onboarding course',
    description: 'Watch in this order',
    entryIds: ids,
  });
  await apiCall(base, token, 'POST', '/v1/watch-list', { entryId });
  // Analytics counts what the service saw: a play, and a search that led to the entry
  await apiCall(base, token, 'POST', `/v1/entries/${entryId}/views`);
  const search = await apiCall<{ searchId: string; entries: Array<{ entryId: string; lead: string }> }>(
    base,
    token,
    'GET',
    '/v1/search?q=revenue',
  );
  const hit = search.entries.find((e) => e.entryId === entryId);
  if (hit !== undefined)
    await apiCall(base, token, 'POST', `/v1/entries/${entryId}/search-leads`, { searchId: search.searchId, lead: hit.lead });
  return { channelId: channel.id, playlistId: playlist.id, entryId };
}

async function shoot(page: Page, file: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(OUT_DIR, file), fullPage: true });
  console.log(`wrote docs/screenshots/${file}`);
}

async function capturePortal(page: Page, base: string, data: PortalData, width: number): Promise<void> {
  await page.goto(`${base}/#/channels`);
  await page.locator('#main').getByText('Launch week').first().waitFor();
  await shoot(page, `channels-${width}.png`);
  await page.goto(`${base}/#/channels/${data.channelId}`);
  await page.locator('.channel-entry-title').first().waitFor();
  await shoot(page, `channel-${width}.png`);
  await page.goto(`${base}/#/galleries`);
  await page.locator('.gallery-card').first().waitFor();
  await shoot(page, `galleries-${width}.png`);
  await page.goto(`${base}/#/rules`);
  await page.locator('.rule-row').first().waitFor();
  await page.getByRole('button', { name: 'History' }).first().click();
  await page.locator('.rule-run').first().waitFor();
  await shoot(page, `rules-${width}.png`);
  await page.goto(`${base}/#/playlists/${data.playlistId}`);
  await page.locator('.list-item').first().waitFor();
  await shoot(page, `playlist-${width}.png`);
  await page.goto(`${base}/#/watch-list`);
  await page.locator('.list-item').first().waitFor();
  await shoot(page, `watch-list-${width}.png`);
  await page.goto(`${base}/#/entry/${data.entryId}`);
  await page.locator('.details-row').first().waitFor();
  await shoot(page, `entry-details-${width}.png`);
  await page.getByRole('tab', { name: 'Share' }).click();
  await page.getByLabel('Link to this entry').waitFor();
  await shoot(page, `entry-share-${width}.png`);
  await page.getByRole('button', { name: 'Actions' }).click();
  await page.getByRole('menuitem', { name: 'Analytics' }).click();
  await page.getByRole('dialog', { name: 'Analytics' }).locator('tbody tr').first().waitFor();
  await shoot(page, `analytics-${width}.png`);
  await page.keyboard.press('Escape');
}

async function captureAt(browser: Browser, base: string, token: string, size: (typeof WIDTHS)[number], data: PortalData): Promise<void> {
  const context = await browser.newContext({ viewport: { width: size.width, height: size.height } });
  const page = await context.newPage();
  try {
    await page.goto(`${base}/?token=${encodeURIComponent(token)}`);
    await page.locator('.media-row .chip').first().waitFor();
    await shoot(page, `my-media-${size.width}.png`);
    await page.locator('.media-filters summary').click();
    await page.getByLabel('Publish status').selectOption('published');
    await page.getByLabel('Search my media').fill('revnue');
    await page.locator('.media-row').first().waitFor();
    await shoot(page, `my-media-filters-${size.width}.png`);
    await page.goto(`${base}/#/media`);
    await page.reload();
    await page.locator('.media-row .chip').first().waitFor();

    await page.locator('.media-row .media-check').first().check();
    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Caption & Enrich' }).click();
    await page.getByRole('dialog', { name: 'Order Captions & Enrichment Services' }).waitFor();
    await shoot(page, `order-panel-${size.width}.png`);
    await page.keyboard.press('Escape');

    await page.goto(`${base}/#/entry/demo-sample`);
    await page.locator('.order-row').first().waitFor();
    await page.locator('.transcript-line').first().waitFor();
    await page.getByRole('button', { name: 'Show request details' }).first().click();
    await shoot(page, `existing-requests-${size.width}.png`);
    await page.getByLabel('Find in this video').fill('revnue');
    await page.getByRole('list', { name: 'Moments found in this video' }).waitFor();
    await shoot(page, `find-in-video-${size.width}.png`);

    await page.goto(`${base}/#/search?q=revnue`);
    await page.locator('.result').first().waitFor();
    await page
      .locator('.moment-thumb')
      .first()
      .evaluate((img: HTMLImageElement) => img.decode().catch(() => {}));
    await shoot(page, `global-search-${size.width}.png`);

    await capturePortal(page, base, data, size.width);

    // last, as it orders OCR again: a bulk order's answer, entry by entry (the second width finds both already ordered)
    await page.goto(`${base}/#/media`);
    await page.locator('.media-row').first().waitFor();
    await page.getByLabel('Select all on this page').check();
    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Caption & Enrich' }).click();
    const dialog = page.getByRole('dialog', { name: 'Order Captions & Enrichment Services' });
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.getByRole('list', { name: 'Result for each entry' }).waitFor();
    await shoot(page, `bulk-order-${size.width}.png`);
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  if (!hasChromium()) throw new Error(`Chromium is missing at ${CHROMIUM_PATH} (apt-get install -y chromium).`);
  if (!hasWebBuild()) throw new Error('The web page is not built: run `npx pnpm --filter @onscreen/web build` first.');
  await mkdir(OUT_DIR, { recursive: true });
  const dataDir = await mkdtemp(join(tmpdir(), 'onscreen-screenshots-'));
  const serve = await startServe({ dataDir, samples: true, env: { ONSCREEN_MEILI_INDEX: `screenshots_${process.pid}` } });
  let browser: Browser | undefined;
  try {
    await waitFor('the sample videos to be OCRed', async () => {
      const list = await apiCall<EntryListView>(serve.url, serve.token, 'GET', '/v1/entries');
      const statuses = list.entries.map((e) => e.latestOrder?.status);
      if (statuses.some((s) => s === 'error')) throw new Error(`sample OCR failed:\n${serve.output().slice(-2000)}`);
      return list.entries.length > 0 && statuses.every((s) => s === 'ready') ? true : undefined;
    });
    const data = await makePortalData(serve.url, serve.token);
    browser = await launchChromium();
    for (const size of WIDTHS) await captureAt(browser, serve.url, serve.token, size, data);
  } finally {
    await browser?.close();
    await serve.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
