import { BUDGET_PURPOSES, BudgetPurpose } from '@wijkzorg/domain';
import { ProjectedEvent, Projection, addOnce, monthOf } from '../../projection';
import { Doc, DocKey } from '../../read-model-store.port';

/** What happened to the money: allocated (toegekend), released (vrijgegeven) or spent (besteed). */
export const MONEY_FLOWS = ['toegekend', 'vrijgegeven', 'besteed'] as const;
export type MoneyFlow = (typeof MONEY_FLOWS)[number];
/** Whose money it was: the client's person-following budget, a wijkgebonden budget, or the gemeente's flex pot. */
export const MONEY_POTS = ['persoonsvolgend', 'wijkbudget', 'flexpot'] as const;
export type MoneyPot = (typeof MONEY_POTS)[number];

/** One kind of money movement: flow, pot, funder and what it was for (a purpose code, a wijk activity code, or `-`). */
export const moneyCellKey = (flow: MoneyFlow, pot: MoneyPot, funder: string, what: string) => `${flow}|${pot}|${funder}|${what}`;
export function parseMoneyCellKey(key: string): { flow: MoneyFlow; pot: MoneyPot; funder: string; what: string } {
  const [flow, pot, funder, what] = key.split('|');
  return { flow: flow as MoneyFlow, pot: pot as MoneyPot, funder, what };
}

/**
 * The money of one area in one calendar month (the month the allocation, release or spending happened), for outcome
 * measures over time. The area is the client's wijk for a client's money, the pot's wijk for a wijk pot, and the
 * gemeente for a flex pot's own budget (it belongs to no wijk). `clientIds` (pseudonymous) stay inside: disclosure
 * control counts the people an amount is about.
 */
export interface MoneyFlowMonth extends Doc {
  areaCode: string;
  month: string;
  cells: Record<string, { cents: number; clientIds: string[] }>;
}

const purposeCode = (purpose: unknown): BudgetPurpose => (BUDGET_PURPOSES.includes(purpose as BudgetPurpose) ? (purpose as BudgetPurpose) : 'overig');
const monthKey = (areaCode: string, at: string): DocKey => ({ collection: 'month', id: `${areaCode}:${monthOf(at)}` });

/** What one event adds: the area, the cell and whose money it was (null: no person's, a pot's own budget or a wijk activity). */
function movementOf(e: ProjectedEvent): { areaCode: string; cell: string; cents: number; clientId: string | null } | null {
  switch (e.type) {
    case 'BudgetAllocated':
      return { areaCode: e.data.wijkCode, cell: moneyCellKey('toegekend', 'persoonsvolgend', e.data.funder, '-'), cents: e.data.amountCents, clientId: e.data.clientId };
    case 'BudgetReleased':
      return { areaCode: e.data.wijkCode, cell: moneyCellKey('vrijgegeven', e.data.potId ? 'flexpot' : 'persoonsvolgend', e.data.funder, purposeCode(e.data.purpose)), cents: e.data.amountCents, clientId: e.data.clientId };
    case 'BudgetSpent':
      return { areaCode: e.data.wijkCode, cell: moneyCellKey('besteed', 'persoonsvolgend', e.data.funder, purposeCode(e.data.purpose)), cents: e.data.amountCents, clientId: e.data.clientId };
    case 'BudgetPotOpened':
    case 'BudgetPotToppedUp':
      return { areaCode: e.data.wijkCode ?? e.data.gemeenteCode, cell: moneyCellKey('toegekend', e.data.kind === 'wijk' ? 'wijkbudget' : 'flexpot', e.data.funder, '-'), cents: e.data.amountCents, clientId: null };
    case 'BudgetPotReleased':
      // A client's release from the flex pot is counted from the client's own BudgetReleased (only written when it went through).
      if (e.data.clientId !== null || e.data.wijkCode === null) return null;
      return { areaCode: e.data.wijkCode, cell: moneyCellKey('vrijgegeven', 'wijkbudget', e.data.funder, e.data.activity ?? 'overig'), cents: e.data.amountCents, clientId: null };
    default:
      return null;
  }
}

export const moneyFlowsProjection: Projection = {
  name: 'money_flows',
  version: 1,
  indexes: { month: ['areaCode', 'month'] },
  handles: ['BudgetAllocated', 'BudgetReleased', 'BudgetSpent', 'BudgetPotOpened', 'BudgetPotToppedUp', 'BudgetPotReleased'],

  keys(e: ProjectedEvent): DocKey[] {
    const m = movementOf(e);
    return m ? [monthKey(m.areaCode, e.occurredAt)] : [];
  },

  apply(e, ctx) {
    const m = movementOf(e);
    if (!m) return;
    ctx.update<MoneyFlowMonth>('month', monthKey(m.areaCode, e.occurredAt).id, (doc) => {
      const month = doc ?? { areaCode: m.areaCode, month: monthOf(e.occurredAt), cells: {} };
      const cell = (month.cells[m.cell] ??= { cents: 0, clientIds: [] });
      cell.cents += m.cents;
      if (m.clientId !== null) addOnce(cell.clientIds, m.clientId);
      return month;
    });
  },
};
