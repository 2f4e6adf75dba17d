import { Module } from '@nestjs/common';
import { ContinuityController, continuityHandlers } from './continuity.controller';

/** Continuity: team staff and roles, vaste begeleider, over-capacity and offers of freed team places. */
@Module({
  controllers: [ContinuityController],
  providers: [...continuityHandlers],
})
export class ContinuityModule {}
