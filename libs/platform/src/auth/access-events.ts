import type { Caller } from '@eduaid/contracts';

/** One refused request, as it reaches casework's audit log. */
export interface AccessDenial {
  service: string;
  userId: string;
  roles: string[];
  scope?: { level: string; code: string };
  method?: string;
  route?: string;
  /** 'role', 'jurisdiction', or a casework rule such as 'four-eyes'. */
  reason: string;
  detail: string;
  /** What was asked for, e.g. "Task 5f…" or the record's division code. */
  what?: string;
  requestId?: string;
  at: string;
}

/** Where denials go: casework writes them to its audit log; other services send them to casework. */
export interface AccessDenialSink {
  report(denial: AccessDenial): void;
}
export const ACCESS_DENIAL_SINK = Symbol('ACCESS_DENIAL_SINK');

/** The request a caller came with, kept on the caller object (not serialised) so that denials deeper down can say which. */
const REQUEST_CONTEXT = Symbol('eduaid.request-context');

export interface CallerRequestContext {
  service: string;
  method?: string;
  route?: string;
  requestId?: string;
  sink?: AccessDenialSink;
}

export function attachRequestContext(caller: Caller, context: CallerRequestContext): void {
  Object.defineProperty(caller, REQUEST_CONTEXT, { value: context, enumerable: false });
}

export function requestContextOf(caller: Caller): CallerRequestContext | undefined {
  return (caller as unknown as Record<symbol, CallerRequestContext | undefined>)[REQUEST_CONTEXT];
}

/** Reports a denial of this caller through the sink of the request it came with (if any). */
export function reportDenial(caller: Caller, reason: string, detail: string, what?: string): void {
  const context = requestContextOf(caller);
  context?.sink?.report({
    service: context.service,
    userId: caller.userId,
    roles: caller.roles,
    scope: caller.scope,
    method: context.method,
    route: context.route,
    reason,
    detail,
    what,
    requestId: context.requestId,
    at: new Date().toISOString(),
  });
}
