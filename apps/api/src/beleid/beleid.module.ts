import { Module } from '@nestjs/common';
import { BeleidController, beleidHandlers } from './beleid.controller';

/** Beleid (policymakers): aggregate figures, disclosure-controlled (the dashboard is its own module: ../dashboard). */
@Module({
  controllers: [BeleidController],
  providers: [...beleidHandlers],
})
export class BeleidModule {}
