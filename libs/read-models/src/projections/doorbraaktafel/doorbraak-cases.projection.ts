import { Doc, DocKey } from '../../read-model-store.port';
import { ProjectedEvent, Projection } from '../../projection';

/** One case at the doorbraaktafel, in the wijk the client lived in when it was escalated (for outcome measures per month). */
export interface DoorbraakCase extends Doc {
  clientId: string;
  caseId: string;
  /** The client's wijk at escalation: the case belongs to it whatever moves follow. */
  wijkCode: string;
  escalatedAt: string;
  decisions: { at: string; breakthroughType: string; leadTimeDays: number | null; solutionCostCents: number | null; avoidedCost: { category: string; amountCents: number; basisMonths: number } | null }[];
  closedAt: string | null;
}

const caseId = (clientId: string, caseId: string) => `${clientId}:${caseId}`;

/** Per case: where it belongs, its decisions and when it closed. Every decision, also one upcast from v1 (no wijk of its own), belongs to its case's wijk. */
export const doorbraakCasesProjection: Projection = {
  name: 'doorbraak_cases',
  version: 1,
  indexes: { case: ['wijkCode'] },
  handles: ['CaseEscalated', 'DoorbraakDecisionRecorded', 'CaseClosed'],

  keys(e: ProjectedEvent): DocKey[] {
    switch (e.type) {
      case 'CaseEscalated':
      case 'DoorbraakDecisionRecorded':
      case 'CaseClosed':
        return [{ collection: 'case', id: caseId(e.data.clientId, e.data.caseId) }];
      default:
        return [];
    }
  },

  apply(e, ctx) {
    switch (e.type) {
      case 'CaseEscalated': {
        const d = e.data;
        ctx.update<DoorbraakCase>('case', caseId(d.clientId, d.caseId), () => ({ clientId: d.clientId, caseId: d.caseId, wijkCode: d.wijkCode, escalatedAt: e.occurredAt, decisions: [], closedAt: null }));
        return;
      }
      case 'DoorbraakDecisionRecorded': {
        const d = e.data;
        ctx.update<DoorbraakCase>('case', caseId(d.clientId, d.caseId), (c) =>
          c ? { ...c, decisions: [...c.decisions, { at: e.occurredAt, breakthroughType: d.breakthroughType, leadTimeDays: d.leadTimeDays, solutionCostCents: d.solutionCostCents, avoidedCost: d.avoidedCost ? { ...d.avoidedCost } : null }] } : null,
        );
        return;
      }
      case 'CaseClosed':
        ctx.update<DoorbraakCase>('case', caseId(e.data.clientId, e.data.caseId), (c) => (c ? { ...c, closedAt: e.occurredAt } : null));
        return;
    }
  },
};
