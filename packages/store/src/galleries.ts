import { ErrorCode, GallerySchema, IdSchema, OnscreenError } from '@onscreen/core';
import type { Gallery } from './domain.js';
import { type Row, toGallery } from './rows.js';
import { notFound } from './sql/errors.js';
import { all, one, run, type Step } from './sql/steps.js';
import { markSearchChange } from './search-outbox.js';
import type { GalleryPatch, NewGallery } from './types.js';
import { categoryPattern, newId, nowIso, parseInput } from './util.js';

/**
 * Galleries: an account's named categories. A gallery's id is the category id its entries carry, so a
 * category used before it had a name keeps its entries and rules once an admin names it.
 */
export function* createGallery(accountId: string, input: NewGallery): Step<Gallery> {
  const id = parseInput(IdSchema, input.id ?? newId('gal'), 'gallery id');
  const name = parseInput(GallerySchema.shape.name, input.name, 'gallery name');
  const description = parseInput(GallerySchema.shape.description, input.description ?? '', 'gallery description');
  if (!(yield* one<Row>('SELECT id FROM accounts WHERE id = ?', [accountId]))) throw notFound('account', accountId);
  yield* checkFreeName(accountId, name, null);
  const row = yield* one<Row>(
    `INSERT INTO galleries (id, account_id, name, description, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING RETURNING *`,
    [id, accountId, name, description, nowIso()],
  );
  if (!row) throw new OnscreenError(ErrorCode.CONFLICT, `A gallery with the id ${id} already exists.`, { details: { id } });
  return toGallery(row);
}

/** The account's galleries by name. */
export function* listGalleries(accountId: string): Step<Gallery[]> {
  return (yield* all<Row>('SELECT * FROM galleries WHERE account_id = ? ORDER BY lower(name), seq', [accountId])).map(toGallery);
}

export function* getGallery(accountId: string, id: string): Step<Gallery | null> {
  const row = yield* one<Row>('SELECT * FROM galleries WHERE account_id = ? AND id = ?', [accountId, id]);
  return row ? toGallery(row) : null;
}

export function* updateGallery(accountId: string, id: string, patch: GalleryPatch): Step<Gallery> {
  const before = yield* getGallery(accountId, id);
  if (!before) throw notFound('gallery', id);
  const name = patch.name === undefined ? before.name : parseInput(GallerySchema.shape.name, patch.name, 'gallery name');
  const description =
    patch.description === undefined
      ? before.description
      : parseInput(GallerySchema.shape.description, patch.description, 'gallery description');
  yield* checkFreeName(accountId, name, id);
  const row = yield* one<Row>('UPDATE galleries SET name = ?, description = ? WHERE account_id = ? AND id = ? RETURNING *', [
    name,
    description,
    accountId,
    id,
  ]);
  if (!row) throw notFound('gallery', id);
  return toGallery(row);
}

/** Deletes the gallery and its rules, and takes its id out of the account's entries (search follows). */
export function* deleteGallery(accountId: string, id: string): Step<boolean> {
  if (!(yield* getGallery(accountId, id))) return false;
  yield* run("DELETE FROM rules WHERE account_id = ? AND category_id = ? AND target = 'gallery'", [accountId, id]);
  yield* leaveCategory(accountId, id);
  return (yield* run('DELETE FROM galleries WHERE account_id = ? AND id = ?', [accountId, id])) > 0;
}

function* checkFreeName(accountId: string, name: string, exceptId: string | null): Step<void> {
  const taken = yield* one<Row>('SELECT id FROM galleries WHERE account_id = ? AND lower(name) = lower(?)', [accountId, name]);
  if (taken && String(taken.id) !== exceptId) {
    throw new OnscreenError(ErrorCode.CONFLICT, `The account already has a gallery named "${name}".`, { details: { name } });
  }
}

/** Every entry of the account that carries the category loses it, in this transaction (search follows). */
export function* leaveCategory(accountId: string, categoryId: string): Step<number> {
  const rows = yield* all<Row>(
    `SELECT e.id, e.category_ids_json FROM entries e JOIN users u ON u.id = e.owner_id
     WHERE u.account_id = ? AND e.category_ids_json LIKE ? ESCAPE '\\'`,
    [accountId, categoryPattern(categoryId)],
  );
  const now = nowIso();
  let changed = 0;
  for (const row of rows) {
    const ids = JSON.parse(String(row.category_ids_json)) as string[];
    if (!ids.includes(categoryId)) continue; // the pattern is case-insensitive on SQLite
    yield* run('UPDATE entries SET category_ids_json = ?, updated_at = ? WHERE id = ?', [
      JSON.stringify(ids.filter((c) => c !== categoryId)),
      now,
      row.id,
    ]);
    yield* markSearchChange(String(row.id), 'entry');
    changed++;
  }
  return changed;
}
