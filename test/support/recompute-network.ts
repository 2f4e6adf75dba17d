import { RecordedEvent } from '@wijkzorg/event-store';

/** Informal care per wijk as it should be, recomputed from the raw events without the projection code. */
export interface ExpectedNetworkWijk {
  clientsWithSupport: number;
  activeSupports: number;
  weeklyHours: number;
  membersAdded: number;
  supportsStarted: number;
  supportsEnded: number;
  referralsMade: number;
  referralsAvoided: number;
  afschalingen: number;
  afschalingenCarriedByNetwork: number;
}

export function recomputeNetwork(events: RecordedEvent[]): Map<string, ExpectedNetworkWijk> {
  const wijken = new Map<string, ExpectedNetworkWijk>();
  const wijkOf = (code: string) => {
    if (!wijken.has(code)) wijken.set(code, { clientsWithSupport: 0, activeSupports: 0, weeklyHours: 0, membersAdded: 0, supportsStarted: 0, supportsEnded: 0, referralsMade: 0, referralsAvoided: 0, afschalingen: 0, afschalingenCarriedByNetwork: 0 });
    return wijken.get(code)!;
  };
  // Active supports per client, and where the client is served now.
  const active = new Map<string, Map<string, number>>();
  const servedIn = new Map<string, string>();
  for (const e of events) {
    const d = e.data as Record<string, any>;
    switch (e.type) {
      case 'IntakeRegistered':
        servedIn.set(d.clientId, d.placement.wijkCode);
        break;
      case 'ClientTransferred':
        servedIn.set(d.clientId, d.to.wijkCode);
        break;
      // A closed trajectory takes no more commands: its supports stop counting with it.
      case 'ClientDataErased':
      case 'TrajectoryClosed':
        active.delete(d.clientId);
        break;
      case 'NetworkMemberAdded':
        wijkOf(d.wijkCode).membersAdded++;
        break;
      case 'InformalSupportStarted':
        wijkOf(d.wijkCode).supportsStarted++;
        if (!active.has(d.clientId)) active.set(d.clientId, new Map());
        active.get(d.clientId)!.set(d.supportId, d.hoursPerWeek);
        break;
      case 'InformalSupportEnded':
        wijkOf(d.wijkCode).supportsEnded++;
        active.get(d.clientId)?.delete(d.supportId);
        break;
      case 'ReferralMade':
        wijkOf(d.wijkCode).referralsMade++;
        break;
      case 'ReferralAvoided':
        wijkOf(d.wijkCode).referralsAvoided++;
        break;
      case 'CareScaledDown':
        wijkOf(d.wijkCode).afschalingen++;
        if (d.carriedByNetwork === true) wijkOf(d.wijkCode).afschalingenCarriedByNetwork++;
        break;
    }
  }
  for (const [clientId, supports] of active) {
    if (supports.size === 0) continue;
    const w = wijkOf(servedIn.get(clientId)!);
    w.clientsWithSupport++;
    w.activeSupports += supports.size;
    w.weeklyHours += [...supports.values()].reduce((a, b) => a + b, 0);
  }
  return wijken;
}
