import { DomainError, fold, givenWhen } from '../shared';
import { RegisterWooncirkel, WooncirkelEvent, wooncirkelDecider } from './wooncirkel';

const registration: RegisterWooncirkel = {
  type: 'RegisterWooncirkel',
  wooncirkelId: 'wc-enk',
  wijkCode: 'WK038801',
  name: 'Wooncirkel Binnenstad',
  form: 'kern_met_cirkel',
  kern: { name: 'Kern Dromedaris', opensAt: '07:30', closesAt: '22:30' },
  team: { teamId: 'team-enk', name: 'Team Enkhuizen', providerId: 'prov-leviaan', caseloadCapacity: 10 },
  homes: [],
};
const registered: WooncirkelEvent = { type: 'WooncirkelRegistered', schemaVersion: 2, occurredAt: '2025-01-01T00:00:00Z', data: (({ type: _t, ...d }) => d)(registration) };
const ref = { wooncirkelId: 'wc-enk', wijkCode: 'WK038801', teamId: 'team-enk' };
const offered: WooncirkelEvent = { type: 'DayAndNightCareOffered', schemaVersion: 1, occurredAt: '2025-03-01T00:00:00Z', data: { ...ref, from: '2025-03-01T00:00:00Z' } };
const withdrawn: WooncirkelEvent = { type: 'DayAndNightCareWithdrawn', schemaVersion: 1, occurredAt: '2025-09-01T00:00:00Z', data: { ...ref, from: '2025-03-01T00:00:00Z', until: '2025-09-01T00:00:00Z', reason: 'personeelstekort' } };
const refusal = (result: unknown) => result as DomainError;

describe('24-uurs zorg offered by a wooncirkel team', () => {
  it('given a registered wooncirkel, when the team offers 24-uurs zorg, then it is offered from that date', () => {
    expect(givenWhen(wooncirkelDecider, [registered], { type: 'OfferDayAndNightCare', from: '2025-03-01T00:00:00Z' })).toEqual([expect.objectContaining({ type: 'DayAndNightCareOffered', data: { ...ref, from: '2025-03-01T00:00:00Z' } })]);
    expect(fold(wooncirkelDecider, [registered, offered]).dayAndNightCareFrom).toBe('2025-03-01T00:00:00Z');
  });

  it('given no registration, an offer is refused naming wooncirkelId', () => {
    expect(refusal(givenWhen(wooncirkelDecider, [], { type: 'OfferDayAndNightCare', from: '2025-03-01T00:00:00Z' }))).toMatchObject({ code: 'unknown_wooncirkel', field: 'wooncirkelId' });
  });

  it('given an offer, offering again is refused naming from', () => {
    expect(refusal(givenWhen(wooncirkelDecider, [registered, offered], { type: 'OfferDayAndNightCare', from: '2025-04-01T00:00:00Z' }))).toMatchObject({ code: 'already_offered', field: 'from' });
  });

  it('refuses a from that is no ISO-8601 UTC time, naming from', () => {
    expect(refusal(givenWhen(wooncirkelDecider, [registered], { type: 'OfferDayAndNightCare', from: 'maart' }))).toMatchObject({ field: 'from' });
  });

  it('given an offer, withdrawing records when it started and ended and why', () => {
    expect(givenWhen(wooncirkelDecider, [registered, offered], { type: 'WithdrawDayAndNightCare', until: '2025-09-01T00:00:00Z', reason: 'personeelstekort' })).toEqual([
      expect.objectContaining({ type: 'DayAndNightCareWithdrawn', data: { ...ref, from: '2025-03-01T00:00:00Z', until: '2025-09-01T00:00:00Z', reason: 'personeelstekort' } }),
    ]);
    expect(fold(wooncirkelDecider, [registered, offered, withdrawn]).dayAndNightCareFrom).toBeUndefined();
  });

  it('withdrawing what is not offered is refused naming until', () => {
    expect(refusal(givenWhen(wooncirkelDecider, [registered], { type: 'WithdrawDayAndNightCare', until: '2025-09-01T00:00:00Z', reason: 'overig' }))).toMatchObject({ code: 'not_offered', field: 'until' });
    expect(refusal(givenWhen(wooncirkelDecider, [registered, offered, withdrawn], { type: 'WithdrawDayAndNightCare', until: '2025-10-01T00:00:00Z', reason: 'overig' }))).toMatchObject({ code: 'not_offered', field: 'until' });
  });

  it('an end before the start of the offer is refused naming until; an unknown reason naming reason', () => {
    expect(refusal(givenWhen(wooncirkelDecider, [registered, offered], { type: 'WithdrawDayAndNightCare', until: '2025-02-01T00:00:00Z', reason: 'overig' }))).toMatchObject({ code: 'until_before_offer', field: 'until' });
    expect(refusal(givenWhen(wooncirkelDecider, [registered, offered], { type: 'WithdrawDayAndNightCare', until: '2025-09-01T00:00:00Z', reason: 'zomaar' as never }))).toMatchObject({ code: 'invalid_reason', field: 'reason' });
  });

  it('after a withdrawal the team may offer again, but not from before the end of the last offer', () => {
    expect(refusal(givenWhen(wooncirkelDecider, [registered, offered, withdrawn], { type: 'OfferDayAndNightCare', from: '2025-08-01T00:00:00Z' }))).toMatchObject({ code: 'before_last_withdrawal', field: 'from' });
    expect(givenWhen(wooncirkelDecider, [registered, offered, withdrawn], { type: 'OfferDayAndNightCare', from: '2026-01-01T00:00:00Z' })).toEqual([expect.objectContaining({ type: 'DayAndNightCareOffered' })]);
  });
});

describe('a kern closes and reopens', () => {
  const closed: WooncirkelEvent = { type: 'KernClosed', schemaVersion: 1, occurredAt: '2025-06-01T00:00:00Z', data: { wooncirkelId: 'wc-enk', wijkCode: 'WK038801', from: '2025-06-01T00:00:00Z', reason: 'verbouwing' } };

  it('given a kern_met_cirkel wooncirkel, when the kern closes, then it is closed from that date', () => {
    expect(givenWhen(wooncirkelDecider, [registered], { type: 'CloseKern', from: '2025-06-01T00:00:00Z', reason: 'verbouwing' })).toEqual([expect.objectContaining({ type: 'KernClosed', data: { wooncirkelId: 'wc-enk', wijkCode: 'WK038801', from: '2025-06-01T00:00:00Z', reason: 'verbouwing' } })]);
  });

  it('refuses to close a kern twice (from), a kern of a wooncirkel without one (wooncirkelId), an unknown reason (reason)', () => {
    expect(refusal(givenWhen(wooncirkelDecider, [registered, closed], { type: 'CloseKern', from: '2025-07-01T00:00:00Z', reason: 'overig' }))).toMatchObject({ code: 'already_closed', field: 'from' });
    const housingFirst: WooncirkelEvent = { ...registered, data: { ...(registered.data as object), form: 'housing_first' } } as WooncirkelEvent;
    expect(refusal(givenWhen(wooncirkelDecider, [housingFirst], { type: 'CloseKern', from: '2025-07-01T00:00:00Z', reason: 'overig' }))).toMatchObject({ code: 'no_kern', field: 'wooncirkelId' });
    expect(refusal(givenWhen(wooncirkelDecider, [registered], { type: 'CloseKern', from: '2025-07-01T00:00:00Z', reason: 'dicht' as never }))).toMatchObject({ code: 'invalid_reason', field: 'reason' });
  });

  it('reopens a closed kern, not one that is open, and not before it closed', () => {
    expect(givenWhen(wooncirkelDecider, [registered, closed], { type: 'ReopenKern', from: '2025-10-01T00:00:00Z' })).toEqual([expect.objectContaining({ type: 'KernReopened', data: expect.objectContaining({ closedFrom: '2025-06-01T00:00:00Z', from: '2025-10-01T00:00:00Z' }) })]);
    expect(refusal(givenWhen(wooncirkelDecider, [registered], { type: 'ReopenKern', from: '2025-10-01T00:00:00Z' }))).toMatchObject({ code: 'not_closed', field: 'from' });
    expect(refusal(givenWhen(wooncirkelDecider, [registered, closed], { type: 'ReopenKern', from: '2025-05-01T00:00:00Z' }))).toMatchObject({ code: 'reopened_before_closure', field: 'from' });
  });
});
