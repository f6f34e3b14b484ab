import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from './client.js';

export const ApiContext = createContext<ApiClient | null>(null);

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() outside <ApiContext.Provider>');
  return api;
}

/** A failure as the page shows it: the problem's detail, else its title. */
export const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));
