import { useEffect, useState } from 'preact/hooks';
import { useApi } from '../api/context.js';
import type { Me } from '../api/types.js';
import { formatDateTime } from '../lib/format.js';

/**
 * Who is signed in, from GET /v1/me: the user's name, then the account (and "admin"), and until when
 * the token works when it expires. A token the API refuses signs the page out (the client's 401 path).
 */
export function SignedInAs() {
  const api = useApi();
  const [me, setMe] = useState<Me | null>(null);
  useEffect(() => {
    let current = true;
    api.get<Me>('/v1/me').then(
      (answer) => {
        if (current) setMe(answer);
      },
      () => {}, // the header stays empty; a 401 has signed the page out already
    );
    return () => {
      current = false;
    };
  }, [api]);
  if (!me) return null;
  const details = [me.account.name, me.user.role === 'admin' ? 'admin' : null].filter(Boolean).join(' · ');
  return (
    <p class="whoami">
      <span class="visually-hidden">Signed in as </span>
      <span class="whoami-name">{me.user.name}</span>{' '}
      <span class="whoami-details">
        {details}
        {me.tokenExpiresAt && <>, until {formatDateTime(me.tokenExpiresAt)}</>}
      </span>
    </p>
  );
}
