import { CARE_LEVELS, CareLevel } from '@wijkzorg/domain';
import { CommandDto, Flag, OneOf, Text, UtcTime } from '../shared/fields';

export class ScaleCareDto extends CommandDto {
  @OneOf(CARE_LEVELS, { description: 'informeel → licht_ambulant → intensief_ambulant → zorg_24uur_thuis → beschermd_wonen_cluster' }) toLevel: CareLevel;
  @Text() reason: string;
  @Text({ max: 200 }) decidedBy: string;
  @UtcTime({ description: 'when the step takes effect' }) effectiveAt: string;
  @Flag({ optional: true, description: "afschaling because the client's network carries the care: refused (422) unless informal support is active" }) carriedByNetwork?: boolean;
}
