import { ClientEvent } from '../client/client';
import { at, client, e, intake, decide } from '../client/given';
import { testContext } from '../shared';

const now = testContext().now;

describe('reciprocity: agreed at the match, delivered over time, changed by agreement', () => {
  const requested = e('HousingRequested', { clientId: 'c1', wijkCode: 'WK047901', preferredWijk: 'WK047901', reason: 'uitstroom', origin: 'beschermd_wonen' }, 2);
  const offered = e('HousingOffered', { clientId: 'c1', offerId: 'o1', homeId: 'h1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', corporation: 'parteon', travelMinutesToKern: 4 }, 3);
  const matched = decide([intake, requested, offered], { type: 'AcceptHousingOffer', offerId: 'o1', reciprocity: ['boodschappen', 'klusjes'] }) as ClientEvent[];
  // Matched in February.
  const matchedInFebruary = matched.map((m) => ({ ...m, occurredAt: at(4) }));
  const given = [intake, requested, offered, ...matchedInFebruary];

  it('records a month of an agreed contribution, in hours or in times', () => {
    client
      .given(given)
      .when({ type: 'RecordReciprocityDelivery', contribution: 'klusjes', month: '2026-02', hours: 6 })
      .then([{ type: 'ReciprocityDelivered', schemaVersion: 1, occurredAt: now, data: { clientId: 'c1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', contribution: 'klusjes', month: '2026-02', hours: 6, times: null } }] as ClientEvent[]);
    client
      .given(given)
      .when({ type: 'RecordReciprocityDelivery', contribution: 'boodschappen', month: '2026-03', times: 4 })
      .then([{ type: 'ReciprocityDelivered', schemaVersion: 1, occurredAt: now, data: { clientId: 'c1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', contribution: 'boodschappen', month: '2026-03', hours: null, times: 4 } }] as ClientEvent[]);
  });
  it('refuses a delivery without an agreement, of something not agreed, before the agreement or in the future, naming the field', () => {
    client.given([intake, requested]).when({ type: 'RecordReciprocityDelivery', contribution: 'klusjes', month: '2026-02', hours: 2 }).thenThrows('no_reciprocity_agreement', 'clientId');
    client.given(given).when({ type: 'RecordReciprocityDelivery', contribution: 'koken', month: '2026-02', hours: 2 }).thenThrows('contribution_not_agreed', 'contribution');
    client.given(given).when({ type: 'RecordReciprocityDelivery', contribution: 'klusjes', month: '2026-01', hours: 2 }).thenThrows('before_agreement', 'month');
    client.given(given).when({ type: 'RecordReciprocityDelivery', contribution: 'klusjes', month: '2026-04', hours: 2 }).thenThrows('month_in_future', 'month');
    client.given(given).when({ type: 'RecordReciprocityDelivery', contribution: 'klusjes', month: '2026-13', hours: 2 }).thenThrows('invalid_month', 'month');
  });
  it('wants either hours or times, whole and within a month', () => {
    client.given(given).when({ type: 'RecordReciprocityDelivery', contribution: 'klusjes', month: '2026-02' }).thenThrows('hours_or_times', 'hours');
    client.given(given).when({ type: 'RecordReciprocityDelivery', contribution: 'klusjes', month: '2026-02', hours: 2, times: 1 }).thenThrows('hours_or_times', 'hours');
    client.given(given).when({ type: 'RecordReciprocityDelivery', contribution: 'klusjes', month: '2026-02', hours: 2.5 }).thenThrows('invalid_hours', 'hours');
    client.given(given).when({ type: 'RecordReciprocityDelivery', contribution: 'klusjes', month: '2026-02', hours: 745 }).thenThrows('invalid_hours', 'hours');
    client.given(given).when({ type: 'RecordReciprocityDelivery', contribution: 'boodschappen', month: '2026-02', times: 0 }).thenThrows('invalid_times', 'times');
  });
  it('changes the agreement with a reason; deliveries follow the new agreement', () => {
    const changed = decide(given, { type: 'ChangeReciprocityAgreement', contributions: ['koken', 'koken'], reason: 'kookt graag voor de buurtkeuken' }) as ClientEvent[];
    expect(changed).toEqual([expect.objectContaining({ type: 'ReciprocityAgreementChanged', data: expect.objectContaining({ from: ['boodschappen', 'klusjes'], to: ['koken'] }) })]);
    client
      .given([...given, ...changed])
      .when({ type: 'RecordReciprocityDelivery', contribution: 'koken', month: '2026-03', hours: 3 })
      .then([{ type: 'ReciprocityDelivered', schemaVersion: 1, occurredAt: now, data: { clientId: 'c1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', contribution: 'koken', month: '2026-03', hours: 3, times: null } }] as ClientEvent[]);
    client
      .given([...given, ...changed])
      .when({ type: 'RecordReciprocityDelivery', contribution: 'klusjes', month: '2026-03', hours: 3 })
      .thenThrows('contribution_not_agreed', 'contribution');
    // The agreement's start stays the match: earlier months of it can still be recorded.
    expect(decide([...given, ...changed], { type: 'RecordReciprocityDelivery', contribution: 'koken', month: '2026-02', hours: 1 })).toEqual([expect.objectContaining({ type: 'ReciprocityDelivered' })]);
  });
  it('refuses an unchanged agreement and unknown contributions', () => {
    client
      .given(given)
      .when({ type: 'ChangeReciprocityAgreement', contributions: ['klusjes', 'boodschappen'], reason: 'x' })
      .thenThrows('agreement_unchanged', 'contributions');
    client
      .given(given)
      .when({ type: 'ChangeReciprocityAgreement', contributions: ['zingen' as never], reason: 'x' })
      .thenThrows('invalid_reciprocity', 'contributions');
  });
});
