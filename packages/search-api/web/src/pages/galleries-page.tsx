import { useEffect, useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { Gallery } from '../api/types.js';
import { searchHref } from '../lib/router.js';
import { useMe } from '../lib/use-me.js';
import '../channels.css';

/** Galleries: the account's named categories. Everyone sees them; admins create and delete them. */
export function GalleriesPage() {
  const api = useApi();
  const me = useMe();
  const admin = me?.user.role === 'admin';
  const [galleries, setGalleries] = useState<Gallery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    api.get<{ galleries: Gallery[] }>('/v1/galleries').then(
      (r) => setGalleries(r.galleries),
      (e) => setError(describeError(e)),
    );
  useEffect(() => {
    load();
  }, [api]);

  async function remove(gallery: Gallery) {
    if (!window.confirm(`Delete the gallery "${gallery.name}" and its rules? Its entries stay, outside it.`)) return;
    try {
      await api.send('DELETE', `/v1/galleries/${encodeURIComponent(gallery.id)}`);
      await load();
    } catch (e) {
      setError(describeError(e));
    }
  }

  return (
    <section aria-labelledby="galleries-title">
      <header class="page-header">
        <h1 id="galleries-title">Galleries</h1>
      </header>
      {admin && <CreateGallery onCreated={load} />}
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {galleries !== null &&
        (galleries.length === 0 ? (
          <p class="empty">No galleries yet.{admin ? '' : ' An admin of your account creates them.'}</p>
        ) : (
          <ul class="card-list" aria-label="Galleries">
            {galleries.map((g) => (
              <li key={g.id} class="card gallery-card">
                <span class="card-title">{g.name}</span>
                {g.description && <p class="card-text">{g.description}</p>}
                <div class="card-actions">
                  <a class="button button-small" href={searchHref(new URLSearchParams({ categoryId: g.id }))}>
                    Search in it
                  </a>
                  {admin && (
                    <>
                      <a class="button button-small" href={`#/rules?target=${encodeURIComponent(g.id)}`}>
                        Rules
                      </a>
                      <button type="button" class="button button-small" aria-label={`Delete ${g.name}`} onClick={() => remove(g)}>
                        Delete
                      </button>
                    </>
                  )}
                </div>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

function CreateGallery({ onCreated }: { onCreated: () => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [id, setId] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function create(event: Event) {
    event.preventDefault();
    try {
      await api.send('POST', '/v1/galleries', { name: name.trim(), description, ...(id.trim() === '' ? {} : { id: id.trim() }) });
      setName('');
      setDescription('');
      setId('');
      setError(null);
      onCreated();
    } catch (e) {
      setError(describeError(e));
    }
  }

  return (
    <form class="inline-form" aria-label="Create a gallery" onSubmit={create}>
      <label class="field field-grow">
        <span>Gallery name</span>
        <input type="text" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label class="field field-grow">
        <span>Description</span>
        <input type="text" maxLength={2000} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>Existing category id (optional)</span>
        <input type="text" maxLength={64} value={id} placeholder="e.g. lectures" onInput={(e) => setId(e.currentTarget.value)} />
      </label>
      <button type="submit" class="button button-primary" disabled={name.trim() === ''}>
        Create gallery
      </button>
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
