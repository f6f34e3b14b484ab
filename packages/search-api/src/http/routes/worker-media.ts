import { basename, dirname } from 'node:path';
import { ErrorCode, OnscreenError } from '@onscreen/core';
import { z } from 'zod';
import type { Api } from '../route.js';
import { IdParamsSchema } from '../schemas.js';
import { verifyWorkerMediaSignature, WORKER_MEDIA_PATH } from '../worker-media-url.js';

const WorkerMediaQuerySchema = z.object({
  expires: z.coerce.number().int(),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * The video of an entry for an OCR worker on another machine, by a URL the worker signed with the
 * worker token (see worker-media-url.ts); with range requests. Registered only when the API has a
 * worker token. A bad or expired signature answers 404, like an entry that does not exist.
 */
export function workerMediaRoutes(api: Api, workerToken: string): void {
  api.add({
    method: 'GET',
    url: `${WORKER_MEDIA_PATH}/:id`,
    operationId: 'getWorkerMedia',
    tag: 'workers',
    auth: 'none',
    summary: 'The video of an entry for a remote OCR worker (a URL signed with the worker token), with range requests',
    params: IdParamsSchema,
    query: WorkerMediaQuerySchema,
    response: { contentType: 'video/*' },
    handler: async ({ params, query, reply }) => {
      const entry = verifyWorkerMediaSignature(workerToken, params.id, query.expires, query.signature)
        ? await api.deps.store.getEntry(params.id)
        : null;
      if (entry === null || entry.filePath === null) throw new OnscreenError(ErrorCode.NOT_FOUND, 'No such media.');
      return reply.header('cache-control', 'private, no-store').sendFile(basename(entry.filePath), dirname(entry.filePath));
    },
  });
}
