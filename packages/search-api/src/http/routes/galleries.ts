import { ErrorCode, GallerySchema, IdSchema, OnscreenError } from '@onscreen/core';
import { z } from 'zod';
import type { Api } from '../route.js';
import { CategorySummarySchema, IdParamsSchema } from '../schemas.js';

const NewGallerySchema = z
  .object({ id: IdSchema.optional(), name: GallerySchema.shape.name, description: GallerySchema.shape.description.optional() })
  .strict();
const GalleryPatchSchema = NewGallerySchema.omit({ id: true })
  .partial()
  .strict()
  .refine((patch) => patch.name !== undefined || patch.description !== undefined, { message: 'send name, description or both' });

/**
 * Galleries (the account's named categories: admins manage them, everyone sees them) and the category
 * picker: the galleries and channels the user sees, by name.
 */
export function galleryRoutes(api: Api): void {
  const { store } = api.deps;

  api.add({
    method: 'GET',
    url: '/v1/galleries',
    operationId: 'listGalleries',
    tag: 'categories',
    summary: "The account's galleries by name",
    response: z.object({ galleries: z.array(GallerySchema) }),
    handler: async ({ user }) => ({ galleries: await store.listGalleries(user.accountId) }),
  });

  api.add({
    method: 'POST',
    url: '/v1/galleries',
    operationId: 'createGallery',
    errors: ['CONFLICT'],
    tag: 'categories',
    summary:
      'Create a gallery (a name unique in the account). With `id`, an existing category id gets the name: its entries and rules stay. Admins only',
    auth: 'admin',
    body: NewGallerySchema,
    response: GallerySchema,
    status: 201,
    handler: async ({ user, body }) => store.createGallery(user.accountId, body),
  });

  api.add({
    method: 'PATCH',
    url: '/v1/galleries/:id',
    operationId: 'updateGallery',
    errors: ['CONFLICT'],
    tag: 'categories',
    summary: 'Rename a gallery or change its description. Admins only',
    auth: 'admin',
    params: IdParamsSchema,
    body: GalleryPatchSchema,
    response: GallerySchema,
    handler: async ({ user, params, body }) => store.updateGallery(user.accountId, params.id, body),
  });

  api.add({
    method: 'DELETE',
    url: '/v1/galleries/:id',
    operationId: 'deleteGallery',
    tag: 'categories',
    summary: 'Delete a gallery and its rules; its entries leave it (search follows within seconds). Admins only',
    auth: 'admin',
    params: IdParamsSchema,
    status: 204,
    handler: async ({ user, params, reply }) => {
      if (!(await store.deleteGallery(user.accountId, params.id))) {
        throw new OnscreenError(ErrorCode.NOT_FOUND, `Gallery ${params.id} was not found.`);
      }
      return reply.code(204).send();
    },
  });

  api.add({
    method: 'GET',
    url: '/v1/categories',
    operationId: 'listCategories',
    tag: 'categories',
    summary: "The galleries and channels you see, by name: for Global Search's category filter and an entry's categories",
    response: z.object({ categories: z.array(CategorySummarySchema) }),
    handler: async ({ user }) => {
      const [galleries, channels] = await Promise.all([store.listGalleries(user.accountId), store.listChannels(user.id)]);
      return {
        categories: [
          ...galleries.map((g) => ({ id: g.id, name: g.name, kind: 'gallery' as const })),
          ...channels.map((c) => ({ id: c.id, name: c.name, kind: 'channel' as const })),
        ],
      };
    },
  });
}
