import { Module } from '@nestjs/common';
import { WorkflowStarter } from '@eduaid/platform';
import { WiringCheckController } from './wiring-check.controller';
import { WiringCheckService } from './wiring-check.service';

/** The walking skeleton: HTTP → workflow → every service's worker → PostgreSQL → HTTP. */
@Module({
  controllers: [WiringCheckController],
  providers: [WorkflowStarter, WiringCheckService],
})
export class WiringCheckModule {}
