import { Module } from '@nestjs/common';
import { JurisdictionsController } from './jurisdictions.controller';
import { JurisdictionsRepository } from './jurisdictions.repository';
import { JurisdictionsService } from './jurisdictions.service';

/** The five-level jurisdiction tree (province → prefecture → county → township → village). */
@Module({
  controllers: [JurisdictionsController],
  providers: [JurisdictionsService, JurisdictionsRepository],
  exports: [JurisdictionsRepository],
})
export class JurisdictionsModule {}
