import { Module } from '@nestjs/common';
import { CareScalingController } from './care-scaling.controller';

/** Care scaling: up and down the care levels, on the wooncirkel team. */
@Module({
  controllers: [CareScalingController],
})
export class CareScalingModule {}
