import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExtractedSegment } from '@onscreen/core';
import { inject } from 'vitest';
import { multipartBody } from '../../src/http/testing/multipart.js';
import { openTestService, type TestService, type TestUser } from '../../src/http/testing/test-service.js';
import { within } from './problem-checks.js';

/** The in-process service of the hostile suites: real SQLite, the real Meilisearch of the run, no rate limit in the way. */
export function openHostileService(): Promise<TestService> {
  return openTestService({
    meili: { url: inject('meiliUrl'), apiKey: inject('meiliMasterKey') },
    limits: { requestsPerMinute: 10_000_000, accountRequestsPerMinute: 10_000_000 },
  });
}

/** POST /v1/entries with one file under a client-chosen name, bounded by `timeoutMs`. */
export async function uploadAs(
  service: TestService,
  who: TestUser,
  file: string,
  uploadName: string,
  fields: Record<string, string>,
  timeoutMs = 30_000,
) {
  const { payload, headers } = await multipartBody(fields, { path: file, name: uploadName });
  const request = service.app.inject({
    method: 'POST',
    url: '/v1/entries',
    payload,
    headers: { ...headers, authorization: `Bearer ${who.token}` },
  });
  return within(timeoutMs, `upload of ${uploadName}`, request);
}

/** A local HTTP server that counts what reaches it: ffmpeg must never be made to call it. */
export async function startTrapServer(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server: Server = createServer((_req, res) => {
    count += 1;
    res.end('trap');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const segmentLine = (text: string, startMs = 0, endMs = 2000): ExtractedSegment => ({
  text,
  startMs,
  endMs,
  confidence: 0.93,
  bbox: { x: 0.1, y: 0.1, w: 0.6, h: 0.08 },
});
