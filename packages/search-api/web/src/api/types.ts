import type {
  Entry,
  Label,
  Order,
  OrderStatus,
  ReachProfile,
  Segment,
  SearchEntryHit,
  SearchMoment,
  SearchResponse,
  User,
} from '@onscreen/core';

/** The views the HTTP API adds around core's domain types (see packages/search-api/src/http/schemas.ts). */
export type EntryView = Entry & {
  /** The owner's display name; null when the service does not know the owner. */
  ownerName: string | null;
  sizeBytes: number | null;
  updatedAt: string;
  /** "label, label, label … + N more" ('' before OCR). */
  labelsPreview: string;
  latestOrder: { id: string; status: OrderStatus; createdAt: string } | null;
  /** The video and a frame 1 s in, each with a capability for this user (minutes long): <video>/<img> sources as they are. */
  mediaUrl: string;
  thumbnailUrl: string;
};

export interface EntryList {
  entries: EntryView[];
  total: number;
  limit: number;
  offset: number;
}

/** An order as the API shows it. */
export type OrderView = Order & {
  /** The requester's display name; null when the service does not know the requester. */
  requesterName: string | null;
};

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

export interface LabelList {
  entryId: string;
  labels: Label[];
  preview: string;
}

export interface OcrJson {
  entryId: string;
  segments: Omit<Segment, 'entryId'>[];
}

export type MomentView = SearchMoment & { thumbnailUrl: string };
export type SearchEntryView = Omit<SearchEntryHit, 'moments'> & { ownerName: string | null; moments: MomentView[] };
export type SearchView = Omit<SearchResponse, 'entries'> & { entries: SearchEntryView[] };

export type { Order, OrderStatus };
