export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small JSON client over real HTTP, for end-to-end suites. */
export class HttpClient {
  constructor(readonly baseUrl: string) {}

  get<T = unknown>(path: string, headers: Record<string, string> = {}): Promise<HttpResponse<T>> {
    return this.request<T>('GET', path, undefined, headers);
  }

  post<T = unknown>(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResponse<T>> {
    return this.request<T>('POST', path, body, headers);
  }

  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResponse<T>> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, headers: response.headers, body: (type.includes('json') && text ? JSON.parse(text) : text) as T };
  }
}

/** Polls `probe` until `done` says so, or fails with the last value after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
    last = await probe();
  }
  return last;
}
