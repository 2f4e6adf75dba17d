import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';

/** The policymaker's dashboard (docs/dashboard.md): a static page drawing every group of outcome measures. */
@Module({ controllers: [DashboardController] })
export class DashboardModule {}
