import { Module } from '@nestjs/common';
import { SeedController } from './seed.controller';
import { SeedService } from './seed.service';

/** Loading the synthetic province into the registries. */
@Module({
  controllers: [SeedController],
  providers: [SeedService],
})
export class SeedModule {}
