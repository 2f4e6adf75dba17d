import { Module } from '@nestjs/common';
import { PrivacyController, EraseClientHandler } from './privacy.controller';

/** Privacy: erasure (AVG art. 17). */
@Module({
  controllers: [PrivacyController],
  providers: [EraseClientHandler],
})
export class PrivacyModule {}
