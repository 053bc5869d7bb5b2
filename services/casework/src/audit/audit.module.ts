import { Global, Module } from '@nestjs/common';
import { ACCESS_DENIAL_SINK } from '@eduaid/platform';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/** The hash-chained audit log. Global: every casework feature appends to it, and the guard reports denials to it. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, { provide: ACCESS_DENIAL_SINK, useExisting: AuditService }],
  exports: [AuditRepository, AuditService, ACCESS_DENIAL_SINK],
})
export class AuditModule {}
