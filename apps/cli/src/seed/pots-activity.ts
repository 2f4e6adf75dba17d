import { CareCommands, ClientCommandInput, CommandMeta, CommandOutcome } from '@wijkzorg/application';
import { Actor, AvoidedCostCategory, BreakthroughType, BudgetPurpose, DOORBRAAK_ROLES, DomainError, DoorbraakRole, WIJK_ACTIVITIES, budgetPotDecider, budgetPotStream, flexPotId, potRemainingCents, wijkPotId } from '@wijkzorg/domain';
import { DEMO_REGION, DemoGemeente } from './demo-region';
import { Random } from './random';

/**
 * Budget pots and the doorbraaktafel in the demo region, through the real command flows: each gemeente
 * opens a wijkgebonden budget per wijk and a flex pot per year, pays wijk activities from the wijk pots,
 * and its doorbraaktafel breaks a few stuck cases open with fast maatwerk money from the flex pot,
 * among them the NS-jaarkaart of 's-Hertogenbosch Zuidoost (source 003).
 */
export interface PotsSeedContext {
  care: CareCommands;
  /** Schedules an action at a time (ms); nothing after the seed's end. */
  add: (at: number, run: () => Promise<unknown>) => void;
  /** A client command as the seed sends them (refusals counted, null). */
  send: (clientId: string, input: ClientCommandInput, actor: Actor) => Promise<CommandOutcome | null>;
  refusedByRules: Record<string, number>;
  seed: number;
  clients: number;
  from: number;
  until: number;
}

const DAY = 86_400_000;
/** The flex pot pays maatwerk; wijk pots are Wmo money bound to the wijk. */
const FLEX_FUNDER = 'gemeente_maatwerk' as const;
const WIJK_FUNDER = 'wmo' as const;
/** 's-Hertogenbosch Zuidoost, where the NS-jaarkaart was bought (source 003). */
const NS_WIJK = 'WK079605';
const NS_CLIENT = 'cl-ns-jaarkaart';

const gemeenteActor = (g: DemoGemeente): Actor => ({ role: 'gemeente', id: `beleid-${g.gemeenteCode.toLowerCase()}`, organisation: g.gemeenteCode });
const doorbraaktafel = (g: DemoGemeente): Actor => ({ role: 'doorbraaktafel', id: `dbt-${g.gemeenteCode}` });
const meta = (actor: Actor): CommandMeta => ({ actor });

/** What typically breaks through, what it costs and what it is estimated to avoid (order of magnitude from practice). */
const CASE_KINDS: { breakthrough: BreakthroughType; purpose: BudgetPurpose; costEuro: [number, number]; avoided: AvoidedCostCategory; avoidedEuroPerYear: [number, number]; extraRoles: DoorbraakRole[] }[] = [
  { breakthrough: 'woning', purpose: 'woonkosten', costEuro: [800, 4_000], avoided: 'maatschappelijke_opvang', avoidedEuroPerYear: [25_000, 40_000], extraRoles: ['woningcorporatie'] },
  { breakthrough: 'schulden', purpose: 'schulden', costEuro: [1_000, 6_000], avoided: 'huisuitzetting', avoidedEuroPerYear: [8_000, 20_000], extraRoles: ['schuldhulp', 'woningcorporatie'] },
  { breakthrough: 'uitkering', purpose: 'woonkosten', costEuro: [300, 2_000], avoided: 'huisuitzetting', avoidedEuroPerYear: [8_000, 20_000], extraRoles: ['uwv', 'sociaal_team'] },
  { breakthrough: 'zorg', purpose: 'zorg_begeleiding', costEuro: [1_500, 8_000], avoided: 'crisisopname', avoidedEuroPerYear: [30_000, 70_000], extraRoles: ['zorg', 'huisarts'] },
  { breakthrough: 'justitie', purpose: 'vervoer', costEuro: [500, 3_500], avoided: 'detentie', avoidedEuroPerYear: [40_000, 60_000], extraRoles: ['reclassering'] },
  { breakthrough: 'daginvulling', purpose: 'dagbesteding', costEuro: [600, 3_000], avoided: 'crisisopname', avoidedEuroPerYear: [15_000, 35_000], extraRoles: ['welzijn'] },
];

function yearsOf(from: number, until: number): number[] {
  const years: number[] = [];
  for (let y = new Date(from).getUTCFullYear(); y <= new Date(until).getUTCFullYear(); y++) years.push(y);
  return years;
}

async function counted(refusedByRules: Record<string, number>, run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    refusedByRules[error.code] = (refusedByRules[error.code] ?? 0) + 1;
    return null;
  }
}

/** When the gemeente opens its pots of a year (the flex pot first, the wijk pots a moment later): nothing is paid from them before. */
export const potsOpenAt = (ctx: Pick<PotsSeedContext, 'from'>, year: number): number => Math.max(ctx.from, Date.UTC(year, 0, 2, 9));

/** What is left in a pot now (nothing before it is opened). */
async function potLeftCents(ctx: PotsSeedContext, potId: string): Promise<number> {
  const { state } = await ctx.care.store.load(budgetPotDecider, budgetPotStream(potId));
  return state.opened ? potRemainingCents(state) : 0;
}

/** Before the doorbraaktafel pays maatwerk from the flex pot, the gemeente tops up what the pot lacks for it. */
export async function coverFromFlexPot(ctx: PotsSeedContext, gemeente: DemoGemeente, potId: string, amountCents: number): Promise<void> {
  const shortCents = amountCents - (await potLeftCents(ctx, potId));
  if (shortCents > 0) await counted(ctx.refusedByRules, () => ctx.care.changeBudgetPot(potId, { type: 'TopUpBudgetPot', amountCents: shortCents }, meta(gemeenteActor(gemeente))));
}

/** Per gemeente and year: a flex pot and a wijk pot per wijk at the start of the year, wijk activities through the year, a top-up after summer where money runs short. */
export function schedulePots(ctx: PotsSeedContext): void {
  const random = new Random(ctx.seed ^ 0x9075);
  const perGemeente = ctx.clients / DEMO_REGION.length;
  for (const g of DEMO_REGION) {
    const gemeente = meta(gemeenteActor(g));
    for (const year of yearsOf(ctx.from, ctx.until)) {
      const opensAt = potsOpenAt(ctx, year);
      // About one case in twenty reaches the doorbraaktafel, at a few thousand euros each: a margin on top.
      const flexEuro = Math.max(15_000, Math.round((perGemeente * 0.05 * 3_000 * 1.3) / 1_000) * 1_000);
      ctx.add(opensAt, () => counted(ctx.refusedByRules, () => ctx.care.openBudgetPot({ type: 'OpenBudgetPot', kind: 'flex', gemeenteCode: g.gemeenteCode, funder: FLEX_FUNDER, year, amountCents: flexEuro * 100 }, gemeente)));
      if (Date.UTC(year, 8, 1, 9) > opensAt) ctx.add(Date.UTC(year, 8, 1, 9), () => counted(ctx.refusedByRules, () => ctx.care.changeBudgetPot(flexPotId(g.gemeenteCode, year), { type: 'TopUpBudgetPot', amountCents: Math.round(flexEuro * 0.3) * 100 }, gemeente)));
      for (const w of g.wijken) {
        const potId = wijkPotId(w.wijkCode, WIJK_FUNDER, year);
        const budgetEuro = random.int(40, 120) * 1_000;
        ctx.add(opensAt + 1, () => counted(ctx.refusedByRules, () => ctx.care.openBudgetPot({ type: 'OpenBudgetPot', kind: 'wijk', gemeenteCode: g.gemeenteCode, wijkCode: w.wijkCode, funder: WIJK_FUNDER, year, amountCents: budgetEuro * 100 }, gemeente)));
        const activities = random.int(6, 14);
        for (let a = 1; a <= activities; a++) {
          const at = Date.UTC(year, 0, 10) + Math.floor(random.next() * 330 * DAY);
          const release = { type: 'ReleaseForWijkActivity' as const, releaseId: `${potId}-a${a}`, activity: random.pick(WIJK_ACTIVITIES), amountCents: random.int(5, 60) * 10_000 };
          // Paid while the wijk budget has the room (the gemeente does not spend beyond it).
          if (at > opensAt + 1) ctx.add(at, async () => (release.amountCents <= (await potLeftCents(ctx, potId)) ? counted(ctx.refusedByRules, () => ctx.care.changeBudgetPot(potId, release, gemeente)) : null));
        }
      }
    }
  }
  scheduleNsJaarkaart(ctx);
}

/**
 * A stuck case at the doorbraaktafel: escalated by the team, decided with the person present and an
 * ervaringsdeskundige invited (participants by role), usually paid at once from the flex pot, closed weeks later.
 */
export function scheduleDoorbraakCase(ctx: PotsSeedContext, { clientId, gemeente, at, team, caseNumber }: { clientId: string; gemeente: DemoGemeente; at: number; team: Actor; caseNumber: number }): void {
  const random = new Random((ctx.seed ^ 0xd00b) + caseNumber * 7919);
  const kind = random.pick(CASE_KINDS);
  const caseId = `${clientId}-case1`;
  const dbt = doorbraaktafel(gemeente);
  const decidedAt = at + random.int(4, 45) * DAY;
  const costCents = random.int(kind.costEuro[0] / 100, kind.costEuro[1] / 100) * 10_000;
  const participants = [...new Set<DoorbraakRole>(['gemeente', 'zorg', ...kind.extraRoles, ...(random.chance(0.75) ? (['ervaringsdeskundige'] as const) : []), ...(random.chance(0.4) ? [random.pick(DOORBRAAK_ROLES)] : [])])];
  const avoidedCost = random.chance(0.85) ? { category: kind.avoided, amountCents: random.int(kind.avoidedEuroPerYear[0] / 1_000, kind.avoidedEuroPerYear[1] / 1_000) * 100_000, basisMonths: 12 } : undefined;
  ctx.add(at, () => ctx.send(clientId, { type: 'EscalateCase', caseId, reason: 'zorg en wonen lopen vast tussen regels' }, team));
  ctx.add(decidedAt, () => ctx.send(clientId, { type: 'RecordDoorbraakDecision', caseId, participants, clientPresent: true, ervaringsdeskundigeInvited: true, breakthroughType: kind.breakthrough, note: 'besloten met cliënt aan tafel', solutionCostCents: costCents, avoidedCost }, dbt));
  if (random.chance(0.8)) {
    const year = new Date(decidedAt).getUTCFullYear();
    // Paid once the gemeente has opened the year's flex pot (a case decided on New Year's Day waits a day).
    ctx.add(Math.max(decidedAt, potsOpenAt(ctx, year)) + 3_600_000, async () => {
      await coverFromFlexPot(ctx, gemeente, flexPotId(gemeente.gemeenteCode, year), costCents);
      return ctx.send(
        clientId,
        {
          type: 'ReleaseBudget',
          releaseId: `${caseId}-maatwerk`,
          year,
          funder: FLEX_FUNDER,
          purpose: kind.purpose,
          note: 'maatwerk doorbraaktafel',
          amountCents: costCents,
          approvedBy: 'doorbraaktafel',
          fastTrack: true,
          overrideAllocation: false,
          potId: flexPotId(gemeente.gemeenteCode, year),
          caseId,
        },
        dbt,
      );
    });
  }
  ctx.add(decidedAt + random.int(20, 60) * DAY, () => ctx.send(clientId, { type: 'CloseCase', caseId, outcome: 'doorbraak bereikt' }, dbt));
}

/** Source 003: an NS-jaarkaart of € 3.000 from the flex pot keeps a man at work in Utrecht instead of ~€ 50.000 a year of detention. */
function scheduleNsJaarkaart(ctx: PotsSeedContext): void {
  const gemeente = DEMO_REGION.find((g) => g.wijken.some((w) => w.wijkCode === NS_WIJK));
  if (!gemeente) return;
  const at = ctx.from + Math.floor((ctx.until - ctx.from) * 0.55);
  const wooncirkelId = `wc-${NS_WIJK.toLowerCase()}-1`;
  const team: Actor = { role: 'zorgprofessional', id: `zp-${wooncirkelId}`, wooncirkels: ['*'] };
  const dbt = doorbraaktafel(gemeente);
  const caseId = `${NS_CLIENT}-case1`;
  const decidedAt = at + 24 * DAY;
  const year = new Date(decidedAt).getUTCFullYear();
  ctx.add(at - 60 * DAY, () =>
    ctx.send(
      NS_CLIENT,
      {
        type: 'RegisterIntake',
        clientId: NS_CLIENT,
        wooncirkelId,
        preferredWijk: NS_WIJK,
        lifeDomains: ['wonen', 'begeleiding_zorg', 'daginvulling', 'financien'],
        urgency: 'hoog',
        acuteConfusedBehaviour: false,
        goals: ['werk houden', 'een eigen plek'],
        referralSource: 'wijkteam',
        personal: { name: 'Meneer K. (demo)' },
      },
      team,
    ),
  );
  ctx.add(at, () => ctx.send(NS_CLIENT, { type: 'EscalateCase', caseId, reason: 'werk in Utrecht, geen geld voor de trein: zonder vervoer dreigt terugval en detentie' }, team));
  ctx.add(decidedAt, () =>
    ctx.send(
      NS_CLIENT,
      {
        type: 'RecordDoorbraakDecision',
        caseId,
        participants: ['gemeente', 'reclassering', 'zorg', 'sociaal_team', 'ervaringsdeskundige'],
        clientPresent: true,
        ervaringsdeskundigeInvited: true,
        breakthroughType: 'justitie',
        note: 'NS-jaarkaart zodat hij zijn werk in Utrecht houdt',
        solutionCostCents: 300_000,
        avoidedCost: { category: 'detentie', amountCents: 5_000_000, basisMonths: 12 },
      },
      dbt,
    ),
  );
  ctx.add(decidedAt + 3_600_000, () =>
    ctx.send(
      NS_CLIENT,
      { type: 'ReleaseBudget', releaseId: `${caseId}-ns-jaarkaart`, year, funder: FLEX_FUNDER, purpose: 'vervoer', note: 'NS-jaarkaart', amountCents: 300_000, approvedBy: 'doorbraaktafel', fastTrack: true, overrideAllocation: false, potId: flexPotId(gemeente.gemeenteCode, year), caseId },
      dbt,
    ),
  );
  ctx.add(decidedAt + 45 * DAY, () => ctx.send(NS_CLIENT, { type: 'CloseCase', caseId, outcome: 'werkt, reist met de NS-jaarkaart' }, dbt));
}
