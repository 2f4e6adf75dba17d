import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { Actor } from '@wijkzorg/domain';
import { CurrentActor } from '../shared/actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { sendClientCommand } from '../shared/commands';
import { IdParamPipe } from '../shared/id-param.pipe';
import { AllocateBudgetDto, ReleaseBudgetDto, SettleBudgetDto, SpendBudgetDto } from './budget.dto';
import { ApiCommand } from '../shared/openapi';

/** The person-following budget: het geld volgt de mens. */
@ApiTags('budget')
@Controller('clients/:clientId/budget')
export class BudgetController {
  constructor(private readonly commands: CommandBus) {}

  /** By the funder only (decided per funder in the domain): the gemeente, the centrumgemeente, the zorgkantoor, an admin for DJI. */
  @Roles('gemeente', 'zorgkantoor', 'admin')
  @ApiCommand('Allocate budget to a client (integer euro cents per line), by its funder')
  @Post('allocations')
  allocate(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: AllocateBudgetDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'AllocateBudget', dto, actor);
  }

  @Roles('zorgprofessional', 'doorbraaktafel')
  @ApiCommand('Release allocated budget for care (fast track for the doorbraaktafel)')
  @Post('releases')
  release(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: ReleaseBudgetDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'ReleaseBudget', { fastTrack: false, overrideAllocation: false, ...dto } as ReleaseBudgetDto, actor);
  }

  @Roles('zorgprofessional')
  @ApiCommand('Record spending against a release')
  @Post('releases/:releaseId/spendings')
  spend(@Param('clientId', IdParamPipe) clientId: string, @Param('releaseId', IdParamPipe) releaseId: string, @Body() dto: SpendBudgetDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'SpendBudget', dto, actor, { releaseId });
  }

  @Roles('zorgprofessional')
  @ApiCommand('Settle the budget of a client')
  @Post('settlements')
  settle(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: SettleBudgetDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'SettleBudget', dto, actor);
  }
}
