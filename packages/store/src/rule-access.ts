import { ErrorCode, OnscreenError } from '@onscreen/core';
import { loadUser } from './access.js';
import { channelRoles, loadManagedChannel, MANAGING_ROLES } from './channel-access.js';
import type { Rule, RuleRun, User } from './domain.js';
import { type Row, toRule } from './rows.js';
import { addRule, listRunsOfRule } from './rules.js';
import { notFound } from './sql/errors.js';
import { all, one, run, type Step } from './sql/steps.js';
import type { NewRule, VisibleRule } from './types.js';

/**
 * Who may see and manage rules: every user of the account sees its gallery rules, and the rules of the
 * channels they see; admins manage every rule of the account, a channel's owner and managers its rules.
 * A rule hidden from the user (another account's, a private channel's) answers NOT_FOUND.
 */
export function* listRulesAs(actorId: string): Step<VisibleRule[]> {
  const actor = yield* loadUser(actorId);
  const rules = (yield* all<Row>('SELECT * FROM rules WHERE account_id = ? ORDER BY seq', [actor.accountId])).map(toRule);
  const roles = yield* channelRoles(actorId, [...new Set(rules.filter((r) => r.target === 'channel').map((r) => r.categoryId))]);
  return rules.flatMap((rule) => {
    const canManage = manages(actor, rule, roles);
    if (canManage === null) return [];
    return [{ ...rule, canManage }];
  });
}

export function* addRuleAs(actorId: string, input: Omit<NewRule, 'accountId'>): Step<Rule> {
  const actor = yield* loadUser(actorId);
  if (input.target === 'channel') yield* loadManagedChannel(actorId, input.categoryId, 'add rules to it');
  else if (actor.role !== 'admin') throw new OnscreenError(ErrorCode.FORBIDDEN, 'Only an admin of the account may add rules to a gallery.');
  return yield* addRule({ ...input, accountId: actor.accountId });
}

export function* deleteRuleAs(actorId: string, ruleId: string): Step<boolean> {
  const rule = yield* loadManagedRule(actorId, ruleId, 'delete');
  if (!rule) return false;
  return (yield* run('DELETE FROM rules WHERE id = ?', [rule.id])) > 0;
}

export function* listRuleHistory(actorId: string, ruleId: string, limit: number): Step<RuleRun[]> {
  const rule = yield* loadManagedRule(actorId, ruleId, 'read the history of');
  if (!rule) throw notFound('rule', ruleId);
  return yield* listRunsOfRule(rule.id, limit);
}

/** null: no such rule the user sees; FORBIDDEN: they see it and may not manage it. */
function* loadManagedRule(actorId: string, ruleId: string, what: string): Step<Rule | null> {
  const actor = yield* loadUser(actorId);
  const row = yield* one<Row>('SELECT * FROM rules WHERE id = ? AND account_id = ?', [ruleId, actor.accountId]);
  if (!row) return null;
  const rule = toRule(row);
  const roles = rule.target === 'channel' ? yield* channelRoles(actorId, [rule.categoryId]) : new Map();
  const canManage = manages(actor, rule, roles);
  if (canManage === null) return null;
  if (!canManage) {
    const who = rule.target === 'channel' ? "the channel's owner, its managers and the account's admins" : 'an admin of the account';
    throw new OnscreenError(ErrorCode.FORBIDDEN, `Only ${who} may ${what} this rule.`, { details: { ruleId } });
  }
  return rule;
}

/** null: hidden from the user. A channel rule whose channel is gone counts as a gallery rule. */
function manages(actor: User, rule: Rule, roles: Map<string, string | null>): boolean | null {
  if (rule.target === 'channel' && roles.has(rule.categoryId)) {
    const role = roles.get(rule.categoryId);
    if (role === null || role === undefined) return null;
    return MANAGING_ROLES.includes(role as (typeof MANAGING_ROLES)[number]);
  }
  return actor.role === 'admin';
}
