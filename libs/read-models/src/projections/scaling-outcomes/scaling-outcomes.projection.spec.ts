import { CareScaledDown, ClientMoved, MoveReason, event } from '@wijkzorg/domain';
import { projectionSpecification } from '../../projection-specification';
import { placementIn, scaledUp } from '../projection-fixtures';
import { scalingOutcomesProjection } from './scaling-outcomes.projection';

const spec = projectionSpecification(scalingOutcomesProjection);
const WIJK = 'WK047901';
const OTHER = 'WK047902';
const up = (clientId: string, at: string, wijkCode = WIJK) => scaledUp(clientId, `wc-${wijkCode}`, wijkCode, at);
const down = (clientId: string, at: string, wijkCode = WIJK): CareScaledDown => event('CareScaledDown', { ...scaledUp(clientId, `wc-${wijkCode}`, wijkCode, at).data, fromIntensity: 'licht_ambulant', toIntensity: 'geen' }, at, 2) as CareScaledDown;
const moved = (clientId: string, at: string, reason: MoveReason = 'zorgvraag_veranderd', wijkCode = WIJK): ClientMoved => event('ClientMoved', { clientId, wooncirkelId: `wc-${wijkCode}`, wijkCode, fromSetting: 'elders', toSetting: 'clusterwoning', reason, note: null }, at);
const begeleider = (clientId: string, staffId: string, at: string) => event('BegeleiderAssigned', { clientId, staffId, previousStaffId: null, reason: 'eerste_toewijzing' as const, note: null, wooncirkelId: `wc-${WIJK}`, teamId: `team-wc-${WIJK}` }, at);
const transferred = (clientId: string, at: string) => event('ClientTransferred', { clientId, from: placementIn(`wc-${WIJK}`, WIJK), to: placementIn(`wc-${OTHER}`, OTHER), reason: 'verhuisd', intensity: 'licht_ambulant' as const, setting: 'eigen_woning_in_cirkel' as const }, at, 2);
const tally = (t: Record<string, number>) => t;
const timeline = (clientId: string, t: { steps?: unknown[]; moves?: unknown[]; begeleiders?: unknown[] }) => ({ clientId, steps: [], moves: [], begeleiders: [], ...t });

describe('scaling outcomes projection (given events, then documents)', () => {
  it('counts a step in its month and wijk under the last day of its 90-day window; a move inside the window marks it moved', () => {
    spec.given([up('c1', '2026-01-10T09:00:00Z'), down('c2', '2026-01-10T15:00:00Z'), moved('c1', '2026-04-10T20:00:00Z')]).then({
      month: {
        '2026-01': { month: '2026-01', steps: { [WIJK]: { '2026-04-10': tally({ steps: 2, up: 1, down: 1, moved: 1, 'moved:zorgvraag_veranderd': 1 }) } }, moves: {} },
        '2026-04': { month: '2026-04', steps: {}, moves: { [WIJK]: { moves: 1, afterStep: 1 } } },
      },
      client: {
        c1: timeline('c1', { steps: [{ at: '2026-01-10T09:00:00.000Z', wijkCode: WIJK, up: true }], moves: [{ at: '2026-04-10T20:00:00.000Z', wijkCode: WIJK, reason: 'zorgvraag_veranderd' }] }),
        c2: timeline('c2', { steps: [{ at: '2026-01-10T15:00:00.000Z', wijkCode: WIJK, up: false }] }),
      },
    });
  });

  it('a move after the window, or before the step, does not follow it; a move without a step before it is a move without step', () => {
    spec.given([moved('c1', '2026-01-09T09:00:00Z'), up('c1', '2026-01-10T09:00:00Z'), moved('c1', '2026-04-11T00:00:00Z', 'eigen_wens')]).then({
      month: {
        '2026-01': { month: '2026-01', steps: { [WIJK]: { '2026-04-10': tally({ steps: 1, up: 1 }) } }, moves: { [WIJK]: { moves: 1 } } },
        '2026-04': { month: '2026-04', steps: {}, moves: { [WIJK]: { moves: 1 } } },
      },
      client: {
        c1: timeline('c1', {
          steps: [{ at: '2026-01-10T09:00:00.000Z', wijkCode: WIJK, up: true }],
          moves: [
            { at: '2026-01-09T09:00:00.000Z', wijkCode: WIJK, reason: 'zorgvraag_veranderd' },
            { at: '2026-04-11T00:00:00.000Z', wijkCode: WIJK, reason: 'eigen_wens' },
          ],
        }),
      },
    });
  });

  it('a back-dated step classifies a move recorded before it; the step stays in the wijk it was taken in', () => {
    spec.given([moved('c1', '2026-03-01T09:00:00Z', 'zorgvraag_veranderd', OTHER), up('c1', '2026-02-20T09:00:00Z')]).then({
      month: {
        '2026-02': { month: '2026-02', steps: { [WIJK]: { '2026-05-21': tally({ steps: 1, up: 1, moved: 1, 'moved:zorgvraag_veranderd': 1 }) } }, moves: {} },
        '2026-03': { month: '2026-03', steps: {}, moves: { [OTHER]: { moves: 1, afterStep: 1 } } },
      },
      client: {
        c1: timeline('c1', { steps: [{ at: '2026-02-20T09:00:00.000Z', wijkCode: WIJK, up: true }], moves: [{ at: '2026-03-01T09:00:00.000Z', wijkCode: OTHER, reason: 'zorgvraag_veranderd' }] }),
      },
    });
  });

  it('a step followed by several moves counts the reason of the first; a back-dated earlier move takes its place', () => {
    spec.given([up('c1', '2026-01-10T09:00:00Z'), moved('c1', '2026-02-01T09:00:00Z', 'eigen_wens'), moved('c1', '2026-01-15T09:00:00Z', 'huisuitzetting')]).then({
      month: {
        '2026-01': { month: '2026-01', steps: { [WIJK]: { '2026-04-10': tally({ steps: 1, up: 1, moved: 1, 'moved:huisuitzetting': 1 }) } }, moves: { [WIJK]: { moves: 1, afterStep: 1 } } },
        '2026-02': { month: '2026-02', steps: {}, moves: { [WIJK]: { moves: 1, afterStep: 1 } } },
      },
      client: {
        c1: timeline('c1', {
          steps: [{ at: '2026-01-10T09:00:00.000Z', wijkCode: WIJK, up: true }],
          moves: [
            { at: '2026-01-15T09:00:00.000Z', wijkCode: WIJK, reason: 'huisuitzetting' },
            { at: '2026-02-01T09:00:00.000Z', wijkCode: WIJK, reason: 'eigen_wens' },
          ],
        }),
      },
    });
  });

  it('continuity: the begeleider at the step and at the end of its window; a transfer leaves the client without one, a new assignment changes it', () => {
    spec
      .given([
        begeleider('same', 'pb-1', '2025-12-01T09:00:00Z'),
        up('same', '2026-01-10T09:00:00Z'),
        begeleider('changed', 'pb-1', '2025-12-01T09:00:00Z'),
        up('changed', '2026-01-10T09:00:00Z'),
        begeleider('changed', 'pb-2', '2026-03-01T09:00:00Z'),
        begeleider('left', 'pb-1', '2025-12-01T09:00:00Z'),
        up('left', '2026-01-10T09:00:00Z'),
        transferred('left', '2026-02-01T09:00:00Z'),
        up('none', '2026-01-10T09:00:00Z'),
        begeleider('none', 'pb-3', '2026-01-11T09:00:00Z'),
        // A change after the window's last day does not count against it.
        begeleider('later', 'pb-1', '2025-12-01T09:00:00Z'),
        up('later', '2026-01-10T09:00:00Z'),
        begeleider('later', 'pb-2', '2026-04-11T00:00:00Z'),
      ])
      .then({
        month: { '2026-01': { month: '2026-01', steps: { [WIJK]: { '2026-04-10': tally({ steps: 5, up: 5, withBegeleider: 4, sameBegeleider: 2 }) } }, moves: {} } },
        client: {
          same: timeline('same', { steps: [{ at: '2026-01-10T09:00:00.000Z', wijkCode: WIJK, up: true }], begeleiders: [{ at: '2025-12-01T09:00:00.000Z', staffId: 'pb-1' }] }),
          changed: timeline('changed', {
            steps: [{ at: '2026-01-10T09:00:00.000Z', wijkCode: WIJK, up: true }],
            begeleiders: [
              { at: '2025-12-01T09:00:00.000Z', staffId: 'pb-1' },
              { at: '2026-03-01T09:00:00.000Z', staffId: 'pb-2' },
            ],
          }),
          left: timeline('left', {
            steps: [{ at: '2026-01-10T09:00:00.000Z', wijkCode: WIJK, up: true }],
            begeleiders: [
              { at: '2025-12-01T09:00:00.000Z', staffId: 'pb-1' },
              { at: '2026-02-01T09:00:00.000Z', staffId: null },
            ],
          }),
          none: timeline('none', { steps: [{ at: '2026-01-10T09:00:00.000Z', wijkCode: WIJK, up: true }], begeleiders: [{ at: '2026-01-11T09:00:00.000Z', staffId: 'pb-3' }] }),
          later: timeline('later', {
            steps: [{ at: '2026-01-10T09:00:00.000Z', wijkCode: WIJK, up: true }],
            begeleiders: [
              { at: '2025-12-01T09:00:00.000Z', staffId: 'pb-1' },
              { at: '2026-04-11T00:00:00.000Z', staffId: 'pb-2' },
            ],
          }),
        },
      });
  });

  it('an erased client keeps its counted steps and moves; its timeline goes', () => {
    spec
      .given([
        up('c1', '2026-01-10T09:00:00Z'),
        moved('c1', '2026-01-20T09:00:00Z', 'eigen_wens'),
        event('ClientDataErased', { clientId: 'c1', legalBasis: 'avg_art_17', wijkCode: WIJK, wooncirkelId: `wc-${WIJK}`, intensity: 'licht_ambulant' as const, setting: 'clusterwoning' as const }, '2026-02-01T09:00:00Z', 3),
      ])
      .then({
        month: { '2026-01': { month: '2026-01', steps: { [WIJK]: { '2026-04-10': tally({ steps: 1, up: 1, moved: 1, 'moved:eigen_wens': 1 }) } }, moves: { [WIJK]: { moves: 1, afterStep: 1 } } } },
      });
  });
});
