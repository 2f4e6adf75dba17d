import { CARE_INTENSITIES, CareIntensity } from '@wijkzorg/domain';
import { CommandDto, Flag, OneOf, Text, UtcTime } from '../shared/fields';

export class ScaleCareDto extends CommandDto {
  @OneOf(CARE_INTENSITIES, { description: "geen → licht_ambulant → intensief_ambulant → zorg_24uur: the intensity of professional care, apart from where the client lives ('geen': informal support only)" }) toIntensity: CareIntensity;
  @Text() reason: string;
  @Text({ max: 200 }) decidedBy: string;
  @UtcTime({ description: 'when the step takes effect' }) effectiveAt: string;
  @Flag({ optional: true, description: "a step down because the client's own network carries the support: only on a step down, and refused (422) unless informal support is active" }) carriedByNetwork?: boolean;
}
