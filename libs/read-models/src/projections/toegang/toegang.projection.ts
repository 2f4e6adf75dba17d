import { accessRegionOf } from '@wijkzorg/domain';
import { ProjectedEvent, Projection, gemeenteOf } from '../../projection';
import { Doc, DocKey } from '../../read-model-store.port';

/**
 * Care started without an indicatie (acute or on a doorbraaktafel decision) and whether it was
 * regularised: the list the gemeente, the zorgkantoor and the auditor work from. Pseudonymous ids only.
 */
export interface AccessExceptionView extends Doc {
  clientId: string;
  exceptionId: string;
  wooncirkelId: string;
  wijkCode: string;
  gemeenteCode: string;
  /** Who would grant the missing access for this client's gemeente (null when the region is unknown). */
  centrumgemeente: string | null;
  zorgkantoor: string | null;
  grounds: string;
  intensity: string;
  stepAt: string;
  regulariseBefore: string;
  /** Still waiting for the indicatie that covers it. */
  open: boolean;
  regularisedAt: string | null;
  regularisedBy: string | null;
  regularisedLate: boolean | null;
}

/** Where each client is served, to give its exceptions a wooncirkel (kept in the client document). */
interface ClientPlacement extends Doc {
  clientId: string;
  wooncirkelId: string;
}

const exceptionId = (clientId: string, id: string) => `${clientId}:${id}`;
const exceptionKey = (clientId: string, id: string): DocKey => ({ collection: 'exception', id: exceptionId(clientId, id) });
const clientKey = (clientId: string): DocKey => ({ collection: 'client', id: clientId });

export const toegangProjection: Projection = {
  name: 'toegang',
  version: 1,
  indexes: { exception: ['clientId', 'gemeenteCode', 'wijkCode', 'centrumgemeente', 'zorgkantoor', 'open', 'regulariseBefore', 'stepAt'] },
  handles: ['IntakeRegistered', 'ClientTransferred', 'AccessExceptionRecorded', 'AccessRegularised'],

  keys(e: ProjectedEvent): DocKey[] {
    switch (e.type) {
      case 'IntakeRegistered':
      case 'ClientTransferred':
        return [clientKey(e.data.clientId)];
      case 'AccessExceptionRecorded':
        return [clientKey(e.data.clientId), exceptionKey(e.data.clientId, e.data.exceptionId)];
      case 'AccessRegularised':
        return [exceptionKey(e.data.clientId, e.data.exceptionId)];
      default:
        return [];
    }
  },

  apply(e, ctx) {
    switch (e.type) {
      case 'IntakeRegistered':
        ctx.update<ClientPlacement>('client', e.data.clientId, () => ({ clientId: e.data.clientId, wooncirkelId: e.data.placement.wooncirkelId }));
        return;
      case 'ClientTransferred':
        ctx.update<ClientPlacement>('client', e.data.clientId, () => ({ clientId: e.data.clientId, wooncirkelId: e.data.to.wooncirkelId }));
        return;
      case 'AccessExceptionRecorded': {
        const d = e.data;
        const gemeenteCode = gemeenteOf(d.wijkCode);
        const region = accessRegionOf(gemeenteCode);
        const wooncirkelId = ctx.get<ClientPlacement>('client', d.clientId)?.wooncirkelId ?? '';
        ctx.update<AccessExceptionView>('exception', exceptionId(d.clientId, d.exceptionId), () => ({
          clientId: d.clientId,
          exceptionId: d.exceptionId,
          wooncirkelId,
          wijkCode: d.wijkCode,
          gemeenteCode,
          centrumgemeente: region?.centrumgemeente ?? null,
          zorgkantoor: region?.zorgkantoor ?? null,
          grounds: d.grounds,
          intensity: d.intensity,
          stepAt: d.stepAt,
          regulariseBefore: d.regulariseBefore,
          open: true,
          regularisedAt: null,
          regularisedBy: null,
          regularisedLate: null,
        }));
        return;
      }
      case 'AccessRegularised':
        ctx.update<AccessExceptionView>('exception', exceptionId(e.data.clientId, e.data.exceptionId), (x) => (x ? { ...x, open: false, regularisedAt: e.occurredAt, regularisedBy: e.data.indicatieId, regularisedLate: e.data.late } : null));
        return;
    }
  },
};
