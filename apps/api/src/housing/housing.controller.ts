import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { Actor } from '@wijkzorg/domain';
import { CurrentActor } from '../shared/actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { sendClientCommand } from '../shared/commands';
import { IdParamPipe } from '../shared/id-param.pipe';
import { AcceptHousingOfferDto, ChangeReciprocityAgreementDto, DeclineHousingOfferDto, MoveInDto, MoveOutDto, OfferHousingDto, RecordMoveDto, RecordReciprocityDeliveryDto, RequestHousingDto } from './housing.dto';
import { ApiCommand } from '../shared/openapi';

@ApiTags('housing')
@Controller('clients/:clientId')
export class HousingController {
  constructor(private readonly commands: CommandBus) {}

  @Roles('zorgprofessional')
  @ApiCommand('Request housing for a client')
  @Post('housing-requests')
  request(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: RequestHousingDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'RequestHousing', dto, actor);
  }

  /** Only the corporation that owns the home (the actor's organisation) offers it. */
  @Roles('woningcorporatie')
  @ApiCommand('Offer a home to a client')
  @Post('housing-offers')
  offer(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: OfferHousingDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'OfferHousing', dto, actor);
  }

  @Roles('zorgprofessional')
  @ApiCommand('Record that the client declines a housing offer')
  @Post('housing-offers/:offerId/decline')
  decline(@Param('clientId', IdParamPipe) clientId: string, @Param('offerId', IdParamPipe) offerId: string, @Body() dto: DeclineHousingOfferDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'DeclineHousingOffer', dto, actor, { offerId });
  }

  @Roles('zorgprofessional')
  /** Accepting matches the home: within 10 minutes of the kern, preferred wijk honoured or the deviation recorded. */
  @ApiCommand('Record that the client accepts a housing offer')
  @Post('housing-offers/:offerId/accept')
  accept(@Param('clientId', IdParamPipe) clientId: string, @Param('offerId', IdParamPipe) offerId: string, @Body() dto: AcceptHousingOfferDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'AcceptHousingOffer', dto, actor, { offerId });
  }

  @Roles('zorgprofessional')
  @ApiCommand('Record that the client moved into a home')
  @Post('move-in')
  moveIn(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: MoveInDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'MoveIn', dto, actor);
  }

  @Roles('zorgprofessional')
  @ApiCommand('Record that the client moved out of a home')
  @Post('move-out')
  moveOut(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: MoveOutDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'MoveOut', dto, actor);
  }

  @Roles('zorgprofessional')
  /** A move between settings that is not into or out of a wooncirkel home (e.g. from elsewhere into an own home in the circle). */
  @ApiCommand('Record that the client moved to another setting')
  @Post('moves')
  recordMove(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: RecordMoveDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'RecordMove', dto, actor);
  }

  @Roles('zorgprofessional')
  @ApiCommand('Record what the client delivered of the reciprocity agreement in one month')
  @Post('reciprocity/deliveries')
  recordReciprocity(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: RecordReciprocityDeliveryDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'RecordReciprocityDelivery', dto, actor);
  }

  @Roles('zorgprofessional')
  @ApiCommand('Change the reciprocity agreement, as agreed with the client')
  @Post('reciprocity/agreement-changes')
  changeReciprocity(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: ChangeReciprocityAgreementDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'ChangeReciprocityAgreement', dto, actor);
  }
}
