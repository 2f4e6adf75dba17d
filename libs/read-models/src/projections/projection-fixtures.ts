import { CARE_INTENSITIES, CARE_SETTINGS, CareIntensity, CareSetting, CareScaledUp, IntakeRegistered, Placement, WijkRegistered, WooncirkelRegistered, event } from '@wijkzorg/domain';

/** Events for projection specifications: the smallest facts a read model is built from. */
export const registeredWijk = (wijkCode: string): WijkRegistered => event('WijkRegistered', { wijkCode, wijkName: `Wijk ${wijkCode}`, gemeenteCode: `GM${wijkCode.slice(2, 6)}`, gemeenteName: 'Zaanstad' }, '2026-01-01T08:00:00Z');

export const registeredWooncirkel = (wooncirkelId: string, wijkCode: string, caseloadCapacity: number): WooncirkelRegistered =>
  event(
    'WooncirkelRegistered',
    { wooncirkelId, wijkCode, name: `Wooncirkel ${wooncirkelId}`, form: 'kern_met_cirkel', kern: { name: 'kern', opensAt: '08:00', closesAt: '22:00' }, team: { teamId: `team-${wooncirkelId}`, name: 'team', providerId: 'prov-a', caseloadCapacity }, homes: [] },
    '2026-01-01T09:00:00Z',
  );

export const placementIn = (wooncirkelId: string, wijkCode: string): Placement => ({ wooncirkelId, wijkCode, teamId: `team-${wooncirkelId}`, providerId: 'prov-a' });

export const intakeIn = (clientId: string, placement: Placement, at: string, urgency: IntakeRegistered['data']['urgency'] = 'regulier'): IntakeRegistered =>
  event('IntakeRegistered', { clientId, preferredWijk: placement.wijkCode, lifeDomains: ['wonen'], urgency, acuteConfusedBehaviour: false, goals: [], referralSource: 'wijkteam', setting: 'eigen_woning_in_cirkel', personal: {}, placement } as IntakeRegistered['data'], at, 2);

export const scaledUp = (clientId: string, wooncirkelId: string, wijkCode: string, at: string, toIntensity: CareIntensity = 'licht_ambulant'): CareScaledUp =>
  event('CareScaledUp', { clientId, fromIntensity: 'geen', toIntensity, setting: 'eigen_woning_in_cirkel', carriedByNetwork: false, reason: 'meer zorg nodig', decidedBy: 'zp-1', wooncirkelId, wijkCode, teamId: `team-${wooncirkelId}`, homeId: null, stayedInHome: false }, at, 2);

/** Clients per care intensity: every intensity present, those not named at zero. */
export const intensities = (counts: Partial<Record<CareIntensity, number>>) => Object.fromEntries(CARE_INTENSITIES.map((i) => [i, counts[i] ?? 0]));
/** Clients per setting: every setting present, those not named at zero. */
export const settings = (counts: Partial<Record<CareSetting, number>>) => Object.fromEntries(CARE_SETTINGS.map((s) => [s, counts[s] ?? 0]));
