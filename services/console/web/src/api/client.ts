// The console's typed API client: one openapi-fetch client per service, typed by the paths generated
// at build time from each service's OpenAPI document (npm run console:api), so a changed DTO breaks
// `npm run typecheck` instead of a screen. Every call goes through this origin's /api/<service>/….
import createClient, { type Middleware } from 'openapi-fetch';
import type { components as CaseworkComponents, paths as CaseworkPaths } from './generated/casework';
import type { paths as MentoringPaths } from './generated/mentoring';
import type { components as SchoolsComponents, paths as SchoolsPaths } from './generated/schools';
import type { components as StudentsComponents, paths as StudentsPaths } from './generated/students';

export type StudentsSchemas = StudentsComponents['schemas'];
export type CaseworkSchemas = CaseworkComponents['schemas'];
export type SchoolsSchemas = SchoolsComponents['schemas'];

const TOKEN_KEY = 'eduaid.token';
let signedOut: () => void = () => undefined;

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
  /** Called when a service says the token is no longer good (401): the console shows the sign-in again. */
  onSignedOut: (handler: () => void) => {
    signedOut = handler;
  },
};

const auth: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !request.url.endsWith('/auth/login')) {
      session.clear();
      signedOut();
    }
    return response;
  },
};

function client<Paths extends object>(service: string) {
  const c = createClient<Paths>({ baseUrl: `/api/${service}` });
  c.use(auth);
  return c;
}

export const api = {
  students: client<StudentsPaths>('students'),
  schools: client<SchoolsPaths>('schools'),
  mentoring: client<MentoringPaths>('mentoring'),
  casework: client<CaseworkPaths>('casework'),
};

export interface FieldError {
  field: string;
  message: string;
}

/** A problem-details answer (RFC 9457) as an Error, with the service's code and field errors. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail);
  }
}

function asProblem(error: unknown, response: Response): ApiProblem {
  const body = (error ?? {}) as { code?: string; detail?: string; title?: string; errors?: FieldError[] };
  return new ApiProblem(response.status, body.code ?? `http.${response.status}`, body.detail ?? body.title ?? response.statusText, body.errors ?? []);
}

/** The data of a successful answer, or an ApiProblem. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw asProblem(error, response);
  return data as T;
}

/** A file (CSV report) from an API path, downloaded with the caller's token. */
export async function download(path: string, fileName: string): Promise<void> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${session.token() ?? ''}`, accept: 'text/csv' } });
  if (!response.ok) throw asProblem(await response.json().catch(() => ({})), response);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
