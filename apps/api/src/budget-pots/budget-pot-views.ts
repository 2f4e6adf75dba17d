import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Actor, POT_KINDS } from '@wijkzorg/domain';
import { AccessDenied } from '@wijkzorg/application';
import { BudgetPotView, DoorbraakYear } from '@wijkzorg/read-models';
import { MONEY_ROUNDING_CENTS, Protected, SMALL, THRESHOLD, forPublishedGroup, primaryCount, protectCounts, protectMoney, sumRelation, suppressedWith } from '../disclosure/disclosure';
import { readsExactFigures } from '../disclosure/readers';
import { PageQueryDto } from '../read-models/page-query.dto';
import { GemeenteCode, WijkCode } from '../shared/fields';

export class PotFiguresQueryDto extends PageQueryDto {
  @GemeenteCode({ optional: true }) gemeenteCode?: string;
  @WijkCode({ optional: true }) wijkCode?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt({ message: 'year must be a whole number' }) @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ enum: [...POT_KINDS] }) @IsOptional() @IsIn([...POT_KINDS], { message: `kind must be one of ${POT_KINDS.join(', ')}` }) kind?: string;
}

/** A gemeente reads the figures of its own gemeente only: its filter is its own code. */
export function gemeenteFilterOf(actor: Actor, asked: string | undefined): string | undefined {
  if (actor.role !== 'gemeente') return asked;
  if (!actor.organisation || (asked !== undefined && asked !== actor.organisation)) throw new AccessDenied(`a gemeente reads its own figures: gemeenteCode must be ${actor.organisation ?? 'the GM code your token speaks for (claim org)'}`, 'gemeenteCode');
  return actor.organisation;
}

/** Whether the reader sees exact money: the auditor, and a gemeente for its own pots (its own accounts). */
const exactFor = (actor: Actor) => readsExactFigures(actor) || actor.role === 'gemeente';

const roundMoney = (cents: number) => Math.round(cents / MONEY_ROUNDING_CENTS) * MONEY_ROUNDING_CENTS;

/**
 * A pot as a reader may see it. Who the client releases were for is never shown; for protected readers the
 * money released for clients is shown only for five or more clients (rounded to € 100), and released and
 * remaining follow from the published figure, so subtraction recovers nothing smaller.
 */
export function potRow(pot: BudgetPotView, actor: Actor) {
  const { clientIds, ...row } = pot;
  if (exactFor(actor)) return row;
  const forClients: Protected = clientIds.length === 0 && pot.releasedForClientsCents === 0 ? 0 : clientIds.length < THRESHOLD ? SMALL : roundMoney(pot.releasedForClientsCents);
  const released = typeof forClients === 'number' ? pot.releasedForActivitiesCents + forClients : forClients;
  return {
    ...row,
    clientReleases: primaryCount(pot.clientReleases),
    releasedForClientsCents: forClients,
    releasedCents: released,
    remainingCents: typeof released === 'number' ? pot.openedCents - released : released,
  };
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
};

/**
 * The doorbraaktafel figures of one gemeente and year. Exact for the auditor; for everyone else counts are
 * suppressed and rounded (breakthroughs = the sum of their types), money only for groups of five or more
 * people (solution cost = the sum over avoided-cost categories and decisions without estimate), and the
 * lead-time median only where its group is published and holds five or more people.
 */
export function doorbraakRow(y: DoorbraakYear, actor: Actor) {
  const categories = Object.keys(y.avoidedByCategory).sort();
  const exact = {
    gemeenteCode: y.gemeenteCode,
    year: y.year,
    cases: y.cases,
    breakthroughs: y.breakthroughs,
    breakthroughsByType: y.breakthroughsByType as Record<string, Protected>,
    leadTimeMedianDays: median(y.leadTimesDays) as number | null | Protected,
    solutionCostCents: y.solutionCents as Protected,
    withoutEstimate: { decisions: y.withoutEstimate.decisions as Protected, solutionCostCents: y.withoutEstimate.solutionCents as Protected },
    avoidedCost: Object.fromEntries(
      categories.map((c) => {
        const f = y.avoidedByCategory[c];
        return [c, { decisions: f.decisions as Protected, solutionCostCents: f.solutionCents as Protected, avoidedCents: f.avoidedCents as Protected, avoidedCentsPerYear: f.avoidedCentsPerYear as Protected }];
      }),
    ),
  };
  if (readsExactFigures(actor)) return exact;

  const types = Object.keys(y.breakthroughsByType).sort();
  const truth = new Map<string, number>([
    ['cases', y.cases],
    ['breakthroughs', y.breakthroughs],
    ...types.map((t) => [`type:${t}`, y.breakthroughsByType[t]] as [string, number]),
    ['withoutEstimate', y.withoutEstimate.decisions],
    ...categories.map((c) => [`category:${c}`, y.avoidedByCategory[c].decisions] as [string, number]),
  ]);
  const counts = protectCounts(truth, [
    sumRelation(
      'breakthroughs',
      types.map((t) => `type:${t}`),
    ),
    sumRelation('breakthroughs', ['withoutEstimate', ...categories.map((c) => `category:${c}`)]),
  ]);
  const people = (ids: string[]) => new Set(ids);
  const cells = new Map([
    ['solution', { cents: y.solutionCents, people: people(y.breakthroughClientIds) }],
    ['solution:withoutEstimate', { cents: y.withoutEstimate.solutionCents, people: people(y.withoutEstimate.clientIds) }],
    ...categories.flatMap((c) => {
      const f = y.avoidedByCategory[c];
      return [
        [`solution:${c}`, { cents: f.solutionCents, people: people(f.clientIds) }],
        [`avoided:${c}`, { cents: f.avoidedCents, people: people(f.clientIds) }],
        [`avoidedPerYear:${c}`, { cents: f.avoidedCentsPerYear, people: people(f.clientIds) }],
      ] as [string, { cents: number; people: Set<string> }][];
    }),
  ]);
  const money = protectMoney(cells, [{ total: 'solution', parts: ['solution:withoutEstimate', ...categories.map((c) => `solution:${c}`)] }]);
  return {
    ...exact,
    cases: counts.get('cases')!,
    breakthroughs: counts.get('breakthroughs')!,
    breakthroughsByType: Object.fromEntries(types.map((t) => [t, counts.get(`type:${t}`)!])),
    leadTimeMedianDays: exact.leadTimeMedianDays === null ? null : forPublishedGroup(counts.get('breakthroughs')!, y.breakthroughClientIds.length, exact.leadTimeMedianDays),
    solutionCostCents: money.get('solution')!,
    withoutEstimate: { decisions: counts.get('withoutEstimate')!, solutionCostCents: suppressedWith(counts.get('withoutEstimate')!, money.get('solution:withoutEstimate')!) },
    avoidedCost: Object.fromEntries(
      categories.map((c) => {
        const count = counts.get(`category:${c}`)!;
        return [c, { decisions: count, solutionCostCents: suppressedWith(count, money.get(`solution:${c}`)!), avoidedCents: suppressedWith(count, money.get(`avoided:${c}`)!), avoidedCentsPerYear: suppressedWith(count, money.get(`avoidedPerYear:${c}`)!) }];
      }),
    ),
  };
}
