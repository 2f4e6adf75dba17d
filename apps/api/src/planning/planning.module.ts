import { Module } from '@nestjs/common';
import { AggregateStore, PlannedStepRunner } from '@wijkzorg/application';
import { PlanningController } from './planning.controller';
import { PlannedStepRunnerService } from './planned-step-runner.service';

/** Planned steps: planning and cancelling over HTTP, and the runner that lets them take effect on their date. */
@Module({
  controllers: [PlanningController],
  providers: [{ provide: PlannedStepRunner, useFactory: (store: AggregateStore) => new PlannedStepRunner(store), inject: [AggregateStore] }, PlannedStepRunnerService],
  exports: [PlannedStepRunnerService],
})
export class PlanningModule {}
