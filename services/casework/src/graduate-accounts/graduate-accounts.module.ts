import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { GraduateAccountsActivities } from './graduate-accounts.activities';
import { GraduateAccountsController } from './graduate-accounts.controller';
import { GraduateAccountsRepository } from './graduate-accounts.repository';
import { GraduateAccountsService } from './graduate-accounts.service';

/** Graduates' accounts: created by the job-assistance case (activity), activated with a code. */
@Module({
  imports: [AuditModule],
  controllers: [GraduateAccountsController],
  providers: [GraduateAccountsRepository, GraduateAccountsService, GraduateAccountsActivities],
})
export class GraduateAccountsModule {}
