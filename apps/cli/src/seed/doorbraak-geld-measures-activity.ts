import { Actor, AvoidedCostCategory, BreakthroughType, BudgetPurpose, DomainError, DoorbraakRole, flexPotId } from '@wijkzorg/domain';
import { DemoGemeente } from './demo-region';
import { PotsSeedContext, coverFromFlexPot, potsOpenAt } from './pots-activity';
import { Random } from './random';

/**
 * More doorbraaktafel cases in the demo region, so the outcome measures of the doorbraaktafel and of the flex pot
 * (docs/uitkomsten/doorbraaktafel.md, geld.md) speak about groups of five or more per gemeente and year, as a
 * policymaker would see them: about one client in five has a stuck case escalated, decided with the person present
 * and an ervaringsdeskundige invited, mostly paid from the flex pot (topped up by the gemeente for it) and closed.
 */
const DAY = 86_400_000;
const FLEX_FUNDER = 'gemeente_maatwerk' as const;

const KINDS: { breakthrough: BreakthroughType; purpose: BudgetPurpose; costEuro: [number, number]; avoided: AvoidedCostCategory; avoidedEuro: [number, number]; basisMonths: number; roles: DoorbraakRole[] }[] = [
  { breakthrough: 'woning', purpose: 'woonkosten', costEuro: [500, 4_000], avoided: 'maatschappelijke_opvang', avoidedEuro: [20_000, 40_000], basisMonths: 12, roles: ['woningcorporatie'] },
  { breakthrough: 'schulden', purpose: 'schulden', costEuro: [800, 5_000], avoided: 'huisuitzetting', avoidedEuro: [8_000, 20_000], basisMonths: 12, roles: ['schuldhulp'] },
  { breakthrough: 'uitkering', purpose: 'woonkosten', costEuro: [200, 2_000], avoided: 'huisuitzetting', avoidedEuro: [8_000, 15_000], basisMonths: 6, roles: ['uwv', 'sociaal_team'] },
  { breakthrough: 'zorg', purpose: 'zorg_begeleiding', costEuro: [1_000, 7_000], avoided: 'crisisopname', avoidedEuro: [25_000, 60_000], basisMonths: 12, roles: ['zorg', 'huisarts'] },
  { breakthrough: 'justitie', purpose: 'vervoer', costEuro: [400, 3_000], avoided: 'detentie', avoidedEuro: [30_000, 60_000], basisMonths: 12, roles: ['reclassering'] },
  { breakthrough: 'daginvulling', purpose: 'dagbesteding', costEuro: [300, 2_500], avoided: 'politie_inzet', avoidedEuro: [3_000, 10_000], basisMonths: 12, roles: ['welzijn'] },
  { breakthrough: 'vervoer', purpose: 'vervoer', costEuro: [200, 1_500], avoided: 'beschermd_wonen', avoidedEuro: [15_000, 40_000], basisMonths: 24, roles: ['sociaal_team'] },
];

function refused(ctx: PotsSeedContext, error: unknown): void {
  if (!(error instanceof DomainError)) throw error;
  ctx.refusedByRules[error.code] = (ctx.refusedByRules[error.code] ?? 0) + 1;
}

/** Maybe a case for this client (its own random stream, so the rest of the seed is unchanged). */
export function scheduleDoorbraakMeasuresCase(ctx: PotsSeedContext, { clientId, gemeente, t0, team, clientNumber }: { clientId: string; gemeente: DemoGemeente; t0: number; team: Actor; clientNumber: number }): void {
  const random = new Random((ctx.seed ^ 0x6e1d) + clientNumber * 104_729);
  if (!random.chance(0.2)) return;
  const kind = KINDS[random.int(0, KINDS.length - 1)];
  const caseId = `${clientId}-doorbraak`;
  const dbt: Actor = { role: 'doorbraaktafel', id: `dbt-${gemeente.gemeenteCode}` };
  const gemeenteActor: Actor = { role: 'gemeente', id: `beleid-${gemeente.gemeenteCode.toLowerCase()}`, organisation: gemeente.gemeenteCode };
  const escalatedAt = t0 + random.int(20, 240) * DAY;
  const decidedAt = escalatedAt + random.int(3, 60) * DAY;
  const costCents = random.int(kind.costEuro[0] / 100, kind.costEuro[1] / 100) * 10_000;
  const avoidedCost = random.chance(0.85) ? { category: kind.avoided, amountCents: random.int(kind.avoidedEuro[0] / 1_000, kind.avoidedEuro[1] / 1_000) * 100_000, basisMonths: kind.basisMonths } : undefined;
  ctx.add(escalatedAt, () => ctx.send(clientId, { type: 'EscalateCase', caseId, reason: 'regels van wonen, zorg en inkomen sluiten niet op elkaar aan' }, team));
  ctx.add(decidedAt, () =>
    ctx.send(
      clientId,
      { type: 'RecordDoorbraakDecision', caseId, participants: ['gemeente', 'zorg', 'ervaringsdeskundige', ...kind.roles], clientPresent: true, ervaringsdeskundigeInvited: true, breakthroughType: kind.breakthrough, note: 'besloten met cliënt aan tafel', solutionCostCents: costCents, avoidedCost },
      dbt,
    ),
  );
  if (random.chance(0.85)) {
    const year = new Date(decidedAt).getUTCFullYear();
    const potId = flexPotId(gemeente.gemeenteCode, year);
    // Topped up and paid once the gemeente has opened the year's flex pot (a case decided on New Year's Day waits a day).
    const payAt = Math.max(decidedAt, potsOpenAt(ctx, year));
    ctx.add(payAt + 1_800_000, () => ctx.care.changeBudgetPot(potId, { type: 'TopUpBudgetPot', amountCents: costCents }, { actor: gemeenteActor }).catch((error: unknown) => refused(ctx, error)));
    ctx.add(payAt + 3_600_000, async () => {
      await coverFromFlexPot(ctx, gemeente, potId, costCents);
      return ctx.send(clientId, { type: 'ReleaseBudget', releaseId: `${caseId}-maatwerk`, year, funder: FLEX_FUNDER, purpose: kind.purpose, note: 'maatwerk doorbraaktafel', amountCents: costCents, approvedBy: 'doorbraaktafel', fastTrack: true, overrideAllocation: false, potId, caseId }, dbt);
    });
  }
  ctx.add(decidedAt + random.int(10, 90) * DAY, () => ctx.send(clientId, { type: 'CloseCase', caseId, outcome: 'doorbraak bereikt' }, dbt));
}
