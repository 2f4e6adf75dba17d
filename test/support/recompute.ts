import { RecordedEvent } from '@wijkzorg/event-store';

/**
 * An independent recomputation of the read models straight from the raw events, written
 * without the projection code, so tests can check the views against it.
 */
export function recompute(events: RecordedEvent[], asOf = '9999-12-31T00:00:00Z') {
  const clients = new Map<string, { wijk: string; level: string; urgency: string; paused: boolean; pref: boolean }>();
  const wijken = new Map<string, { byLevel: Record<string, number>; scaledUp: number; scaledDown: number; stayed: number; teamClients: number; capacity: number }>();
  const waiting = new Map<string, { kind: string; since: string }>(); // key client:kind
  const budgets = new Map<string, { allocated: number; released: number; spent: number }>();
  const wijkOf = (code: string) => {
    if (!wijken.has(code)) wijken.set(code, { byLevel: {}, scaledUp: 0, scaledDown: 0, stayed: 0, teamClients: 0, capacity: 0 });
    return wijken.get(code)!;
  };
  const count = (code: string, level: string, delta: number) => {
    const w = wijkOf(code);
    w.byLevel[level] = (w.byLevel[level] ?? 0) + delta;
  };
  for (const e of events) {
    if (e.occurredAt > asOf) continue;
    const d = e.data as any;
    switch (e.type) {
      case 'WooncirkelRegistered':
        wijkOf(d.wijkCode).capacity += d.team.caseloadCapacity;
        break;
      case 'TeamCapacityChanged':
        wijkOf(d.wijkCode).capacity += d.to - d.from;
        break;
      case 'TeamPlaceClaimed':
        wijkOf(d.wijkCode).teamClients += 1;
        break;
      case 'TeamPlaceReleased':
        wijkOf(d.wijkCode).teamClients -= 1;
        break;
      case 'IntakeRegistered':
        clients.set(d.clientId, { wijk: d.placement.wijkCode, level: 'informeel', urgency: d.urgency, paused: false, pref: false });
        count(d.placement.wijkCode, 'informeel', 1);
        budgets.set(d.clientId, { allocated: 0, released: 0, spent: 0 });
        break;
      case 'CareScaledUp':
      case 'CareScaledDown': {
        const c = clients.get(d.clientId)!;
        count(c.wijk, c.level, -1);
        c.level = d.toLevel;
        count(c.wijk, c.level, 1);
        const w = wijkOf(c.wijk);
        if (e.type === 'CareScaledUp') w.scaledUp += 1;
        else w.scaledDown += 1;
        if (d.stayedInHome) w.stayed += 1;
        waiting.delete(`${d.clientId}:care`);
        break;
      }
      case 'ClientTransferred': {
        const c = clients.get(d.clientId)!;
        count(c.wijk, c.level, -1);
        c.wijk = d.to.wijkCode;
        count(c.wijk, c.level, 1);
        break;
      }
      case 'CareScalingWaitlisted':
        if (!waiting.has(`${d.clientId}:care`)) waiting.set(`${d.clientId}:care`, { kind: 'care', since: e.occurredAt });
        break;
      case 'HousingRequested':
        waiting.set(`${d.clientId}:housing`, { kind: 'housing', since: e.occurredAt });
        clients.get(d.clientId)!.pref = false;
        break;
      case 'HousingOfferDeclined':
        if (d.becauseOfPreference) clients.get(d.clientId)!.pref = true;
        break;
      case 'HousingMatched':
        waiting.delete(`${d.clientId}:housing`);
        clients.get(d.clientId)!.pref = false;
        break;
      case 'DaginvullingRequested':
        waiting.set(`${d.clientId}:daginvulling`, { kind: 'daginvulling', since: e.occurredAt });
        break;
      case 'DaginvullingArranged':
        waiting.delete(`${d.clientId}:daginvulling`);
        break;
      case 'WaitingPaused':
        clients.get(d.clientId)!.paused = true;
        break;
      case 'WaitingResumed':
        clients.get(d.clientId)!.paused = false;
        break;
      case 'BudgetAllocated':
        budgets.get(d.clientId)!.allocated += d.amountCents;
        break;
      case 'BudgetReleased':
        budgets.get(d.clientId)!.released += d.amountCents;
        break;
      case 'BudgetSpent':
        budgets.get(d.clientId)!.spent += d.amountCents;
        break;
    }
  }
  const openWaits = [...waiting].map(([key, w]) => {
    const clientId = key.split(':')[0];
    const c = clients.get(clientId)!;
    const status = c.paused ? 'niet_actief_wachtend' : c.urgency === 'acuut' || c.urgency === 'hoog' ? 'urgent' : w.kind === 'housing' && c.pref ? 'wacht_op_voorkeur' : 'actief_wachtend';
    return { clientId, kind: w.kind, since: w.since, wijkCode: c.wijk, status };
  });
  return { clients, wijken, openWaits, budgets };
}
