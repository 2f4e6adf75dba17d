import { Module } from '@nestjs/common';
import { BudgetPotsController, DoorbraaktafelFiguresController, budgetPotsHandlers } from './budget-pots.controller';

/** Budget pots: wijkgebonden budgets and the gemeente's flex pot, and the doorbraaktafel figures of what its money achieved. */
@Module({
  controllers: [BudgetPotsController, DoorbraaktafelFiguresController],
  providers: [...budgetPotsHandlers],
})
export class BudgetPotsModule {}
