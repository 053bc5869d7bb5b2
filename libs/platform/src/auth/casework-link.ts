import { Logger } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';
import type { AccessDenial, AccessDenialSink } from './access-events';
import { signServiceToken } from './token-verifier';

/** Answers whether a token has been revoked (casework keeps the list). */
export interface RevocationCheck {
  /** `token` carries the user and issue time, for "revoke every token of this user". */
  isRevoked(tokenId: string, token?: { userId: string; issuedAt?: Date }): Promise<boolean>;
}
export const REVOCATION_CHECK = Symbol('REVOCATION_CHECK');

/** What casework serves at GET /internal/token-revocations. */
export interface RevocationListBody {
  tokenIds: string[];
  userCutoffs: { userId: string; notBefore: string }[];
  asOf: string;
}

/**
 * The variable naming casework's base URL for the other services. Read when first needed (not at
 * start) because casework may start after them.
 */
export const CASEWORK_URL_VARIABLE = 'EDUAID_CASEWORK_URL';
/**
 * How long a fetched revocation list is used before it is fetched again. This is the revocation
 * window of every service but casework: a token revoked at time T is refused by casework at once and
 * by the others from T + REVOCATION_CACHE_MS at the latest, while casework answers (a list's age is
 * counted from the moment its request was sent, so a slow answer does not lengthen the window).
 */
export const REVOCATION_CACHE_MS = 5_000;
/**
 * How long the last list may be used when casework does not answer (the window while casework is
 * unreachable); after that every request is refused with 503 auth.revocation-unavailable.
 */
export const REVOCATION_MAX_STALENESS_MS = 60_000;

/**
 * How a service other than casework reaches casework: it pulls the revocation list (cached
 * REVOCATION_CACHE_MS, so a revoked token stops working everywhere within that time) and pushes
 * access denials to casework's audit log. Both over HTTP with a short-lived service token signed with
 * the shared secret; the services never read casework's tables. The window is documented rather than
 * closed: a check per request would put casework in the path of every request of every service.
 */
export class CaseworkLink implements RevocationCheck, AccessDenialSink {
  private readonly logger = new Logger('CaseworkLink');
  private list?: { tokenIds: Set<string>; cutoffs: Map<string, number>; fetchedAt: number };
  private fetching?: Promise<void>;
  private warnedUnconfigured = false;

  constructor(
    private readonly service: string,
    private readonly secret: string,
    /** EDUAID_CASEWORK_URL, validated once at start (service config). */
    private readonly caseworkUrl: string | undefined,
  ) {}

  async isRevoked(tokenId: string, token?: { userId: string; issuedAt?: Date }): Promise<boolean> {
    const base = this.caseworkUrl;
    if (!base) {
      if (!this.warnedUnconfigured) {
        this.warnedUnconfigured = true;
        this.logger.warn({ event: 'auth.revocation-unconfigured', variable: CASEWORK_URL_VARIABLE }, `${CASEWORK_URL_VARIABLE} is not set: revoked tokens are honoured only until they expire`);
      }
      return false;
    }
    if (!this.list || Date.now() - this.list.fetchedAt > REVOCATION_CACHE_MS) {
      this.fetching ??= this.refresh(base).finally(() => (this.fetching = undefined));
      await this.fetching;
    }
    const list = this.list;
    if (!list || Date.now() - list.fetchedAt > REVOCATION_MAX_STALENESS_MS) {
      // Fail closed: without a recent list a revoked token could pass.
      throw new DomainError('auth.revocation-unavailable', 'unavailable', 'Cannot confirm the token is still valid right now; try again shortly.');
    }
    if (list.tokenIds.has(tokenId)) return true;
    const cutoff = token ? list.cutoffs.get(token.userId) : undefined;
    return cutoff !== undefined && (!token?.issuedAt || token.issuedAt.getTime() < cutoff);
  }

  private async refresh(base: string): Promise<void> {
    // The list is as fresh as the moment it was asked for, not the moment it arrived.
    const askedAt = Date.now();
    try {
      const response = await fetch(`${base}/internal/token-revocations`, {
        headers: { authorization: `Bearer ${await signServiceToken(this.secret, this.service)}` },
        signal: AbortSignal.timeout(3_000),
      });
      if (!response.ok) throw new Error(`casework answered ${response.status}`);
      const body = (await response.json()) as RevocationListBody;
      this.list = {
        tokenIds: new Set(body.tokenIds),
        cutoffs: new Map(body.userCutoffs.map((c) => [c.userId, Date.parse(c.notBefore)])),
        fetchedAt: askedAt,
      };
    } catch (error) {
      this.logger.warn({ event: 'auth.revocation-fetch-failed', err: error }, 'cannot fetch the revocation list; using the last one');
    }
  }

  /** Fire and forget, retried a few times: a denial is refused either way, the report must not slow it. */
  report(denial: AccessDenial): void {
    this.logger.warn({ event: 'access.denied', ...denial }, 'access denied');
    const base = this.caseworkUrl;
    if (!base) return;
    void this.send(base, denial, 1);
  }

  private async send(base: string, denial: AccessDenial, attempt: number): Promise<void> {
    try {
      const response = await fetch(`${base}/internal/access-denials`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await signServiceToken(this.secret, this.service)}` },
        body: JSON.stringify(denial),
        signal: AbortSignal.timeout(3_000),
      });
      if (!response.ok && response.status >= 500) throw new Error(`casework answered ${response.status}`);
    } catch (error) {
      if (attempt >= 3) {
        this.logger.error({ event: 'access.denied.unreported', err: error, denial }, 'could not report an access denial to casework');
        return;
      }
      await new Promise((r) => setTimeout(r, 500 * attempt));
      await this.send(base, denial, attempt + 1);
    }
  }
}
