import { z } from 'zod';
import { IdSchema } from './entry.js';
import { OcrOptionsSchema } from './ocr-options.js';
import { FeatureSchema, ServiceSchema, TurnaroundTimeSchema } from './order.js';

/** An account's REACH profile: ordering needs `enabled`; `creditMinutes` null means no limit. */
export const ReachProfileSchema = z.object({
  enabled: z.boolean(),
  /** Minutes of video left to order machine OCR for; each order holds its entry's duration rounded up. */
  creditMinutes: z.number().int().nonnegative().nullable(),
});
export type ReachProfile = z.infer<typeof ReachProfileSchema>;

export const AccountSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  reach: ReachProfileSchema,
  createdAt: z.string(),
});
export type Account = z.infer<typeof AccountSchema>;

export const RoleSchema = z.enum(['admin', 'user']);
export type Role = z.infer<typeof RoleSchema>;

/** A person using onscreen; admins see and manage every order of their account. */
export const UserSchema = z.object({
  id: IdSchema,
  accountId: IdSchema,
  name: z.string().min(1).max(200),
  role: RoleSchema,
  createdAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;

/** What a rule watches: a gallery (an account-wide category; a bare category id counts as one) or a channel. */
export const RuleTargetSchema = z.enum(['gallery', 'channel']);
export type RuleTarget = z.infer<typeof RuleTargetSchema>;

/** "Order OCR for every entry added to gallery or channel X" — an account's automated rule. */
export const RuleSchema = z.object({
  id: IdSchema,
  accountId: IdSchema,
  /** The gallery's or channel's id: the category id entries carry when they belong to it. */
  categoryId: IdSchema,
  target: RuleTargetSchema,
  service: ServiceSchema,
  feature: FeatureSchema,
  sourceLanguage: z.string().min(2).max(35),
  turnaroundTime: TurnaroundTimeSchema,
  ocr: OcrOptionsSchema,
  createdAt: z.string(),
});
export type Rule = z.infer<typeof RuleSchema>;

/**
 * What a rule did when an entry joined its gallery or channel: ordered, or skipped with a reason —
 * REACH off, not enough credit, or an OCR order already active for the entry (duplicate).
 */
export const RuleRunSchema = z.object({
  id: IdSchema,
  ruleId: IdSchema,
  entryId: IdSchema,
  outcome: z.enum(['ordered', 'skipped']),
  reason: z.enum(['reach_disabled', 'duplicate', 'insufficient_credit']).nullable(),
  orderId: IdSchema.nullable(),
  createdAt: z.string(),
});
export type RuleRun = z.infer<typeof RuleRunSchema>;
