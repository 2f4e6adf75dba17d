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
import { AuthModule } from './auth/auth.module';
import { PrivacyController, EraseClientHandler } from './privacy/privacy.controller';
import { BeleidController, beleidHandlers } from './beleid/beleid.controller';
import { DashboardController } from './beleid/dashboard.controller';
import { IntegrationModule } from './integration/integration.module';
import { AuditController, AccessLogHandler } from './audit/audit.controller';
import { AnchorModule } from './audit/anchor.module';
import { ReadModelsModule } from './read-models/read-models.module';
import { ProjectionsController } from './read-models/projections.controller';
import { CaseloadController, caseloadHandlers } from './caseload/caseload.controller';
import { WachtlijstController, wachtlijstHandlers } from './wachtlijst/wachtlijst.controller';
import { BudgetViewsController, budgetViewHandlers } from './budget-views/budget-views.controller';

@Module({
  imports: [CqrsModule.forRoot(), EventStoreModule, ReadModelsModule, AuthModule, IntegrationModule, AnchorModule],
  controllers: [
    WijkenController,
    IntakeController,
    CareScalingController,
    HousingController,
    BudgetController,
    TransferController,
    DoorbraaktafelController,
    DaginvullingController,
    ClientsController,
    ProjectionsController,
    CaseloadController,
    WachtlijstController,
    BudgetViewsController,
    AuditController,
    BeleidController,
    DashboardController,
    PrivacyController,
  ],
  providers: [...wijkenHandlers, ExecuteClientCommandHandler, GetClientHandler, ...caseloadHandlers, ...wachtlijstHandlers, ...budgetViewHandlers, AccessLogHandler, ...beleidHandlers, EraseClientHandler],
})
export class AppModule {}
