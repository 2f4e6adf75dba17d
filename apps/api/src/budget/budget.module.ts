import { Module } from '@nestjs/common';
import { BudgetController } from './budget.controller';
import { BudgetViewsController, budgetViewHandlers } from './budget-views.controller';

/** Person-following budget: its commands and its views (per client, per wijk). */
@Module({
  controllers: [BudgetController, BudgetViewsController],
  providers: [...budgetViewHandlers],
})
export class BudgetModule {}
