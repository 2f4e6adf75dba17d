import { Module } from '@nestjs/common';
import { AggregateStore, PlannedStepRunner } from '@wijkzorg/application';
import { EventStore } from '@wijkzorg/event-store';
import { EVENT_STORE } from '../infrastructure/tokens';
import { PlanningController } from './planning.controller';
import { PlannedStepRunnerService } from './planned-step-runner.service';

/** Planned steps: planning and cancelling over HTTP, and the runner that lets them take effect on their date. */
@Module({
  controllers: [PlanningController],
  providers: [{ provide: PlannedStepRunner, useFactory: (events: EventStore, store: AggregateStore) => new PlannedStepRunner(events, store.cipher), inject: [EVENT_STORE, AggregateStore] }, PlannedStepRunnerService],
  exports: [PlannedStepRunnerService],
})
export class PlanningModule {}
