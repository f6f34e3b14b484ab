/**
 * The API as the page uses it: every call sends the bearer token; failures become ApiError from problem+json.
 * <video>/<img> sources never carry the token: they are the API's own URLs with a capability for one resource.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail || title);
    this.name = 'ApiError';
  }
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
  upload<T>(path: string, form: FormData): Promise<T>;
  /** An upload that reports its progress (bytes sent of all) and stops when `signal` aborts (AbortError). */
  uploadWithProgress<T>(path: string, form: FormData, onProgress: (sent: number, total: number) => void, signal: AbortSignal): Promise<T>;
  /** The raw answer (for downloads). */
  fetchBlob(path: string): Promise<Blob>;
}

async function failure(response: Response): Promise<ApiError> {
  const problem = (await response.json().catch(() => ({}))) as { title?: string; detail?: string; code?: string };
  return new ApiError(response.status, problem.code ?? 'HTTP_ERROR', problem.title ?? response.statusText, problem.detail ?? '');
}

export function createApiClient(token: string, onUnauthorized: () => void): ApiClient {
  async function call(method: string, path: string, body?: BodyInit, contentType?: string): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (contentType) headers['content-type'] = contentType;
    const response = await fetch(path, { method, headers, body: body ?? null });
    if (response.ok) return response;
    const error = await failure(response);
    if (response.status === 401) onUnauthorized();
    throw error;
  }
  const json = async <T>(response: Response): Promise<T> => (response.status === 204 ? (undefined as T) : ((await response.json()) as T));
  return {
    get: async (path) => json(await call('GET', path)),
    send: async (method, path, body) =>
      json(
        await call(
          method,
          path,
          body === undefined ? undefined : JSON.stringify(body),
          body === undefined ? undefined : 'application/json',
        ),
      ),
    upload: async (path, form) => json(await call('POST', path, form)),
    // fetch cannot report upload progress; XMLHttpRequest can (same origin, same token, no inline code)
    uploadWithProgress: <T>(path: string, form: FormData, onProgress: (sent: number, total: number) => void, signal: AbortSignal) =>
      new Promise<T>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', path);
        xhr.setRequestHeader('authorization', `Bearer ${token}`);
        xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : 0);
        xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', 'Network error', 'The upload was interrupted.'));
        xhr.onabort = () => reject(new DOMException('The upload was canceled.', 'AbortError'));
        xhr.onload = () => {
          const body = (() => {
            try {
              return JSON.parse(xhr.responseText) as Record<string, string>;
            } catch {
              return {};
            }
          })();
          if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
          if (xhr.status === 401) onUnauthorized();
          reject(new ApiError(xhr.status, body.code ?? 'HTTP_ERROR', body.title ?? xhr.statusText, body.detail ?? ''));
        };
        signal.addEventListener('abort', () => xhr.abort(), { once: true });
        xhr.send(form);
      }),
    fetchBlob: async (path) => (await call('GET', path)).blob(),
  };
}
