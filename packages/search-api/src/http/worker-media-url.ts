import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Media URLs for workers on other machines. A worker holds the worker token (ONSCREEN_WORKER_TOKEN, the
 * same on the API and every worker) and signs, per entry, a URL that expires; the API checks the
 * signature and serves the file with range requests, so ffmpeg on the worker reads only what it needs.
 * The token itself never travels: ffmpeg's command line and the API's access log see the signature only.
 */
export const WORKER_MEDIA_PATH = '/v1/worker/media';
/** How long a signed URL works: long enough for ffmpeg to read a long video end to end. */
export const WORKER_MEDIA_TTL_MS = 12 * 3600_000;

const signatureOf = (workerToken: string, entryId: string, expiresMs: number) =>
  createHmac('sha256', workerToken).update(`onscreen-worker-media\n${entryId}\n${expiresMs}`).digest('hex');

/** `<apiUrl>/v1/worker/media/<entryId>?expires=…&signature=…` */
export function signWorkerMediaUrl(apiUrl: string, workerToken: string, entryId: string, nowMs = Date.now()): URL {
  const expiresMs = nowMs + WORKER_MEDIA_TTL_MS;
  const url = new URL(`${WORKER_MEDIA_PATH}/${encodeURIComponent(entryId)}`, apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`);
  url.searchParams.set('expires', String(expiresMs));
  url.searchParams.set('signature', signatureOf(workerToken, entryId, expiresMs));
  return url;
}

/** Whether a signature is the worker token's for this entry and has not expired (constant-time compare). */
export function verifyWorkerMediaSignature(workerToken: string, entryId: string, expiresMs: number, signature: string, nowMs = Date.now()) {
  if (!Number.isSafeInteger(expiresMs) || expiresMs < nowMs || expiresMs > nowMs + WORKER_MEDIA_TTL_MS) return false;
  const expected = Buffer.from(signatureOf(workerToken, entryId, expiresMs), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
