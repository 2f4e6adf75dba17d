import { event } from '@wijkzorg/domain';
import { projectionSpecification } from '../../projection-specification';
import { intakeIn, intensities, placementIn, registeredWijk, registeredWooncirkel, scaledUp, settings } from '../projection-fixtures';
import { caseloadProjection } from './caseload.projection';

const spec = projectionSpecification(caseloadProjection);

describe('caseload projection (given events, then documents)', () => {
  it('counts a wijk, its wooncirkel and the clients on the team, per month', () => {
    spec
      .given([
        registeredWijk('WK047901'),
        registeredWooncirkel('wc-1', 'WK047901', 4),
        intakeIn('c1', placementIn('wc-1', 'WK047901'), '2026-02-03T10:00:00Z'),
        scaledUp('c1', 'wc-1', 'WK047901', '2026-03-04T10:00:00Z'),
        event('TeamPlaceClaimed', { wooncirkelId: 'wc-1', wijkCode: 'WK047901', teamId: 'team-wc-1', clientId: 'c1' }, '2026-03-04T10:00:00Z'),
      ])
      .then({
        wijk: {
          WK047901: {
            wijkCode: 'WK047901',
            wijkName: 'Wijk WK047901',
            gemeenteCode: 'GM0479',
            gemeenteName: 'Zaanstad',
            wooncirkels: 1,
            clients: 1,
            clientsByIntensity: intensities({ licht_ambulant: 1 }),
            clientsBySetting: settings({ eigen_woning_in_cirkel: 1 }),
            teamCapacity: 4,
            teamClients: 1,
            utilisation: 0.25,
            scaledUp: 1,
            scaledDown: 0,
            stayedInHomeSteps: 0,
          },
        },
        wooncirkel: {
          'wc-1': {
            wooncirkelId: 'wc-1',
            wijkCode: 'WK047901',
            gemeenteCode: 'GM0479',
            name: 'Wooncirkel wc-1',
            teamId: 'team-wc-1',
            providerId: 'prov-a',
            teamCapacity: 4,
            teamClients: 1,
            utilisation: 0.25,
            clients: 1,
            clientsByIntensity: intensities({ licht_ambulant: 1 }),
            clientsBySetting: settings({ eigen_woning_in_cirkel: 1 }),
          },
        },
        client: { c1: { clientId: 'c1', wijkCode: 'WK047901', wooncirkelId: 'wc-1', intensity: 'licht_ambulant', setting: 'eigen_woning_in_cirkel' } },
        month: {
          'WK047901:2026-02': { wijkCode: 'WK047901', gemeenteCode: 'GM0479', month: '2026-02', inflow: 1, outflow: 0, inflowWithinGemeente: 0, outflowWithinGemeente: 0, inflowWithinRegion: 0, outflowWithinRegion: 0, scaledUp: 0, scaledDown: 0, stayedInHomeSteps: 0 },
          'WK047901:2026-03': { wijkCode: 'WK047901', gemeenteCode: 'GM0479', month: '2026-03', inflow: 0, outflow: 0, inflowWithinGemeente: 0, outflowWithinGemeente: 0, inflowWithinRegion: 0, outflowWithinRegion: 0, scaledUp: 1, scaledDown: 0, stayedInHomeSteps: 0 },
        },
      });
  });

  it('moves a transferred client between wijken of one gemeente: a flow of both wijken, within the gemeente', () => {
    const from = placementIn('wc-1', 'WK047901');
    const to = placementIn('wc-2', 'WK047902');
    const documents = spec
      .given([
        registeredWijk('WK047901'),
        registeredWijk('WK047902'),
        registeredWooncirkel('wc-1', 'WK047901', 2),
        registeredWooncirkel('wc-2', 'WK047902', 2),
        intakeIn('c1', from, '2026-02-03T10:00:00Z'),
        event('ClientTransferred', { clientId: 'c1', from, to, reason: 'verhuizing', intensity: 'geen' as const, setting: 'eigen_woning_in_cirkel' as const }, '2026-02-10T10:00:00Z', 2),
      ])
      .then({
        wijk: {
          WK047901: {
            wijkCode: 'WK047901',
            wijkName: 'Wijk WK047901',
            gemeenteCode: 'GM0479',
            gemeenteName: 'Zaanstad',
            wooncirkels: 1,
            clients: 0,
            clientsByIntensity: intensities({}),
            clientsBySetting: settings({}),
            teamCapacity: 2,
            teamClients: 0,
            utilisation: 0,
            scaledUp: 0,
            scaledDown: 0,
            stayedInHomeSteps: 0,
          },
          WK047902: {
            wijkCode: 'WK047902',
            wijkName: 'Wijk WK047902',
            gemeenteCode: 'GM0479',
            gemeenteName: 'Zaanstad',
            wooncirkels: 1,
            clients: 1,
            clientsByIntensity: intensities({ geen: 1 }),
            clientsBySetting: settings({ eigen_woning_in_cirkel: 1 }),
            teamCapacity: 2,
            teamClients: 0,
            utilisation: 0,
            scaledUp: 0,
            scaledDown: 0,
            stayedInHomeSteps: 0,
          },
        },
        wooncirkel: {
          'wc-1': { wooncirkelId: 'wc-1', wijkCode: 'WK047901', gemeenteCode: 'GM0479', name: 'Wooncirkel wc-1', teamId: 'team-wc-1', providerId: 'prov-a', teamCapacity: 2, teamClients: 0, utilisation: 0, clients: 0, clientsByIntensity: intensities({}), clientsBySetting: settings({}) },
          'wc-2': {
            wooncirkelId: 'wc-2',
            wijkCode: 'WK047902',
            gemeenteCode: 'GM0479',
            name: 'Wooncirkel wc-2',
            teamId: 'team-wc-2',
            providerId: 'prov-a',
            teamCapacity: 2,
            teamClients: 0,
            utilisation: 0,
            clients: 1,
            clientsByIntensity: intensities({ geen: 1 }),
            clientsBySetting: settings({ eigen_woning_in_cirkel: 1 }),
          },
        },
        client: { c1: { clientId: 'c1', wijkCode: 'WK047902', wooncirkelId: 'wc-2', intensity: 'geen', setting: 'eigen_woning_in_cirkel' } },
        month: {
          'WK047901:2026-02': { wijkCode: 'WK047901', gemeenteCode: 'GM0479', month: '2026-02', inflow: 1, outflow: 1, inflowWithinGemeente: 0, outflowWithinGemeente: 1, inflowWithinRegion: 0, outflowWithinRegion: 1, scaledUp: 0, scaledDown: 0, stayedInHomeSteps: 0 },
          'WK047902:2026-02': { wijkCode: 'WK047902', gemeenteCode: 'GM0479', month: '2026-02', inflow: 1, outflow: 0, inflowWithinGemeente: 1, outflowWithinGemeente: 0, inflowWithinRegion: 1, outflowWithinRegion: 0, scaledUp: 0, scaledDown: 0, stayedInHomeSteps: 0 },
        },
      });
    expect(Object.keys(documents.month)).toHaveLength(2);
  });

  it('fails when a document differs', () => {
    expect(() => spec.given([registeredWijk('WK047901')]).then({ wijk: {} })).toThrow(/projection caseload holds other documents/);
  });

  it('counts clients by intensity and by setting: a step changes the intensity only, a move the setting only', () => {
    const home = placementIn('wc-1', 'WK047901');
    const documents = spec
      .given([
        registeredWijk('WK047901'),
        registeredWooncirkel('wc-1', 'WK047901', 4),
        intakeIn('c1', home, '2026-02-03T10:00:00Z'),
        event('IntakeRegistered', { ...intakeIn('c2', home, '2026-02-03T10:00:00Z').data, clientId: 'c2', setting: 'elders' as const }, '2026-02-03T10:00:00Z', 2),
        scaledUp('c1', 'wc-1', 'WK047901', '2026-03-04T10:00:00Z', 'intensief_ambulant'),
        event('ClientMoved', { clientId: 'c2', wooncirkelId: 'wc-1', wijkCode: 'WK047901', fromSetting: 'elders' as const, toSetting: 'clusterwoning' as const, reason: 'eigen_wens' as const, note: null }, '2026-03-05T10:00:00Z'),
      ])
      .then({
        wijk: {
          WK047901: {
            ...{ wijkCode: 'WK047901', wijkName: 'Wijk WK047901', gemeenteCode: 'GM0479', gemeenteName: 'Zaanstad', wooncirkels: 1, clients: 2, teamCapacity: 4, teamClients: 0, utilisation: 0, scaledUp: 1, scaledDown: 0, stayedInHomeSteps: 0 },
            clientsByIntensity: intensities({ geen: 1, intensief_ambulant: 1 }),
            clientsBySetting: settings({ eigen_woning_in_cirkel: 1, clusterwoning: 1 }),
          },
        },
        wooncirkel: {
          'wc-1': {
            ...{ wooncirkelId: 'wc-1', wijkCode: 'WK047901', gemeenteCode: 'GM0479', name: 'Wooncirkel wc-1', teamId: 'team-wc-1', providerId: 'prov-a', teamCapacity: 4, teamClients: 0, utilisation: 0, clients: 2 },
            clientsByIntensity: intensities({ geen: 1, intensief_ambulant: 1 }),
            clientsBySetting: settings({ eigen_woning_in_cirkel: 1, clusterwoning: 1 }),
          },
        },
        client: {
          c1: { clientId: 'c1', wijkCode: 'WK047901', wooncirkelId: 'wc-1', intensity: 'intensief_ambulant', setting: 'eigen_woning_in_cirkel' },
          c2: { clientId: 'c2', wijkCode: 'WK047901', wooncirkelId: 'wc-1', intensity: 'geen', setting: 'clusterwoning' },
        },
        month: {
          'WK047901:2026-02': { wijkCode: 'WK047901', gemeenteCode: 'GM0479', month: '2026-02', inflow: 2, outflow: 0, inflowWithinGemeente: 0, outflowWithinGemeente: 0, inflowWithinRegion: 0, outflowWithinRegion: 0, scaledUp: 0, scaledDown: 0, stayedInHomeSteps: 0 },
          'WK047901:2026-03': { wijkCode: 'WK047901', gemeenteCode: 'GM0479', month: '2026-03', inflow: 0, outflow: 0, inflowWithinGemeente: 0, outflowWithinGemeente: 0, inflowWithinRegion: 0, outflowWithinRegion: 0, scaledUp: 1, scaledDown: 0, stayedInHomeSteps: 0 },
        },
      });
    expect(documents.client.c2.setting).toBe('clusterwoning');
  });
});
