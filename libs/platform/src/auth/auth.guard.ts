import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Role } from '@eduaid/contracts';
import { SERVICE_CONFIG } from '../config/config.tokens';
import type { ServiceConfig } from '../config/service-config';
import { DomainError } from '../errors/domain-error';
import { ACCESS_DENIAL_SINK, AccessDenialSink, attachRequestContext, reportDenial } from './access-events';
import { PROVINCE_WIDE_ROUTE, PUBLIC_ROUTE, RequestWithCaller, ROUTE_ROLES, SERVICE_ONLY_ROUTE } from './auth.decorators';
import { CaseworkLink, REVOCATION_CHECK, RevocationCheck } from './casework-link';
import { assertProvinceWide } from './scope';
import { TokenVerifier } from './token-verifier';

export interface RequestWithService {
  /** The calling service, on @ServiceOnly() routes. */
  callingService?: string;
}

/**
 * The global guard: every route needs a valid, unrevoked bearer token unless marked @Public(); a
 * route marked @Roles(...) needs one of them; a @ProvinceWide() route needs a province-wide scope; a
 * @ServiceOnly() route needs a service token. Denials
 * are 401/403 problems that say why; 403s are reported to casework's audit log (casework provides
 * REVOCATION_CHECK and ACCESS_DENIAL_SINK itself; every other service reaches casework over HTTP).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly revocation: RevocationCheck;
  private readonly denials: AccessDenialSink;

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Optional() @Inject(REVOCATION_CHECK) revocation?: RevocationCheck,
    @Optional() @Inject(ACCESS_DENIAL_SINK) denials?: AccessDenialSink,
  ) {
    const link = revocation && denials ? undefined : new CaseworkLink(config.service, config.auth.tokenSecret, config.caseworkUrl);
    this.revocation = revocation ?? (link as CaseworkLink);
    this.denials = denials ?? (link as CaseworkLink);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithCaller & RequestWithService>();
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) {
      throw new DomainError('auth.token-missing', 'unauthenticated', 'Send a bearer token in the Authorization header.');
    }
    const token = header.slice('Bearer '.length).trim();
    if (this.reflector.getAllAndOverride<boolean>(SERVICE_ONLY_ROUTE, targets)) {
      request.callingService = await this.verifier.verifyServiceToken(token);
      return true;
    }
    const { caller, issuedAt } = await this.verifier.verifyToken(token);
    if (await this.revocation.isRevoked(caller.tokenId, { userId: caller.userId, issuedAt })) {
      throw new DomainError('auth.token-revoked', 'unauthenticated', 'The token has been revoked; log in again.');
    }
    attachRequestContext(caller, {
      service: this.config.service,
      method: request.method,
      route: request.routeOptions?.url,
      requestId: String(request.id),
      sink: this.denials,
    });
    request.caller = caller;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets);
    if (allowed && !allowed.some((role) => caller.roles.includes(role))) {
      const detail = `This needs one of the roles: ${allowed.join(', ')}.`;
      reportDenial(caller, 'role', detail);
      throw new DomainError('auth.role-denied', 'forbidden', detail);
    }
    if (this.reflector.getAllAndOverride<boolean>(PROVINCE_WIDE_ROUTE, targets)) {
      assertProvinceWide(caller, `${request.method} ${request.routeOptions?.url ?? request.url}`);
    }
    return true;
  }
}
