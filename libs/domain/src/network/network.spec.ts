import { ClientEvent } from '../client/client';
import { client, e, intake, decide, scaled } from '../client/given';
import { fold } from '../shared';
import { clientDecider } from '../client/client';
import { networkCarries } from './network';

const wijkCode = 'WK047901';
const naaste = e('NetworkMemberAdded', { clientId: 'c1', memberId: 'm1', relation: 'naaste', personal: { name: 'Els de Boer', contact: '06-12345678' }, wijkCode }, 2);
const boodschappen = e('InformalSupportStarted', { clientId: 'c1', supportId: 's1', memberId: 'm1', relation: 'naaste', kind: 'boodschappen', hoursPerWeek: 2, note: null, wijkCode }, 3);

describe('the network and informal support', () => {
  it('adds a member with a coded relation; name and contact ride in `personal` (sealed by the catalog)', () => {
    client
      .given([intake])
      .when({ type: 'AddNetworkMember', memberId: 'm1', relation: 'naaste', personal: { name: ' Els de Boer ', contact: '06-12345678' } })
      .then([{ ...naaste, occurredAt: '2026-03-01T09:00:00Z' }]);
  });

  it('refuses a used member id, an unknown relation and a blank name, naming the field', () => {
    client
      .given([intake, naaste])
      .when({ type: 'AddNetworkMember', memberId: 'm1', relation: 'buur', personal: { name: 'Piet' } })
      .thenThrows('member_exists', 'memberId');
    client
      .given([intake])
      .when({ type: 'AddNetworkMember', memberId: 'm3', relation: 'collega' as never, personal: { name: 'Piet' } })
      .thenThrows('invalid_relation', 'relation');
    client
      .given([intake])
      .when({ type: 'AddNetworkMember', memberId: 'm3', relation: 'buur', personal: { name: '  ' } })
      .thenThrows('invalid_text', 'personal.name');
    client
      .given([])
      .when({ type: 'AddNetworkMember', memberId: 'm3', relation: 'buur', personal: { name: 'Piet' } })
      .thenThrows('unknown_client', 'clientId');
  });

  it('starts informal support by an active member, in whole hours up to 40 a week, one of each kind per member', () => {
    const [started] = decide([intake, naaste], { type: 'StartInformalSupport', supportId: 's1', memberId: 'm1', kind: 'boodschappen', hoursPerWeek: 2, note: 'doet op dinsdag de boodschappen' }) as ClientEvent[];
    expect(started).toMatchObject({ type: 'InformalSupportStarted', data: { memberId: 'm1', relation: 'naaste', kind: 'boodschappen', hoursPerWeek: 2, note: 'doet op dinsdag de boodschappen', wijkCode } });
    client.given([intake, naaste]).when({ type: 'StartInformalSupport', supportId: 's1', memberId: 'm9', kind: 'vervoer', hoursPerWeek: 1 }).thenThrows('unknown_member', 'memberId');
    for (const hours of [0, -1, 41, 1.5, Number.NaN]) client.given([intake, naaste]).when({ type: 'StartInformalSupport', supportId: 's2', memberId: 'm1', kind: 'vervoer', hoursPerWeek: hours }).thenThrows('invalid_hours', 'hoursPerWeek');
    client.given([intake, naaste, boodschappen]).when({ type: 'StartInformalSupport', supportId: 's2', memberId: 'm1', kind: 'boodschappen', hoursPerWeek: 1 }).thenThrows('support_already_active', 'kind');
    client.given([intake, naaste, boodschappen]).when({ type: 'StartInformalSupport', supportId: 's1', memberId: 'm1', kind: 'vervoer', hoursPerWeek: 1 }).thenThrows('support_exists', 'supportId');
  });

  it('ends support with a coded reason, and a leaving member takes the support along', () => {
    const [ended] = decide([intake, naaste, boodschappen], { type: 'EndInformalSupport', supportId: 's1', reason: 'doel_bereikt' }) as ClientEvent[];
    expect(ended).toMatchObject({ type: 'InformalSupportEnded', data: { supportId: 's1', memberId: 'm1', kind: 'boodschappen', hoursPerWeek: 2, reason: 'doel_bereikt', startedAt: boodschappen.occurredAt } });
    client.given([intake, naaste, boodschappen, ended]).when({ type: 'EndInformalSupport', supportId: 's1', reason: 'overig' }).thenThrows('unknown_support', 'supportId');
    const left = decide([intake, naaste, boodschappen], { type: 'RemoveNetworkMember', memberId: 'm1', reason: 'overbelast' }) as ClientEvent[];
    expect(left.map((x) => [x.type, (x.data as { reason: string }).reason])).toEqual([
      ['InformalSupportEnded', 'netwerklid_vertrokken'],
      ['NetworkMemberLeft', 'overbelast'],
    ]);
    expect(networkCarries(fold(clientDecider, [intake, naaste, boodschappen, ...left]))).toBe(false);
    client
      .given([intake, naaste, ...left])
      .when({ type: 'StartInformalSupport', supportId: 's2', memberId: 'm1', kind: 'vervoer', hoursPerWeek: 1 })
      .thenThrows('unknown_member', 'memberId');
  });

  it('records a referral made or avoided; an avoided one names the support that carries a member-carried solution', () => {
    client
      .given([intake])
      .when({ type: 'RecordReferralMade', referralId: 'r1', care: 'ggz_behandeling', referredTo: 'prov-ggz-nhn' })
      .then([e('ReferralMade', { clientId: 'c1', referralId: 'r1', care: 'ggz_behandeling', referredTo: 'prov-ggz-nhn', wijkCode }, 0)].map((x) => ({ ...x, occurredAt: '2026-03-01T09:00:00Z' })));
    client.given([intake]).when({ type: 'RecordReferralMade', referralId: 'r1', care: 'ggz_behandeling', referredTo: 'GGZ Noord-Holland' }).thenThrows('invalid_referred_to', 'referredTo');
    client
      .given([intake])
      .when({ type: 'RecordReferralMade', referralId: 'r1', care: 'therapie' as never })
      .thenThrows('invalid_care', 'care');
    const [avoided] = decide([intake, naaste, boodschappen], { type: 'RecordReferralAvoided', referralId: 'r2', care: 'wmo_begeleiding', solution: 'informele_steun', supportId: 's1', note: 'zus neemt het over' }) as ClientEvent[];
    expect(avoided).toMatchObject({ type: 'ReferralAvoided', data: { care: 'wmo_begeleiding', solution: 'informele_steun', supportId: 's1', memberId: 'm1', note: 'zus neemt het over' } });
    client.given([intake, naaste]).when({ type: 'RecordReferralAvoided', referralId: 'r2', care: 'wmo_begeleiding', solution: 'informele_steun' }).thenThrows('support_required', 'supportId');
    client
      .given([intake, naaste])
      .when({ type: 'RecordReferralAvoided', referralId: 'r2', care: 'wmo_begeleiding', solution: 'buurtplein' })
      .then([{ ...e('ReferralAvoided', { clientId: 'c1', referralId: 'r2', care: 'wmo_begeleiding', solution: 'buurtplein', supportId: null, memberId: null, note: null, wijkCode }), occurredAt: '2026-03-01T09:00:00Z' }]);
    client.given([intake, naaste, boodschappen, avoided]).when({ type: 'RecordReferralMade', referralId: 'r2', care: 'wmo_begeleiding' }).thenThrows('referral_exists', 'referralId');
  });

  it('lets an afschaling be carried by the network only while informal support is active', () => {
    const up = scaled('geen', 'licht_ambulant');
    const down = { type: 'ScaleCare', toIntensity: 'geen', reason: 'netwerk neemt het over', decidedBy: 'zp', effectiveAt: '2026-02-20T10:00:00Z', teamPlace: 'not_needed', carriedByNetwork: true } as const;
    client.given([intake, naaste, up]).when(down).thenThrows('network_not_carrying', 'carriedByNetwork');
    const [step] = decide([intake, naaste, up, boodschappen], down) as ClientEvent[];
    expect(step).toMatchObject({ type: 'CareScaledDown', data: { carriedByNetwork: true } });
    const [plain] = decide([intake, naaste, up], { ...down, carriedByNetwork: undefined }) as ClientEvent[];
    expect(plain.type).toBe('CareScaledDown');
  });

  it('keeps user-chosen ids prototype-safe', () => {
    client.given([intake]).when({ type: 'StartInformalSupport', supportId: 's1', memberId: 'constructor', kind: 'vervoer', hoursPerWeek: 1 }).thenThrows('unknown_member', 'memberId');
    client.given([intake, naaste]).when({ type: 'EndInformalSupport', supportId: '__proto__', reason: 'overig' }).thenThrows('unknown_support', 'supportId');
  });
});
