import { Inject, Injectable } from '@nestjs/common';
import { CoverageDoc, CoveragePeriod, ProjectionRunner, ReadModelStore, dekkingQueries } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../../read-models/read-models.module';
import { PositionCache } from '../../read-models/position-cache';
import { ALL_AREAS } from '../../disclosure/area-codes';
import { Area, AreaDirectory, rowsOnce } from '../area-directory';
import { MeasureChart, MeasureDefinition, MeasureGroup, MeasureQuestion, MeasureRow } from '../measure-table';
import { lastMonthOf, nextMonth } from '../periods';

/**
 * Coverage (issue 12, the Leviaan ambition "overal 24-uurs zorg en een kern" for Zaandam, Hoorn, Enkhuizen and
 * Purmerend): per area, at the end of a period, how many wooncirkels there are, how many have a kern and how many
 * offer 24-uurs zorg. These are facts about organisations, not people: published exactly, to every reader.
 */
@Injectable()
export class DekkingGroup implements MeasureGroup {
  readonly group = 'dekking';
  readonly title = 'Dekking: kern en 24-uurs zorg';
  readonly definitions: MeasureDefinition[] = [
    { key: 'wooncirkels', label: 'Wooncirkels', unit: 'aantal', definition: 'Aantal geregistreerde wooncirkels in het gebied aan het eind van de periode (of nu, voor een lopende periode).' },
    { key: 'wooncirkels_met_kern', label: 'Wooncirkels met een kern', unit: 'aantal', definition: 'Wooncirkels van de vorm kern_met_cirkel (een kern met openingstijden) waarvan de kern aan het eind van de periode niet gesloten is (KernClosed zonder KernReopened).' },
    { key: 'wooncirkels_met_24uurszorg', label: 'Wooncirkels met 24-uurs zorg', unit: 'aantal', definition: 'Wooncirkels waarvan het team aan het eind van de periode 24-uurs zorg aanbiedt (DayAndNightCareOffered, niet ingetrokken).' },
    { key: 'kern_beschikbaar', label: 'Kern beschikbaar', unit: 'aantal', definition: '1 als het gebied aan het eind van de periode minstens één wooncirkel met een kern heeft, anders 0.' },
    { key: 'zorg_24uur_beschikbaar', label: '24-uurs zorg beschikbaar', unit: 'aantal', definition: '1 als in het gebied aan het eind van de periode minstens één team 24-uurs zorg aanbiedt, anders 0.' },
  ];
  readonly charts: MeasureChart[] = [
    { id: 'dekking-beschikbaar', title: 'Is er een kern en 24-uurs zorg? (1 = ja, 0 = nee)', kind: 'vergelijking', measures: ['kern_beschikbaar', 'zorg_24uur_beschikbaar'] },
    { id: 'dekking-vergelijking', title: 'Kern en 24-uurs zorg per gebied', kind: 'vergelijking', measures: ['wooncirkels', 'wooncirkels_met_kern', 'wooncirkels_met_24uurszorg'] },
    { id: 'dekking-verloop', title: 'Wooncirkels met 24-uurs zorg door de tijd', kind: 'verloop', measures: ['wooncirkels_met_24uurszorg', 'wooncirkels_met_kern'] },
  ];

  private readonly wooncirkels: PositionCache<CoverageDoc[]>;

  constructor(
    private readonly areas: AreaDirectory,
    runner: ProjectionRunner,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {
    this.wooncirkels = new PositionCache(runner, [dekkingQueries.wooncirkels.projection], 2);
  }

  async rows(question: MeasureQuestion): Promise<MeasureRow[]> {
    const wooncirkels = await this.wooncirkels.get('all', async () => (await dekkingQueries.wooncirkels.find(this.store, {})).items);
    // The rows hold the moment asked about (the end of the current minute) and the areas as they are now.
    const moment = `${question.asOf}|${await this.areas.signature()}`;
    return rowsOnce([wooncirkels], question, () => this.rowsOf(wooncirkels, question), moment);
  }

  private rowsOf(wooncirkels: CoverageDoc[], question: MeasureQuestion): Promise<MeasureRow[]> {
    return this.areas.rowsFor(question, (area, period) => {
      const end = endOf(period, question.asOf);
      const registered = wooncirkels.filter((w) => inside(area, w) && Date.parse(w.registeredAt) <= end);
      const withKern = registered.filter((w) => w.form === 'kern_met_cirkel' && w.kernOpensAt < w.kernClosesAt && !w.kernClosures.some((p) => inForce(p, end))).length;
      const with24h = registered.filter((w) => w.dayAndNightCare.some((p) => inForce(p, end))).length;
      return { wooncirkels: registered.length, wooncirkels_met_kern: withKern, wooncirkels_met_24uurszorg: with24h, kern_beschikbaar: withKern > 0 ? 1 : 0, zorg_24uur_beschikbaar: with24h > 0 ? 1 : 0 };
    });
  }
}

const inForce = (p: CoveragePeriod, at: number) => Date.parse(p.from) <= at && (p.until === null || Date.parse(p.until) > at);
const inside = (area: Area, w: CoverageDoc) => area.code === ALL_AREAS || (area.level === 'gemeente' ? w.gemeenteCode === area.code : w.wijkCode === area.code);

/** The last moment of a period (ms), or now for a period still running. */
const endOf = (period: string, asOf: string) => Math.min(Date.parse(`${nextMonth(lastMonthOf(period))}-01T00:00:00.000Z`) - 1, Date.parse(asOf));
