import { Actor, clientDecider, clientStream, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { AggregateStore } from './command-handling/aggregate-store';

export interface ReconcileReport {
  wooncirkels: number;
  releasedTeamPlaces: { wooncirkelId: string; clientId: string }[];
  vacatedHomes: { wooncirkelId: string; homeId: string; clientId: string }[];
  releasedReservations: { wooncirkelId: string; homeId: string; clientId: string }[];
}

/**
 * A client command claims a team place or a home on the wooncirkel before it appends to the client
 * stream. If the process dies in between, the claim stays without a client that holds it. This gives
 * such claims back — only those older than `olderThanMs`, so a command still in flight keeps its claim.
 * It also finishes an interrupted erasure or closure: an erased or closed client holds nothing. And it completes the follow-up
 * steps of a command that gave up after repeated write conflicts (see `runFollowUpSteps`): a team place
 * the client no longer needs there (scaled down, transferred), a home moved out of, a declined offer's
 * reservation — each is judged against the client stream, so whatever the client no longer holds goes.
 */
export async function reconcileClaims(store: AggregateStore, options: { olderThanMs: number; actor: Actor }): Promise<ReconcileReport> {
  const report: ReconcileReport = { wooncirkels: 0, releasedTeamPlaces: [], vacatedHomes: [], releasedReservations: [] };
  const cutoff = Date.now() - options.olderThanMs;
  const wooncirkelIds = new Set<string>();
  for (let after = 0; ;) {
    const page = await store.events.readAll({ afterPosition: after, maxCount: 10_000 });
    if (page.length === 0) break;
    for (const e of page) if (e.type === 'WooncirkelRegistered') wooncirkelIds.add((e.data as { wooncirkelId: string }).wooncirkelId);
    after = page[page.length - 1].globalPosition;
  }
  const meta = { actor: options.actor };
  for (const wooncirkelId of wooncirkelIds) {
    report.wooncirkels++;
    const { state, events } = await store.load(wooncirkelDecider, wooncirkelStream(wooncirkelId));
    const claimedAt = new Map<string, number>();
    for (const e of events) if (e.type === 'TeamPlaceClaimed' || e.type === 'HomeOccupied' || e.type === 'HomeReserved') claimedAt.set(`${e.type}:${(e.data as { clientId: string }).clientId}`, Date.parse(e.recordedAt));
    const settled = (type: string, clientId: string) => (claimedAt.get(`${type}:${clientId}`) ?? 0) < cutoff;

    for (const clientId of state.teamClientIds) {
      if (!settled('TeamPlaceClaimed', clientId)) continue;
      const client = (await store.load(clientDecider, clientStream(clientId))).state;
      if (!client.erased && client.holdsTeamPlace && client.placement?.wooncirkelId === wooncirkelId) continue;
      await store.sideEffect(wooncirkelDecider, wooncirkelStream(wooncirkelId), { type: 'ReleaseTeamPlace', clientId }, meta);
      report.releasedTeamPlaces.push({ wooncirkelId, clientId });
    }
    for (const home of Object.values(state.homes)) {
      const clientId = home.occupantClientId;
      if (!clientId || !settled('HomeOccupied', clientId)) continue;
      const client = (await store.load(clientDecider, clientStream(clientId))).state;
      if (!client.erased && client.home?.homeId === home.homeId && client.home.wooncirkelId === wooncirkelId) continue;
      await store.sideEffect(wooncirkelDecider, wooncirkelStream(wooncirkelId), { type: 'VacateHome', homeId: home.homeId, clientId }, meta);
      report.vacatedHomes.push({ wooncirkelId, homeId: home.homeId, clientId });
    }
    for (const home of Object.values(state.homes)) {
      const reservation = home.reservedFor;
      if (!reservation || !settled('HomeReserved', reservation.clientId)) continue;
      const client = (await store.load(clientDecider, clientStream(reservation.clientId))).state;
      const offer = Object.hasOwn(client.offers, reservation.offerId) ? client.offers[reservation.offerId] : undefined;
      const stillHeld = offer?.homeId === home.homeId && offer.wooncirkelId === wooncirkelId && (offer.status === 'open' || (offer.status === 'accepted' && client.match?.homeId === home.homeId));
      if (!client.erased && stillHeld) continue;
      const reason = client.erased ? 'client_erased' : client.closed ? 'trajectory_closed' : offer?.status === 'declined' ? 'offer_declined' : 'offer_withdrawn';
      await store.sideEffect(wooncirkelDecider, wooncirkelStream(wooncirkelId), { type: 'ReleaseHomeReservation', homeId: home.homeId, clientId: reservation.clientId, reason }, meta);
      report.releasedReservations.push({ wooncirkelId, homeId: home.homeId, clientId: reservation.clientId });
    }
  }
  return report;
}
