import {
  EntryLabelsSchema,
  EntryOcrStatusSchema,
  EntrySchema,
  EntrySearchFieldSchema,
  EntrySortSchema,
  IdSchema,
  MediaTypeSchema,
  Messages,
  RefusalReasonSchema,
  RuleRunSchema,
  RuleSchema,
  SortOrderSchema,
  VisibilitySchema,
  OrderSchema,
  OrderStatusSchema,
  SearchEntryHitSchema,
  SearchMomentSchema,
  SearchResponseSchema,
} from '@onscreen/core';
import { z } from 'zod';

/**
 * HTTP shapes built from core's schemas (request envelopes and views; the domain is never re-declared).
 * The web page imports the view types from here (`@onscreen/search-api/schemas`, types only).
 */
const E = EntrySchema.shape;

export const IdParamsSchema = z.object({ id: IdSchema });

/** PATCH /v1/entries/:id — only what a client may change; omitted fields keep their value. */
export const EntryPatchSchema = z
  .object({
    title: E.title.optional(),
    description: E.description.unwrap().optional(),
    tags: E.tags.unwrap().optional(),
    categoryIds: E.categoryIds.unwrap().optional(),
    visibility: E.visibility.unwrap().optional(),
    /** Admins only: move the entry to another user of the account. */
    ownerId: E.ownerId.optional(),
  })
  .strict();

/** Multipart fields beside `file` on upload. */
export const UploadFieldsSchema = z.object({
  title: E.title,
  description: E.description,
  visibility: E.visibility,
});

/** A user's display name (an entry's owner, an order's requester); null when the store does not know the id. */
const UserNameSchema = z.string().nullable();

export const EntryViewSchema = EntrySchema.extend({
  ownerName: UserNameSchema,
  sizeBytes: z.number().int().nullable(),
  updatedAt: z.string(),
  /** "label, label, label … + N more" from the entry's on-screen text ('' before OCR). */
  labelsPreview: z.string(),
  /** The labels kept with the entry (the first few, and how many in all); null before its first ready order. */
  labels: EntryLabelsSchema.nullable(),
  mediaType: MediaTypeSchema.nullable(),
  ocrStatus: EntryOcrStatusSchema,
  /** Plays counted by the service. */
  viewCount: z.number().int(),
  /** Whether the caller may change, order for and delete the entry (its owner, or an admin of the owner's account). */
  canManage: z.boolean(),
  latestOrder: z.object({ id: IdSchema, status: OrderStatusSchema, createdAt: z.string() }).nullable(),
  /** The video, with a capability for the caller (`?cap=`, minutes long): usable as a <video> source as it is. */
  mediaUrl: z.string(),
  /** A frame near the start (1 s), with a capability like `mediaUrl`. */
  thumbnailUrl: z.string(),
});
export type EntryView = z.infer<typeof EntryViewSchema>;

/** An order as the API shows it: with its requester's display name. */
export const OrderViewSchema = OrderSchema.extend({ requesterName: UserNameSchema });
export type OrderView = z.infer<typeof OrderViewSchema>;

/** One entry of a bulk order: its order, or why not (in the portal's words); a title only where the caller may see the entry. */
export const BulkOrderResultSchema = z.discriminatedUnion('outcome', [
  z.object({ entryId: z.string(), title: z.string().nullable(), outcome: z.literal('ordered'), order: OrderViewSchema }),
  z.object({
    entryId: z.string(),
    title: z.string().nullable(),
    outcome: z.literal('refused'),
    reason: RefusalReasonSchema,
    message: z.string(),
  }),
]);
export const BulkOrderViewSchema = z.object({
  results: z.array(BulkOrderResultSchema),
  /** "12 ordered, 2 already ordered, 1 not yours". */
  summary: z.string(),
  ordered: z.number().int(),
  refused: z.number().int(),
  /** The order-received message when anything was ordered. */
  message: z.literal(Messages.ORDER_RECEIVED).nullable(),
});
export type BulkOrderView = z.infer<typeof BulkOrderViewSchema>;
export type BulkOrderResultView = z.infer<typeof BulkOrderResultSchema>;

/** Page sizes My Media offers; the API takes any size up to the service's maxEntriesPageSize (at most 100). */
export const ENTRY_PAGE_SIZES = [10, 20, 50, 100] as const;

/** GET /v1/entries: one page of My Media, sorted, filtered and searched by the service. */
export const ListEntriesQuerySchema = z.object({
  q: z.string().max(200).optional(),
  /** "Search In": all fields (the on-screen text included), title, description, tags, or the on-screen text. */
  in: EntrySearchFieldSchema.default('all'),
  sort: EntrySortSchema.default('created'),
  order: SortOrderSchema.default('desc'),
  visibility: VisibilitySchema.optional(),
  mediaType: MediaTypeSchema.optional(),
  ocrStatus: EntryOcrStatusSchema.optional(),
  categoryId: IdSchema.optional(),
  /** Admins: `all` for every entry of the account, or one user's id; others may only name themselves. */
  ownerId: z.union([z.literal('all'), IdSchema]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const EntryListViewSchema = z.object({
  entries: z.array(EntryViewSchema),
  /** Entries matching the query in all. */
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  /** True when the on-screen text matched more entries than the service looks at (1 000, the first by id): the list may miss some. */
  ocrMatchesCapped: z.boolean(),
});
export type EntryListView = z.infer<typeof EntryListViewSchema>;

/** A user as pickers show them (owner filters). */
export const UserSummarySchema = z.object({ id: IdSchema, name: z.string() });
export const UserListQuerySchema = z.object({ q: z.string().max(100).default('') });
export type UserSummary = z.infer<typeof UserSummarySchema>;

/** `thumbnailUrl`: the moment's frame, with a capability for the caller (`?cap=`) like an entry's `mediaUrl`. */
export const MomentViewSchema = SearchMomentSchema.extend({ thumbnailUrl: z.string() });
export const SearchViewSchema = SearchResponseSchema.extend({
  /** This search, for counting which entries it led to (POST /v1/entries/:id/search-leads). */
  searchId: IdSchema,
  entries: z.array(
    SearchEntryHitSchema.extend({
      ownerName: UserNameSchema,
      moments: z.array(MomentViewSchema),
      /** Sent back with `searchId` when the caller opens this entry from the results (minutes long, like a capability). */
      lead: z.string(),
    }),
  ),
});
export type MomentView = z.infer<typeof MomentViewSchema>;
export type SearchView = z.infer<typeof SearchViewSchema>;
export type SearchEntryView = SearchView['entries'][number];

/** `cap`: a capability from an entry's or a moment's URL, instead of `Authorization` (for <video>/<img>). */
const CapabilitySchema = z.string().max(200).optional();

export const MediaQuerySchema = z.object({ cap: CapabilitySchema });

export const ThumbnailQuerySchema = z.object({
  t: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 3_600_000)
    .default(0),
  cap: CapabilitySchema,
});

/** How long a token issued over HTTP lives, in seconds: 1 minute … 365 days. */
export const TOKEN_TTL_SECONDS = { min: 60, max: 365 * 86_400, default: 30 * 86_400 } as const;
export const TokenTtlSecondsSchema = z.number().int().min(TOKEN_TTL_SECONDS.min).max(TOKEN_TTL_SECONDS.max);
/** A token as issued: shown in this one answer; `expiresAt` (ISO 8601) null means it never expires. */
export const IssuedTokenSchema = z.object({ token: z.string(), expiresAt: z.string().nullable() });
/** A token as listed: ids and ISO 8601 instants, never the secret or its hash; `current`: the token of this request. */
export const TokenSummarySchema = z.object({
  id: IdSchema,
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  current: z.boolean(),
});
/** Admins may name a user of their own account; without it, the caller. */
export const TokenOwnerQuerySchema = z.object({ userId: IdSchema.optional() });

/** A gallery or channel as pickers show it (Global Search's category filter, an entry's categories). */
export const CategorySummarySchema = z.object({
  id: IdSchema,
  name: z.string(),
  kind: z.enum(['gallery', 'channel']),
});
export type CategorySummary = z.infer<typeof CategorySummarySchema>;

/** An entry of a channel as its page lists it; `canRemove`: the caller may take it out of the channel. */
export const ChannelEntryViewSchema = EntrySchema.pick({ id: true, title: true, ownerId: true, visibility: true, durationMs: true }).extend(
  {
    ownerName: UserNameSchema,
    ocrStatus: EntryOcrStatusSchema,
    canRemove: z.boolean(),
    thumbnailUrl: z.string(),
  },
);
export type ChannelEntryView = z.infer<typeof ChannelEntryViewSchema>;

/** A rule as listed: what it watches by name, and whether the caller may delete it and read its history. */
export const RuleViewSchema = RuleSchema.extend({ targetName: z.string().nullable(), canManage: z.boolean() });
export type RuleView = z.infer<typeof RuleViewSchema>;

/** A rule's firing or skip, with the entry's title where the caller may see the entry. */
export const RuleRunViewSchema = RuleRunSchema.extend({ entryTitle: z.string().nullable() });
export type RuleRunView = z.infer<typeof RuleRunViewSchema>;
export * from './playlist-schemas.js';
