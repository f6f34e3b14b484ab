import type { Entry, Label, Order, OrderStatus, ReachProfile, Segment, User } from '@onscreen/core';

/** The views of the HTTP API, inferred from the service's own zod schemas (never copied by hand). */
export type {
  CategorySummary,
  ChannelEntryView,
  RuleRunView,
  RuleView,
  BulkOrderView,
  EntryListView as EntryList,
  EntryView,
  MomentView,
  OrderView,
  SearchEntryView,
  SearchView,
  UserSummary,
  EntryAnalyticsView,
  ListItemView,
  PlaylistAddView,
  PlaylistDetailView,
  PlaylistView,
  WatchListView,
} from '@onscreen/search-api/schemas';
import type { OrderView } from '@onscreen/search-api/schemas';

export interface OrderList {
  orders: OrderView[];
  message?: string;
}

export interface OrdersCreated {
  orders: OrderView[];
  message: string;
}

export type ReachView = ReachProfile & { accountId: string };

/** GET /v1/me: who the token belongs to. */
export interface Me {
  user: Pick<User, 'id' | 'name' | 'role' | 'accountId'>;
  account: { id: string; name: string; reachEnabled: boolean };
  /** ISO 8601; null: the token does not expire. */
  tokenExpiresAt: string | null;
}

export type { Label };
export type { Channel, ChannelMember, Gallery } from '@onscreen/core';

export interface LabelList {
  entryId: string;
  labels: Label[];
  preview: string;
}

export interface OcrJson {
  entryId: string;
  segments: Omit<Segment, 'entryId'>[];
}

export type { Order, OrderStatus };
