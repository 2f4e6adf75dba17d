import { ProjectedEvent, Projection, ProjectionContext, gemeenteOf } from '../../projection';
import { Doc, DocKey } from '../../read-model-store.port';
import { WAIT_KINDS, WaitEnding, WaitKind, WaitStatus, WaitlistEntry } from './wait-entry';
import { changeOpenWaitSums, closedWaitHistoryKey, openEntriesOf, openWaitSumsKey, openWaitsBefore, recordClosedWait } from './wait-sums';

export { WAIT_ENDINGS, WAIT_KINDS, WAIT_STATUSES } from './wait-entry';
export type { WaitEnding, WaitKind, WaitSegment, WaitStatus, WaitlistEntry } from './wait-entry';

interface WaitingClient extends Doc {
  clientId: string;
  wooncirkelId: string;
  wijkCode: string;
  urgency: string;
  paused: boolean;
  waitingForPreference: boolean;
}

const DAY = 86_400_000;
export const waitIdOf = (clientId: string, kind: WaitKind, startPosition: number) => `${clientId}:${kind}:${startPosition}`;
/**
 * Storage ids: the open wait of a kind lives under a fixed id (so events that end or restatus it can
 * name it without knowing when it started); when it closes it moves, unchanged in `waitId`, to an id
 * named by the closing event, where nothing touches it again.
 */
const openId = (clientId: string, kind: WaitKind) => `${clientId}:${kind}`;
const closedId = (clientId: string, kind: WaitKind, endPosition: number) => `${clientId}:${kind}@${endPosition}`;
const clientKey = (clientId: string): DocKey => ({ collection: 'client', id: clientId });
const openKey = (clientId: string, kind: WaitKind): DocKey => ({ collection: 'entry', id: openId(clientId, kind) });
const closedKey = (clientId: string, kind: WaitKind, endPosition: number): DocKey => ({ collection: 'entry', id: closedId(clientId, kind, endPosition) });
const allOpenKeys = (clientId: string) => WAIT_KINDS.map((k) => openKey(clientId, k));

export function waitStatus(client: Pick<WaitingClient, 'urgency' | 'paused' | 'waitingForPreference'>, kind: WaitKind): WaitStatus {
  if (client.paused) return 'niet_actief_wachtend';
  if (client.urgency === 'acuut' || client.urgency === 'hoog') return 'urgent';
  if (kind === 'housing' && client.waitingForPreference) return 'wacht_op_voorkeur';
  return 'actief_wachtend';
}

const START: Record<string, WaitKind> = { CareScalingWaitlisted: 'care', HousingRequested: 'housing', DaginvullingRequested: 'daginvulling', TransferWaitlisted: 'transfer', IndicatieRequested: 'indicatie' };
const END: Record<string, WaitKind> = { CareScaledUp: 'care', CareScaledDown: 'care', HousingMatched: 'housing', DaginvullingArranged: 'daginvulling', ClientTransferred: 'transfer', IndicatieIssued: 'indicatie', IndicatieRequestRefused: 'indicatie', IndicatieRequestWithdrawn: 'indicatie' };
/** How an ending event ends its wait (served unless named here). */
const ENDING: Record<string, WaitEnding> = { IndicatieRequestRefused: 'refused', IndicatieRequestWithdrawn: 'withdrawn' };
/** An indicatie ends a wait only when it decides an aanvraag (names its requestId); others wait for nothing. */
const endsAWait = (e: ProjectedEvent) => e.type in END && (e.type !== 'IndicatieIssued' || (e.data as { requestId?: string }).requestId !== undefined);

/** Who waits for what (care level, housing, daginvulling), since when, with which status, per wijk. */
export const wachtlijstProjection: Projection = {
  name: 'wachtlijst',
  version: 10,
  indexes: { entry: ['wijkCode', 'gemeenteCode', 'clientId', 'wooncirkelId', 'open'] },
  handles: [...new Set(['IntakeRegistered', ...Object.keys(START), ...Object.keys(END), 'HousingOfferDeclined', 'WaitingPaused', 'WaitingResumed', 'ClientTransferred', 'ClientDataErased', 'TrajectoryClosed'])],

  keys(e: ProjectedEvent): DocKey[] {
    // A budget pot's release for a wijk activity names no client.
    if (!('clientId' in e.data) || e.data.clientId === null) return [];
    const clientId = e.data.clientId;
    if (e.type === 'IntakeRegistered') return [clientKey(clientId)];
    if (e.type === 'IndicatieIssued' && !endsAWait(e)) return [];
    if (e.type in END) return [clientKey(clientId), ...allOpenKeys(clientId), closedKey(clientId, END[e.type], e.globalPosition), closedWaitHistoryKey(e.occurredAt), openWaitSumsKey];
    if (e.type === 'ClientDataErased' || e.type === 'TrajectoryClosed') return [clientKey(clientId), ...allOpenKeys(clientId), ...WAIT_KINDS.map((k) => closedKey(clientId, k, e.globalPosition)), closedWaitHistoryKey(e.occurredAt), openWaitSumsKey];
    return [clientKey(clientId), ...allOpenKeys(clientId), openWaitSumsKey];
  },

  apply(e: ProjectedEvent, ctx: ProjectionContext): void {
    if (!('clientId' in e.data) || e.data.clientId === null) return;
    const clientId = e.data.clientId;
    if (e.type === 'IntakeRegistered') {
      const { placement, urgency } = e.data;
      ctx.update<WaitingClient>('client', clientId, () => ({ clientId, wooncirkelId: placement.wooncirkelId, wijkCode: placement.wijkCode, urgency, paused: false, waitingForPreference: false }));
      return;
    }
    if (!ctx.get<WaitingClient>('client', clientId) || (e.type === 'IndicatieIssued' && !endsAWait(e))) return;
    // The open-wait sums follow the client's open entries: as they were before the event changes them, and after.
    const openIds = WAIT_KINDS.map((k) => openId(clientId, k));
    const openBefore = openWaitsBefore(openEntriesOf(ctx, openIds));

    // 1. The client's own state changes first ...
    ctx.update<WaitingClient>('client', clientId, (c) => {
      if (!c) return null;
      switch (e.type) {
        case 'HousingRequested':
        case 'HousingMatched':
          c.waitingForPreference = false;
          break;
        case 'HousingOfferDeclined':
          if (e.data.becauseOfPreference) c.waitingForPreference = true;
          break;
        case 'WaitingPaused':
          c.paused = true;
          break;
        case 'WaitingResumed':
          c.paused = false;
          break;
        case 'ClientTransferred':
          c.wijkCode = e.data.to.wijkCode;
          c.wooncirkelId = e.data.to.wooncirkelId;
          break;
      }
      return c;
    });
    const client = ctx.get<WaitingClient>('client', clientId)!;

    // 2. ... then waits start or end ...
    const close = (kind: WaitKind, endedBy: WaitEnding, endPosition: number) => {
      const entry = ctx.get<WaitlistEntry>('entry', openId(clientId, kind));
      if (!entry) return;
      ctx.update<WaitlistEntry>('entry', openId(clientId, kind), () => null);
      const { _position, ...closed } = entry;
      closed.open = false;
      closed.closedAt = e.occurredAt;
      closed.waitedDays = Math.max(0, Math.round((Date.parse(e.occurredAt) - Date.parse(entry.since)) / DAY));
      closed.endedBy = endedBy;
      if (e.type === 'TrajectoryClosed' || e.type === 'IndicatieRequestRefused' || e.type === 'IndicatieRequestWithdrawn') closed.closureReason = e.data.reason;
      closed.segments = (closed.segments ?? []).map((s, i, all) => (i === all.length - 1 ? { ...s, to: e.occurredAt } : s));
      ctx.update<WaitlistEntry>('entry', closedId(clientId, kind, endPosition), () => closed as WaitlistEntry);
      recordClosedWait(ctx, closed as WaitlistEntry);
    };
    const requestedIntensity = e.type === 'CareScalingWaitlisted' ? e.data.requestedIntensity : null;
    // A waiting transfer waits where it wants to go: on the target wooncirkel.
    const target = e.type === 'TransferWaitlisted' ? { wooncirkelId: e.data.to.wooncirkelId, wijkCode: e.data.to.wijkCode } : { wooncirkelId: client.wooncirkelId, wijkCode: client.wijkCode };
    if (e.type in START) {
      const kind = START[e.type];
      ctx.update<WaitlistEntry>('entry', openId(clientId, kind), (entry) => {
        // A repeated waitlisting for care changes the requested level; the wait goes on since it began.
        if (entry) {
          if (kind === 'care') entry.requestedIntensity = requestedIntensity;
          // A waiting transfer that turns to another team waits on, there.
          if (kind === 'transfer' && entry.wooncirkelId !== target.wooncirkelId) {
            const segments = (entry.segments ??= []);
            if (segments.length > 0) segments[segments.length - 1].to = e.occurredAt;
            segments.push({ wijkCode: target.wijkCode, gemeenteCode: gemeenteOf(target.wijkCode), wooncirkelId: target.wooncirkelId, from: e.occurredAt, to: null });
            Object.assign(entry, { wooncirkelId: target.wooncirkelId, wijkCode: target.wijkCode, gemeenteCode: gemeenteOf(target.wijkCode) });
          }
          return entry;
        }
        return {
          waitId: waitIdOf(clientId, kind, e.globalPosition),
          clientId,
          kind,
          wooncirkelId: target.wooncirkelId,
          wijkCode: target.wijkCode,
          gemeenteCode: gemeenteOf(target.wijkCode),
          since: e.occurredAt,
          urgency: client.urgency,
          status: waitStatus(client, kind),
          open: true,
          requestedIntensity: kind === 'care' ? requestedIntensity : null,
          closedAt: null,
          waitedDays: null,
          endedBy: null,
          segments: [{ wijkCode: target.wijkCode, gemeenteCode: gemeenteOf(target.wijkCode), wooncirkelId: target.wooncirkelId, from: e.occurredAt, to: null }],
          ...(e.type === 'IndicatieRequested' ? { decideBefore: e.data.decideBefore } : {}),
        };
      });
    } else if (endsAWait(e)) {
      close(END[e.type], ENDING[e.type] ?? 'served', e.globalPosition);
    } else if (e.type === 'ClientDataErased') {
      for (const kind of WAIT_KINDS) close(kind, 'erased', e.globalPosition);
    } else if (e.type === 'TrajectoryClosed') {
      for (const kind of WAIT_KINDS) close(kind, 'closed', e.globalPosition);
    }

    // 3. ... and every wait still open takes its status and place from the state after the event.
    for (const kind of WAIT_KINDS) {
      if (!ctx.get<WaitlistEntry>('entry', openId(clientId, kind))) continue;
      ctx.update<WaitlistEntry>('entry', openId(clientId, kind), (entry) => {
        if (!entry) return null;
        entry.status = waitStatus(client, kind);
        if (kind === 'transfer') return entry; // stays on its target wooncirkel
        if (entry.wijkCode !== client.wijkCode || entry.wooncirkelId !== client.wooncirkelId) {
          // Moved: the wait goes on (same waitId and since) in a new segment; the old one keeps its past.
          const segments = (entry.segments ??= []);
          if (segments.length > 0) segments[segments.length - 1].to = e.occurredAt;
          segments.push({ wijkCode: client.wijkCode, gemeenteCode: gemeenteOf(client.wijkCode), wooncirkelId: client.wooncirkelId, from: e.occurredAt, to: null });
        }
        entry.wijkCode = client.wijkCode;
        entry.wooncirkelId = client.wooncirkelId;
        entry.gemeenteCode = gemeenteOf(client.wijkCode);
        return entry;
      });
    }
    changeOpenWaitSums(ctx, openBefore, openEntriesOf(ctx, openIds));
  },
};
