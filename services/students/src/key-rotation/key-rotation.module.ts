import { Module } from '@nestjs/common';
import { KeyRotationActivities } from './key-rotation.activities';
import { KeyRotationController } from './key-rotation.controller';
import { KeyRotationService } from './key-rotation.service';

@Module({
  controllers: [KeyRotationController],
  providers: [KeyRotationActivities, KeyRotationService],
})
export class KeyRotationModule {}
