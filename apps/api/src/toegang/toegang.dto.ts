import { ApiProperty } from '@nestjs/swagger';
import { registerDecorator } from 'class-validator';
import { applyDecorators } from '@nestjs/common';
import { ACCESS_INTENSITIES, AccessIntensity, INDICATIE_END_REASONS, INDICATIE_REFUSAL_REASONS, INDICATIE_WITHDRAWAL_REASONS, IndicatieEndReason, IndicatieRefusalReason, IndicatieWithdrawalReason, VOLUME_UNITS, VolumeUnit, WETTEN, Wet, PRODUCTS, calendarDateProblem } from '@wijkzorg/domain';
import { CommandDto, Identifier, ListOf, Nested, OneOf, WholeNumber } from '../shared/fields';

/** A calendar date YYYY-MM-DD that exists (the 400 says which). */
const CalendarDate = (description: string) =>
  applyDecorators(
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isCalendarDate',
        target: target.constructor,
        propertyName: propertyName as string,
        validator: { validate: (value: unknown) => calendarDateProblem(value, String(propertyName)) === null, defaultMessage: (args) => calendarDateProblem(args?.value, String(propertyName)) ?? `${String(propertyName)} is invalid` },
      }),
    ApiProperty({ type: String, format: 'date', example: '2026-03-01', description }),
  );

const ALL_PRODUCTS = [...new Set(Object.values(PRODUCTS).flatMap((p) => Object.keys(p)))];

export class VolumeDto {
  @OneOf(VOLUME_UNITS) unit: VolumeUnit;
  @WholeNumber(1, 10_080, { description: 'how much per unit (within one week: at most 168 hours, 14 dagdelen, 7 etmalen, 10 080 minutes)' }) amount: number;
}

export class IssueIndicatieDto extends CommandDto {
  @Identifier({ description: 'your id of this indicatie or beschikking' }) indicatieId: string;
  @OneOf(WETTEN) wet: Wet;
  @OneOf(ALL_PRODUCTS, { description: 'the coded product; it must belong to the wet (wmo: begeleiding_individueel, beschermd_wonen …; wlz: ggz_wonen …; zvw: wijkverpleging …)' }) product: string;
  @CalendarDate('first day it is valid') validFrom: string;
  @CalendarDate('last day it is valid (after validFrom)') validUntil: string;
  @Nested(() => VolumeDto) volume: VolumeDto;
  @ListOf(ACCESS_INTENSITIES, { description: 'the care intensities it gives access to (up to what the product covers)' }) covers: AccessIntensity[];
  @Identifier({ optional: true, description: 'forensisch only: the organisation code of the body that gave the justitiële titel (e.g. nifp, reclassering-nl)' }) issuer?: string;
  @Identifier({ optional: true, description: 'the open aanvraag this indicatie decides (its wait ends)' }) requestId?: string;
}

export class RequestIndicatieDto extends CommandDto {
  @Identifier({ description: 'your id of this aanvraag' }) requestId: string;
  @OneOf(WETTEN) wet: Wet;
  @OneOf(ALL_PRODUCTS, { description: 'the coded product asked; it must belong to the wet' }) product: string;
  @OneOf(ACCESS_INTENSITIES, { description: 'the care intensity the aanvraag is for (up to what the product covers)' }) requestedIntensity: AccessIntensity;
  @Identifier({ optional: true, description: 'forensisch only: the organisation code of the justitiële body asked' }) issuer?: string;
}

export class RefuseIndicatieRequestDto extends CommandDto {
  @OneOf(INDICATIE_REFUSAL_REASONS) reason: IndicatieRefusalReason;
}

export class WithdrawIndicatieRequestDto extends CommandDto {
  @OneOf(INDICATIE_WITHDRAWAL_REASONS) reason: IndicatieWithdrawalReason;
}

export class EndIndicatieDto extends CommandDto {
  @OneOf(INDICATIE_END_REASONS) reason: IndicatieEndReason;
  @CalendarDate('the last day it is valid') endsOn: string;
}
