import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStoreModule } from './infrastructure/event-store.module';
import { WijkenController, wijkenHandlers } from './wijken/wijken.controller';
import { IntakeController } from './intake/intake.controller';
import { CareScalingController } from './care-scaling/care-scaling.controller';
import { HousingController } from './housing/housing.controller';
import { BudgetController } from './budget/budget.controller';
import { TransferController } from './transfer/transfer.controller';
import { DoorbraaktafelController } from './doorbraaktafel/doorbraaktafel.controller';
import { DaginvullingController } from './daginvulling/daginvulling.controller';
import { ClientsController, GetClientHandler } from './clients/clients.controller';
import { ExecuteClientCommandHandler } from './clients/execute-client-command.handler';
import { HealthController } from './health/health.controller';

@Module({
  imports: [CqrsModule.forRoot(), EventStoreModule],
  controllers: [
    HealthController,
    WijkenController,
    IntakeController,
    CareScalingController,
    HousingController,
    BudgetController,
    TransferController,
    DoorbraaktafelController,
    DaginvullingController,
    ClientsController,
  ],
  providers: [...wijkenHandlers, ExecuteClientCommandHandler, GetClientHandler],
})
export class AppModule {}
