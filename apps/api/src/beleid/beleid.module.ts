import { Module } from '@nestjs/common';
import { BeleidController, beleidHandlers } from './beleid.controller';
import { DashboardController } from './dashboard.controller';

/** Beleid (policymakers): aggregate figures and the dashboard, disclosure-controlled. */
@Module({
  controllers: [BeleidController, DashboardController],
  providers: [...beleidHandlers],
})
export class BeleidModule {}
