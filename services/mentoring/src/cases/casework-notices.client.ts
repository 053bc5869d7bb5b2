import { Inject, Injectable } from '@nestjs/common';
import type { ServiceNotice } from '@eduaid/contracts';
import { SERVICE_CONFIG, ServiceConfig, signServiceToken } from '@eduaid/platform';

/** How long casework may take to answer one send (the activity's own timeout is a minute). */
const SEND_TIMEOUT_MS = 10_000;

/**
 * What casework's answer to a send means for the activity that sent it: done; refused for good (the
 * notice itself is malformed: 400 or 422, a retry would send the same); or to be retried (casework
 * down or restarting, throttled, a route or secret not yet deployed: 401, 403, 404, 5xx — a deploy or
 * a moment fixes those, and the retry sends the same idempotent notice).
 */
export function sendOutcome(status: number): 'sent' | 'refused' | 'retry' {
  if (status >= 200 && status < 300) return 'sent';
  if (status === 400 || status === 422) return 'refused';
  return 'retry';
}

/**
 * mentoring → casework's service-only POST /internal/notifications, with a short-lived service token
 * signed with the shared secret (as the services pull token revocations from casework). Casework
 * writes one in-app notification per user, idempotent per user, so a retry is safe.
 */
@Injectable()
export class CaseworkNoticesClient {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  /**
   * Sent, or not sent for a reason no retry changes (EDUAID_CASEWORK_URL unset; casework refused the
   * notice as malformed). Throws when casework did not answer or should be asked again.
   */
  async send(notice: ServiceNotice): Promise<{ sent: true } | { sent: false; why: string }> {
    const base = this.config.caseworkUrl;
    if (!base) return { sent: false, why: 'EDUAID_CASEWORK_URL is not set' };
    const response = await fetch(`${base}/internal/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await signServiceToken(this.config.auth.tokenSecret, this.config.service)}` },
      body: JSON.stringify(notice),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    const outcome = sendOutcome(response.status);
    if (outcome === 'sent') return { sent: true };
    const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string };
    const what = `casework answered ${response.status}${problem.code ? ` ${problem.code}` : ''}: ${problem.detail ?? response.statusText}`;
    if (outcome === 'refused') return { sent: false, why: what };
    throw new Error(`${notice.kind} notification not taken: ${what}`);
  }
}
