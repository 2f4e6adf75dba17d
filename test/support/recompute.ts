import { RecordedEvent } from '@wijkzorg/event-store';

/**
 * An independent recomputation of the read models straight from the raw events, written
 * without the projection code, so tests can check the views against it.
 */
const INTENSITIES = ['geen', 'licht_ambulant', 'intensief_ambulant', 'zorg_24uur'];
const SETTINGS = ['eigen_woning_in_cirkel', 'clusterwoning', 'elders'];
/** Version 1 events had one care level: how each reads (written here again, apart from the upcasters). */
const OLD_LEVELS: Record<string, [string, string]> = {
  informeel: ['geen', 'eigen_woning_in_cirkel'],
  licht_ambulant: ['licht_ambulant', 'eigen_woning_in_cirkel'],
  intensief_ambulant: ['intensief_ambulant', 'eigen_woning_in_cirkel'],
  zorg_24uur_thuis: ['zorg_24uur', 'eigen_woning_in_cirkel'],
  beschermd_wonen_cluster: ['zorg_24uur', 'clusterwoning'],
};
const DAY = 86_400_000;
const gemeente = (wijkCode: string) => `GM${wijkCode.slice(2, 6)}`;

export interface ExpectedWait {
  waitId: string;
  clientId: string;
  kind: string;
  since: string;
  wijkCode: string;
  wooncirkelId: string;
  status: string;
  open: boolean;
  closedAt: string | null;
  waitedDays: number | null;
  endedBy: 'served' | 'erased' | 'closed' | 'refused' | 'withdrawn' | null;
  requestedIntensity: string | null;
  /** Where the wait was and from when to when (a transfer starts a new part). */
  segments: { wijkCode: string; gemeenteCode: string; wooncirkelId: string; from: string; to: string | null }[];
}
interface Counts {
  byIntensity: Record<string, number>;
  bySetting: Record<string, number>;
  teamClients: number;
  capacity: number;
}
export interface ExpectedMonth {
  inflow: number;
  outflow: number;
  inflowWithinGemeente: number;
  outflowWithinGemeente: number;
  inflowWithinRegion: number;
  outflowWithinRegion: number;
  scaledUp: number;
  scaledDown: number;
  stayedInHomeSteps: number;
}
interface Line {
  year: number;
  funder: string;
  allocated: number;
  released: number;
  spent: number;
  settled: boolean;
}

export function recompute(events: RecordedEvent[], asOf = '9999-12-31T00:00:00Z') {
  const clients = new Map<string, { wijk: string; wooncirkel: string; intensity: string; setting: string; urgency: string; paused: boolean; pref: boolean; erased: boolean; closed?: boolean }>();
  const wijken = new Map<string, Counts & { scaledUp: number; scaledDown: number; stayed: number }>();
  const wooncirkels = new Map<string, Counts & { wijk: string }>();
  const months = new Map<string, ExpectedMonth>(); // key wijk:YYYY-MM
  const waits: ExpectedWait[] = [];
  const openWait = new Map<string, ExpectedWait>(); // key client:kind
  const budgets = new Map<
    string,
    { allocated: number; released: number; spent: number; unreleased: number; unspent: number; lines: Map<string, Line>; transfers: { at: string; fromWijk: string; toWijk: string; lines: { year: number; funder: string; unreleasedCents: number; unspentCents: number }[] }[] }
  >();
  const wijkBudgets = new Map<string, { allocated: number; released: number; spent: number; transfersIn: number; transfersOut: number }>(); // key wijk:year
  const pots = new Map<string, { gemeente: string; opened: number; released: number; forClients: number; forActivities: number }>();
  const doorbraak = new Map<string, { cases: number; breakthroughs: number; solution: number; avoidedPerYear: Record<string, number> }>(); // key gemeente:year
  const doorbraakYear = (wijk: string, at: string) => {
    const key = `${gemeente(wijk)}:${at.slice(0, 4)}`;
    if (!doorbraak.has(key)) doorbraak.set(key, { cases: 0, breakthroughs: 0, solution: 0, avoidedPerYear: {} });
    return doorbraak.get(key)!;
  };

  const counts = (): Counts => ({ byIntensity: Object.fromEntries(INTENSITIES.map((i) => [i, 0])), bySetting: Object.fromEntries(SETTINGS.map((s) => [s, 0])), teamClients: 0, capacity: 0 });
  const wijkOf = (code: string) => {
    if (!wijken.has(code)) wijken.set(code, { ...counts(), scaledUp: 0, scaledDown: 0, stayed: 0 });
    return wijken.get(code)!;
  };
  const wooncirkelOf = (id: string) => wooncirkels.get(id)!;
  const monthOf = (wijk: string, at: string) => {
    const key = `${wijk}:${at.slice(0, 7)}`;
    if (!months.has(key)) months.set(key, { inflow: 0, outflow: 0, inflowWithinGemeente: 0, outflowWithinGemeente: 0, inflowWithinRegion: 0, outflowWithinRegion: 0, scaledUp: 0, scaledDown: 0, stayedInHomeSteps: 0 });
    return months.get(key)!;
  };
  const count = (client: { wijk: string; wooncirkel: string; intensity: string; setting: string }, delta: number) => {
    for (const c of [wijkOf(client.wijk), wooncirkelOf(client.wooncirkel)]) {
      c.byIntensity[client.intensity] += delta;
      c.bySetting[client.setting] += delta;
    }
  };
  const moveTo = (client: { wijk: string; wooncirkel: string; intensity: string; setting: string }, setting: string) => {
    count(client, -1);
    client.setting = setting;
    count(client, 1);
  };
  const team = (wijk: string, wooncirkel: string, clientsDelta: number, capacityDelta: number) => {
    for (const c of [wijkOf(wijk), wooncirkelOf(wooncirkel)]) {
      c.teamClients += clientsDelta;
      c.capacity += capacityDelta;
    }
  };
  const statusOf = (clientId: string, kind: string) => {
    const c = clients.get(clientId)!;
    return c.paused ? 'niet_actief_wachtend' : c.urgency === 'acuut' || c.urgency === 'hoog' ? 'urgent' : kind === 'housing' && c.pref ? 'wacht_op_voorkeur' : 'actief_wachtend';
  };
  const startWait = (e: RecordedEvent, clientId: string, kind: string, requestedIntensity: string | null, at?: { wijk: string; wooncirkel: string }) => {
    const existing = openWait.get(`${clientId}:${kind}`);
    if (existing) {
      existing.requestedIntensity = requestedIntensity;
      if (at && existing.wooncirkelId !== at.wooncirkel) {
        existing.segments[existing.segments.length - 1].to = e.occurredAt;
        existing.segments.push({ wijkCode: at.wijk, gemeenteCode: gemeente(at.wijk), wooncirkelId: at.wooncirkel, from: e.occurredAt, to: null });
        existing.wijkCode = at.wijk;
        existing.wooncirkelId = at.wooncirkel;
      }
      return;
    }
    const c = at ?? clients.get(clientId)!;
    const wait: ExpectedWait = {
      waitId: `${clientId}:${kind}:${e.globalPosition}`,
      clientId,
      kind,
      since: e.occurredAt,
      wijkCode: c.wijk,
      wooncirkelId: c.wooncirkel,
      status: '',
      open: true,
      closedAt: null,
      waitedDays: null,
      endedBy: null,
      requestedIntensity,
      segments: [{ wijkCode: c.wijk, gemeenteCode: gemeente(c.wijk), wooncirkelId: c.wooncirkel, from: e.occurredAt, to: null }],
    };
    waits.push(wait);
    openWait.set(`${clientId}:${kind}`, wait);
  };
  const endWait = (e: RecordedEvent, clientId: string, kind: string, endedBy: 'served' | 'erased' | 'closed' | 'refused' | 'withdrawn') => {
    const wait = openWait.get(`${clientId}:${kind}`);
    if (!wait) return;
    openWait.delete(`${clientId}:${kind}`);
    wait.open = false;
    wait.closedAt = e.occurredAt;
    wait.waitedDays = Math.max(0, Math.round((Date.parse(e.occurredAt) - Date.parse(wait.since)) / DAY));
    wait.endedBy = endedBy;
    wait.segments[wait.segments.length - 1].to = e.occurredAt;
  };
  const line = (clientId: string, year: number, funder: string) => {
    const lines = budgets.get(clientId)!.lines;
    if (!lines.has(`${year}:${funder}`)) lines.set(`${year}:${funder}`, { year, funder, allocated: 0, released: 0, spent: 0, settled: false });
    return lines.get(`${year}:${funder}`)!;
  };
  const wijkYear = (wijk: string, year: number) => {
    if (!wijkBudgets.has(`${wijk}:${year}`)) wijkBudgets.set(`${wijk}:${year}`, { allocated: 0, released: 0, spent: 0, transfersIn: 0, transfersOut: 0 });
    return wijkBudgets.get(`${wijk}:${year}`)!;
  };

  for (const e of events) {
    if (e.occurredAt > asOf) continue;
    const d = e.data as any;
    const c = d.clientId ? clients.get(d.clientId) : undefined;
    switch (e.type) {
      case 'WijkRegistered':
        wijkOf(d.wijkCode);
        break;
      case 'BudgetPotOpened':
        pots.set(d.potId, { gemeente: d.gemeenteCode, opened: d.amountCents, released: 0, forClients: 0, forActivities: 0 });
        break;
      case 'BudgetPotToppedUp':
        pots.get(d.potId)!.opened += d.amountCents;
        break;
      case 'BudgetPotReleased': {
        const pot = pots.get(d.potId)!;
        pot.released += d.amountCents;
        if (d.clientId === null) pot.forActivities += d.amountCents;
        else pot.forClients += d.amountCents;
        break;
      }
      case 'BudgetPotReleaseReturned':
        pots.get(d.potId)!.released -= d.amountCents;
        pots.get(d.potId)!.forClients -= d.amountCents;
        break;
      case 'CaseEscalated':
        doorbraakYear(d.wijkCode, e.occurredAt).cases++;
        break;
      case 'DoorbraakDecisionRecorded': {
        if (e.schemaVersion < 2) break; // v1 decisions name no wijk and carry no figures
        const y = doorbraakYear(d.wijkCode, e.occurredAt);
        y.breakthroughs++;
        y.solution += d.solutionCostCents ?? 0;
        if (d.avoidedCost) y.avoidedPerYear[d.avoidedCost.category] = (y.avoidedPerYear[d.avoidedCost.category] ?? 0) + Math.round((d.avoidedCost.amountCents * 12) / d.avoidedCost.basisMonths);
        break;
      }
      case 'WooncirkelRegistered':
        wooncirkels.set(d.wooncirkelId, { ...counts(), wijk: d.wijkCode });
        team(d.wijkCode, d.wooncirkelId, 0, d.team.caseloadCapacity);
        break;
      case 'TeamCapacityChanged':
        team(d.wijkCode, d.wooncirkelId, 0, d.to - d.from);
        break;
      case 'TeamPlaceClaimed':
        team(d.wijkCode, d.wooncirkelId, 1, 0);
        break;
      case 'TeamPlaceReleased':
        team(d.wijkCode, d.wooncirkelId, -1, 0);
        break;
      case 'IntakeRegistered':
        clients.set(d.clientId, { wijk: d.placement.wijkCode, wooncirkel: d.placement.wooncirkelId, intensity: 'geen', setting: d.setting ?? 'eigen_woning_in_cirkel', urgency: d.urgency, paused: false, pref: false, erased: false });
        count(clients.get(d.clientId)!, 1);
        monthOf(d.placement.wijkCode, e.occurredAt).inflow += 1;
        budgets.set(d.clientId, { allocated: 0, released: 0, spent: 0, unreleased: 0, unspent: 0, lines: new Map(), transfers: [] });
        break;
      case 'CareScaledUp':
      case 'CareScaledDown': {
        count(c!, -1);
        [c!.intensity, c!.setting] = d.toLevel ? OLD_LEVELS[d.toLevel] : [d.toIntensity, d.setting];
        count(c!, 1);
        const w = wijkOf(c!.wijk);
        const m = monthOf(c!.wijk, e.occurredAt);
        if (e.type === 'CareScaledUp') ((w.scaledUp += 1), (m.scaledUp += 1));
        else ((w.scaledDown += 1), (m.scaledDown += 1));
        if (d.stayedInHome) ((w.stayed += 1), (m.stayedInHomeSteps += 1));
        endWait(e, d.clientId, 'care', 'served');
        break;
      }
      case 'ClientMovedIn':
        moveTo(c!, d.toSetting ?? 'eigen_woning_in_cirkel');
        break;
      case 'ClientMovedOut':
        moveTo(c!, d.toSetting ?? 'elders');
        break;
      case 'ClientMoved':
        moveTo(c!, d.toSetting);
        break;
      case 'ClientTransferred': {
        count(c!, -1);
        const fromWijk = c!.wijk;
        c!.wijk = d.to.wijkCode;
        c!.wooncirkel = d.to.wooncirkelId;
        count(c!, 1);
        endWait(e, d.clientId, 'transfer', 'served');
        if (fromWijk !== c!.wijk) {
          const within = gemeente(fromWijk) === gemeente(c!.wijk) ? 1 : 0;
          const out = monthOf(fromWijk, e.occurredAt);
          const into = monthOf(c!.wijk, e.occurredAt);
          out.outflow += 1;
          out.outflowWithinGemeente += within;
          out.outflowWithinRegion += 1;
          into.inflow += 1;
          into.inflowWithinGemeente += within;
          into.inflowWithinRegion += 1;
        }
        break;
      }
      case 'ClientDataErased':
        c!.erased = true;
        for (const kind of ['care', 'housing', 'daginvulling', 'transfer', 'indicatie']) endWait(e, d.clientId, kind, 'erased');
        if (!d.wooncirkelId || c!.closed) break; // version 1 did not say where the client was: it stays counted in the caseload; a closed one left already
        count(c!, -1);
        monthOf(c!.wijk, e.occurredAt).outflow += 1;
        break;
      case 'TrajectoryClosed':
        c!.closed = true;
        for (const kind of ['care', 'housing', 'daginvulling', 'transfer', 'indicatie']) endWait(e, d.clientId, kind, 'closed');
        count(c!, -1);
        monthOf(c!.wijk, e.occurredAt).outflow += 1;
        break;
      case 'CareScalingWaitlisted':
        startWait(e, d.clientId, 'care', d.requestedLevel ? OLD_LEVELS[d.requestedLevel][0] : d.requestedIntensity);
        break;
      case 'TransferWaitlisted':
        // It waits on the team it wants to join.
        startWait(e, d.clientId, 'transfer', null, { wijk: d.to.wijkCode, wooncirkel: d.to.wooncirkelId });
        break;
      case 'HousingRequested':
        c!.pref = false;
        startWait(e, d.clientId, 'housing', null);
        break;
      case 'HousingOfferDeclined':
        if (d.becauseOfPreference) c!.pref = true;
        break;
      case 'HousingMatched':
        c!.pref = false;
        endWait(e, d.clientId, 'housing', 'served');
        break;
      case 'DaginvullingRequested':
        startWait(e, d.clientId, 'daginvulling', null);
        break;
      case 'DaginvullingArranged':
        endWait(e, d.clientId, 'daginvulling', 'served');
        break;
      // An aanvraag waits for the issuer's decision: an indicatie naming it, a refusal or a withdrawal.
      case 'IndicatieRequested':
        startWait(e, d.clientId, 'indicatie', null);
        break;
      case 'IndicatieIssued':
        if (d.requestId) endWait(e, d.clientId, 'indicatie', 'served');
        break;
      case 'IndicatieRequestRefused':
        endWait(e, d.clientId, 'indicatie', 'refused');
        break;
      case 'IndicatieRequestWithdrawn':
        endWait(e, d.clientId, 'indicatie', 'withdrawn');
        break;
      case 'WaitingPaused':
        c!.paused = true;
        break;
      case 'WaitingResumed':
        c!.paused = false;
        break;
      case 'BudgetAllocated':
        line(d.clientId, d.year, d.funder).allocated += d.amountCents;
        wijkYear(c!.wijk, d.year).allocated += d.amountCents;
        break;
      case 'BudgetReleased':
        if (d.potId) break; // paid from the flex pot, not from the client's allocation
        line(d.clientId, d.year, d.funder).released += d.amountCents;
        wijkYear(c!.wijk, d.year).released += d.amountCents;
        break;
      case 'BudgetSpent':
        line(d.clientId, d.year, d.funder).spent += d.amountCents;
        wijkYear(c!.wijk, d.year).spent += d.amountCents;
        break;
      case 'BudgetSettled':
        line(d.clientId, d.year, d.funder).settled = true;
        break;
      case 'BudgetTransferred': {
        // Figured from the lines as recomputed here, not from the event's own figures.
        const open = [...budgets.get(d.clientId)!.lines.values()].filter((l) => !l.settled);
        budgets.get(d.clientId)!.transfers.push({ at: e.occurredAt, fromWijk: d.fromWijk, toWijk: d.toWijk, lines: open.map((l) => ({ year: l.year, funder: l.funder, unreleasedCents: l.allocated - l.released, unspentCents: l.allocated - l.spent })) });
        if (d.fromWijk !== d.toWijk) {
          wijkYear(d.fromWijk, Number(e.occurredAt.slice(0, 4))).transfersOut += 1;
          wijkYear(d.toWijk, Number(e.occurredAt.slice(0, 4))).transfersIn += 1;
        }
        break;
      }
    }
    // Waits still open take their status and place from the client's state after the event.
    if (d.clientId && clients.has(d.clientId)) {
      for (const kind of ['care', 'housing', 'daginvulling', 'transfer', 'indicatie']) {
        const wait = openWait.get(`${d.clientId}:${kind}`);
        if (!wait) continue;
        wait.status = statusOf(d.clientId, kind);
        if (kind === 'transfer') continue; // stays on its target wooncirkel
        const now = clients.get(d.clientId)!;
        const last = wait.segments[wait.segments.length - 1];
        if (last.wijkCode !== now.wijk || last.wooncirkelId !== now.wooncirkel) {
          last.to = e.occurredAt;
          wait.segments.push({ wijkCode: now.wijk, gemeenteCode: gemeente(now.wijk), wooncirkelId: now.wooncirkel, from: e.occurredAt, to: null });
        }
        wait.wijkCode = now.wijk;
        wait.wooncirkelId = now.wooncirkel;
      }
    }
  }
  for (const b of budgets.values()) {
    const lines = [...b.lines.values()];
    b.allocated = lines.reduce((s, l) => s + l.allocated, 0);
    b.released = lines.reduce((s, l) => s + l.released, 0);
    b.spent = lines.reduce((s, l) => s + l.spent, 0);
    b.unreleased = b.allocated - b.released;
    b.unspent = b.allocated - b.spent;
  }
  const openWaits = waits.filter((w) => w.open);
  return { clients, wijken, wooncirkels, months, waits, openWaits, budgets, wijkBudgets, pots, doorbraak };
}
