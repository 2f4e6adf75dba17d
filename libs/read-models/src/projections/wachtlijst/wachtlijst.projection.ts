import { RecordedEvent } from '@wijkzorg/event-store';
import { Projection, ProjectionContext, gemeenteOf } from '../../projection';
import { Doc, DocKey } from '../../read-model-store.port';

export const WAIT_KINDS = ['care', 'housing', 'daginvulling'] as const;
export type WaitKind = (typeof WAIT_KINDS)[number];
export const WAIT_STATUSES = ['urgent', 'actief_wachtend', 'wacht_op_voorkeur', 'niet_actief_wachtend'] as const;
export type WaitStatus = (typeof WAIT_STATUSES)[number];

/** One client waiting for one thing. Stays in the read model when closed, for waiting-time statistics. */
export interface WaitlistEntry extends Doc {
  clientId: string;
  kind: WaitKind;
  wooncirkelId: string;
  wijkCode: string;
  gemeenteCode: string;
  since: string;
  urgency: string;
  status: WaitStatus;
  open: boolean;
  requestedLevel: string | null;
  closedAt: string | null;
  waitedDays: number | null;
}

interface WaitingClient extends Doc {
  clientId: string;
  wooncirkelId: string;
  wijkCode: string;
  urgency: string;
  paused: boolean;
  waitingForPreference: boolean;
}

const DAY = 86_400_000;
const entryId = (clientId: string, kind: WaitKind) => `${clientId}:${kind}`;
const clientKey = (clientId: string): DocKey => ({ collection: 'client', id: clientId });
const entryKey = (clientId: string, kind: WaitKind): DocKey => ({ collection: 'entry', id: entryId(clientId, kind) });
const allEntryKeys = (clientId: string) => WAIT_KINDS.map((k) => entryKey(clientId, k));

export function waitStatus(client: Pick<WaitingClient, 'urgency' | 'paused' | 'waitingForPreference'>, kind: WaitKind): WaitStatus {
  if (client.paused) return 'niet_actief_wachtend';
  if (client.urgency === 'acuut' || client.urgency === 'hoog') return 'urgent';
  if (kind === 'housing' && client.waitingForPreference) return 'wacht_op_voorkeur';
  return 'actief_wachtend';
}

const START: Record<string, WaitKind> = { CareScalingWaitlisted: 'care', HousingRequested: 'housing', DaginvullingRequested: 'daginvulling' };
const END: Record<string, WaitKind> = { CareScaledUp: 'care', CareScaledDown: 'care', HousingMatched: 'housing', DaginvullingArranged: 'daginvulling' };

function restatus(ctx: ProjectionContext, client: WaitingClient) {
  for (const kind of WAIT_KINDS) {
    ctx.update<WaitlistEntry>('entry', entryId(client.clientId, kind), (entry) => {
      if (!entry) return null;
      if (entry.open) {
        entry.status = waitStatus(client, kind);
        entry.wijkCode = client.wijkCode;
        entry.wooncirkelId = client.wooncirkelId;
        entry.gemeenteCode = gemeenteOf(client.wijkCode);
      }
      return entry;
    });
  }
}

/** Who waits for what (care level, housing, daginvulling), since when, with which status, per wijk. */
export const wachtlijstProjection: Projection = {
  name: 'wachtlijst',
  version: 2,
  indexes: { entry: ['wijkCode', 'gemeenteCode', 'clientId', 'wooncirkelId'] },
  handles: ['IntakeRegistered', ...Object.keys(START), ...Object.keys(END), 'HousingOfferDeclined', 'WaitingPaused', 'WaitingResumed', 'ClientTransferred'],

  keys(e: RecordedEvent): DocKey[] {
    const clientId = (e.data as { clientId: string }).clientId;
    if (e.type in START) return [clientKey(clientId), entryKey(clientId, START[e.type])];
    if (e.type in END) return [clientKey(clientId), entryKey(clientId, END[e.type])];
    if (e.type === 'IntakeRegistered') return [clientKey(clientId)];
    return [clientKey(clientId), ...allEntryKeys(clientId)];
  },

  apply(e: RecordedEvent, ctx: ProjectionContext): void {
    const d = e.data as Record<string, any>;
    const clientId: string = d.clientId;
    const client = () => ctx.get<WaitingClient>('client', clientId);
    const updateClient = (change: (c: WaitingClient) => void) =>
      ctx.update<WaitingClient>('client', clientId, (c) => {
        if (!c) return null;
        change(c);
        return c;
      });

    if (e.type === 'IntakeRegistered') {
      ctx.update<WaitingClient>('client', clientId, () => ({ clientId, wooncirkelId: d.placement.wooncirkelId, wijkCode: d.placement.wijkCode, urgency: d.urgency, paused: false, waitingForPreference: false }));
      return;
    }
    const waiting = client();
    if (!waiting) return;

    if (e.type in START) {
      const kind = START[e.type];
      ctx.update<WaitlistEntry>('entry', entryId(clientId, kind), (entry) => {
        if (entry?.open) {
          if (kind === 'care') entry.requestedLevel = d.requestedLevel;
          return entry;
        }
        return {
          clientId,
          kind,
          wooncirkelId: waiting.wooncirkelId,
          wijkCode: waiting.wijkCode,
          gemeenteCode: gemeenteOf(waiting.wijkCode),
          since: e.occurredAt,
          urgency: waiting.urgency,
          status: waitStatus(waiting, kind),
          open: true,
          requestedLevel: kind === 'care' ? d.requestedLevel : null,
          closedAt: null,
          waitedDays: null,
        };
      });
      if (kind === 'housing') updateClient((c) => (c.waitingForPreference = false));
      return;
    }
    if (e.type in END) {
      const kind = END[e.type];
      ctx.update<WaitlistEntry>('entry', entryId(clientId, kind), (entry) => {
        if (!entry || !entry.open) return entry ?? null;
        entry.open = false;
        entry.closedAt = e.occurredAt;
        entry.waitedDays = Math.max(0, Math.round((Date.parse(e.occurredAt) - Date.parse(entry.since)) / DAY));
        return entry;
      });
      if (kind === 'housing') updateClient((c) => (c.waitingForPreference = false));
      return;
    }
    switch (e.type) {
      case 'HousingOfferDeclined':
        if (d.becauseOfPreference) updateClient((c) => (c.waitingForPreference = true));
        break;
      case 'WaitingPaused':
        updateClient((c) => (c.paused = true));
        break;
      case 'WaitingResumed':
        updateClient((c) => (c.paused = false));
        break;
      case 'ClientTransferred':
        updateClient((c) => {
          c.wijkCode = d.to.wijkCode;
          c.wooncirkelId = d.to.wooncirkelId;
        });
        break;
    }
    restatus(ctx, client()!);
  },
};
