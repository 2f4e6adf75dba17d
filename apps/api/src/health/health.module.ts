import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** Health of the service. */
@Module({
  controllers: [HealthController],
})
export class HealthModule {}
