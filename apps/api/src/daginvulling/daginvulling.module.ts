import { Module } from '@nestjs/common';
import { DaginvullingController } from './daginvulling.controller';

/** Daginvulling: day activities requested and arranged, waiting paused and resumed. */
@Module({
  controllers: [DaginvullingController],
})
export class DaginvullingModule {}
