import { Doc, DocKey } from '../../read-model-store.port';
import { ProjectedEvent, Projection, addOnce, gemeenteOf } from '../../projection';

/** Solution cost against estimated avoided cost, for the decisions that estimated it in one category. */
export interface AvoidedCostFigures {
  decisions: number;
  solutionCents: number;
  /** As estimated, over each decision's own basis period. */
  avoidedCents: number;
  /** Normalised to a year: amount × 12 / basis months. */
  avoidedCentsPerYear: number;
  clientIds: string[];
}

/** The doorbraaktafel of one gemeente in one year: cases, breakthroughs by type, lead time, what it cost and what it saved. */
export interface DoorbraakYear extends Doc {
  gemeenteCode: string;
  year: number;
  /** Cases escalated this year. */
  cases: number;
  caseClientIds: string[];
  /** Decisions (breakthroughs) taken this year. */
  breakthroughs: number;
  breakthroughsByType: Record<string, number>;
  breakthroughClientIds: string[];
  /** Whole days from escalation to each breakthrough (where known). */
  leadTimesDays: number[];
  solutionCents: number;
  /** Decisions without an avoided-cost estimate. */
  withoutEstimate: AvoidedCostFigures;
  avoidedByCategory: Record<string, AvoidedCostFigures>;
}

const yearOf = (iso: string) => Number(iso.slice(0, 4));
const keyOf = (gemeenteCode: string, year: number) => `${gemeenteCode}:${year}`;
const emptyFigures = (): AvoidedCostFigures => ({ decisions: 0, solutionCents: 0, avoidedCents: 0, avoidedCentsPerYear: 0, clientIds: [] });

/**
 * Per gemeente and year, from each event's own wijk code. Decisions upcast from v1 name no wijk and carry
 * no breakthrough type, costs or lead time: they are left out of these figures.
 */
export const doorbraaktafelProjection: Projection = {
  name: 'doorbraaktafel',
  version: 1,
  indexes: { year: ['gemeenteCode', 'year'] },
  handles: ['CaseEscalated', 'DoorbraakDecisionRecorded'],

  keys(e: ProjectedEvent): DocKey[] {
    switch (e.type) {
      case 'CaseEscalated':
        return [{ collection: 'year', id: keyOf(gemeenteOf(e.data.wijkCode), yearOf(e.occurredAt)) }];
      case 'DoorbraakDecisionRecorded':
        return e.data.wijkCode ? [{ collection: 'year', id: keyOf(gemeenteOf(e.data.wijkCode), yearOf(e.occurredAt)) }] : [];
      default:
        return [];
    }
  },

  apply(e, ctx) {
    const changeYear = (gemeenteCode: string, year: number, how: (y: DoorbraakYear) => void) =>
      ctx.update<DoorbraakYear>('year', keyOf(gemeenteCode, year), (y) => {
        const doc: DoorbraakYear = y ?? { gemeenteCode, year, cases: 0, caseClientIds: [], breakthroughs: 0, breakthroughsByType: {}, breakthroughClientIds: [], leadTimesDays: [], solutionCents: 0, withoutEstimate: emptyFigures(), avoidedByCategory: {} };
        how(doc);
        return doc;
      });
    switch (e.type) {
      case 'CaseEscalated': {
        const d = e.data;
        changeYear(gemeenteOf(d.wijkCode), yearOf(e.occurredAt), (y) => {
          y.cases += 1;
          addOnce(y.caseClientIds, d.clientId);
        });
        return;
      }
      case 'DoorbraakDecisionRecorded': {
        const d = e.data;
        if (!d.wijkCode) return;
        changeYear(gemeenteOf(d.wijkCode), yearOf(e.occurredAt), (y) => {
          y.breakthroughs += 1;
          y.breakthroughsByType[d.breakthroughType] = (y.breakthroughsByType[d.breakthroughType] ?? 0) + 1;
          addOnce(y.breakthroughClientIds, d.clientId);
          if (d.leadTimeDays !== null) y.leadTimesDays.push(d.leadTimeDays);
          const solution = d.solutionCostCents ?? 0;
          y.solutionCents += solution;
          const figures = d.avoidedCost ? (y.avoidedByCategory[d.avoidedCost.category] ??= emptyFigures()) : y.withoutEstimate;
          figures.decisions += 1;
          figures.solutionCents += solution;
          if (d.avoidedCost) {
            figures.avoidedCents += d.avoidedCost.amountCents;
            figures.avoidedCentsPerYear += Math.round((d.avoidedCost.amountCents * 12) / d.avoidedCost.basisMonths);
          }
          addOnce(figures.clientIds, d.clientId);
        });
        return;
      }
    }
  },
};
