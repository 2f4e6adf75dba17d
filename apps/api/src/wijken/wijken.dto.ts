import { CommandDto, GemeenteCode, Identifier, Nested, OneOf, Text, WholeNumber, WijkCode } from '../shared/fields';
import { Matches } from 'class-validator';
import { HOUSING_TYPES, HousingType, MAX_RECORDED_TRAVEL_MINUTES, MAX_TRAVEL_MINUTES_TO_KERN, ORGANISATION_CODE_PATTERN, WOONCIRKEL_FORMS, WooncirkelForm } from '@wijkzorg/domain';

export class RegisterWijkDto extends CommandDto {
  @WijkCode() wijkCode: string;
  @Text({ max: 200, example: 'Poelenburg' }) wijkName: string;
  @GemeenteCode() gemeenteCode: string;
  @Text({ max: 200, example: 'Zaanstad' }) gemeenteName: string;
}

export class KernDto {
  @Text({ max: 200, example: 'Kern De Poel' }) name: string;
  @Text({ max: 5, example: '07:30', description: 'HH:MM' }) opensAt: string;
  @Text({ max: 5, example: '22:30', description: 'HH:MM' }) closesAt: string;
}

export class TeamDto {
  @Identifier() teamId: string;
  @Text({ max: 200 }) name: string;
  @Identifier({ description: 'care provider (zorgaanbieder)' }) providerId: string;
  @WholeNumber(0, 10_000, { description: 'clients above informal care the team can carry' }) caseloadCapacity: number;
}

export class HomeDto {
  @Identifier() homeId: string;
  @Text({ max: 300 }) address: string;
  @OneOf(HOUSING_TYPES, { description: 'zelfstandig in de cirkel, cluster, Housing First or intramuraal; the wooncirkel form decides which are allowed' }) housingType: HousingType;
  @Text({ max: 50, description: 'code of the corporation that owns the home (only it offers the home), e.g. parteon' })
  @Matches(ORGANISATION_CODE_PATTERN, { message: 'owner must be an organisation code: lower-case letters, digits and hyphens, e.g. parteon' })
  owner: string;
  @WholeNumber(0, MAX_RECORDED_TRAVEL_MINUTES, { description: `travel minutes to the kern; at most ${MAX_TRAVEL_MINUTES_TO_KERN} in a wooncirkel with the 10-minute rule (form kern_met_cirkel)` }) travelMinutesToKern: number;
}

export class RegisterWooncirkelDto extends CommandDto {
  @Identifier() wooncirkelId: string;
  @WijkCode() wijkCode: string;
  @Text({ max: 200 }) name: string;
  @OneOf(WOONCIRKEL_FORMS, { description: 'kern_met_cirkel: kern + cluster + circle within 10 minutes (the 10-minute rule); housing_first: scattered homes; clusterlocatie: one site' }) form: WooncirkelForm;
  @Nested(() => KernDto) kern: KernDto;
  @Nested(() => TeamDto) team: TeamDto;
  @Nested(() => HomeDto, { each: true }) homes: HomeDto[];
}

export class AddHomeDto extends CommandDto {
  @Nested(() => HomeDto) home: HomeDto;
}

export class ChangeTeamCapacityDto extends CommandDto {
  @WholeNumber(0, 10_000) caseloadCapacity: number;
}
