import { RecordedEvent } from '@wijkzorg/event-store';
import { WijkMonthTable, median, monthOfIso } from './wijk-month-table';

/**
 * The measures of docs/uitkomsten/buurt.md recomputed from the raw buurt events, without the projection or api
 * code: each fact in the month it happened (its business time), per wijk, then every area and period.
 */
export function recomputeBuurt(events: RecordedEvent[], firstMonth: string, lastMonth: string): (key: string, area: string, period: string) => number | null {
  const table = new WijkMonthTable(WijkMonthTable.wijkenOf(events), firstMonth, lastMonth, new Set(['buurtpleinen_actief']));
  const pleinen = new Map<string, { wijkCode: string; started: string; ended: string | null }>();
  for (const e of events) {
    const d = e.data as Record<string, any>;
    switch (e.type) {
      case 'OverlastReported':
        table.add('overlast_gemeld', d.wijkCode, monthOfIso(d.reportedAt));
        table.add(d.source === 'buurtbewoner' ? 'overlast_gemeld_door_bewoners' : 'overlast_gemeld_door_anderen', d.wijkCode, monthOfIso(d.reportedAt));
        break;
      case 'OverlastResolved':
        table.add('overlast_opgelost', d.wijkCode, monthOfIso(d.resolvedAt));
        table.push('oplostijd', d.wijkCode, monthOfIso(d.resolvedAt), d.resolutionDays);
        break;
      case 'BuurtonderzoekStarted':
        table.add('buurtonderzoeken_gestart', d.wijkCode, monthOfIso(d.startedAt));
        break;
      case 'BuurtpleinStarted':
        pleinen.set(d.pleinId, { wijkCode: d.wijkCode, started: monthOfIso(d.startedAt), ended: null });
        break;
      case 'BuurtpleinEnded':
        if (pleinen.has(d.pleinId)) pleinen.get(d.pleinId)!.ended = monthOfIso(d.endedAt);
        break;
      case 'BuurtpleinMeetingHeld':
        table.add('buurtplein_bijeenkomsten', d.wijkCode, monthOfIso(d.heldOn));
        table.add('buurtplein_aanwezigen', d.wijkCode, monthOfIso(d.heldOn), d.attendance);
        break;
      case 'KernVisitsRecorded':
        table.add('kernbezoeken_clienten', d.wijkCode, monthOfIso(d.date), d.clientVisits);
        table.add('kernbezoeken_niet_clienten', d.wijkCode, monthOfIso(d.date), d.otherVisits);
        break;
    }
  }
  // A buurtplein is active at the end of every month from the one it started in until before the one it ended in.
  for (const month of table.months()) for (const p of pleinen.values()) if (p.started <= month && (p.ended === null || p.ended > month)) table.add('buurtpleinen_actief', p.wijkCode, month);

  return (key, area, period) => (key === 'mediaan_oplostijd_dagen' ? median(table.list('oplostijd', area, period)) : table.value(key, area, period));
}
