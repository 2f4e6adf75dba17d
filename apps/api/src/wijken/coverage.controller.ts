import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor, DAY_AND_NIGHT_CARE_WITHDRAWAL_REASONS, DayAndNightCareCommand, DayAndNightCareWithdrawalReason, KERN_CLOSURE_REASONS, KernClosureReason, KernCommand } from '@wijkzorg/domain';
import { CareCommands, CommandMeta, CommandOutcome } from '@wijkzorg/application';
import { CurrentActor } from '../shared/actor.decorator';
import { IdParamPipe } from '../shared/id-param.pipe';
import { Roles } from '../auth/roles.decorator';
import { metaOf } from '../shared/commands';
import { CommandDto, OneOf, UtcTime } from '../shared/fields';
import { ApiCommand } from '../shared/openapi';

export class OfferDayAndNightCareDto extends CommandDto {
  @UtcTime({ description: 'from when the team offers 24-uurs zorg (may lie ahead: a planned start)' }) from: string;
}

export class WithdrawDayAndNightCareDto extends CommandDto {
  @UtcTime({ description: 'from when the offer ends' }) until: string;
  @OneOf(DAY_AND_NIGHT_CARE_WITHDRAWAL_REASONS, { description: 'why the offer ends (a code: no free text about people)' }) reason: DayAndNightCareWithdrawalReason;
}

export class CloseKernDto extends CommandDto {
  @UtcTime({ description: 'from when the kern is closed' }) from: string;
  @OneOf(KERN_CLOSURE_REASONS, { description: 'why the kern closes (a code)' }) reason: KernClosureReason;
}

export class ReopenKernDto extends CommandDto {
  @UtcTime({ description: 'from when the kern is open again' }) from: string;
}

export class ChangeDayAndNightCareCommand {
  constructor(
    readonly wooncirkelId: string,
    readonly command: DayAndNightCareCommand | KernCommand,
    readonly meta: CommandMeta,
  ) {}
}

@CommandHandler(ChangeDayAndNightCareCommand)
export class ChangeDayAndNightCareHandler implements ICommandHandler<ChangeDayAndNightCareCommand> {
  constructor(private readonly care: CareCommands) {}
  execute({ wooncirkelId, command, meta }: ChangeDayAndNightCareCommand): Promise<CommandOutcome> {
    return this.care.changeDayAndNightCare(wooncirkelId, command, meta);
  }
}

/**
 * 24-uurs zorg as a declared offer of a wooncirkel's team, and the closure of its kern (the coverage measures,
 * docs/uitkomsten/dekking.md): declared by a zorgprofessional of that wooncirkel (token scope) or an admin.
 */
@ApiTags('wijken en wooncirkels')
@Controller()
export class DayAndNightCareController {
  constructor(private readonly commands: CommandBus) {}

  @Roles('admin', 'zorgprofessional')
  @ApiCommand('The team of the wooncirkel offers 24-uurs zorg from a date')
  @Post('wooncirkels/:wooncirkelId/day-and-night-care')
  offer(@Param('wooncirkelId', IdParamPipe) wooncirkelId: string, @Body() dto: OfferDayAndNightCareDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return this.commands.execute(new ChangeDayAndNightCareCommand(wooncirkelId, { type: 'OfferDayAndNightCare', from: dto.from }, metaOf(dto, actor)));
  }

  @Roles('admin', 'zorgprofessional')
  @ApiCommand('The team of the wooncirkel stops offering 24-uurs zorg from a date, with a coded reason')
  @Post('wooncirkels/:wooncirkelId/day-and-night-care/withdrawal')
  withdraw(@Param('wooncirkelId', IdParamPipe) wooncirkelId: string, @Body() dto: WithdrawDayAndNightCareDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return this.commands.execute(new ChangeDayAndNightCareCommand(wooncirkelId, { type: 'WithdrawDayAndNightCare', until: dto.until, reason: dto.reason }, metaOf(dto, actor)));
  }

  @Roles('admin', 'zorgprofessional')
  @ApiCommand('The kern of the wooncirkel closes from a date, with a coded reason')
  @Post('wooncirkels/:wooncirkelId/kern/closure')
  closeKern(@Param('wooncirkelId', IdParamPipe) wooncirkelId: string, @Body() dto: CloseKernDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return this.commands.execute(new ChangeDayAndNightCareCommand(wooncirkelId, { type: 'CloseKern', from: dto.from, reason: dto.reason }, metaOf(dto, actor)));
  }

  @Roles('admin', 'zorgprofessional')
  @ApiCommand('A closed kern of the wooncirkel opens again from a date')
  @Post('wooncirkels/:wooncirkelId/kern/reopening')
  reopenKern(@Param('wooncirkelId', IdParamPipe) wooncirkelId: string, @Body() dto: ReopenKernDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return this.commands.execute(new ChangeDayAndNightCareCommand(wooncirkelId, { type: 'ReopenKern', from: dto.from }, metaOf(dto, actor)));
  }
}
