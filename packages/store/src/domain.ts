/**
 * Account, user and rule types come from @onscreen/core (src/account.ts). Until core's index exports
 * them, they are taken from that file directly, as types only (nothing of it reaches the build output).
 */
export type { Account, Channel, ChannelMember, ChannelRole, Gallery, ReachProfile, Role, Rule, RuleRun, User } from '@onscreen/core';
