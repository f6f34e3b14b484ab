import { z } from 'zod';
import { IdSchema } from './entry.js';

/**
 * Galleries and channels: the named categories entries belong to. An entry belongs to one when its
 * `categoryIds` hold the gallery's or channel's id, so Global Search filters by them as by any category.
 */

/** An account-wide category with a name; admins make them, every user of the account sees them. */
export const GallerySchema = z.object({
  id: IdSchema,
  accountId: IdSchema,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000),
  createdAt: z.string(),
});
export type Gallery = z.infer<typeof GallerySchema>;

/** private: its members (and the account's admins) only; shared: every user of the account sees it and may add entries. */
export const ChannelPrivacySchema = z.enum(['private', 'shared']);
export type ChannelPrivacy = z.infer<typeof ChannelPrivacySchema>;

/** A member's role: managers (and the owner) manage members, rules and the channel itself. */
export const ChannelMemberRoleSchema = z.enum(['member', 'manager']);
export type ChannelMemberRole = z.infer<typeof ChannelMemberRoleSchema>;

/**
 * What the user asking may do with a channel: owner and manager manage it; admin (of the account, not a
 * member) too; member adds entries; viewer (a shared channel) sees it and adds entries.
 */
export const ChannelRoleSchema = z.enum(['owner', 'manager', 'admin', 'member', 'viewer']);
export type ChannelRole = z.infer<typeof ChannelRoleSchema>;

export const ChannelSchema = z.object({
  id: IdSchema,
  accountId: IdSchema,
  ownerId: IdSchema,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000),
  privacy: ChannelPrivacySchema,
  memberCount: z.number().int().nonnegative(),
  /** The caller's role in it. */
  myRole: ChannelRoleSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Channel = z.infer<typeof ChannelSchema>;

export const ChannelMemberSchema = z.object({
  userId: IdSchema,
  name: z.string(),
  role: ChannelMemberRoleSchema,
  addedAt: z.string(),
});
export type ChannelMember = z.infer<typeof ChannelMemberSchema>;
