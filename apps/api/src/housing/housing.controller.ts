import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { Actor } from '@wijkzorg/domain';
import { CurrentActor } from '../shared/actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { sendClientCommand } from '../shared/commands';
import { IdParamPipe } from '../shared/id-param.pipe';
import { AcceptHousingOfferDto, DeclineHousingOfferDto, MoveInDto, MoveOutDto, OfferHousingDto, RequestHousingDto } from './housing.dto';

@ApiTags('housing')
@Controller('clients/:clientId')
export class HousingController {
  constructor(private readonly commands: CommandBus) {}

  @Roles('zorgprofessional')
  @Post('housing-requests')
  request(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: RequestHousingDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'RequestHousing', dto, actor);
  }

  @Roles('woningcorporatie')
  @Post('housing-offers')
  offer(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: OfferHousingDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'OfferHousing', dto, actor);
  }

  @Roles('zorgprofessional')
  @Post('housing-offers/:offerId/decline')
  decline(@Param('clientId', IdParamPipe) clientId: string, @Param('offerId', IdParamPipe) offerId: string, @Body() dto: DeclineHousingOfferDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'DeclineHousingOffer', dto, actor, { offerId });
  }

  @Roles('zorgprofessional')
  /** Accepting matches the home: within 10 minutes of the kern, preferred wijk honoured or the deviation recorded. */
  @Post('housing-offers/:offerId/accept')
  accept(@Param('clientId', IdParamPipe) clientId: string, @Param('offerId', IdParamPipe) offerId: string, @Body() dto: AcceptHousingOfferDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'AcceptHousingOffer', dto, actor, { offerId });
  }

  @Roles('zorgprofessional')
  @Post('move-in')
  moveIn(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: MoveInDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'MoveIn', dto, actor);
  }

  @Roles('zorgprofessional')
  @Post('move-out')
  moveOut(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: MoveOutDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'MoveOut', dto, actor);
  }
}
