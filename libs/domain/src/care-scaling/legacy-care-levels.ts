import { CareIntensity, CareSetting } from '../shared/client-state';

/**
 * The care ladder before care pathway v2 mixed intensity and setting in one level. How such a level
 * reads now (the upcasters of CareScaled* v1 and the old-data test use this one mapping): the old model
 * placed every level but the cluster at the client's own home.
 */
export const LEGACY_CARE_LEVELS = ['informeel', 'licht_ambulant', 'intensief_ambulant', 'zorg_24uur_thuis', 'beschermd_wonen_cluster'] as const;
export type LegacyCareLevel = (typeof LEGACY_CARE_LEVELS)[number];

export function careModelOfLegacyLevel(level: string): { intensity: CareIntensity; setting: CareSetting } {
  switch (level) {
    case 'informeel':
      return { intensity: 'geen', setting: 'eigen_woning_in_cirkel' };
    case 'zorg_24uur_thuis':
      return { intensity: 'zorg_24uur', setting: 'eigen_woning_in_cirkel' };
    case 'beschermd_wonen_cluster':
      return { intensity: 'zorg_24uur', setting: 'clusterwoning' };
    default:
      return { intensity: level as CareIntensity, setting: 'eigen_woning_in_cirkel' };
  }
}
