import { Global, Module } from '@nestjs/common';
import { REVOCATION_CHECK } from '@eduaid/platform';
import { IdentityController } from './identity.controller';
import { IdentityService } from './identity.service';
import { InternalController } from './internal.controller';
import { LoginThrottleRepository } from './login-throttle.repository';
import { UsersRepository } from './users.repository';

/** Users, login, tokens and revocation. Global so the guard finds casework's own revocation check. */
@Global()
@Module({
  controllers: [IdentityController, InternalController],
  providers: [UsersRepository, LoginThrottleRepository, IdentityService, { provide: REVOCATION_CHECK, useExisting: IdentityService }],
  exports: [UsersRepository, IdentityService, REVOCATION_CHECK],
})
export class IdentityModule {}
