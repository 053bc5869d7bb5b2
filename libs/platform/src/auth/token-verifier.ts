import { createRemoteJWKSet, jwtVerify, JWTPayload, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { Caller, ROLES, Role, SCOPE_LEVELS, ScopeLevel, scopeFormProblem } from '@eduaid/contracts';
import { DomainError } from '../errors/domain-error';

export const EDUAID_TOKEN_ISSUER = 'eduaid';
export const EDUAID_TOKEN_AUDIENCE = 'eduaid';
/** Audience of service-to-service tokens: a user's token can never be used on an internal route. */
export const EDUAID_SERVICE_AUDIENCE = 'eduaid-internal';

/** A verified token: the caller and when the token was issued (for "revoke all of a user's tokens"). */
export interface VerifiedToken {
  caller: Caller;
  issuedAt?: Date;
  expiresAt?: Date;
}

export interface TokenSettings {
  /** HS256 secret shared by the services (at least 32 characters). */
  secret: string;
  /** An external OpenID Connect issuer whose tokens are accepted too. */
  oidc?: { issuer: string; jwksUrl: string; audience?: string };
}

interface EduaidClaims extends JWTPayload {
  name?: string;
  roles?: unknown;
  scope_level?: unknown;
  scope_code?: unknown;
}

/** Signs an eduaid token (casework's login does this; tests too). */
export async function signCallerToken(secret: string, caller: Omit<Caller, 'tokenId'>, ttlSeconds = 8 * 3600): Promise<{ token: string; tokenId: string; expiresAt: Date }> {
  const tokenId = randomUUID();
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  const token = await new SignJWT({
    name: caller.displayName,
    roles: caller.roles,
    scope_level: caller.scope.level,
    scope_code: caller.scope.code,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(caller.userId)
    .setIssuer(EDUAID_TOKEN_ISSUER)
    .setAudience(EDUAID_TOKEN_AUDIENCE)
    .setJti(tokenId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(new TextEncoder().encode(secret));
  return { token, tokenId, expiresAt };
}

/** A short-lived token one eduaid service uses to call another's internal routes. */
export async function signServiceToken(secret: string, service: string, ttlSeconds = 300): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(`service:${service}`)
    .setIssuer(EDUAID_TOKEN_ISSUER)
    .setAudience(EDUAID_SERVICE_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}

/**
 * Verifies bearer tokens: eduaid's own (HS256, shared secret) or, when configured, an external
 * OpenID Connect issuer's (keys from its JWKS). Either way the token must carry eduaid's claims:
 * roles and a jurisdiction scope.
 */
export class TokenVerifier {
  private readonly key: Uint8Array;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly settings: TokenSettings) {
    this.key = new TextEncoder().encode(settings.secret);
    if (settings.oidc) this.jwks = createRemoteJWKSet(new URL(settings.oidc.jwksUrl));
  }

  async verify(token: string): Promise<Caller> {
    return (await this.verifyToken(token)).caller;
  }

  async verifyToken(token: string): Promise<VerifiedToken> {
    let payload: EduaidClaims;
    try {
      payload = await this.verifyPayload(token);
    } catch (error) {
      const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw new DomainError(expired ? 'auth.token-expired' : 'auth.token-invalid', 'unauthenticated', expired ? 'The token has expired; log in again.' : 'The token is not valid.');
    }
    return {
      caller: callerOf(payload),
      issuedAt: typeof payload.iat === 'number' ? new Date(payload.iat * 1000) : undefined,
      expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : undefined,
    };
  }

  /** Verifies a service-to-service token (HS256, audience eduaid-internal); answers the calling service. */
  async verifyServiceToken(token: string): Promise<string> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: EDUAID_TOKEN_ISSUER, audience: EDUAID_SERVICE_AUDIENCE, algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || !payload.sub.startsWith('service:')) throw new Error('not a service');
      return payload.sub.slice('service:'.length);
    } catch {
      throw new DomainError('auth.service-token-invalid', 'unauthenticated', 'This route is for eduaid services only; send a valid service token.');
    }
  }

  private async verifyPayload(token: string): Promise<EduaidClaims> {
    const [headerPart] = token.split('.');
    const header = JSON.parse(Buffer.from(headerPart ?? '', 'base64url').toString('utf8') || '{}') as { alg?: string };
    if (header.alg === 'HS256' || !this.jwks || !this.settings.oidc) {
      return (await jwtVerify(token, this.key, { issuer: EDUAID_TOKEN_ISSUER, audience: EDUAID_TOKEN_AUDIENCE, algorithms: ['HS256'] })).payload;
    }
    return (await jwtVerify(token, this.jwks, { issuer: this.settings.oidc.issuer, audience: this.settings.oidc.audience })).payload;
  }
}

function callerOf(payload: EduaidClaims): Caller {
  const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => ROLES.includes(r as Role)) : [];
  const level = payload.scope_level as ScopeLevel;
  const code = payload.scope_code;
  if (!payload.sub || !payload.jti || roles.length === 0 || !SCOPE_LEVELS.includes(level) || typeof code !== 'string') {
    throw new DomainError('auth.token-claims', 'unauthenticated', 'The token lacks eduaid’s claims (subject, id, roles, scope).');
  }
  // A level that does not match its code's form is trusted nowhere (an external issuer's token, or a
  // user created before POST /users checked it): refuse the token rather than guess its reach.
  const problem = scopeFormProblem({ level, code });
  if (problem) throw new DomainError('auth.token-scope', 'unauthenticated', `The token’s scope is not well formed: ${problem}.`);
  return { userId: payload.sub, displayName: payload.name ?? payload.sub, roles, scope: { level, code }, tokenId: payload.jti };
}
