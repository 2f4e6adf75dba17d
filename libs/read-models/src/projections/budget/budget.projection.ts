import { BUDGET_PURPOSES, BudgetPurpose, budgetLineKey } from '@wijkzorg/domain';
import { ProjectedEvent, Projection, addOnce, gemeenteOf, monthOf } from '../../projection';
import { Doc, DocKey } from '../../read-model-store.port';

/** Spending is grouped by the purpose code only, never by free text (v1 texts are upcast to `overig`). */
const purposeCode = (purpose: unknown): BudgetPurpose => (BUDGET_PURPOSES.includes(purpose as BudgetPurpose) ? (purpose as BudgetPurpose) : 'overig');

export interface BudgetLineView {
  year: number;
  funder: string;
  allocatedCents: number;
  releasedCents: number;
  spentCents: number;
  /** Still to be released: allocated − released (negative after a doorbraaktafel override). */
  unreleasedCents: number;
  /** Not spent yet: allocated − spent. */
  unspentCents: number;
  settled: boolean;
}

export interface BudgetTransferView {
  at: string;
  fromWijk: string;
  toWijk: string;
  fromProvider: string;
  toProvider: string;
  lines: { year: number; funder: string; unreleasedCents: number; unspentCents: number }[];
}

/** The person-following budget of one client (pseudonymous id only). */
export interface ClientBudget extends Doc {
  clientId: string;
  wooncirkelId: string;
  wijkCode: string;
  gemeenteCode: string;
  providerId: string;
  lines: Record<string, BudgetLineView>;
  allocatedCents: number;
  releasedCents: number;
  spentCents: number;
  /** allocated − released over all lines. */
  unreleasedCents: number;
  /** allocated − spent over all lines. */
  unspentCents: number;
  transfers: BudgetTransferView[];
}

/** Money flows per wijk and year, attributed to the wijk the client was in when it happened. */
export interface WijkBudget extends Doc {
  wijkCode: string;
  gemeenteCode: string;
  year: number;
  allocatedCents: number;
  releasedCents: number;
  spentCents: number;
  spentByPurpose: Record<string, number>;
  releasedByFunder: Record<string, number>;
  overrideReleases: number;
  fastTrackReleases: number;
  transfersIn: number;
  transfersOut: number;
  /** Whose allocations / releases the amounts contain (booked here; they stay here when the client moves). Never published. */
  allocatedBy: string[];
  releasedBy: string[];
  releasersByFunder: Record<string, string[]>;
}

/** Spending per wijk, calendar month and budget year, for figures over time. `clientIds` stays inside: only its size is shown. */
export interface WijkBudgetMonth extends Doc {
  wijkCode: string;
  gemeenteCode: string;
  month: string;
  /** The budget year the spending is booked against (may differ from the month's calendar year). */
  year: number;
  spentCents: number;
  spentByPurpose: Record<string, number>;
  clientIds: string[];
  /** Who spent on each purpose: a purpose's amount is about those people only (disclosure control needs them). */
  spendersByPurpose: Record<string, string[]>;
}

/**
 * How often the wijk-year and wijk-month documents (the area figures' money, with the people of each amount) have
 * changed: a reader that kept what it computed from them reads this one small document to tell whether they did,
 * instead of reading them all again after every intake (which changes only client documents here).
 */
export interface WijkFigureChanges extends Doc {
  changes: number;
}
export const WIJK_FIGURE_CHANGES_ID = 'wijk-figures';
const wijkFigureChangesKey: DocKey = { collection: 'changes', id: WIJK_FIGURE_CHANGES_ID };

const clientKey = (id: string): DocKey => ({ collection: 'client', id });
const wijkMonthId = (wijkCode: string, at: string, year: number) => `${wijkCode}:${monthOf(at)}:${year}`;
const wijkMonthKey = (wijkCode: string, at: string, year: number): DocKey => ({ collection: 'month', id: wijkMonthId(wijkCode, at, year) });
const wijkYearKey = (wijkCode: string, year: number): DocKey => ({ collection: 'wijk', id: `${wijkCode}:${year}` });
const yearOf = (iso: string) => Number(iso.slice(0, 4));

const newWijkYear = (wijkCode: string, year: number): WijkBudget => ({
  wijkCode,
  gemeenteCode: gemeenteOf(wijkCode),
  year,
  allocatedCents: 0,
  releasedCents: 0,
  spentCents: 0,
  spentByPurpose: {},
  releasedByFunder: {},
  overrideReleases: 0,
  fastTrackReleases: 0,
  transfersIn: 0,
  transfersOut: 0,
  allocatedBy: [],
  releasedBy: [],
  releasersByFunder: {},
});

export const budgetProjection: Projection = {
  name: 'budget',
  version: 8,
  indexes: { client: ['wijkCode', 'gemeenteCode', 'wooncirkelId'], wijk: ['wijkCode', 'gemeenteCode'], month: ['wijkCode', 'gemeenteCode'] },
  handles: ['IntakeRegistered', 'BudgetAllocated', 'BudgetReleased', 'BudgetSpent', 'BudgetSettled', 'ClientTransferred', 'BudgetTransferred'],

  keys(e: ProjectedEvent): DocKey[] {
    const { type, data: d } = e;
    switch (type) {
      case 'BudgetReleased':
        // Paid from a pot (the flex pot): not the client's person-following money; the pots read model holds it.
        if (d.potId) return [];
        return [clientKey(d.clientId), wijkYearKey(d.wijkCode, d.year), wijkFigureChangesKey];
      case 'BudgetAllocated':
        return [clientKey(d.clientId), wijkYearKey(d.wijkCode, d.year), wijkFigureChangesKey];
      case 'BudgetSpent':
        return [clientKey(d.clientId), wijkYearKey(d.wijkCode, d.year), wijkMonthKey(d.wijkCode, e.occurredAt, d.year), wijkFigureChangesKey];
      case 'BudgetTransferred':
        return [clientKey(d.clientId), wijkYearKey(d.fromWijk, yearOf(e.occurredAt)), wijkYearKey(d.toWijk, yearOf(e.occurredAt)), wijkFigureChangesKey];
      case 'IntakeRegistered':
      case 'BudgetSettled':
      case 'ClientTransferred':
        return [clientKey(d.clientId)];
      default:
        return [];
    }
  },

  apply(e, ctx) {
    const { type, data: d } = e;
    if (type === 'IntakeRegistered') {
      ctx.update<ClientBudget>('client', d.clientId, () => ({
        clientId: d.clientId,
        wooncirkelId: d.placement.wooncirkelId,
        wijkCode: d.placement.wijkCode,
        gemeenteCode: gemeenteOf(d.placement.wijkCode),
        providerId: d.placement.providerId,
        lines: {},
        allocatedCents: 0,
        releasedCents: 0,
        spentCents: 0,
        unreleasedCents: 0,
        unspentCents: 0,
        transfers: [],
      }));
      return;
    }
    const changeLine = ({ clientId, year, funder }: { clientId: string; year: number; funder: string }, change: (line: BudgetLineView) => void) =>
      ctx.update<ClientBudget>('client', clientId, (c) => {
        if (!c) return null;
        const key = budgetLineKey(year, funder);
        const line = (c.lines[key] ??= { year, funder, allocatedCents: 0, releasedCents: 0, spentCents: 0, unreleasedCents: 0, unspentCents: 0, settled: false });
        change(line);
        line.unreleasedCents = line.allocatedCents - line.releasedCents;
        line.unspentCents = line.allocatedCents - line.spentCents;
        const lines = Object.values(c.lines);
        c.allocatedCents = lines.reduce((s, l) => s + l.allocatedCents, 0);
        c.releasedCents = lines.reduce((s, l) => s + l.releasedCents, 0);
        c.spentCents = lines.reduce((s, l) => s + l.spentCents, 0);
        c.unreleasedCents = c.allocatedCents - c.releasedCents;
        c.unspentCents = c.allocatedCents - c.spentCents;
        return c;
      });
    const changeWijk = (wijkCode: string, year: number, change: (w: WijkBudget) => void) => {
      countWijkFigureChange();
      return ctx.update<WijkBudget>('wijk', `${wijkCode}:${year}`, (w) => {
        const doc = w ?? newWijkYear(wijkCode, year);
        change(doc);
        return doc;
      });
    };
    // Wijk figure changes: one more for each event that changes a wijk-year or wijk-month document (once per event).
    let counted = false;
    const countWijkFigureChange = () => {
      if (counted) return;
      counted = true;
      ctx.update<WijkFigureChanges>(wijkFigureChangesKey.collection, wijkFigureChangesKey.id, (c) => ({ changes: (c?.changes ?? 0) + 1 }));
    };

    switch (type) {
      case 'BudgetAllocated':
        changeLine(d, (l) => (l.allocatedCents += d.amountCents));
        changeWijk(d.wijkCode, d.year, (w) => {
          w.allocatedCents += d.amountCents;
          addOnce((w.allocatedBy ??= []), d.clientId);
        });
        return;
      case 'BudgetReleased':
        if (d.potId) return;
        changeLine(d, (l) => (l.releasedCents += d.amountCents));
        changeWijk(d.wijkCode, d.year, (w) => {
          w.releasedCents += d.amountCents;
          w.releasedByFunder[d.funder] = (w.releasedByFunder[d.funder] ?? 0) + d.amountCents;
          addOnce((w.releasedBy ??= []), d.clientId);
          addOnce(((w.releasersByFunder ??= {})[d.funder] ??= []), d.clientId);
          if (d.overrideAllocation) w.overrideReleases += 1;
          if (d.fastTrack) w.fastTrackReleases += 1;
        });
        return;
      case 'BudgetSpent':
        changeLine(d, (l) => (l.spentCents += d.amountCents));
        changeWijk(d.wijkCode, d.year, (w) => {
          w.spentCents += d.amountCents;
          w.spentByPurpose[purposeCode(d.purpose)] = (w.spentByPurpose[purposeCode(d.purpose)] ?? 0) + d.amountCents;
        });
        countWijkFigureChange();
        ctx.update<WijkBudgetMonth>('month', wijkMonthId(d.wijkCode, e.occurredAt, d.year), (m) => {
          const doc: WijkBudgetMonth = m ?? { wijkCode: d.wijkCode, gemeenteCode: gemeenteOf(d.wijkCode), month: monthOf(e.occurredAt), year: d.year, spentCents: 0, spentByPurpose: {}, clientIds: [], spendersByPurpose: {} };
          const purpose = purposeCode(d.purpose);
          doc.spentCents += d.amountCents;
          doc.spentByPurpose[purpose] = (doc.spentByPurpose[purpose] ?? 0) + d.amountCents;
          addOnce(doc.clientIds, d.clientId);
          addOnce((doc.spendersByPurpose[purpose] ??= []), d.clientId);
          return doc;
        });
        return;
      case 'BudgetSettled':
        changeLine(d, (l) => (l.settled = true));
        return;
      case 'ClientTransferred':
        ctx.update<ClientBudget>('client', d.clientId, (c) => {
          if (!c) return null;
          c.wijkCode = d.to.wijkCode;
          c.wooncirkelId = d.to.wooncirkelId;
          c.gemeenteCode = gemeenteOf(d.to.wijkCode);
          c.providerId = d.to.providerId;
          return c;
        });
        return;
      case 'BudgetTransferred':
        ctx.update<ClientBudget>('client', d.clientId, (c) => {
          if (!c) return null;
          c.transfers.push({ at: e.occurredAt, fromWijk: d.fromWijk, toWijk: d.toWijk, fromProvider: d.fromProvider, toProvider: d.toProvider, lines: d.lines.map((l) => ({ year: l.year, funder: l.funder, unreleasedCents: l.unreleasedCents, unspentCents: l.unspentCents })) });
          return c;
        });
        // A move between wooncirkels of one wijk is no flow of that wijk.
        if (d.fromWijk !== d.toWijk) {
          changeWijk(d.fromWijk, yearOf(e.occurredAt), (w) => (w.transfersOut += 1));
          changeWijk(d.toWijk, yearOf(e.occurredAt), (w) => (w.transfersIn += 1));
        }
        return;
    }
  },
};
