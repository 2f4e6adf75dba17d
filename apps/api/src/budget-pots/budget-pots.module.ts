import { Module } from '@nestjs/common';
import { BudgetPotsController, budgetPotsHandlers } from './budget-pots.controller';

/** Budget pots: wijkgebonden budgets and the gemeente's flex pot. */
@Module({
  controllers: [BudgetPotsController],
  providers: [...budgetPotsHandlers],
})
export class BudgetPotsModule {}
