import { Module } from '@nestjs/common';
import { PrivacyModule } from '../privacy/privacy.module';
import { GraduateLinkActivities } from './graduate-link.activities';
import { StudentsController } from './students.controller';
import { StudentsRepository } from './students.repository';
import { StudentsService } from './students.service';

@Module({
  imports: [PrivacyModule],
  controllers: [StudentsController],
  providers: [StudentsRepository, StudentsService, GraduateLinkActivities],
  exports: [StudentsRepository],
})
export class StudentsModule {}
