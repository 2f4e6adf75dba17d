import { RecordedEvent } from '@wijkzorg/event-store';
import { WijkMonthTable, monthOfIso, percent } from './wijk-month-table';

/**
 * The measures of docs/uitkomsten/informele-zorg.md recomputed from the raw events, without the projection or
 * api code: exact figures per wijk and month, and from them every area and period.
 */
export function recomputeInformeleZorg(events: RecordedEvent[], firstMonth: string, lastMonth: string): (key: string, area: string, period: string) => number | null {
  const table = new WijkMonthTable(WijkMonthTable.wijkenOf(events), firstMonth, lastMonth, new Set(['clienten_in_zorg', 'clienten_met_informele_steun', 'uren']));
  // Each fact in the month it happened; the stocks at a month's end are the state after everything that happened before.
  const ordered = [...events].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.globalPosition - b.globalPosition);
  /** Clients with an open trajectory, and the wijk where each is served. */
  const inCare = new Map<string, string>();
  /** Active informal supports per client: supportId → hours a week. */
  const supports = new Map<string, Map<string, number>>();
  const snapshot = (month: string) => {
    for (const [clientId, wijkCode] of inCare) {
      table.add('clienten_in_zorg', wijkCode, month);
      const active = supports.get(clientId);
      if (active && active.size > 0) {
        table.add('clienten_met_informele_steun', wijkCode, month);
        table.add(
          'uren',
          wijkCode,
          month,
          [...active.values()].reduce((a, b) => a + b, 0),
        );
      }
    }
  };
  const months = table.months();
  let next = 0;
  for (const e of ordered) {
    const month = monthOfIso(e.occurredAt);
    while (next < months.length && months[next] < month) snapshot(months[next++]);
    const d = e.data as Record<string, any>;
    switch (e.type) {
      case 'IntakeRegistered':
        inCare.set(d.clientId, d.placement.wijkCode);
        break;
      case 'ClientTransferred':
        if (inCare.has(d.clientId)) inCare.set(d.clientId, d.to.wijkCode);
        break;
      case 'TrajectoryClosed':
      case 'ClientDataErased':
        inCare.delete(d.clientId);
        supports.delete(d.clientId);
        break;
      case 'InformalSupportStarted':
        if (!supports.has(d.clientId)) supports.set(d.clientId, new Map());
        supports.get(d.clientId)!.set(d.supportId, d.hoursPerWeek);
        table.add('steun_gestart', d.wijkCode, month);
        break;
      case 'InformalSupportEnded':
        supports.get(d.clientId)?.delete(d.supportId);
        table.add('steun_beeindigd', d.wijkCode, month);
        break;
      case 'CareScaledDown':
        table.add('afschalingen', d.wijkCode, month);
        if (d.carriedByNetwork === true) table.add('afschalingen_door_netwerk', d.wijkCode, month);
        break;
      case 'ReferralMade':
        table.add('verwijzingen_gemaakt', d.wijkCode, month);
        break;
      case 'ReferralAvoided':
        table.add('verwijzingen_voorkomen', d.wijkCode, month);
        break;
    }
  }
  while (next < months.length) snapshot(months[next++]);

  return (key, area, period) => {
    const v = (metric: string) => table.value(metric, area, period);
    switch (key) {
      case 'aandeel_met_informele_steun':
        return percent(v('clienten_met_informele_steun'), v('clienten_in_zorg'));
      case 'informele_uren_per_week':
        return v('uren');
      case 'aandeel_afschalingen_door_netwerk':
        return percent(v('afschalingen_door_netwerk'), v('afschalingen'));
      case 'verwijzingen':
        return v('verwijzingen_gemaakt') + v('verwijzingen_voorkomen');
      case 'aandeel_verwijzing_voorkomen':
        return percent(v('verwijzingen_voorkomen'), v('verwijzingen_gemaakt') + v('verwijzingen_voorkomen'));
      default:
        return v(key);
    }
  };
}
