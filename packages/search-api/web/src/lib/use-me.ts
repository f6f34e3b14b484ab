import { useEffect, useState } from 'preact/hooks';
import { useApi } from '../api/context.js';
import type { Me } from '../api/types.js';

/** Who is signed in (GET /v1/me); null until known. */
export function useMe(): Me | null {
  const api = useApi();
  const [me, setMe] = useState<Me | null>(null);
  useEffect(() => {
    let current = true;
    api.get<Me>('/v1/me').then(
      (answer) => current && setMe(answer),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [api]);
  return me;
}
