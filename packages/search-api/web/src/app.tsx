import { useMemo, useState } from 'preact/hooks';
import { createApiClient } from './api/client.js';
import { ApiContext } from './api/context.js';
import { SignedInAs } from './components/signed-in-as.js';
import { clearToken, readToken, saveToken } from './lib/session.js';
import { type Route, useRoute } from './lib/router.js';
import { EntryPage } from './pages/entry-page.js';
import { MyMedia } from './pages/my-media.js';
import { SearchPage } from './pages/search-page.js';
import { SignIn } from './pages/sign-in.js';
import { CreditHistoryPage } from './pages/credit-history.js';
import { ChannelPage } from './pages/channel-page.js';
import { ChannelsPage } from './pages/channels-page.js';
import { GalleriesPage } from './pages/galleries-page.js';
import { RulesPage } from './pages/rules-page.js';
import { PlaylistPage } from './pages/playlist-page.js';
import { PlaylistsPage } from './pages/playlists.js';
import { WatchListPage } from './pages/watch-list.js';
import { useApi } from './api/context.js';
import type { Me } from './api/types.js';
import { useEffect } from 'preact/hooks';

/** "REACH credit", for admins only (GET /v1/me says who is signed in). */
function AdminLink({ current }: { current: boolean }) {
  const api = useApi();
  const [admin, setAdmin] = useState(false);
  useEffect(() => {
    api.get<Me>('/v1/me').then(
      (me) => setAdmin(me.user.role === 'admin'),
      () => setAdmin(false),
    );
  }, [api]);
  if (!admin) return null;
  return (
    <a href="#/credit" aria-current={current ? 'page' : undefined}>
      REACH credit
    </a>
  );
}

const SIGNED_OUT = 'Your token is unknown or was revoked. Sign in again.';

export function App() {
  const [token, setToken] = useState(readToken);
  const [signInMessage, setSignInMessage] = useState<string | undefined>();
  const route = useRoute();
  const api = useMemo(
    () =>
      token
        ? createApiClient(token, () => {
            clearToken();
            setSignInMessage(SIGNED_OUT);
            setToken(null);
          })
        : null,
    [token],
  );

  if (!api) {
    return (
      <SignIn
        message={signInMessage}
        onToken={(next) => {
          saveToken(next);
          setSignInMessage(undefined);
          setToken(next);
        }}
      />
    );
  }
  return (
    <ApiContext.Provider value={api}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="#/media">
          onscreen
        </a>
        <nav aria-label="Main">
          <a href="#/media" aria-current={route.page === 'media' ? 'page' : undefined}>
            My Media
          </a>
          <a href="#/search" aria-current={route.page === 'search' ? 'page' : undefined}>
            Global Search
          </a>
          <a href="#/channels" aria-current={route.page === 'channels' || route.page === 'channel' ? 'page' : undefined}>
            Channels
          </a>
          <a href="#/galleries" aria-current={route.page === 'galleries' ? 'page' : undefined}>
            Galleries
          </a>
          <a href="#/rules" aria-current={route.page === 'rules' ? 'page' : undefined}>
            Rules
          </a>
          <a href="#/playlists" aria-current={route.page === 'playlists' || route.page === 'playlist' ? 'page' : undefined}>
            Playlists
          </a>
          <a href="#/watch-list" aria-current={route.page === 'watch-list' ? 'page' : undefined}>
            Watch List
          </a>
          <AdminLink current={route.page === 'credit'} />
        </nav>
        <div class="session">
          <SignedInAs />
          <button
            type="button"
            class="button button-quiet"
            onClick={() => {
              clearToken();
              setToken(null);
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </ApiContext.Provider>
  );
}

function Page({ route }: { route: Route }) {
  if (route.page === 'entry')
    return <EntryPage key={`${route.entryId}@${route.startS ?? ''}`} entryId={route.entryId} startS={route.startS} lead={route.lead} />;
  if (route.page === 'playlists') return <PlaylistsPage />;
  if (route.page === 'playlist') return <PlaylistPage key={route.playlistId} playlistId={route.playlistId} />;
  if (route.page === 'watch-list') return <WatchListPage />;
  if (route.page === 'search') return <SearchPage params={route.params} />;
  if (route.page === 'credit') return <CreditHistoryPage />;
  if (route.page === 'channels') return <ChannelsPage />;
  if (route.page === 'channel') return <ChannelPage key={route.channelId} channelId={route.channelId} />;
  if (route.page === 'galleries') return <GalleriesPage />;
  if (route.page === 'rules') return <RulesPage params={route.params} />;
  return <MyMedia />;
}
