import { ProjectedEvent, Projection, ProjectionContext, gemeenteOf } from '../../projection';
import { Doc, DocKey } from '../../read-model-store.port';

/** One planned step, without its content (that is sealed in the client stream): what, when, where, and how it ended. */
export interface PlannedStepEntry extends Doc {
  planId: string;
  clientId: string;
  kind: string;
  effectiveAt: string;
  wooncirkelId: string;
  wijkCode: string;
  gemeenteCode: string;
  /** planned (due once effectiveAt has passed), cancelled, took_effect or failed. */
  status: 'planned' | 'cancelled' | 'took_effect' | 'failed';
  plannedAt: string;
  /** When it was cancelled, took effect or failed. */
  endedAt: string | null;
  /** For a failed step: the code of the rule that refused it (team_full: the step became a wait). */
  failure: string | null;
}

const stepId = (clientId: string, planId: string) => `${clientId}:${planId}`;
const STATUS = { PlannedStepCancelled: 'cancelled', PlannedStepTookEffect: 'took_effect', PlannedStepFailed: 'failed' } as const;

/** Planned steps per client and per wooncirkel: due, taken effect, cancelled, failed. */
export const plannedStepsProjection: Projection = {
  name: 'planned_steps',
  version: 1,
  indexes: { step: ['clientId', 'wooncirkelId', 'wijkCode', 'status', 'effectiveAt'] },
  handles: ['PlannedStepScheduled', 'PlannedStepCancelled', 'PlannedStepTookEffect', 'PlannedStepFailed'],

  keys(e: ProjectedEvent): DocKey[] {
    if (!('planId' in e.data)) return [];
    return [{ collection: 'step', id: stepId(e.data.clientId, e.data.planId) }];
  },

  apply(e: ProjectedEvent, ctx: ProjectionContext): void {
    switch (e.type) {
      case 'PlannedStepScheduled': {
        const { clientId, planId, kind, effectiveAt, wooncirkelId, wijkCode } = e.data;
        ctx.update<PlannedStepEntry>('step', stepId(clientId, planId), () => ({ planId, clientId, kind, effectiveAt, wooncirkelId, wijkCode, gemeenteCode: gemeenteOf(wijkCode), status: 'planned', plannedAt: e.occurredAt, endedAt: null, failure: null }));
        return;
      }
      case 'PlannedStepCancelled':
      case 'PlannedStepTookEffect':
      case 'PlannedStepFailed': {
        const data = e.data;
        ctx.update<PlannedStepEntry>('step', stepId(data.clientId, data.planId), (step) => {
          if (!step) return null;
          step.status = STATUS[e.type];
          step.endedAt = e.occurredAt;
          step.failure = e.type === 'PlannedStepFailed' ? e.data.code : null;
          // Where the client is served when the step ended (a transfer may have come between).
          step.wooncirkelId = data.wooncirkelId;
          step.wijkCode = data.wijkCode;
          step.gemeenteCode = gemeenteOf(data.wijkCode);
          return step;
        });
        return;
      }
    }
  },
};
