/**
 * A rule of the domain was broken. Services throw these; the one ProblemDetailsFilter turns the kind
 * into an HTTP status, so no controller or service maps errors by hand.
 */
export type DomainErrorKind =
  | 'invalid' // 400: the request is well-formed JSON but the values do not make sense
  | 'unauthenticated' // 401
  | 'forbidden' // 403: role or jurisdiction does not allow it
  | 'not-found' // 404
  | 'conflict' // 409: duplicate, stale or out-of-order
  | 'unprocessable' // 422: a business rule refuses it (e.g. not eligible)
  | 'too-many-requests' // 429: throttled; `retryAfterSeconds` becomes the Retry-After header
  | 'unavailable'; // 503: a dependency is down; try again

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    /** Stable, machine-readable code, e.g. `wiring-check.not-found`. */
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    /** For 'too-many-requests': how long to wait (sent as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unprocessable: 422,
  'too-many-requests': 429,
  unavailable: 503,
};
