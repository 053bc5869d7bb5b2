import { Module } from '@nestjs/common';
import { MentorsController } from './mentors.controller';
import { MentorsRepository } from './mentors.repository';
import { MentorsService } from './mentors.service';

/** Mentors and their load. */
@Module({
  controllers: [MentorsController],
  providers: [MentorsRepository, MentorsService],
  exports: [MentorsRepository],
})
export class MentorsModule {}
