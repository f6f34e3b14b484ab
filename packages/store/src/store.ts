import { CreateOrderRequestSchema, ErrorCode, Messages, OnscreenError } from '@onscreen/core';
import * as accounts from './accounts.js';
import { createOrdersEach } from './bulk-orders.js';
import { listCreditHistory, retryOrder } from './order-retry.js';
import * as claims from './claims.js';
import * as entries from './entries.js';
import { listEntries } from './entry-listing.js';
import { setEntryLabels } from './entry-state.js';
import * as stats from './entry-stats.js';
import * as playlists from './playlists.js';
import * as watchList from './watch-list.js';
import * as queries from './order-queries.js';
import { checkOrderable, createOrders } from './orders.js';
import * as rules from './rules.js';
import * as ruleAccess from './rule-access.js';
import * as galleries from './galleries.js';
import * as channels from './channels.js';
import { channelRoles } from './channel-access.js';
import { addChannelEntry, listChannelEntries, removeChannelEntry } from './channel-entries.js';
import * as outbox from './search-outbox.js';
import { chargeOrderDuration } from './order-charge.js';
import * as tokens from './tokens.js';
import type { Driver } from './sql/steps.js';
import type { OnscreenStore } from './types.js';
import { checkReapOptions, parseInput, requirePositiveInt } from './util.js';
import { DEFAULT_IDEMPOTENCY_KEY_TTL_MS } from './idempotency-keys.js';

export interface StoreBehaviourOptions {
  /** Attempts an order gets before a retryable failure ends in error. Default 3. */
  maxAttempts?: number;
  /**
   * How long an order request's idempotency key is honoured, in ms of database time from its first use
   * (1 ms … 100 years). Default 86 400 000 (24 h). Expired keys are swept as new keys are written.
   */
  idempotencyKeyTtlMs?: number;
}

const MAX_KEY_TTL_MS = 100 * 365 * 86_400_000;

/** The one OnscreenStore, built on any Driver: each method is a read or a write transaction. */
export function createStore(driver: Driver, options: StoreBehaviourOptions = {}): OnscreenStore {
  const maxAttempts = requirePositiveInt(options.maxAttempts ?? 3, 'maxAttempts');
  const keyTtlMs = requirePositiveInt(options.idempotencyKeyTtlMs ?? DEFAULT_IDEMPOTENCY_KEY_TTL_MS, 'idempotencyKeyTtlMs', MAX_KEY_TTL_MS);
  const { read, write } = { read: driver.read.bind(driver), write: driver.write.bind(driver) };
  const close = () => driver.close();
  return {
    backend: driver.dialect,
    createAccount: (input) => write(() => accounts.createAccount(input)),
    getAccount: (id) => read(() => accounts.getAccount(id)),
    setReach: (accountId, reach) => write(() => accounts.setReach(accountId, reach)),
    createUser: (input) => write(() => accounts.createUser(input)),
    addUserToken: async (userId, options) =>
      (await write(() => tokens.issueToken(userId, typeof options === 'string' ? { token: options } : options))).token,
    issueToken: (userId, options) => write(() => tokens.issueToken(userId, options)),
    getUser: (id) => read(() => accounts.getUser(id)),
    listUsers: (accountId, q) => read(() => accounts.listUsers(accountId, q)),
    getUserNames: (ids) => read(() => accounts.getUserNames(ids)),
    authenticate: (token) => read(() => tokens.authenticate(token)),
    inspectToken: (token) => read(() => tokens.inspectToken(token)),
    revokeToken: (token) => write(() => tokens.revokeToken(token)),
    listTokens: (userId) => read(() => tokens.listTokens(userId)),
    revokeTokenById: (userId, tokenId) => write(() => tokens.revokeTokenById(userId, tokenId)),

    createEntry: (input) => write(() => entries.createEntry(input)),
    getEntry: (id) => read(() => entries.getEntry(id)),
    listEntries: (scope, listOptions) => read(() => listEntries(scope, listOptions)),
    setEntryLabels: (entryId, labels) => write(() => setEntryLabels(entryId, labels)),
    countEntryView: (entryId) => write(() => stats.countView(entryId)),
    async countEntryPlay(entryId, userId, windowMs) {
      requirePositiveInt(windowMs, 'windowMs');
      return write(() => stats.countPlay(entryId, userId, windowMs));
    },
    async countSearchLead({ entryId, userId, searchId, keepMs }) {
      requirePositiveInt(keepMs, 'keepMs');
      return write(() => stats.countSearchLead(entryId, userId, searchId, keepMs));
    },
    getEntryStats: (entryId, sinceDay) => read(() => stats.getEntryStats(entryId, sinceDay)),
    updateEntry: (id, patch) => write(() => entries.updateEntry(id, patch)),
    deleteEntry: (id) => write(() => entries.deleteEntry(id)),

    createPlaylist: (userId, input) => write(() => playlists.createPlaylist(userId, input)),
    listPlaylists: (userId) => read(() => playlists.listPlaylists(userId)),
    getPlaylist: (userId, id) => read(() => playlists.getPlaylist(userId, id)),
    updatePlaylist: (userId, id, patch) => write(() => playlists.updatePlaylist(userId, id, patch)),
    deletePlaylist: (userId, id) => write(() => playlists.deletePlaylist(userId, id)),
    addPlaylistEntries: (userId, id, entryIds) => write(() => playlists.addPlaylistEntries(userId, id, entryIds)),
    removePlaylistEntry: (userId, id, entryId) => write(() => playlists.removePlaylistEntry(userId, id, entryId)),
    addToWatchList: (userId, entryId) => write(() => watchList.addToWatchList(userId, entryId)),
    removeFromWatchList: (userId, entryId) => write(() => watchList.removeFromWatchList(userId, entryId)),
    listWatchList: (userId) => read(() => watchList.listWatchList(userId)),

    addRule: (input) => write(() => rules.addRule(input)),
    listRules: (accountId) => read(() => rules.listRules(accountId)),
    deleteRule: (id, accountId) => write(() => rules.deleteRule(id, accountId)),
    listRuleRuns: (accountId) => read(() => rules.listRuleRuns(accountId)),
    listRulesAs: (actorId) => read(() => ruleAccess.listRulesAs(actorId)),
    addRuleAs: (actorId, input) => write(() => ruleAccess.addRuleAs(actorId, input)),
    deleteRuleAs: (actorId, ruleId) => write(() => ruleAccess.deleteRuleAs(actorId, ruleId)),
    listRuleHistory: (actorId, ruleId, limit = 500) =>
      read(() => ruleAccess.listRuleHistory(actorId, ruleId, requirePositiveInt(limit, 'limit', 1000))),

    createGallery: (accountId, input) => write(() => galleries.createGallery(accountId, input)),
    listGalleries: (accountId) => read(() => galleries.listGalleries(accountId)),
    updateGallery: (accountId, id, patch) => write(() => galleries.updateGallery(accountId, id, patch)),
    deleteGallery: (accountId, id) => write(() => galleries.deleteGallery(accountId, id)),

    createChannel: (actorId, input) => write(() => channels.createChannel(actorId, input)),
    listChannels: (actorId) => read(() => channels.listChannels(actorId)),
    getChannel: (actorId, channelId) => read(() => channels.getChannel(actorId, channelId)),
    updateChannel: (actorId, channelId, patch) => write(() => channels.updateChannel(actorId, channelId, patch)),
    deleteChannel: (actorId, channelId) => write(() => channels.deleteChannel(actorId, channelId)),
    listChannelMembers: (actorId, channelId) => read(() => channels.listChannelMembers(actorId, channelId)),
    setChannelMember: (actorId, channelId, userId, role) => write(() => channels.setChannelMember(actorId, channelId, userId, role)),
    removeChannelMember: (actorId, channelId, userId) => write(() => channels.removeChannelMember(actorId, channelId, userId)),
    addChannelEntry: (actorId, channelId, entryId) => write(() => addChannelEntry(actorId, channelId, entryId)),
    removeChannelEntry: (actorId, channelId, entryId) => write(() => removeChannelEntry(actorId, channelId, entryId)),
    listChannelEntries: (actorId, channelId, page) => read(() => listChannelEntries(actorId, channelId, page)),
    channelRoles: (actorId, ids) => read(() => channelRoles(actorId, ids)),

    async createOrders({ accountId, requesterId, request }) {
      const parsed = parseInput(CreateOrderRequestSchema, request, 'order request');
      checkOrderable(parsed);
      const orders = await write(() => createOrders(accountId, requesterId, parsed, keyTtlMs));
      return { orders, message: Messages.ORDER_RECEIVED };
    },
    async createOrdersEach({ accountId, requesterId, request }) {
      const parsed = parseInput(CreateOrderRequestSchema, request, 'order request');
      checkOrderable(parsed);
      return write(() => createOrdersEach(accountId, requesterId, parsed, keyTtlMs));
    },
    listEntryOrders: (entryId, userId) => read(() => queries.listEntryOrders(entryId, userId)),
    getOrder: (id, userId) => read(() => queries.getOrder(id, userId)),
    listOrderActions: (orderId) => read(() => queries.listOrderActions(orderId)),
    cancelOrder: (id, userId) => write(() => queries.cancelOrder(id, userId)),
    retryOrder: (id, userId) => write(() => retryOrder(id, userId)),
    listCreditHistory: (accountId, limit = 100) => read(() => listCreditHistory(accountId, limit)),
    countOrdersByStatus: () => read(() => queries.countOrdersByStatus()),

    commitOrderSegments: (orderId, token, input) => write(() => outbox.commitOrderSegments(orderId, token, input)),
    async claimSearchChanges({ owner, leaseMs, limit, entryId }) {
      requirePositiveInt(leaseMs, 'leaseMs');
      requirePositiveInt(limit, 'limit', 1000);
      return write(() => outbox.claimSearchChanges(owner, leaseMs, limit, entryId));
    },
    completeSearchChange: (entryId, owner, version) => write(() => outbox.completeSearchChange(entryId, owner, version)),
    failSearchChange: (entryId, owner, { error, backoffMs }) =>
      write(() => outbox.failSearchChange(entryId, owner, error, Math.max(0, Math.trunc(backoffMs)))),
    markSearchChanges: async (entryIds, reason) => {
      if (entryIds.length === 0) return;
      await write(function* () {
        for (const id of entryIds) yield* outbox.markSearchChange(id, reason);
      });
    },
    getSearchChange: (entryId) => read(() => outbox.getSearchChange(entryId)),
    getEntryProjection: (entryId) => read(() => outbox.getEntryProjection(entryId)),
    listSearchProjection: (afterId, limit) => read(() => outbox.listSearchProjection(afterId, Math.min(Math.max(1, limit), 1000))),
    searchOutboxStats: () => read(() => outbox.searchOutboxStats()),
    getSearchAccess: (entryIds) => read(() => outbox.getSearchAccess(entryIds)),

    async chargeOrderDuration(orderId, token, durationMs) {
      if (!Number.isSafeInteger(durationMs) || durationMs < 0) {
        throw new OnscreenError(ErrorCode.INVALID_INPUT, `durationMs must be a whole number ≥ 0 (got ${durationMs}).`);
      }
      return write(() => chargeOrderDuration(orderId, token, durationMs));
    },
    async claimNextOrder({ workerId, leaseMs }) {
      requirePositiveInt(leaseMs, 'leaseMs');
      return write(() => claims.claimNextOrder(workerId, leaseMs));
    },
    async heartbeat(orderId, token, leaseMs) {
      requirePositiveInt(leaseMs, 'leaseMs');
      await write(() => claims.heartbeat(orderId, token, leaseMs));
    },
    async reportProgress(orderId, token, progress) {
      await write(() => claims.reportProgress(orderId, token, progress));
    },
    completeOrder: (orderId, token, { segmentCount, labels }) => write(() => claims.completeOrder(orderId, token, segmentCount, labels)),
    failOrder: (orderId, token, failure) => write(() => claims.failOrder(orderId, token, failure, failure.maxAttempts ?? maxAttempts)),
    releaseOrder: (orderId, token) => write(() => claims.releaseOrder(orderId, token)),
    async reapExpiredLeases(reap) {
      checkReapOptions(reap);
      return write(() => claims.reapExpiredLeases(reap));
    },

    close,
    [Symbol.asyncDispose]: close,
  };
}
