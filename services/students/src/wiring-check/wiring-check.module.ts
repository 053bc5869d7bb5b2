import { Module } from '@nestjs/common';
import { WiringCheckController } from './wiring-check.controller';
import { WiringCheckService } from './wiring-check.service';

/** The walking skeleton: HTTP → workflow → every service's worker → PostgreSQL → HTTP. */
@Module({
  controllers: [WiringCheckController],
  providers: [WiringCheckService],
})
export class WiringCheckModule {}
