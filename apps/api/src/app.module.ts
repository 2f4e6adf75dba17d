import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStoreModule } from './infrastructure/event-store.module';
import { LeasesModule } from './infrastructure/leases.module';
import { ReadModelsModule } from './read-models/read-models.module';
import { AuthModule } from './auth/auth.module';
import { DisclosureModule } from './disclosure/disclosure.module';
import { WijkenModule } from './wijken/wijken.module';
import { ClientsModule } from './clients/clients.module';
import { IntakeModule } from './intake/intake.module';
import { CareScalingModule } from './care-scaling/care-scaling.module';
import { HousingModule } from './housing/housing.module';
import { BudgetModule } from './budget/budget.module';
import { TransferModule } from './transfer/transfer.module';
import { DoorbraaktafelModule } from './doorbraaktafel/doorbraaktafel.module';
import { BudgetPotsModule } from './budget-pots/budget-pots.module';
import { DaginvullingModule } from './daginvulling/daginvulling.module';
import { ToegangModule } from './toegang/toegang.module';
import { NetworkModule } from './network/network.module';
import { PrivacyModule } from './privacy/privacy.module';
import { ClosureModule } from './closure/closure.module';
import { PlanningModule } from './planning/planning.module';
import { CaseloadModule } from './caseload/caseload.module';
import { WachtlijstModule } from './wachtlijst/wachtlijst.module';
import { BeleidModule } from './beleid/beleid.module';
import { UitkomstenModule } from './uitkomsten/uitkomsten.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { AuditModule } from './audit/audit.module';
import { IntegrationModule } from './integration/integration.module';
import { BuurtModule } from './buurt/buurt.module';
import { ContinuityModule } from './continuity/continuity.module';

/** Infrastructure first, then one module per capability (see docs/architecture.md). */
@Module({
  imports: [
    CqrsModule.forRoot(),
    EventStoreModule,
    LeasesModule,
    ReadModelsModule,
    AuthModule,
    DisclosureModule,
    WijkenModule,
    ClientsModule,
    IntakeModule,
    CareScalingModule,
    HousingModule,
    BudgetModule,
    TransferModule,
    DoorbraaktafelModule,
    BudgetPotsModule,
    DaginvullingModule,
    ToegangModule,
    NetworkModule,
    PrivacyModule,
    ClosureModule,
    PlanningModule,
    CaseloadModule,
    WachtlijstModule,
    ContinuityModule,
    BeleidModule,
    UitkomstenModule,
    DashboardModule,
    AuditModule,
    IntegrationModule,
    BuurtModule,
  ],
})
export class AppModule {}
