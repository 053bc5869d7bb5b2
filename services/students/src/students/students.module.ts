import { Module } from '@nestjs/common';
import { PrivacyModule } from '../privacy/privacy.module';
import { StudentsController } from './students.controller';
import { StudentsRepository } from './students.repository';
import { StudentsService } from './students.service';

@Module({
  imports: [PrivacyModule],
  controllers: [StudentsController],
  providers: [StudentsRepository, StudentsService],
  exports: [StudentsRepository],
})
export class StudentsModule {}
