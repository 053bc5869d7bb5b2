import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Caller, Role } from '@eduaid/contracts';

export const PUBLIC_ROUTE = 'eduaid:public-route';
export const ROUTE_ROLES = 'eduaid:route-roles';
export const SERVICE_ONLY_ROUTE = 'eduaid:service-only-route';
export const PROVINCE_WIDE_ROUTE = 'eduaid:province-wide-route';

/** The route needs no token (health, login, docs). Everything else does. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Only other eduaid services may call the route (a service token, never a user's). */
export const ServiceOnly = (): MethodDecorator & ClassDecorator => SetMetadata(SERVICE_ONLY_ROUTE, true);

/**
 * The route spans the whole province (a province-wide job or read): besides its roles, the caller's
 * scope must really be the province (assertProvinceWide), checked by the guard before the body is read.
 */
export const ProvinceWide = (): MethodDecorator & ClassDecorator => SetMetadata(PROVINCE_WIDE_ROUTE, true);

/** Only callers holding one of these roles may use the route. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROUTE_ROLES, roles);

export interface RequestWithCaller {
  caller?: Caller;
}

/** The authenticated caller of this request. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<RequestWithCaller>().caller;
  if (!caller) throw new Error('CurrentCaller used on a public route');
  return caller;
});
