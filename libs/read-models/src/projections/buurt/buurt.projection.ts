import { BuurtEvent, CareScalingEvent, DAY_PART_NAMES, DayPart } from '@wijkzorg/domain';
import { RecordedEvent } from '@wijkzorg/event-store';
import { ProjectedEvent, Projection, ProjectionContext, gemeenteOf, monthOf } from '../../projection';
import { Doc, DocKey } from '../../read-model-store.port';

/** One nuisance report as the professionals of the wijk follow it. */
export interface OverlastCase extends Doc {
  reportId: string;
  wijkCode: string;
  gemeenteCode: string;
  source: string;
  category: string;
  reportedAt: string;
  reportedByRole: string;
  organisation: string | null;
  clientId: string | null;
  buurtgesprekken: number;
  gesprekkenWithClient: number;
  residentsSpokenTo: number;
  responses: string[];
  careStepExpected: boolean;
  status: 'open' | 'resolved';
  outcome: string | null;
  resolvedAt: string | null;
  resolutionDays: number | null;
}

export interface BuurtonderzoekView extends Doc {
  onderzoekId: string;
  wijkCode: string;
  gemeenteCode: string;
  reason: string;
  organisation: string | null;
  startedAt: string;
  conversations: number;
  residentsSpokenTo: number;
  professionalsSpokenTo: number;
  findings: string[];
  status: 'lopend' | 'plan_gedeeld';
  planSharedAt: string | null;
  planChannel: string | null;
  residentsReached: number | null;
}

export interface BuurtpleinView extends Doc {
  pleinId: string;
  wijkCode: string;
  gemeenteCode: string;
  organisation: string | null;
  groupSize: number;
  weekday: string;
  startTime: string;
  startedAt: string;
  meetings: number;
  attendance: number;
  lastMeetingOn: string | null;
  status: 'actief' | 'beeindigd';
  endedAt: string | null;
  endReason: string | null;
}

export type DayPartVisits = Record<DayPart, { clientVisits: number; otherVisits: number }>;

/** Visits to one kern in one month. */
export interface KernMonth extends Doc {
  wooncirkelId: string;
  wijkCode: string;
  gemeenteCode: string;
  month: string;
  /** The days of the month with a count. */
  dates: string[];
  daysRecorded: number;
  clientVisits: number;
  otherVisits: number;
  byDayPart: DayPartVisits;
}

/** The neighbourhood in one wijk in one month, each fact in the month it happened (not when it was recorded). */
export interface BuurtMonth extends Doc {
  wijkCode: string;
  gemeenteCode: string;
  month: string;
  overlastReported: number;
  overlastResolved: number;
  /** Days from report to resolution of the reports resolved this month (for medians). */
  resolutionDays: number[];
  buurtgesprekken: number;
  onderzoekenStarted: number;
  onderzoekPlansShared: number;
  pleinenStarted: number;
  pleinMeetings: number;
  pleinAttendance: number;
  kernClientVisits: number;
  kernOtherVisits: number;
}

/** A named client for whom scaling up was decided after nuisance, and whether the client's own care step followed. */
export interface OverlastCareLink extends Doc {
  clientId: string;
  expectedSince: string;
  reportIds: string[];
  careStepTakenAt: string | null;
}

export const BUURT_MONTH_COUNTS = ['overlastReported', 'overlastResolved', 'buurtgesprekken', 'onderzoekenStarted', 'onderzoekPlansShared', 'pleinenStarted', 'pleinMeetings', 'pleinAttendance', 'kernClientVisits', 'kernOtherVisits'] as const;
export type BuurtMonthCount = (typeof BUURT_MONTH_COUNTS)[number];

const emptyMonth = (wijkCode: string, month: string): BuurtMonth => ({
  wijkCode,
  gemeenteCode: gemeenteOf(wijkCode),
  month,
  overlastReported: 0,
  overlastResolved: 0,
  resolutionDays: [],
  buurtgesprekken: 0,
  onderzoekenStarted: 0,
  onderzoekPlansShared: 0,
  pleinenStarted: 0,
  pleinMeetings: 0,
  pleinAttendance: 0,
  kernClientVisits: 0,
  kernOtherVisits: 0,
});

const monthId = (wijkCode: string, month: string) => `${wijkCode}|${month}`;
const monthKey = (wijkCode: string, at: string): DocKey => ({ collection: 'month', id: monthId(wijkCode, monthOf(at)) });
const kernId = (wooncirkelId: string, date: string) => `${wooncirkelId}|${monthOf(date)}`;

/**
 * The events this projection reads, typed. Buurt events stay out of the shared DomainEvent union: their
 * optional clientId would widen every `'clientId' in e.data` check of the client projections.
 */
type Recorded<E extends { type: string; data: unknown }> = E extends unknown ? Omit<RecordedEvent, 'type' | 'data'> & Pick<E, 'type' | 'data'> : never;
type BuurtProjected = Recorded<BuurtEvent | Extract<CareScalingEvent, { type: 'CareScaledUp' }>>;
const asBuurt = (e: ProjectedEvent | RecordedEvent) => e as unknown as BuurtProjected;

/** The business time of an event: when it happened in the wijk. */
function whenOf(e: BuurtProjected): string | null {
  switch (e.type) {
    case 'OverlastReported':
      return e.data.reportedAt;
    case 'BuurtgesprekHeld':
      return e.data.heldAt;
    case 'OverlastResolved':
      return e.data.resolvedAt;
    case 'BuurtonderzoekStarted':
      return e.data.startedAt;
    case 'BuurtonderzoekPlanShared':
      return e.data.sharedAt;
    case 'BuurtpleinStarted':
      return e.data.startedAt;
    case 'BuurtpleinMeetingHeld':
      return e.data.heldOn;
    case 'KernVisitsRecorded':
      return e.data.date;
    default:
      return null;
  }
}

const HANDLES = [
  'OverlastReported',
  'BuurtgesprekHeld',
  'OverlastResponseDecided',
  'OverlastResolved',
  'BuurtonderzoekStarted',
  'BuurtonderzoekGesprekkenRecorded',
  'BuurtonderzoekFindingsRecorded',
  'BuurtonderzoekPlanShared',
  'BuurtpleinStarted',
  'BuurtpleinMeetingHeld',
  'BuurtpleinEnded',
  'KernVisitsRecorded',
  'CareScaledUp',
] as const;

/** The neighbourhood per wijk: nuisance reports, buurtonderzoeken, buurtpleinen, kern visits, and their months. */
export const buurtProjection: Projection = {
  name: 'buurt',
  version: 1,
  indexes: { overlast: ['wijkCode', 'gemeenteCode', 'status'], onderzoek: ['wijkCode', 'gemeenteCode'], plein: ['wijkCode', 'gemeenteCode'], kern: ['wijkCode', 'gemeenteCode', 'month'], month: ['wijkCode', 'gemeenteCode', 'month'] },
  handles: HANDLES,

  keys(event: ProjectedEvent): DocKey[] {
    const e = asBuurt(event);
    const keys: DocKey[] = [];
    const when = whenOf(e);
    if ('wijkCode' in e.data && when) keys.push(monthKey(e.data.wijkCode, when));
    switch (e.type) {
      case 'OverlastReported':
      case 'BuurtgesprekHeld':
      case 'OverlastResolved':
        return [...keys, { collection: 'overlast', id: e.data.reportId }];
      case 'OverlastResponseDecided':
        return [...keys, { collection: 'overlast', id: e.data.reportId }, ...(e.data.careStepExpected && e.data.clientId ? [{ collection: 'careLink', id: e.data.clientId }] : [])];
      case 'BuurtonderzoekStarted':
      case 'BuurtonderzoekGesprekkenRecorded':
      case 'BuurtonderzoekFindingsRecorded':
      case 'BuurtonderzoekPlanShared':
        return [...keys, { collection: 'onderzoek', id: e.data.onderzoekId }];
      case 'BuurtpleinStarted':
      case 'BuurtpleinMeetingHeld':
      case 'BuurtpleinEnded':
        return [...keys, { collection: 'plein', id: e.data.pleinId }];
      case 'KernVisitsRecorded':
        return [...keys, { collection: 'kern', id: kernId(e.data.wooncirkelId, e.data.date) }];
      case 'CareScaledUp':
        return [{ collection: 'careLink', id: e.data.clientId }];
      default:
        return [];
    }
  },

  apply(event: ProjectedEvent, ctx: ProjectionContext): void {
    const e = asBuurt(event);
    const when = whenOf(e);
    const month = (change: (m: BuurtMonth) => void) => {
      if (!('wijkCode' in e.data) || !when) return;
      const wijkCode = e.data.wijkCode;
      ctx.update<BuurtMonth>('month', monthId(wijkCode, monthOf(when)), (m) => {
        const doc = m ?? emptyMonth(wijkCode, monthOf(when));
        change(doc);
        return doc;
      });
    };
    const overlast = (id: string, change: (c: OverlastCase) => void) =>
      ctx.update<OverlastCase>('overlast', id, (c) => {
        if (!c) return null;
        change(c);
        return c;
      });
    const onderzoek = (id: string, change: (o: BuurtonderzoekView) => void) =>
      ctx.update<BuurtonderzoekView>('onderzoek', id, (o) => {
        if (!o) return null;
        change(o);
        return o;
      });
    const plein = (id: string, change: (p: BuurtpleinView) => void) =>
      ctx.update<BuurtpleinView>('plein', id, (p) => {
        if (!p) return null;
        change(p);
        return p;
      });

    switch (e.type) {
      case 'OverlastReported': {
        const d = e.data;
        ctx.update<OverlastCase>('overlast', d.reportId, () => ({
          reportId: d.reportId,
          wijkCode: d.wijkCode,
          gemeenteCode: d.gemeenteCode,
          source: d.source,
          category: d.category,
          reportedAt: d.reportedAt,
          reportedByRole: d.reportedByRole,
          organisation: d.organisation ?? null,
          clientId: d.clientId ?? null,
          buurtgesprekken: 0,
          gesprekkenWithClient: 0,
          residentsSpokenTo: 0,
          responses: [],
          careStepExpected: false,
          status: 'open',
          outcome: null,
          resolvedAt: null,
          resolutionDays: null,
        }));
        month((m) => m.overlastReported++);
        return;
      }
      case 'BuurtgesprekHeld':
        overlast(e.data.reportId, (c) => {
          c.buurtgesprekken++;
          if (e.data.withClient) c.gesprekkenWithClient++;
          c.residentsSpokenTo += e.data.residents;
        });
        month((m) => m.buurtgesprekken++);
        return;
      case 'OverlastResponseDecided': {
        const d = e.data;
        overlast(d.reportId, (c) => {
          c.responses = [...new Set([...c.responses, ...d.responses])];
          c.careStepExpected ||= d.careStepExpected;
        });
        if (d.careStepExpected && d.clientId) {
          const clientId = d.clientId;
          ctx.update<OverlastCareLink>('careLink', clientId, (l) => (l && l.careStepTakenAt === null ? { ...l, reportIds: [...new Set([...l.reportIds, d.reportId])] } : { clientId, expectedSince: d.decidedAt, reportIds: [d.reportId], careStepTakenAt: null }));
        }
        return;
      }
      case 'OverlastResolved': {
        const d = e.data;
        overlast(d.reportId, (c) => {
          c.status = 'resolved';
          c.outcome = d.outcome;
          c.resolvedAt = d.resolvedAt;
          c.resolutionDays = d.resolutionDays;
        });
        month((m) => {
          m.overlastResolved++;
          m.resolutionDays = [...m.resolutionDays, d.resolutionDays];
        });
        return;
      }
      case 'BuurtonderzoekStarted': {
        const d = e.data;
        ctx.update<BuurtonderzoekView>('onderzoek', d.onderzoekId, () => ({
          onderzoekId: d.onderzoekId,
          wijkCode: d.wijkCode,
          gemeenteCode: d.gemeenteCode,
          reason: d.reason,
          organisation: d.organisation ?? null,
          startedAt: d.startedAt,
          conversations: 0,
          residentsSpokenTo: 0,
          professionalsSpokenTo: 0,
          findings: [],
          status: 'lopend',
          planSharedAt: null,
          planChannel: null,
          residentsReached: null,
        }));
        month((m) => m.onderzoekenStarted++);
        return;
      }
      case 'BuurtonderzoekGesprekkenRecorded':
        onderzoek(e.data.onderzoekId, (o) => {
          o.conversations++;
          o.residentsSpokenTo += e.data.residents;
          o.professionalsSpokenTo += e.data.professionals;
        });
        return;
      case 'BuurtonderzoekFindingsRecorded':
        onderzoek(e.data.onderzoekId, (o) => {
          o.findings = [...new Set([...o.findings, ...e.data.findings])];
        });
        return;
      case 'BuurtonderzoekPlanShared':
        onderzoek(e.data.onderzoekId, (o) => {
          o.status = 'plan_gedeeld';
          o.planSharedAt = e.data.sharedAt;
          o.planChannel = e.data.channel;
          o.residentsReached = e.data.residentsReached;
        });
        month((m) => m.onderzoekPlansShared++);
        return;
      case 'BuurtpleinStarted': {
        const d = e.data;
        ctx.update<BuurtpleinView>('plein', d.pleinId, () => ({
          pleinId: d.pleinId,
          wijkCode: d.wijkCode,
          gemeenteCode: d.gemeenteCode,
          organisation: d.organisation ?? null,
          groupSize: d.groupSize,
          weekday: d.weekday,
          startTime: d.startTime,
          startedAt: d.startedAt,
          meetings: 0,
          attendance: 0,
          lastMeetingOn: null,
          status: 'actief',
          endedAt: null,
          endReason: null,
        }));
        month((m) => m.pleinenStarted++);
        return;
      }
      case 'BuurtpleinMeetingHeld':
        plein(e.data.pleinId, (p) => {
          p.meetings++;
          p.attendance += e.data.attendance;
          if (!p.lastMeetingOn || e.data.heldOn > p.lastMeetingOn) p.lastMeetingOn = e.data.heldOn;
        });
        month((m) => {
          m.pleinMeetings++;
          m.pleinAttendance += e.data.attendance;
        });
        return;
      case 'BuurtpleinEnded':
        plein(e.data.pleinId, (p) => {
          p.status = 'beeindigd';
          p.endedAt = e.data.endedAt;
          p.endReason = e.data.reason;
        });
        return;
      case 'KernVisitsRecorded': {
        const d = e.data;
        ctx.update<KernMonth>('kern', kernId(d.wooncirkelId, d.date), (k) => {
          const doc: KernMonth = k ?? {
            wooncirkelId: d.wooncirkelId,
            wijkCode: d.wijkCode,
            gemeenteCode: gemeenteOf(d.wijkCode),
            month: monthOf(d.date),
            dates: [],
            daysRecorded: 0,
            clientVisits: 0,
            otherVisits: 0,
            byDayPart: Object.fromEntries(DAY_PART_NAMES.map((p) => [p, { clientVisits: 0, otherVisits: 0 }])) as DayPartVisits,
          };
          if (!doc.dates.includes(d.date)) doc.dates = [...doc.dates, d.date].sort();
          doc.daysRecorded = doc.dates.length;
          doc.clientVisits += d.clientVisits;
          doc.otherVisits += d.otherVisits;
          doc.byDayPart[d.dayPart].clientVisits += d.clientVisits;
          doc.byDayPart[d.dayPart].otherVisits += d.otherVisits;
          return doc;
        });
        month((m) => {
          m.kernClientVisits += d.clientVisits;
          m.kernOtherVisits += d.otherVisits;
        });
        return;
      }
      case 'CareScaledUp':
        ctx.update<OverlastCareLink>('careLink', e.data.clientId, (l) => {
          if (!l) return null;
          if (l.careStepTakenAt === null && e.occurredAt >= l.expectedSince) l.careStepTakenAt = e.occurredAt;
          return l;
        });
        return;
    }
  },
};
