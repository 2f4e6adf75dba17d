import { AggregateStore, ClientCommandInput, CommandMeta, CommandOutcome, PersonalDataCipher, PlannedStepRunner } from '@wijkzorg/application';
import { Actor, CARE_INTENSITIES, ClosureReason, clientDecider, clientStream } from '@wijkzorg/domain';
import { EventStore } from '@wijkzorg/event-store';
import { Random } from './random';

const DAY = 86_400_000;

/** What the seed lends this part: its timeline, its command path and its clock. */
export interface ClosureSeedContext {
  seed: number;
  from: number;
  until: number;
  now(): number;
  add(at: number, run: () => Promise<unknown>): void;
  send(clientId: string, input: ClientCommandInput, actor: Actor, extra?: Partial<CommandMeta>): Promise<CommandOutcome | null>;
  store: AggregateStore;
  events: EventStore;
  cipher?: PersonalDataCipher;
}

/**
 * Why trajectories end, roughly as Dutch wijkteams and GGZ-providers report uitstroom: most recover
 * (hersteld) or move to other care (zorg elders), some leave the region, a few go to a Wlz-instelling or die.
 */
const REASONS: [ClosureReason, number][] = [
  ['hersteld', 38],
  ['zorg_elders', 24],
  ['verhuisd_buiten_regio', 12],
  ['client_weigert_zorg', 8],
  ['naar_wlz_instelling', 7],
  ['overleden', 5],
  ['overig', 6],
];

/**
 * Closures and planned steps of the demo region: an afschaling planned weeks ahead (now and then
 * cancelled), closures (some planned ahead), and the planned-step runner taking due steps each morning
 * through the same runner the api uses. Its own random stream, so the rest of the seed stays as it was.
 */
export function closureActivity(ctx: ClosureSeedContext) {
  const random = new Random(ctx.seed ^ 0x0c105ed);
  const iso = (t: number) => new Date(t).toISOString();
  const reason = (): ClosureReason => {
    let n = random.next() * REASONS.reduce((sum, [, w]) => sum + w, 0);
    for (const [r, w] of REASONS) if ((n -= w) < 0) return r;
    return 'hersteld';
  };
  const stateOf = async (clientId: string) => (await ctx.store.load(clientDecider, clientStream(clientId))).state;

  // Closed trajectories take no further seeded steps (only the budget is still settled).
  const closed = new Set<string>();
  const closurePlans = new Map<string, string>();
  const runner = new PlannedStepRunner(ctx.store);
  const runDue = async () => {
    for (const planId of (await runner.runDue(iso(ctx.now()))).tookEffect) if (closurePlans.has(planId)) closed.add(closurePlans.get(planId)!);
  };
  for (let day = ctx.from + DAY; day <= ctx.until; day += DAY) ctx.add(day - (day % DAY) + 6 * 3600_000, runDue);

  return {
    /** Whether a seeded command for this client is one a closed trajectory no longer gets. */
    skips(clientId: string, commandType: string): boolean {
      return closed.has(clientId) && commandType !== 'SettleBudget';
    },

    forClient(clientId: string, t0: number, team: Actor): void {
      // After a period of more intensive care the professional plans the afschaling ahead.
      if (random.chance(0.45)) {
        const planAt = t0 + random.int(60, 240) * DAY;
        const weeks = random.int(4, 12);
        const cancel = random.chance(0.15);
        const cancelAfter = random.int(7, 21) * DAY;
        ctx.add(planAt, async () => {
          const client = await stateOf(clientId);
          const rank = CARE_INTENSITIES.indexOf(client.intensity);
          if (!client.registered || client.closed || rank < 2) return;
          const planId = `${clientId}-afschaling-${planAt}`;
          const planned = await ctx.send(clientId, { type: 'PlanStep', planId, step: { type: 'ScaleCare', toIntensity: CARE_INTENSITIES[rank - 1], reason: 'stabiel, begeleiding kan omlaag', decidedBy: `wijkverpleegkundige ${team.id}`, effectiveAt: iso(ctx.now() + weeks * 7 * DAY) } }, team);
          if (planned && cancel) ctx.add(ctx.now() + cancelAfter, () => ctx.send(clientId, { type: 'CancelPlannedStep', planId, reason: 'terugval, afschaling uitgesteld' }, team));
        });
      }
      // Afsluiting: about four in ten trajectories end within the period seeded.
      if (!random.chance(0.4)) return;
      const closeAt = t0 + random.int(150, 700) * DAY;
      const why = reason();
      const note = why === 'overig' ? random.pick(['gaat samenwonen met partner', 'traject afgerond in overleg met cliënt']) : undefined;
      const plannedAhead = why === 'hersteld' || why === 'zorg_elders' ? random.chance(0.4) : false;
      const close: ClientCommandInput = { type: 'CloseTrajectory', reason: why, effectiveAt: iso(closeAt), ...(note ? { note } : {}) };
      if (plannedAhead) {
        const planAt = closeAt - random.int(14, 42) * DAY;
        closurePlans.set(`${clientId}-afsluiting`, clientId);
        ctx.add(Math.max(planAt, t0 + DAY), () => ctx.send(clientId, { type: 'PlanStep', planId: `${clientId}-afsluiting`, step: close }, team));
      } else {
        ctx.add(closeAt, async () => {
          if (await ctx.send(clientId, { ...close, effectiveAt: iso(ctx.now()) }, team)) closed.add(clientId);
        });
      }
    },
  };
}
