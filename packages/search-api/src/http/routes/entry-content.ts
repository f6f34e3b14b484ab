import { basename, dirname } from 'node:path';
import { BBoxSchema, ErrorCode, IdSchema, LabelSchema, OnscreenError, SegmentSchema } from '@onscreen/core';
import { z } from 'zod';
import { loadViewableEntry } from '../entry-access.js';
import { listEntrySegments } from '../entry-segments.js';
import { labelsPreview, rankLabels } from '../labels.js';
import type { QueueFullError } from '../thumbnail-queue.js';
import { snapThumbnailMs, thumbnailFile } from '../thumbnails.js';
import { toOcrJson, toSrt, toWebVtt } from '../ocr-exports.js';
import type { Api } from '../route.js';
import { IdParamsSchema, MediaQuerySchema, ThumbnailQuerySchema } from '../schemas.js';
import { servedContainerOf } from '../media-types.js';
import { MEDIA_CONTENT_SECURITY_POLICY } from '../security-headers.js';

/** What is in an entry: its labels, OCR exports, frame thumbnails and the video itself. Same access as the entry. */
export function entryContentRoutes(api: Api): void {
  const { store } = api.deps;
  const segmentsOf = async (user: Parameters<typeof loadViewableEntry>[1], id: string) => {
    const entry = await loadViewableEntry(store, user, id);
    return { entry, segments: await listEntrySegments(api.deps, entry.id) };
  };

  api.add({
    method: 'GET',
    url: '/v1/entries/:id/labels',
    operationId: 'getEntryLabels',
    tag: 'entries',
    summary: 'Distinct on-screen texts, most salient first (time on screen × confidence), and the preview string',
    params: IdParamsSchema,
    response: z.object({ entryId: IdSchema, labels: z.array(LabelSchema), preview: z.string() }),
    handler: async ({ user, params }) => {
      const { entry, segments } = await segmentsOf(user, params.id);
      const labels = rankLabels(segments);
      return { entryId: entry.id, labels, preview: labelsPreview(labels) };
    },
  });

  const exports = [
    { ext: 'vtt', type: 'text/vtt; charset=utf-8', render: toWebVtt },
    { ext: 'srt', type: 'application/x-subrip; charset=utf-8', render: toSrt },
  ] as const;
  for (const { ext, type, render } of exports) {
    api.add({
      method: 'GET',
      url: `/v1/entries/:id/ocr.${ext}`,
      operationId: `exportOcr${ext === 'vtt' ? 'Vtt' : 'Srt'}`,
      tag: 'exports',
      summary: `The entry's on-screen text as ${ext.toUpperCase()}`,
      params: IdParamsSchema,
      response: { contentType: type },
      handler: async ({ user, params, reply }) => {
        const { entry, segments } = await segmentsOf(user, params.id);
        return reply.type(type).header('content-disposition', `inline; filename="${entry.id}.${ext}"`).send(render(segments));
      },
    });
  }

  api.add({
    method: 'GET',
    url: '/v1/entries/:id/ocr.json',
    operationId: 'exportOcrJson',
    tag: 'exports',
    summary: "The entry's on-screen text segments with their boxes (fractions of the frame) and confidence",
    params: IdParamsSchema,
    response: z.object({ entryId: IdSchema, segments: z.array(SegmentSchema.omit({ entryId: true }).extend({ bbox: BBoxSchema })) }),
    handler: async ({ user, params }) => {
      const { entry, segments } = await segmentsOf(user, params.id);
      return toOcrJson(entry.id, segments);
    },
  });

  api.add({
    method: 'GET',
    url: '/v1/entries/:id/thumbnail',
    operationId: 'getThumbnail',
    errors: ['FILE_NOT_FOUND', 'STORAGE_FULL'],
    tag: 'media',
    summary:
      'A small JPEG of the frame at t ms (snapped to 500 ms; made once, then cached). Authorization, or the cap of a thumbnailUrl for this t',
    params: IdParamsSchema,
    query: ThumbnailQuerySchema,
    capability: (params, query) => `/v1/entries/${params.id}/thumbnail?t=${query.t}`,
    response: { contentType: 'image/jpeg' },
    handler: async ({ user, params, query, reply }) => {
      const entry = await loadViewableEntry(store, user, params.id);
      const schedule = (make: () => Promise<string>) => api.deps.thumbnailQueue.run(user.id, make);
      const file = await thumbnailFile(api.deps, entry, snapThumbnailMs(query.t, entry.durationMs), schedule).catch((error: unknown) => {
        const retryAfter = (error as Partial<QueueFullError>).retryAfterSeconds;
        if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
        throw error;
      });
      return reply.header('cache-control', 'private, max-age=86400').sendFile(basename(file), dirname(file));
    },
  });

  api.add({
    method: 'GET',
    url: '/v1/entries/:id/media',
    operationId: 'getEntryMedia',
    errors: ['FILE_NOT_FOUND'],
    tag: 'media',
    summary:
      "The video file, with HTTP range requests (for the player), typed by its probed container (video/mp4, video/webm …; never a type a browser runs), nosniff. Authorization, or the cap of the entry's mediaUrl",
    params: IdParamsSchema,
    query: MediaQuerySchema,
    capability: (params) => `/v1/entries/${params.id}/media`,
    response: { contentType: 'video/*' },
    handler: async ({ user, params, reply }) => {
      const entry = await loadViewableEntry(store, user, params.id);
      if (entry.filePath === null) throw new OnscreenError(ErrorCode.FILE_NOT_FOUND, `Entry ${entry.id} has no media file.`);
      // The type comes from the server-chosen extension; a file the table does not know is a download.
      const { container, known } = servedContainerOf(entry.filePath);
      return reply
        .type(container.contentType)
        .header('content-disposition', `${known ? 'inline' : 'attachment'}; filename="${entry.id}${container.ext}"`)
        .header('content-security-policy', MEDIA_CONTENT_SECURITY_POLICY)
        .header('cross-origin-resource-policy', 'same-origin')
        .header('cache-control', 'private, max-age=3600')
        .sendFile(basename(entry.filePath), dirname(entry.filePath), { contentType: false });
    },
  });
}
