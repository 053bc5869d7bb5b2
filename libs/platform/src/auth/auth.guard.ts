import { CanActivate, ExecutionContext, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Role } from '@eduaid/contracts';
import { DomainError } from '../errors/domain-error';
import { PUBLIC_ROUTE, RequestWithCaller, ROUTE_ROLES } from './auth.decorators';
import { TokenVerifier } from './token-verifier';

/** Answers whether a token id has been revoked (casework keeps the list). */
export interface RevocationCheck {
  isRevoked(tokenId: string): Promise<boolean>;
}
export const REVOCATION_CHECK = Symbol('REVOCATION_CHECK');

/**
 * The global guard: every route needs a valid bearer token unless marked @Public(), and a route
 * marked @Roles(...) needs one of them. Denials are 401/403 problems that say why, and are logged
 * as `access.denied` for the audit trail.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    @Optional() @Inject(REVOCATION_CHECK) private readonly revocation?: RevocationCheck,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithCaller>();
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) {
      throw new DomainError('auth.token-missing', 'unauthenticated', 'Send a bearer token in the Authorization header.');
    }
    const caller = await this.verifier.verify(header.slice('Bearer '.length).trim());
    if (this.revocation && (await this.revocation.isRevoked(caller.tokenId))) {
      throw new DomainError('auth.token-revoked', 'unauthenticated', 'The token has been revoked; log in again.');
    }
    request.caller = caller;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets);
    if (allowed && !allowed.some((role) => caller.roles.includes(role))) {
      this.logger.warn({ event: 'access.denied', userId: caller.userId, route: request.routeOptions?.url, method: request.method, reason: 'role' }, 'access denied');
      throw new DomainError('auth.role-denied', 'forbidden', `This needs one of the roles: ${allowed.join(', ')}.`);
    }
    return true;
  }
}
