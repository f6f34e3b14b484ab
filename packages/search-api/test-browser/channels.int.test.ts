/**
 * Channels, galleries and rules in Chromium (1280 and 390 px) against a real `onscreen serve`: an admin
 * creates a gallery and a channel, adds a member, a rule on the channel and four entries, and reads the
 * rule's history (ordered; "Already ordered", "REACH is off", "Not enough credit"); then puts an entry
 * with on-screen text into the gallery from Edit entry and finds it with Global Search's category picker.
 * A user outside the private channel is told it does not exist until it is shared; a channel manager who
 * is no admin makes rules on it, and once demoted to member only sees them. Under the service's security
 * headers (any CSP violation fails the test).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

const WIDTHS = [1280, 390] as const;
let dataDir: string;
let serve: ServeProcess;
let browser: Browser;
let outsiderToken: string;
let colleagueToken: string;
const contexts = createContextSet();
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
      ...sharedEngineEnv(sharedEngine(inject, indexUid)),
      ONSCREEN_RUN_WORKER: 'false',
    },
  });
  const store = await openSqliteStore({ file: join(dataDir, 'data', 'onscreen.sqlite') });
  const meili = createMeiliClient({ url: inject('meiliUrl'), apiKey: inject('meiliMasterKey') });
  try {
    colleagueToken = (await store.createUser({ accountId: DEMO_ACCOUNT_ID, name: 'Colleague' })).token;
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
  // these entries have no media: their frames are answered here
  await context.route(/\/thumbnail\?/, (route) => route.fulfill({ status: 204 }));
  const page = await context.newPage();
  await page.goto(`${serve.url}/?token=${encodeURIComponent(token)}#${hash}`);
  return page;
}

/** The service answers after it committed and search followed (up to 2 s); the page then renders. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 100 });

const reach = (body: { enabled: boolean; creditMinutes?: number | null }) =>
  apiCall(serve.url, serve.token, 'PATCH', '/v1/account/reach', body);

describe.skipIf(skip)('channels, galleries and rules in Chromium', () => {
  afterEach(() => {
    expect(contexts.cspViolations.flat(), 'Content-Security-Policy violations').toEqual([]);
  });

  it.each(WIDTHS)(
    'creates a gallery, a channel with a member and a rule, adds entries and reads the rule history at %i px',
    async (width) => {
      const page = await open(width, '/galleries');
      await page.getByLabel('Gallery name').fill(`Webinars ${width}`);
      await page.getByRole('button', { name: 'Create gallery' }).click();
      await eventually(() => page.locator('.gallery-card .card-title').allTextContents()).toContain(`Webinars ${width}`);

      await page.getByRole('link', { name: 'Channels', exact: true }).click();
      await page.getByLabel('Channel name').fill(`Launch ${width}`);
      await page.getByLabel('Description').fill('Launch week recordings');
      await page.getByRole('button', { name: 'Create channel' }).click();
      await eventually(() => page.locator('#channel-title').textContent()).toBe(`Launch ${width}`);
      const channelHash = new URL(page.url()).hash;

      const addMember = page.getByRole('form', { name: 'Add a member' });
      await addMember.getByLabel('User').selectOption({ label: 'Colleague' });
      await addMember.getByRole('button', { name: 'Add member' }).click();
      await eventually(() => page.locator('.member-row .member-name').allTextContents()).toContain('Colleague');
      expect(await page.locator('.member-row').count()).toBe(2);

      // a rule on the channel, made from the channel's Rules page
      await page.getByRole('link', { name: 'Rules', exact: true }).last().click();
      const create = page.getByRole('form', { name: 'Create a rule' });
      await eventually(() => create.getByLabel('When an entry is added to').inputValue()).not.toBe('');
      await create.getByLabel('Turnaround Time').selectOption({ label: '2 hours' });
      await create.getByRole('button', { name: 'Add rule' }).click();
      await eventually(() => page.locator('.rule-row .rule-target').allTextContents()).toEqual([`Channel: Launch ${width}`]);

      // four entries join: ordered; already ordered; REACH off; not enough credit
      await page.goto(`${serve.url}/${channelHash}`);
      const add = async (title: string) => {
        const form = page.getByRole('form', { name: 'Add to channel' });
        await form.getByLabel('Entry from My Media').selectOption({ label: title });
        await form.getByRole('button', { name: 'Add to channel' }).click();
        await eventually(() => page.getByRole('status').textContent()).toBe(`"${title}" was added to the channel.`);
      };
      await add(`Launch A ${width}`);
      await add(`Launch B ${width}`);
      await reach({ enabled: false });
      await add(`Launch C ${width}`);
      await reach({ enabled: true, creditMinutes: 1 });
      await add(`Launch D ${width}`);
      await reach({ enabled: true, creditMinutes: null });
      await eventually(() => page.locator('.channel-entry-title').allTextContents()).toEqual(
        ['D', 'C', 'B', 'A'].map((letter) => `Launch ${letter} ${width}`),
      );

      await page.getByRole('link', { name: 'Rules', exact: true }).last().click();
      await page.getByRole('button', { name: 'History' }).click();
      const runs = page.locator('.rule-run');
      await eventually(() => runs.count()).toBe(4);
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

      // someone of the account outside the private channel is told it does not exist, and does not see it listed
      const outsider = await open(width, channelHash.slice(1), outsiderToken);
      await eventually(() => outsider.getByRole('alert').textContent()).toMatch(/No channel chn_\S+ was found/);
      await outsider.getByRole('link', { name: 'Channels', exact: true }).first().click();
      await eventually(() => outsider.locator('h1').textContent()).toBe('Channels');
      await outsider.waitForLoadState('networkidle');
      expect(await outsider.locator('.channel-card .card-title').allTextContents()).not.toContain(`Launch ${width}`);

      // once its owner shares it with the account, they see it (and may add entries), but do not manage it
      await page.goto(`${serve.url}/${channelHash}`);
      await page.getByRole('button', { name: 'Edit channel' }).click();
      const settings = page.getByRole('dialog', { name: 'Edit channel' });
      await settings.getByLabel('Privacy').selectOption('shared');
      await settings.getByRole('button', { name: 'Save' }).click();
      await eventually(() => page.locator('.card-meta').first().textContent()).toBe('Shared with the account · You: Owner');
      await outsider.reload();
      const card = outsider.locator('.channel-card', { hasText: `Launch ${width}` });
      await eventually(() => card.locator('.card-meta').textContent()).toBe('Shared with the account · 2 members · You: Viewer');
      await card.getByRole('link').click();
      await eventually(() => outsider.locator('#channel-title').textContent()).toBe(`Launch ${width}`);
      expect(await outsider.getByRole('form', { name: 'Add to channel' }).count()).toBe(1);
      expect(await outsider.getByRole('button', { name: 'Edit channel' }).count()).toBe(0);
      expect(await outsider.getByRole('form', { name: 'Add a member' }).count()).toBe(0);
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
      await eventually(() => dialog.count()).toBe(0);

      await page.getByRole('link', { name: 'Global Search' }).click();
      await page.getByLabel('Search text shown in videos').fill('orbital telemetry');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      const titles = () => page.locator('.result .result-title').allTextContents();
      // both widths' entries hold the text; the category picker narrows to the one in the gallery
      await eventually(async () => (await titles()).map((t) => t.trim()).sort()).toEqual(['Telemetry 1280', 'Telemetry 390']);
      await page.locator('.filters summary').click();
      await page.getByLabel('Category').selectOption({ label: `Webinars ${width}` });
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await eventually(async () => (await titles()).map((t) => t.trim())).toEqual([`Telemetry ${width}`]);
      await page.getByLabel('Category').selectOption({ label: `Launch ${width}` });
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await eventually(async () => (await titles()).map((t) => t.trim())).toEqual([`Telemetry ${width}`]);

      // My Media's category filter picks by name too
      await page.getByRole('link', { name: 'My Media' }).click();
      await page.locator('.media-filters summary').click();
      await page.getByLabel('Category').selectOption({ label: `Launch ${width}` });
      await eventually(async () => (await page.locator('.media-row .media-title').allTextContents()).sort()).toEqual([
        `Launch A ${width}`,
        `Launch B ${width}`,
        `Launch C ${width}`,
        `Launch D ${width}`,
        `Telemetry ${width}`,
      ]);
    },
  );

  it.each(WIDTHS)('a channel manager who is no admin manages its rules; as a plain member they only see them, at %i px', async (width) => {
    const channels = await apiCall<{ channels: { id: string; name: string }[] }>(serve.url, serve.token, 'GET', '/v1/channels');
    const channelId = channels.channels.find((c) => c.name === `Launch ${width}`)?.id ?? '';
    const owner = await open(width, `/channels/${channelId}`);
    await owner.getByLabel('Role of Colleague').selectOption('manager');
    await eventually(() =>
      apiCall<{ myRole: string }>(serve.url, colleagueToken, 'GET', `/v1/channels/${channelId}`).then((c) => c.myRole),
    ).toBe('manager');

    const colleague = await open(width, `/rules?target=${channelId}`, colleagueToken);
    const create = colleague.getByRole('form', { name: 'Create a rule' });
    const picker = create.getByLabel('When an entry is added to');
    await eventually(() => picker.inputValue()).toBe(channelId);
    // no gallery to pick: those are for admins
    expect(await picker.locator('optgroup[label="Galleries"] option').count()).toBe(0);
    await create.getByLabel('Turnaround Time').selectOption({ label: 'Immediate' });
    await create.getByRole('button', { name: 'Add rule' }).click();
    const rows = colleague.locator('.rule-row');
    await eventually(() => rows.count()).toBe(2);
    expect(await rows.last().locator('.card-meta').textContent()).toContain('Immediate');
    await rows.first().getByRole('button', { name: 'History' }).click();
    // the four entries added above, and the one Edit entry put in the channel
    await eventually(() => rows.first().locator('.rule-run').count()).toBe(5);
    expect(await rows.first().locator('.rule-run .run-outcome').first().textContent()).toBe('Ordered');

    // demoted to member: the rules stay in view, without History, Delete or the form
    await owner.getByLabel('Role of Colleague').selectOption('member');
    await eventually(() =>
      apiCall<{ myRole: string }>(serve.url, colleagueToken, 'GET', `/v1/channels/${channelId}`).then((c) => c.myRole),
    ).toBe('member');
    await colleague.reload();
    await eventually(() => rows.count()).toBe(2);
    expect(await colleague.getByRole('button', { name: 'History' }).count()).toBe(0);
    expect(await colleague.getByRole('button', { name: 'Delete rule' }).count()).toBe(0);
    expect(await colleague.getByRole('form', { name: 'Create a rule' }).count()).toBe(0);
    expect(await colleague.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

    // a member may leave; the channel is shared, so they still see it, as a viewer
    await colleague.goto(`${serve.url}/#/channels/${channelId}`);
    await colleague.getByRole('button', { name: 'Leave channel' }).click();
    await eventually(() => colleague.locator('.card-meta').first().textContent()).toBe('Shared with the account · You: Viewer');
    expect(await colleague.locator('.member-row .member-name').allTextContents()).not.toContain('Colleague');
  });
});
