import type { Entry, Label, Order, OrderStatus, ReachProfile, Segment, SearchEntryHit, SearchMoment, SearchResponse } from '@onscreen/core';

/** The views the HTTP API adds around core's domain types (see packages/search-api/src/http/schemas.ts). */
export type EntryView = Entry & {
  sizeBytes: number | null;
  updatedAt: string;
  /** "label, label, label … + N more" ('' before OCR). */
  labelsPreview: string;
  latestOrder: { id: string; status: OrderStatus; createdAt: string } | null;
  mediaUrl: string;
};

export interface EntryList {
  entries: EntryView[];
  total: number;
  limit: number;
  offset: number;
}

export interface OrderList {
  orders: Order[];
  message?: string;
}

export interface OrdersCreated {
  orders: Order[];
  message: string;
}

export type ReachView = ReachProfile & { accountId: string };

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
export type SearchEntryView = Omit<SearchEntryHit, 'moments'> & { moments: MomentView[] };
export type SearchView = Omit<SearchResponse, 'entries'> & { entries: SearchEntryView[] };

export type { Order, OrderStatus };
