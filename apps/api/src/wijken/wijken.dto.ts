import { CommandDto, GemeenteCode, Identifier, Nested, OneOf, Text, WholeNumber, WijkCode } from '../shared/fields';
import { MAX_TRAVEL_MINUTES_TO_KERN } from '@wijkzorg/domain';

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
  @OneOf(['cluster', 'wooncirkel']) kind: 'cluster' | 'wooncirkel';
  @WholeNumber(0, MAX_TRAVEL_MINUTES_TO_KERN, { description: `travel minutes to the kern, at most ${MAX_TRAVEL_MINUTES_TO_KERN}` }) travelMinutesToKern: number;
}

export class RegisterWooncirkelDto extends CommandDto {
  @Identifier() wooncirkelId: string;
  @WijkCode() wijkCode: string;
  @Text({ max: 200 }) name: string;
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
