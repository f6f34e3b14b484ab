/**
 * Channels, galleries and rules in Chromium (1280 and 390 px) against a real `onscreen serve`: an admin
 * creates a gallery and a channel, adds a member, a rule on the channel and four entries, and reads the
 * rule's history (ordered; "Already ordered", "REACH is off", "Not enough credit"); then puts an entry
 * with on-screen text into the gallery from Edit entry and finds it with Global Search's category picker.
 * A user outside the private channel is told it does not exist. Under the service's security headers (any
 * CSP violation fails the test).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMeiliClient, createSegmentIndex } from '@onscreen/indexer';
import { openSqliteStore } from '@onscreen/store';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_ACCOUNT_ID, DEMO_ADMIN_ID } from '../src/index.js';
import {
  type Browser,
  type BrowserContext,
  type Page,
  CHROMIUM_PATH,
  apiCall,
  buildWeb,
  hasChromium,
  launchChromium,
  type ServeProcess,
  startServe,
  watchCspViolations,
} from '../web/test-support/browser.js';

const skipReason = hasChromium() ? undefined : `${CHROMIUM_PATH} is missing (apt-get install -y chromium)`;
const skip = skipReason !== undefined && process.env.CI !== 'true';
if (skip) console.warn(`Skipping the browser tests: ${skipReason}.`);

const WIDTHS = [1280, 390] as const;
let dataDir: string;
let serve: ServeProcess;
let browser: Browser;
let outsiderToken: string;
const contexts: BrowserContext[] = [];
const cspViolations: string[][] = [];
const indexUid = `channels_${process.pid}_${Date.now()}`;

beforeAll(async () => {
  if (skip) return;
  dataDir = await mkdtemp(join(tmpdir(), 'onscreen-channels-'));
  await buildWeb();
  // no worker: orders stay pending, so an entry ordered before it joins the channel is "already ordered"
  serve = await startServe({
    dataDir: join(dataDir, 'data'),
    samples: false,
    env: {
      MEILI_URL: inject('meiliUrl'),
      MEILI_MASTER_KEY: inject('meiliMasterKey'),
      ONSCREEN_MEILI_INDEX: indexUid,
      ONSCREEN_RUN_WORKER: 'false',
    },
  });
  const store = await openSqliteStore({ file: join(dataDir, 'data', 'onscreen.sqlite') });
  const meili = createMeiliClient({ url: inject('meiliUrl'), apiKey: inject('meiliMasterKey') });
  try {
    await store.createUser({ accountId: DEMO_ACCOUNT_ID, name: 'Colleague' });
    outsiderToken = (await store.createUser({ accountId: DEMO_ACCOUNT_ID, name: 'Outsider' })).token;
    const index = createSegmentIndex({ client: meili.client, indexUid });
    for (const width of WIDTHS) {
      for (const letter of ['A', 'B', 'C', 'D']) {
        await store.createEntry({ ownerId: DEMO_ADMIN_ID, title: `Launch ${letter} ${width}`, durationMs: 120_000, mediaType: 'video' });
      }
      const ordered = (await store.listEntries(DEMO_ADMIN_ID, { q: `Launch B ${width}` })).entries[0]?.id ?? '';
      await store.createOrders({ accountId: DEMO_ACCOUNT_ID, requesterId: DEMO_ADMIN_ID, request: { entryIds: [ordered] } });
      // an entry whose on-screen text is in the index (no category yet)
      const text = await store.createEntry({ ownerId: DEMO_ADMIN_ID, title: `Telemetry ${width}`, mediaType: 'video' });
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
        [{ text: 'Orbital telemetry dashboard', startMs: 0, endMs: 2000, confidence: 0.9, bbox: { x: 0.1, y: 0.1, w: 0.5, h: 0.1 } }],
      );
    }
  } finally {
    await meili.close();
    await store.close();
  }
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await serve?.close();
  if (!skip) {
    await fetch(`${inject('meiliUrl')}/indexes/${indexUid}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${inject('meiliMasterKey')}` },
    }).catch(() => {});
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function open(width: number, hash: string, token = serve.token): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  contexts.push(context);
  cspViolations.push(await watchCspViolations(context));
  // these entries have no media: their frames are answered here
  await context.route(/\/thumbnail\?/, (route) => route.fulfill({ status: 204 }));
  const page = await context.newPage();
  await page.goto(`${serve.url}/?token=${encodeURIComponent(token)}#${hash}`);
  return page;
}

const reach = (body: { enabled: boolean; creditMinutes?: number | null }) =>
  apiCall(serve.url, serve.token, 'PATCH', '/v1/account/reach', body);

describe.skipIf(skip)('channels, galleries and rules in Chromium', () => {
  afterEach(() => {
    expect(cspViolations.flat(), 'Content-Security-Policy violations').toEqual([]);
  });

  it.each(WIDTHS)(
    'creates a gallery, a channel with a member and a rule, adds entries and reads the rule history at %i px',
    async (width) => {
      const page = await open(width, '/galleries');
      await page.getByLabel('Gallery name').fill(`Webinars ${width}`);
      await page.getByRole('button', { name: 'Create gallery' }).click();
      await expect.poll(() => page.locator('.gallery-card .card-title').allTextContents()).toContain(`Webinars ${width}`);

      await page.getByRole('link', { name: 'Channels', exact: true }).click();
      await page.getByLabel('Channel name').fill(`Launch ${width}`);
      await page.getByLabel('Description').fill('Launch week recordings');
      await page.getByRole('button', { name: 'Create channel' }).click();
      await expect.poll(() => page.locator('#channel-title').textContent()).toBe(`Launch ${width}`);
      const channelHash = new URL(page.url()).hash;

      const addMember = page.getByRole('form', { name: 'Add a member' });
      await addMember.getByLabel('User').selectOption({ label: 'Colleague' });
      await addMember.getByRole('button', { name: 'Add member' }).click();
      await expect.poll(() => page.locator('.member-row .member-name').allTextContents()).toContain('Colleague');
      expect(await page.locator('.member-row').count()).toBe(2);

      // a rule on the channel, made from the channel's Rules page
      await page.getByRole('link', { name: 'Rules', exact: true }).last().click();
      const create = page.getByRole('form', { name: 'Create a rule' });
      await expect.poll(() => create.getByLabel('When an entry is added to').inputValue()).not.toBe('');
      await create.getByLabel('Turnaround Time').selectOption({ label: '2 hours' });
      await create.getByRole('button', { name: 'Add rule' }).click();
      await expect.poll(() => page.locator('.rule-row .rule-target').allTextContents()).toEqual([`Channel: Launch ${width}`]);

      // four entries join: ordered; already ordered; REACH off; not enough credit
      await page.goto(`${serve.url}/${channelHash}`);
      const add = async (title: string) => {
        const form = page.getByRole('form', { name: 'Add to channel' });
        await form.getByLabel('Entry from My Media').selectOption({ label: title });
        await form.getByRole('button', { name: 'Add to channel' }).click();
        await expect.poll(() => page.getByRole('status').textContent()).toBe(`"${title}" was added to the channel.`);
      };
      await add(`Launch A ${width}`);
      await add(`Launch B ${width}`);
      await reach({ enabled: false });
      await add(`Launch C ${width}`);
      await reach({ enabled: true, creditMinutes: 1 });
      await add(`Launch D ${width}`);
      await reach({ enabled: true, creditMinutes: null });
      await expect
        .poll(() => page.locator('.channel-entry-title').allTextContents())
        .toEqual(['D', 'C', 'B', 'A'].map((letter) => `Launch ${letter} ${width}`));

      await page.getByRole('link', { name: 'Rules', exact: true }).last().click();
      await page.getByRole('button', { name: 'History' }).click();
      const runs = page.locator('.rule-run');
      await expect.poll(() => runs.count()).toBe(4);
      const outcomes = await runs.evaluateAll((rows) =>
        rows.map((row) => [row.querySelector('td[data-label="Entry"]')?.textContent, row.querySelector('.run-outcome')?.textContent]),
      );
      // nothing is wider than the window (the navigation wraps on a phone)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(outcomes).toEqual([
        [`Launch D ${width}`, 'Skipped: Not enough credit'],
        [`Launch C ${width}`, 'Skipped: REACH is off'],
        [`Launch B ${width}`, 'Skipped: Already ordered'],
        [`Launch A ${width}`, 'Ordered'],
      ]);

      // someone of the account outside the private channel is told it does not exist
      const outsider = await open(width, channelHash.slice(1), outsiderToken);
      await expect.poll(() => outsider.getByRole('alert').textContent()).toMatch(/No channel chn_\S+ was found/);
      await outsider.getByRole('link', { name: 'Channels', exact: true }).first().click();
      await expect.poll(() => outsider.locator('.empty').textContent()).toBe('No channels yet.');
    },
  );

  it.each(WIDTHS)(
    'puts an entry into a gallery and a channel from Edit entry and filters Global Search by their names at %i px',
    async (width) => {
      const entryId =
        (
          await apiCall<{ entries: { id: string }[] }>(
            serve.url,
            serve.token,
            'GET',
            `/v1/entries?q=${encodeURIComponent(`Telemetry ${width}`)}&in=title`,
          )
        ).entries[0]?.id ?? '';
      const page = await open(width, `/entry/${entryId}`);
      await page.getByRole('button', { name: 'Actions' }).click();
      await page.getByRole('menuitem', { name: 'Edit' }).click();
      const dialog = page.getByRole('dialog', { name: 'Edit entry' });
      await dialog.getByRole('group', { name: 'Galleries' }).getByLabel(`Webinars ${width}`).check();
      await dialog.getByRole('group', { name: 'Add to channel' }).getByLabel(`Launch ${width}`).check();
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => dialog.count()).toBe(0);

      await page.getByRole('link', { name: 'Global Search' }).click();
      await page.getByLabel('Search text shown in videos').fill('orbital telemetry');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      const titles = () => page.locator('.result .result-title').allTextContents();
      // both widths' entries hold the text; the category picker narrows to the one in the gallery
      await expect.poll(async () => (await titles()).map((t) => t.trim()).sort()).toEqual(['Telemetry 1280', 'Telemetry 390']);
      await page.locator('.filters summary').click();
      await page.getByLabel('Category').selectOption({ label: `Webinars ${width}` });
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await expect.poll(async () => (await titles()).map((t) => t.trim())).toEqual([`Telemetry ${width}`]);
      await page.getByLabel('Category').selectOption({ label: `Launch ${width}` });
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await expect.poll(async () => (await titles()).map((t) => t.trim())).toEqual([`Telemetry ${width}`]);
    },
  );
});
