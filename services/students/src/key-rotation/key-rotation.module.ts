import { Module } from '@nestjs/common';
import { WorkflowStarter } from '@eduaid/platform';
import { KeyRotationActivities } from './key-rotation.activities';
import { KeyRotationController } from './key-rotation.controller';
import { KeyRotationRepository } from './key-rotation.repository';
import { KeyRotationService } from './key-rotation.service';

@Module({
  controllers: [KeyRotationController],
  providers: [WorkflowStarter, KeyRotationRepository, KeyRotationActivities, KeyRotationService],
})
export class KeyRotationModule {}
