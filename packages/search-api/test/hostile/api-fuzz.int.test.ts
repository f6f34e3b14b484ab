import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { makeVideo, slideDeck } from '@onscreen/testkit';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '../../src/http/testing/test-service.js';
import { openHostileService, segmentLine, uploadAs } from './hostile-fixture.js';
import { codeOf, histogram, problemFault, within } from './problem-checks.js';
import { type FuzzRequest, requestArbitrary, uploadArbitrary } from './request-arbitraries.js';

/**
 * 10 000 generated requests from Bob (and from no one, and from garbage tokens) over every route, plus
 * 400 hostile multipart uploads: no 5xx, no stack trace or path of this machine in any body, every error
 * problem+json with a code, and nothing of Alice's private entry in any answer.
 */
const SEED = Number(process.env.HOSTILE_SEED ?? 20_261_127);
const REQUESTS = 10_000;
const UPLOADS = 400;
const BATCH = 8;
const MARKER = `onscreen-escape-${process.pid}`;

let service: TestService;
const secret = {
  id: '',
  orderId: '',
  channelId: '',
  title: 'Zebra-7731 confidential board minutes',
  text: 'Ocelot acquisition 4412 terms',
};
let knownIds: string[] = [];

beforeAll(async () => {
  service = await openHostileService();
  const video = join(service.dataDir, 'clip.mp4');
  await makeVideo(slideDeck({ durationS: 2, width: 320, height: 180 }), video);
  const upload = async (who: TestService['alice'], title: string, visibility: 'private' | 'published', text: string) => {
    const res = await uploadAs(service, who, video, 'clip.mp4', { title, visibility });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    await service.index.replaceEntrySegments(
      { entryId: id, ownerId: who.user.id, visibility, categoryIds: ['cat'], entryTitle: title, orderId: null, language: 'eng' },
      [segmentLine(text), segmentLine('revenue forecast shared line', 2000, 4000)],
    );
    return id;
  };
  secret.id = await upload(service.alice, secret.title, 'private', secret.text);
  const publicId = await upload(service.alice, 'Alice public talk', 'published', 'Public revenue slide');
  const bobsId = await upload(service.bob, 'Bob own notes', 'private', 'Bob revenue memo');
  const order = await service.call(service.alice, 'POST', '/v1/orders', { entryIds: [secret.id] });
  expect(order.statusCode, order.body).toBe(201);
  secret.orderId = order.json().orders[0].id;
  // a private channel of Alice's holding the secret entry: its name and id must not reach Bob either
  const channel = await service.call(service.alice, 'POST', '/v1/channels', { name: 'Ocelot deal room' });
  expect(channel.statusCode, channel.body).toBe(201);
  secret.channelId = channel.json().id;
  expect((await service.call(service.alice, 'POST', `/v1/channels/${secret.channelId}/entries`, { entryId: secret.id })).statusCode).toBe(
    200,
  );
  knownIds = [secret.id, secret.orderId, secret.channelId, publicId, bobsId, service.alice.user.id, service.admin.user.id];
});
afterAll(() => service?.close());

interface Verdict {
  status: number;
  code: string;
  fault?: string;
}

/** Sends one request (bounded) and judges its answer. */
async function judge(request: FuzzRequest): Promise<Verdict> {
  const sent = `${request.url} ${JSON.stringify(request.headers)} ${request.payload?.toString('latin1').slice(0, 3000) ?? ''}`;
  let res: LightMyRequestResponse;
  try {
    res = await within(
      10_000,
      `${request.method} ${request.url.slice(0, 80)}`,
      service.app.inject({ ...request, method: request.method as 'GET' }),
    );
  } catch (error) {
    return { status: 0, code: 'NO_ANSWER', fault: `no answer: ${(error as Error).message}` };
  }
  const code = request.method === 'HEAD' ? 'HEAD (no body)' : res.statusCode >= 400 ? codeOf(res) : 'ok';
  const fault =
    request.method === 'HEAD' ? (res.statusCode >= 500 ? `status ${res.statusCode}` : undefined) : problemFault(res, service.dataDir, sent);
  if (fault) return { status: res.statusCode, code, fault: `${fault} (${res.statusCode} ${res.body.slice(0, 160)})` };
  const leak = [secret.id, secret.orderId, secret.channelId, secret.title, secret.text, 'Ocelot'].find(
    (s) => res.body.includes(s) && !sent.includes(s),
  );
  if (leak) return { status: res.statusCode, code, fault: `leaked ${leak}` };
  if (res.statusCode < 300 && (request.url.includes(secret.id) || request.url.includes(secret.orderId)) && res.body.includes(secret.id)) {
    return { status: res.statusCode, code, fault: 'answered about the secret entry' };
  }
  return { status: res.statusCode, code };
}

async function run(requests: FuzzRequest[]) {
  const verdicts: Array<Verdict & { request: FuzzRequest }> = [];
  for (let i = 0; i < requests.length; i += BATCH) {
    const batch = requests.slice(i, i + BATCH);
    verdicts.push(...(await Promise.all(batch.map(async (request) => ({ ...(await judge(request)), request })))));
  }
  const faults = verdicts
    .filter((v) => v.fault)
    .map((v) => `${v.fault} ← ${v.request.method} ${v.request.url.slice(0, 100)} ${JSON.stringify(v.request.headers).slice(0, 200)}`);
  return { verdicts, faults };
}

describe('API fuzzing', () => {
  it(`answers ${REQUESTS} generated requests with no 5xx, no internals, problem+json errors and no leak (seed ${SEED})`, async () => {
    const requests = fc.sample(requestArbitrary(knownIds, service.bob.token), { numRuns: REQUESTS, seed: SEED });
    const started = performance.now();
    const { verdicts, faults } = await run(requests);
    expect(faults.slice(0, 10), `${faults.length} faults`).toEqual([]);
    expect(verdicts).toHaveLength(REQUESTS);
    const statuses = histogram(verdicts.map((v) => String(v.status)));
    // not vacuous: the searches and reads really ran (2xx), and every kind of refusal was seen
    expect(verdicts.filter((v) => v.status === 200).length).toBeGreaterThan(REQUESTS / 20);
    for (const status of ['400', '401', '404']) expect(statuses[status] ?? 0).toBeGreaterThan(100);
    console.log(
      `[hostile-fuzz] ${REQUESTS} requests in ${Math.round(performance.now() - started)} ms; statuses`,
      JSON.stringify(statuses),
      'codes',
      JSON.stringify(histogram(verdicts.map((v) => v.code))),
    );
  });

  it(`refuses ${UPLOADS} hostile multipart uploads cleanly; no file lands outside the media dir, none stays in it`, async () => {
    const requests = fc.sample(uploadArbitrary(service.bob.token, MARKER), { numRuns: UPLOADS, seed: SEED });
    const before = await readdir(join(service.dataDir, 'media'));
    const { verdicts, faults } = await run(requests);
    expect(faults.slice(0, 10)).toEqual([]);
    expect(verdicts.filter((v) => v.status === 201)).toEqual([]);
    expect(await readdir(join(service.dataDir, 'media'))).toEqual(before);
    const everywhere = [
      ...(await readdir(service.dataDir, { recursive: true })),
      ...(await readdir(dirname(service.dataDir))),
      ...(await readdir(tmpdir())),
    ];
    expect(everywhere.filter((f) => f.includes(MARKER))).toEqual([]);
    expect(existsSync(join(tmpdir(), `${MARKER}.mp4`))).toBe(false);
    console.log(
      `[hostile-fuzz] ${UPLOADS} uploads; statuses`,
      JSON.stringify(histogram(verdicts.map((v) => String(v.status)))),
      'codes',
      JSON.stringify(histogram(verdicts.map((v) => v.code))),
    );
  });

  it("leaves Alice's entry and order as they were", async () => {
    const entry = await service.call(service.alice, 'GET', `/v1/entries/${secret.id}`);
    expect(entry.json()).toMatchObject({
      id: secret.id,
      title: secret.title,
      visibility: 'private',
      latestOrder: { id: secret.orderId, status: 'pending' },
    });
    const hits = (await service.call(service.alice, 'GET', '/v1/search?q=ocelot'))
      .json()
      .entries.map((e: { entryId: string }) => e.entryId);
    expect(hits).toEqual([secret.id]);
  });
});
