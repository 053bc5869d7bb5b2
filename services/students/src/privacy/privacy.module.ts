import { Module } from '@nestjs/common';
import { PiiAccessLogRepository } from './pii-access-log.repository';
import { PrivacyController } from './privacy.controller';
import { PrivacyService } from './privacy.service';

@Module({
  controllers: [PrivacyController],
  providers: [PiiAccessLogRepository, PrivacyService],
  exports: [PiiAccessLogRepository],
})
export class PrivacyModule {}
