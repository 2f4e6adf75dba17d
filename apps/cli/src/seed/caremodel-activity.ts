import { CARE_INTENSITIES, CareIntensity, CareSetting, ClientCommand } from '@wijkzorg/domain';
import { Random } from './random';

/**
 * The care model in the demo: intensity goes up and down with the same team and without a move;
 * where the client lives changes only by a move of its own (a few per year, each with a coded reason).
 */

/** Where a client lives at intake: most at home in the circle; those asking for a home mostly elsewhere (dakloos, bij familie, in een instelling); a few already in a cluster home. */
export function intakeSetting(random: Random, asksForHome: boolean): CareSetting {
  if (asksForHome) return random.chance(0.6) ? 'elders' : 'eigen_woning_in_cirkel';
  return random.chance(0.9) ? 'eigen_woning_in_cirkel' : random.pick(['clusterwoning', 'elders'] as const);
}

/** One step on the intensity ladder: up while the care need grows (rarely to 24-uurs zorg), otherwise down. */
export function nextIntensity(random: Random, current: CareIntensity): { to: CareIntensity; up: boolean; carriedByNetwork: boolean } {
  const rank = CARE_INTENSITIES.indexOf(current);
  const up = rank === 0 || (rank === 1 && random.chance(0.55)) || (rank === 2 && random.chance(0.15));
  const to = CARE_INTENSITIES[Math.max(0, Math.min(CARE_INTENSITIES.length - 1, rank + (up ? 1 : -1)))];
  // Stepping back to informal support: often because family, neighbours or the circle take it over.
  return { to, up, carriedByNetwork: !up && to === 'geen' && random.chance(0.6) };
}

/** A move that is not into or out of a wooncirkel home, for some clients who do not wait for one. */
export function settingMove(random: Random, setting: CareSetting): Omit<Extract<ClientCommand, { type: 'RecordMove' }>, 'movedAt'> | null {
  if (setting === 'elders' && random.chance(0.4)) return { type: 'RecordMove', toSetting: 'eigen_woning_in_cirkel', reason: random.pick(['passende_woning', 'uitstroom_intramuraal'] as const) };
  if (setting === 'eigen_woning_in_cirkel' && random.chance(0.03)) return { type: 'RecordMove', toSetting: 'clusterwoning', reason: 'zorgvraag_veranderd', note: 'wil dichter bij de kern en het team wonen' };
  return null;
}
