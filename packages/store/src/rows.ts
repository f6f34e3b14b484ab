import {
  type EntryLabels,
  type EntryOcrStatus,
  type MediaType,
  OcrOptionsSchema,
  type Entry,
  type Order,
  type OrderStatus,
} from '@onscreen/core';
import type { Account, Channel, ChannelRole, Gallery, Rule, RuleRun, User } from './domain.js';
import type { EntryRecord, OrderAction } from './types.js';

/** Column lists and row → domain mapping, shared by both backends. */
export type Row = Record<string, unknown>;

const text = (value: unknown): string => String(value);
const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

export function toAccount(row: Row): Account {
  return {
    id: text(row.id),
    name: text(row.name),
    reach: { enabled: Number(row.reach_enabled) === 1, creditMinutes: numberOrNull(row.credit_minutes) },
    createdAt: text(row.created_at),
  };
}

export function toUser(row: Row): User {
  return {
    id: text(row.id),
    accountId: text(row.account_id),
    name: text(row.name),
    role: row.role === 'admin' ? 'admin' : 'user',
    createdAt: text(row.created_at),
  };
}

const OCR_STATUSES: readonly EntryOcrStatus[] = ['none', 'ordered', 'ready', 'error'];

function labelsOf(row: Row): EntryLabels | null {
  if (row.labels_json === null || row.labels_json === undefined) return null;
  return { top: JSON.parse(text(row.labels_json)) as string[], count: Number(row.label_count ?? 0) };
}

export function toEntry(row: Row): EntryRecord {
  return {
    id: text(row.id),
    ownerId: text(row.owner_id),
    title: text(row.title),
    description: text(row.description),
    tags: JSON.parse(text(row.tags_json)) as string[],
    categoryIds: JSON.parse(text(row.category_ids_json)) as string[],
    visibility: row.visibility === 'published' ? 'published' : 'private',
    durationMs: numberOrNull(row.duration_ms),
    filePath: textOrNull(row.file_path),
    sizeBytes: numberOrNull(row.size_bytes),
    createdAt: text(row.created_at),
    updatedAt: text(row.updated_at),
    mediaType: row.media_type === 'video' || row.media_type === 'image' ? (row.media_type as MediaType) : null,
    ocrStatus: OCR_STATUSES.includes(row.ocr_status as EntryOcrStatus) ? (row.ocr_status as EntryOcrStatus) : 'none',
    labels: labelsOf(row),
    viewCount: Number(row.view_count ?? 0),
  } satisfies Entry & Record<string, unknown>;
}

/** What an order (or a rule that places orders) asks for. */
function toOrderSettings(row: Row): Pick<Order, 'service' | 'feature' | 'sourceLanguage' | 'turnaroundTime' | 'ocr'> {
  return {
    service: row.service as Order['service'],
    feature: row.feature as Order['feature'],
    sourceLanguage: text(row.source_language),
    turnaroundTime: row.turnaround_time as Order['turnaroundTime'],
    ocr: OcrOptionsSchema.parse(JSON.parse(text(row.ocr_json))),
  };
}

export function toOrder(row: Row): Order {
  return {
    id: text(row.id),
    entryId: text(row.entry_id),
    accountId: text(row.account_id),
    requesterId: text(row.requester_id),
    ...toOrderSettings(row),
    status: row.status as OrderStatus,
    attempt: Number(row.attempt),
    progress: { step: row.progress_step as Order['progress']['step'], percent: Number(row.progress_percent) },
    errorCode: textOrNull(row.error_code),
    errorDetails: textOrNull(row.error_details),
    segmentCount: numberOrNull(row.segment_count),
    createdAt: text(row.created_at),
    updatedAt: text(row.updated_at),
  };
}

export function toOrderAction(row: Row): OrderAction {
  return {
    id: text(row.id),
    orderId: text(row.order_id),
    kind: row.kind as OrderAction['kind'],
    status: row.status as OrderAction['status'],
    amountMinutes: Number(row.amount_minutes),
    createdAt: text(row.created_at),
    updatedAt: text(row.updated_at),
  };
}

export function toRule(row: Row): Rule {
  return {
    id: text(row.id),
    accountId: text(row.account_id),
    categoryId: text(row.category_id),
    target: row.target === 'channel' ? 'channel' : 'gallery',
    ...toOrderSettings(row),
    createdAt: text(row.created_at),
  };
}

export function toRuleRun(row: Row): RuleRun {
  return {
    id: text(row.id),
    ruleId: text(row.rule_id),
    entryId: text(row.entry_id),
    outcome: row.outcome === 'ordered' ? 'ordered' : 'skipped',
    reason: textOrNull(row.reason) as RuleRun['reason'],
    orderId: textOrNull(row.order_id),
    createdAt: text(row.created_at),
  };
}

export function toGallery(row: Row): Gallery {
  return {
    id: text(row.id),
    accountId: text(row.account_id),
    name: text(row.name),
    description: text(row.description),
    createdAt: text(row.created_at),
  };
}

/** A channel row with `member_count`, as seen by a user whose role in it is `myRole`. */
export function toChannel(row: Row, myRole: ChannelRole): Channel {
  return {
    id: text(row.id),
    accountId: text(row.account_id),
    ownerId: text(row.owner_id),
    name: text(row.name),
    description: text(row.description),
    privacy: row.privacy === 'shared' ? 'shared' : 'private',
    memberCount: Number(row.member_count ?? 0),
    myRole,
    createdAt: text(row.created_at),
    updatedAt: text(row.updated_at),
  };
}
