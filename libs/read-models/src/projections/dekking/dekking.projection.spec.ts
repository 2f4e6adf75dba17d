import { event } from '@wijkzorg/domain';
import { projectionSpecification } from '../../projection-specification';
import { dekkingProjection } from './dekking.projection';

const spec = projectionSpecification(dekkingProjection);
const team = { teamId: 't-1', name: 'team', providerId: 'prov-leviaan', caseloadCapacity: 5 };
const registered = event('WooncirkelRegistered', { wooncirkelId: 'wc-1', wijkCode: 'WK038801', name: 'Binnenstad', form: 'kern_met_cirkel' as const, kern: { name: 'kern', opensAt: '07:30', closesAt: '22:30' }, team, homes: [] }, '2025-01-01T09:00:00Z', 2);
const ref = { wooncirkelId: 'wc-1', wijkCode: 'WK038801' };

describe('dekking projection: per wooncirkel its kern and its 24-uurs zorg over time', () => {
  it('keeps the periods of 24-uurs zorg and of a closed kern, without any client', () => {
    spec
      .given([
        registered,
        event('DayAndNightCareOffered', { ...ref, teamId: 't-1', from: '2025-03-01T00:00:00Z' }, '2025-03-01T08:00:00Z'),
        event('DayAndNightCareWithdrawn', { ...ref, teamId: 't-1', from: '2025-03-01T00:00:00Z', until: '2025-09-30T00:00:00Z', reason: 'personeelstekort' as const }, '2025-09-30T08:00:00Z'),
        event('DayAndNightCareOffered', { ...ref, teamId: 't-1', from: '2026-01-01T00:00:00Z' }, '2026-01-01T08:00:00Z'),
        event('KernClosed', { ...ref, from: '2025-07-01T00:00:00Z', reason: 'verbouwing' as const }, '2025-07-01T08:00:00Z'),
        event('KernReopened', { ...ref, closedFrom: '2025-07-01T00:00:00Z', from: '2025-10-01T00:00:00Z' }, '2025-10-01T08:00:00Z'),
      ])
      .then({
        wooncirkel: {
          'wc-1': {
            ...ref,
            gemeenteCode: 'GM0388',
            form: 'kern_met_cirkel',
            registeredAt: '2025-01-01T09:00:00Z',
            kernOpensAt: '07:30',
            kernClosesAt: '22:30',
            dayAndNightCare: [
              { from: '2025-03-01T00:00:00Z', until: '2025-09-30T00:00:00Z' },
              { from: '2026-01-01T00:00:00Z', until: null },
            ],
            kernClosures: [{ from: '2025-07-01T00:00:00Z', until: '2025-10-01T00:00:00Z' }],
          },
        },
      });
  });
});
