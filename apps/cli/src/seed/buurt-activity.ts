import { AggregateStore, BuurtCommands, CommandMeta } from '@wijkzorg/application';
import { Actor, BUURTONDERZOEK_REASONS, BUURT_FINDINGS, DAY_PART_NAMES, DomainError, OverlastResponse, OverlastSource, OVERLAST_CATEGORIES, WEEKDAYS, clientDecider, clientStream, kernOpenDuring, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { DEMO_REGION, DemoGemeente } from './demo-region';
import { Random } from './random';

export interface BuurtSeedContext {
  store: AggregateStore;
  /** Runs `run` when the demo clock reaches `at` (ms); actions after the end of the demo are dropped. */
  schedule: (at: number, run: () => Promise<unknown>) => void;
  from: number;
  until: number;
  seed: number;
  wooncirkelsByWijk: Map<string, string[]>;
  report: { commands: number; refusedByRules: Record<string, number> };
}

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** Leviaan's towns (source 000): the kern open 07:30–22:30 to everyone, so visits are counted often. */
const LEVIAAN_GEMEENTEN = ['GM0479', 'GM0439', 'GM0405', 'GM0388'];
/** Breda (source 004): buurtpleinen and buurtonderzoek whenever a client comes to live in a wijk. */
const BREDA = 'GM0758';

// The wijkteam works with every wooncirkel of its gemeente (as in the network activity): it may name a client it knows.
const wijkteam = (g: DemoGemeente): Actor => ({ role: 'wijkteam', id: `wijkteam-${g.gemeenteCode.toLowerCase()}`, wooncirkels: ['*'], organisation: g.gemeenteCode });
const welzijn = (g: DemoGemeente): Actor => ({ role: 'welzijn', id: `${g.welzijn}-1`, organisation: g.welzijn });
const corporation = (organisation: string): Actor => ({ role: 'woningcorporatie', id: `${organisation}-overlast`, organisation });

/**
 * The neighbourhood in the demo region, through the real buurt command flows: nuisance handled with the
 * neighbourhood everywhere, buurtonderzoek (most in Breda), buurtpleinen in Breda and a few in Zeist, and
 * visits to the kern, counted every four weeks in the Leviaan towns and once a quarter elsewhere.
 */
export function seedBuurtActivity(context: BuurtSeedContext): void {
  const { store, schedule, from, until, wooncirkelsByWijk, report } = context;
  const random = new Random(context.seed ^ 0x0b0a7);
  const buurt = new BuurtCommands(store);
  const iso = (t: number) => new Date(t).toISOString();
  const day = (t: number) => iso(t).slice(0, 10);
  const meta = (actor: Actor, commandId: string): CommandMeta => ({ actor, commandId });
  const send = async (run: () => Promise<unknown>) => {
    report.commands++;
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      report.refusedByRules[error.code] = (report.refusedByRules[error.code] ?? 0) + 1;
      return null;
    }
  };
  const months = Math.max(1, Math.round((until - from) / (30 * DAY)));

  for (const g of DEMO_REGION) {
    for (const { wijkCode } of g.wijken) {
      // Overlast: about one report every two to three months per wijk.
      const reports = Math.round(months * (0.25 + random.next() * 0.3));
      for (let r = 1; r <= reports; r++) seedOverlast(g, wijkCode, `ov-${wijkCode.toLowerCase()}-${r}`, from + Math.floor(random.next() * (until - from)));

      const onderzoeken = g.gemeenteCode === BREDA ? random.int(3, 5) : random.int(0, 2);
      for (let o = 1; o <= onderzoeken; o++) seedOnderzoek(g, wijkCode, `bo-${wijkCode.toLowerCase()}-${o}`, from + Math.floor(random.next() * (until - from) * 0.9));

      const pleinen = g.gemeenteCode === BREDA ? random.int(2, 3) : g.gemeenteCode === 'GM0355' ? random.int(0, 1) : 0;
      for (let p = 1; p <= pleinen; p++) seedPlein(g, wijkCode, `bp-${wijkCode.toLowerCase()}-${p}`, from + Math.floor(random.next() * (until - from) * 0.6));

      for (const wooncirkelId of wooncirkelsByWijk.get(wijkCode) ?? []) seedKernVisits(g, wooncirkelId);
    }
  }

  function seedOverlast(g: DemoGemeente, wijkCode: string, reportId: string, at: number) {
    const source = random.pick<OverlastSource>(['buurtbewoner', 'buurtbewoner', 'buurtbewoner', 'buurtbewoner', 'corporatie', 'corporatie', 'wijkagent', 'wijkagent', 'zorgaanbieder', 'huisarts', 'wijkteam', 'overig']);
    const category = random.pick(OVERLAST_CATEGORIES);
    const team = wijkteam(g);
    let linked = false;
    schedule(at, async () => {
      const outcome =
        source === 'corporatie'
          ? await send(() => buurt.reportOverlast({ type: 'ReportOverlast', reportId, wijkCode, source, category, reportedAt: iso(at) }, meta(corporation(random.pick(g.corporations)), `seed-${reportId}`)))
          : await send(async () => {
              // The wijkteam names a client when the nuisance concerns one it knows: someone on a team of the wijk.
              const clientId = random.chance(0.4) ? await clientOnTeamIn(wijkCode) : undefined;
              linked = clientId !== undefined;
              return buurt.reportOverlast({ type: 'ReportOverlast', reportId, wijkCode, source, category, reportedAt: iso(at), ...(clientId ? { clientId } : {}) }, meta(team, `seed-${reportId}`));
            });
      if (!outcome) return;
      let t = at;
      if (random.chance(0.7)) {
        t += random.int(2, 10) * DAY;
        // With the client first; when residents do not speak freely, a second conversation without (source 004).
        const withClient = linked && random.chance(0.6);
        const heldAt = t;
        schedule(heldAt, () => send(() => buurt.handleOverlast(reportId, { type: 'RecordBuurtgesprek', heldAt: iso(heldAt), withClient, residents: random.int(3, 14), professionals: random.int(1, 4) }, meta(team, `seed-${reportId}-g1`))));
        if (withClient && random.chance(0.4)) {
          const t2 = t + random.int(2, 7) * DAY;
          schedule(t2, () => send(() => buurt.handleOverlast(reportId, { type: 'RecordBuurtgesprek', heldAt: iso(t2), withClient: false, residents: random.int(3, 12), professionals: random.int(1, 3) }, meta(team, `seed-${reportId}-g2`))));
          t = t2;
        }
      }
      const decideAt = t + random.int(1, 14) * DAY;
      schedule(decideAt, () => {
        const responses: OverlastResponse[] = random.chance(0.08) ? ['geen_actie'] : random.some(['meer_ondersteuning', 'bemiddeling', 'afspraken_met_buurt', 'buurtonderzoek', 'doorverwijzing'] as const, 2);
        if (linked && responses[0] !== 'geen_actie' && random.chance(0.3)) responses.push('opschalen_zorg');
        return send(() => buurt.handleOverlast(reportId, { type: 'DecideOverlastResponse', responses, decidedAt: iso(decideAt) }, meta(team, `seed-${reportId}-r`)));
      });
      if (random.chance(0.88)) {
        const resolveAt = decideAt + random.int(5, 90) * DAY;
        const outcome = random.pick(['opgelost', 'opgelost', 'opgelost', 'opgelost', 'verminderd', 'verminderd', 'niet_opgelost', 'verhuisd'] as const);
        schedule(resolveAt, () => send(() => buurt.handleOverlast(reportId, { type: 'ResolveOverlast', outcome, resolvedAt: iso(resolveAt) }, meta(team, `seed-${reportId}-x`))));
      }
    });
  }

  /** A client on a team of the wijk whose trajectory is open and who lives in the wijk now: the only kind the wijkteam can name. */
  async function clientOnTeamIn(wijkCode: string): Promise<string | undefined> {
    const candidates: string[] = [];
    for (const wooncirkelId of wooncirkelsByWijk.get(wijkCode) ?? []) candidates.push(...(await store.load(wooncirkelDecider, wooncirkelStream(wooncirkelId))).state.teamClientIds);
    if (!candidates.length) return undefined;
    const clientId = random.pick(candidates);
    const { state } = await store.load(clientDecider, clientStream(clientId));
    return state.registered && !state.erased && !state.closed && state.placement?.wijkCode === wijkCode ? clientId : undefined;
  }

  function seedOnderzoek(g: DemoGemeente, wijkCode: string, onderzoekId: string, at: number) {
    const actor = random.chance(0.8) ? welzijn(g) : wijkteam(g);
    const reason = g.gemeenteCode === BREDA && random.chance(0.6) ? 'client_komt_wonen' : random.pick(BUURTONDERZOEK_REASONS);
    schedule(at, async () => {
      if (!(await send(() => buurt.startBuurtonderzoek({ type: 'StartBuurtonderzoek', onderzoekId, wijkCode, reason, startedAt: iso(at) }, meta(actor, `seed-${onderzoekId}`))))) return;
      let t = at;
      for (let c = 1; c <= random.int(2, 6); c++) {
        t += random.int(3, 10) * DAY;
        const heldAt = t;
        const form = random.chance(0.6) ? 'individueel' : 'groep';
        const residents = form === 'groep' ? random.int(5, 15) : random.int(1, 4);
        schedule(heldAt, () => send(() => buurt.handleBuurtonderzoek(onderzoekId, { type: 'RecordBuurtonderzoekGesprekken', heldAt: iso(heldAt), form, residents, professionals: random.int(0, 3) }, meta(actor, `seed-${onderzoekId}-g${c}`))));
      }
      const foundAt = t + random.int(3, 14) * DAY;
      schedule(foundAt, () => send(() => buurt.handleBuurtonderzoek(onderzoekId, { type: 'RecordBuurtonderzoekFindings', findings: random.some(BUURT_FINDINGS, 3), recordedAt: iso(foundAt) }, meta(actor, `seed-${onderzoekId}-f`))));
      if (random.chance(0.8)) {
        const sharedAt = foundAt + random.int(7, 35) * DAY;
        const channel = random.pick(['bewonersavond', 'bewonersavond', 'huis_aan_huis', 'buurtkrant', 'online'] as const);
        schedule(sharedAt, () => send(() => buurt.handleBuurtonderzoek(onderzoekId, { type: 'ShareBuurtonderzoekPlan', sharedAt: iso(sharedAt), channel, residentsReached: random.int(20, 150) }, meta(actor, `seed-${onderzoekId}-p`))));
      }
    });
  }

  function seedPlein(g: DemoGemeente, wijkCode: string, pleinId: string, at: number) {
    const actor = welzijn(g);
    const weekday = random.pick(WEEKDAYS.slice(1, 6)); // weekdays, Monday to Friday
    const hour = random.pick(['09:30', '10:00', '13:30', '14:00', '19:00']);
    const groupSize = random.pick([7, 7, 8, 8, 8, 6, 9]);
    const lastsWeeks = random.chance(0.5) ? random.int(26, 70) : Infinity;
    schedule(at, async () => {
      if (!(await send(() => buurt.startBuurtplein({ type: 'StartBuurtplein', pleinId, wijkCode, groupSize, weekday, startTime: hour, startedAt: iso(at) }, meta(actor, `seed-${pleinId}`))))) return;
      // The first of its weekdays after the start, then every week; some weeks (holidays) it does not meet.
      let meeting = Date.parse(`${day(at + DAY)}T${hour}:00Z`);
      while (WEEKDAYS[new Date(meeting).getUTCDay()] !== weekday) meeting += DAY;
      let held = 0;
      for (let week = 0; week < lastsWeeks && meeting < until; week++, meeting += WEEK) {
        if (random.chance(0.1)) continue;
        const heldOn = day(meeting);
        const attendance = Math.max(3, groupSize - random.int(0, 3));
        held++;
        schedule(meeting + 2 * 3_600_000, () => send(() => buurt.handleBuurtplein(pleinId, { type: 'RecordBuurtpleinMeeting', heldOn, attendance }, meta(actor, `seed-${pleinId}-${heldOn}`))));
      }
      if (Number.isFinite(lastsWeeks) && held > 0) {
        const endAt = meeting + DAY;
        schedule(endAt, () => send(() => buurt.handleBuurtplein(pleinId, { type: 'EndBuurtplein', reason: random.pick(['zelfstandig_verder', 'zelfstandig_verder', 'te_weinig_deelnemers', 'samengevoegd'] as const), endedAt: iso(endAt) }, meta(actor, `seed-${pleinId}-end`))));
      }
    });
  }

  function seedKernVisits(g: DemoGemeente, wooncirkelId: string) {
    const leviaan = LEVIAAN_GEMEENTEN.includes(g.gemeenteCode);
    const actor = welzijn(g);
    // A count day: every four weeks in the Leviaan towns, once a quarter elsewhere; counted in the evening.
    for (let t = from + random.int(1, 27) * DAY; t < until; t += leviaan ? 4 * WEEK : 13 * WEEK + random.int(0, 6) * DAY) {
      const date = day(t);
      schedule(Date.parse(`${date}T23:30:00Z`), async () => {
        const { state } = await store.load(wooncirkelDecider, wooncirkelStream(wooncirkelId));
        for (const dayPart of DAY_PART_NAMES) {
          if (!state.kern || !kernOpenDuring(state.kern, dayPart)) continue;
          const evening = dayPart === 'avond' ? 0.5 : 1;
          // Leviaan's kern is a meeting place for the whole neighbourhood: many visitors who are not clients.
          const clientVisits = Math.round((leviaan ? random.int(3, 12) : random.int(1, 6)) * evening);
          const otherVisits = Math.round((leviaan ? random.int(8, 35) : random.int(0, 8)) * evening);
          await send(() => buurt.recordKernVisits({ type: 'RecordKernVisits', wooncirkelId, date, dayPart, clientVisits, otherVisits }, meta(actor, `seed-kern-${wooncirkelId}-${date}-${dayPart}`)));
        }
      });
    }
  }
}
