import { DomainError, deciderSpecification, givenWhen, testContext } from '../shared';
import { ClientEvent, ClientCommand, clientDecider } from './client';
import { Placement } from '../shared/client-state';

/** Shared Given/When/Then fixtures for the client trajectory's capability specs. */
export const placement: Placement = { wooncirkelId: 'wc-1', wijkCode: 'WK047901', teamId: 'team-1', providerId: 'prov-a' };
export const at = (day: number) => `2026-02-${String(day).padStart(2, '0')}T10:00:00Z`;
export const e = <T extends ClientEvent['type']>(type: T, data: Extract<ClientEvent, { type: T }>['data'], day = 1) => ({ type, schemaVersion: 1, occurredAt: at(day), data }) as ClientEvent;

export const intake = e('IntakeRegistered', {
  clientId: 'c1',
  preferredWijk: 'WK047901',
  lifeDomains: ['wonen', 'begeleiding_zorg'],
  urgency: 'regulier',
  acuteConfusedBehaviour: false,
  goals: ['zelfstandig wonen'],
  referralSource: 'wijkteam',
  setting: 'eigen_woning_in_cirkel',
  personal: {},
  placement,
});
export const scaled = (fromIntensity: string, toIntensity: string, day = 2) =>
  e(
    toIntensity === 'geen' ? 'CareScaledDown' : 'CareScaledUp',
    { clientId: 'c1', fromIntensity, toIntensity, setting: 'eigen_woning_in_cirkel', carriedByNetwork: false, reason: 'r', decidedBy: 'zp', wooncirkelId: 'wc-1', wijkCode: 'WK047901', teamId: 'team-1', homeId: null, stayedInHome: true } as never,
    day,
  );
/** An indicatie for c1 (default: a Wmo beschikking begeleiding individueel of gemeente Zaanstad for 2026). */
export const indicatie = (indicatieId = 'ind-1', extra: object = {}, day = 1) =>
  e(
    'IndicatieIssued',
    {
      clientId: 'c1',
      indicatieId,
      wet: 'wmo',
      product: 'begeleiding_individueel',
      issuer: 'GM0479',
      issuerRole: 'gemeente',
      validFrom: '2026-01-01',
      validUntil: '2026-12-31',
      volume: { unit: 'uur_per_week', amount: 4 },
      covers: ['licht_ambulant', 'intensief_ambulant'],
      wijkCode: 'WK047901',
      ...extra,
    } as never,
    day,
  );
/** A beschikking beschermd wonen of the centrumgemeente Zaanstad: covers 24-uurs care. */
export const beschermdWonen = (indicatieId = 'ind-bw', day = 1) => indicatie(indicatieId, { product: 'beschermd_wonen', issuerRole: 'centrumgemeente', volume: { unit: 'etmaal_per_week', amount: 7 }, covers: ['intensief_ambulant', 'zorg_24uur'] }, day);
/** The consulent of gemeente Zaanstad (the gemeente of the fixtures' wijk WK047901). */
export const gemeenteZaanstad = testContext({ actor: { role: 'gemeente', id: 'consulent-1', organisation: 'GM0479' } });
export const decide = (given: ClientEvent[], when: ClientCommand, context = testContext()) => givenWhen(clientDecider, given, when, context);
export const errorOf = (result: unknown) => result as DomainError;
/** `client.given(events).when(command).then(events)` / `.thenThrows(code, field)`. */
export const client = deciderSpecification(clientDecider);
