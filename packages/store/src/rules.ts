import { ErrorCode, IdSchema, OnscreenError, OrderOcrOptionsSchema, RuleTargetSchema, TurnaroundTimeSchema } from '@onscreen/core';
import type { Rule, RuleRun } from './domain.js';
import { getAccount } from './accounts.js';
import { checkOrderable } from './orders.js';
import { minutesOf, placeOrder } from './place-order.js';
import { type Row, toRule, toRuleRun } from './rows.js';
import { notFound } from './sql/errors.js';
import { all, one, run, type Step } from './sql/steps.js';
import type { EntryRecord, NewRule } from './types.js';
import { newId, nowIso, parseInput } from './util.js';

/**
 * Automated rules: "order OCR for every entry added to gallery or channel X", and the record of what each
 * did. Who may make, delete and read them: rule-access.ts.
 */
export function* addRule(input: NewRule): Step<Rule> {
  const service = input.service ?? 'machine';
  const feature = input.feature ?? 'ocr';
  checkOrderable({ service, feature });
  const categoryId = parseInput(IdSchema, input.categoryId, 'category id');
  const target = parseInput(RuleTargetSchema, input.target ?? 'gallery', 'rule target');
  const turnaroundTime = parseInput(TurnaroundTimeSchema, input.turnaroundTime ?? 'best_effort', 'turnaround time');
  const ocr = parseInput(OrderOcrOptionsSchema, input.ocr ?? {}, 'OCR options');
  const sourceLanguage = input.sourceLanguage ?? 'en';
  if (!(yield* getAccount(input.accountId))) throw notFound('account', input.accountId);
  if (
    target === 'channel' &&
    !(yield* one<Row>('SELECT id FROM channels WHERE id = ? AND account_id = ?', [categoryId, input.accountId]))
  ) {
    throw notFound('channel', categoryId);
  }
  const row = yield* one<Row>(
    `INSERT INTO rules (id, account_id, category_id, target, service, feature, source_language, turnaround_time, ocr_json, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    [newId('rul'), input.accountId, categoryId, target, service, feature, sourceLanguage, turnaroundTime, JSON.stringify(ocr), nowIso()],
  );
  if (!row) throw new OnscreenError(ErrorCode.STORE_FAILED, 'The rule was not stored.');
  return toRule(row);
}

export function* listRules(accountId: string): Step<Rule[]> {
  return (yield* all<Row>('SELECT * FROM rules WHERE account_id = ? ORDER BY seq', [accountId])).map(toRule);
}

export function* deleteRule(id: string, accountId: string): Step<boolean> {
  return (yield* run('DELETE FROM rules WHERE id = ? AND account_id = ?', [id, accountId])) > 0;
}

export function* listRuleRuns(accountId: string): Step<RuleRun[]> {
  const rows = yield* all<Row>(`SELECT r.* FROM rule_runs r JOIN rules ru ON ru.id = r.rule_id WHERE ru.account_id = ? ORDER BY r.seq`, [
    accountId,
  ]);
  return rows.map(toRuleRun);
}

/** One rule's history, newest first (at most `limit`). */
export function* listRunsOfRule(ruleId: string, limit: number): Step<RuleRun[]> {
  return (yield* all<Row>('SELECT * FROM rule_runs WHERE rule_id = ? ORDER BY seq DESC LIMIT ?', [ruleId, limit])).map(toRuleRun);
}

function* recordRun(ruleId: string, entryId: string, reason: RuleRun['reason'], orderId: string | null): Step<void> {
  yield* run('INSERT INTO rule_runs (id, rule_id, entry_id, outcome, reason, order_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    newId('run'),
    ruleId,
    entryId,
    reason === null ? 'ordered' : 'skipped',
    reason,
    orderId,
    nowIso(),
  ]);
}

/**
 * Runs, in the caller's transaction, the rules of the owner's account for the galleries and channels the
 * entry just joined. Each rule orders once or records why it did not: REACH off, an OCR order for the
 * entry already waiting, running or ready (duplicate), or not enough credit.
 */
export function* applyRules(entry: EntryRecord, ownerAccountId: string, joinedCategoryIds: readonly string[]): Step<void> {
  if (joinedCategoryIds.length === 0) return;
  const rules = (yield* all<Row>(
    `SELECT * FROM rules WHERE account_id = ? AND category_id IN (${joinedCategoryIds.map(() => '?').join(', ')}) ORDER BY seq`,
    [ownerAccountId, ...joinedCategoryIds],
  )).map(toRule);
  for (const rule of rules) {
    const account = yield* getAccount(ownerAccountId);
    if (!account?.reach.enabled) {
      yield* recordRun(rule.id, entry.id, 'reach_disabled', null);
      continue;
    }
    if (yield* hasOcr(entry.id)) {
      yield* recordRun(rule.id, entry.id, 'duplicate', null);
      continue;
    }
    const placed = yield* placeOrder({
      id: newId('ord'),
      entryId: entry.id,
      accountId: ownerAccountId,
      requesterId: entry.ownerId,
      ruleId: rule.id,
      sourceLanguage: rule.sourceLanguage,
      turnaroundTime: rule.turnaroundTime,
      ocr: rule.ocr,
      creditMinutes: minutesOf(entry.durationMs),
    });
    if (placed.kind === 'placed') yield* recordRun(rule.id, entry.id, null, placed.order.id);
    else yield* recordRun(rule.id, entry.id, placed.kind, null);
  }
}

/** An OCR order for the entry that is waiting, running or ready: a rule never orders the same text again. */
function* hasOcr(entryId: string): Step<boolean> {
  const row = yield* one<Row>(
    "SELECT id FROM orders WHERE entry_id = ? AND feature = 'ocr' AND status IN ('pending', 'processing', 'ready')",
    [entryId],
  );
  return row !== undefined;
}
