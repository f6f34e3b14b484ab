/**
 * @onscreen/core — the onscreen domain, pure: zod schemas and their types (entries, orders,
 * segments, OCR options, search requests and responses), the order state machine, the search-filter
 * builder with escaping, the error model and the messages the product fixes word for word.
 * No I/O: nothing here touches files, processes, the network or the environment.
 */
export { ErrorCode, INPUT_ERROR_CODES, OnscreenError, isOnscreenError, describeCause, type OnscreenErrorOptions } from './errors.js';
export { Messages } from './messages.js';
export { bulkOrderSummary, REFUSALS, RefusalReasonSchema, type RefusalReason } from './bulk-order.js';
export { EntrySchema, IdSchema, VisibilitySchema, type Entry, type Visibility } from './entry.js';
export {
  EntryLabelsSchema,
  EntryOcrStatusSchema,
  EntrySearchFieldSchema,
  EntrySortSchema,
  MediaTypeSchema,
  SortOrderSchema,
  type EntryLabels,
  type EntryOcrStatus,
  type EntrySearchField,
  type EntrySort,
  type MediaType,
  type SortOrder,
} from './entry-listing.js';
export {
  MAX_OCR_LANGUAGES,
  OcrOptionsSchema,
  OrderLanguagesSchema,
  OrderOcrOptionsSchema,
  type OcrOptions,
  type OcrOptionsInput,
} from './ocr-options.js';
export { canonicalLanguages, ISO_639_1_TO_TESSERACT, LanguagesSchema, toTesseractLanguages } from './languages.js';
export {
  BBoxSchema,
  ExtractedSegmentSchema,
  SegmentDocumentSchema,
  SegmentSchema,
  type BBox,
  type ExtractedSegment,
  type Segment,
  type SegmentDocument,
} from './segment.js';
export {
  CreateOrderRequestSchema,
  FeatureSchema,
  OrderProgressSchema,
  OrderSchema,
  OrderStatusSchema,
  OrderStepSchema,
  ServiceSchema,
  TURNAROUND_PRIORITY,
  TurnaroundTimeSchema,
  type CreateOrderRequest,
  type Feature,
  type Order,
  type OrderProgress,
  type OrderStatus,
  type OrderStep,
  type Service,
  type TurnaroundTime,
} from './order.js';
export { ACTIVE_STATUSES, FINAL_STATUSES, sourcesOf, transition, tryTransition, type OrderEvent } from './order-state.js';
export {
  SEARCH_LIMITS,
  SearchEntryHitSchema,
  SearchMomentSchema,
  SearchRequestSchema,
  SearchResponseSchema,
  type SearchEntryHit,
  type SearchMoment,
  type SearchRequest,
  type SearchRequestInput,
  type SearchResponse,
} from './search.js';
export { accessFilter, buildSearchFilter, quoteFilterValue } from './search-filter.js';
export {
  AccountSchema,
  ReachProfileSchema,
  RoleSchema,
  RuleRunSchema,
  RuleSchema,
  RuleTargetSchema,
  UserSchema,
  type Account,
  type ReachProfile,
  type Role,
  type Rule,
  type RuleRun,
  type RuleTarget,
  type User,
} from './account.js';
export {
  ChannelMemberRoleSchema,
  ChannelMemberSchema,
  ChannelPrivacySchema,
  ChannelRoleSchema,
  ChannelSchema,
  GallerySchema,
  type Channel,
  type ChannelMember,
  type ChannelMemberRole,
  type ChannelPrivacy,
  type ChannelRole,
  type Gallery,
} from './channel.js';
export { LabelSchema, type Label } from './label.js';
export {
  DaySchema,
  EntryDayStatsSchema,
  PLAYLIST_LIMITS,
  PlaylistDescriptionSchema,
  PlaylistNameSchema,
  PlaylistSchema,
  type EntryDayStats,
  type Playlist,
} from './playlist.js';
