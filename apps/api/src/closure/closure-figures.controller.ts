import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Actor, CLOSURE_REASONS, gemeenteCodeOfWijk } from '@wijkzorg/domain';
import { ProjectionRunner, ReadModelStore, closuresQueries } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../read-models/read-models.module';
import { awaitPosition, whereOf } from '../read-models/read-model-queries';
import { AGGREGATE_READERS, Roles } from '../auth/roles.decorator';
import { CurrentActor } from '../shared/actor.decorator';
import { ApiRead } from '../shared/openapi';
import { Protected, Relation, protectCountsYielding, sumRelation } from '../disclosure/disclosure';
import { readsExactFigures } from '../disclosure/readers';
import { ProtectedCountSchema } from '../shared/response-schemas';
import { GemeenteCode, WijkCode } from '../shared/fields';

export class ClosureFiguresQueryDto {
  @GemeenteCode({ optional: true, example: 'GM0479' }) gemeenteCode?: string;
  @WijkCode({ optional: true, example: 'WK047901' }) wijkCode?: string;
  @ApiPropertyOptional({ description: 'read-your-writes: wait until the read models reached this global position' }) @IsOptional() @Matches(/^\d{1,15}$/, { message: 'minPosition must be a global position' }) minPosition?: string;
}

export class ClosureMonthDto {
  @ApiProperty({ description: 'a wijk code, or a gemeente code for the gemeente as a whole' }) areaCode!: string;
  @ApiProperty({ enum: ['wijk', 'gemeente'] }) level!: string;
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty(ProtectedCountSchema) closures!: Protected;
  @ApiProperty({ type: 'object', properties: Object.fromEntries(CLOSURE_REASONS.map((r) => [r, ProtectedCountSchema])), description: 'closures per reason' }) byReason!: Record<string, Protected>;
}
export class ClosureFiguresDto {
  @ApiProperty({ description: 'exact for auditors; otherwise protected (docs/disclosure-control.md)' }) exact!: boolean;
  @ApiProperty({ type: [ClosureMonthDto] }) items!: ClosureMonthDto[];
}

const TOTAL = '*';
const cell = (area: string, month: string, reason: string) => `${area}|${month}|${reason}`;

/**
 * Closures (afsluitingen) per reason per wijk and gemeente and month. Beleidsmakers read them through
 * the disclosure layer: each gemeente is one table (wijk × month × reason with the wijk and gemeente
 * totals), protected as a whole so no count of 1–4 can be recovered by subtraction.
 */
@ApiTags('closure')
@Controller('closures')
export class ClosureFiguresController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
  ) {}

  @ApiRead('Closures per reason per wijk, gemeente and month', { description: 'the closures', type: ClosureFiguresDto })
  @Get()
  @Roles(...AGGREGATE_READERS)
  async figures(@Query() query: ClosureFiguresQueryDto, @CurrentActor() actor: Actor): Promise<ClosureFiguresDto> {
    await awaitPosition(this.runner, query.minPosition === undefined ? undefined : Number(query.minPosition));
    const gemeenteCode = query.gemeenteCode ?? (query.wijkCode ? gemeenteCodeOfWijk(query.wijkCode) : undefined);
    const { items: counts } = await closuresQueries.counts.find(this.store, { where: whereOf({ gemeenteCode }) });
    const truth = new Map<string, number>();
    const relations: Relation[] = [];
    const rows: { areaCode: string; level: 'wijk' | 'gemeente'; month: string }[] = [];
    const byGemeente = new Map<string, typeof counts>();
    for (const c of counts) (byGemeente.get(c.gemeenteCode) ?? byGemeente.set(c.gemeenteCode, []).get(c.gemeenteCode)!).push(c);
    for (const [gemeente, its] of byGemeente) {
      // Every wijk of the table in every month of it, zeros included: a missing row would be a row of zeros.
      const wijken = [...new Set(its.map((c) => c.wijkCode))].sort();
      const months = [...new Set(its.map((c) => c.month))].sort();
      for (const month of months) {
        for (const area of [...wijken, gemeente]) {
          for (const reason of CLOSURE_REASONS) truth.set(cell(area, month, reason), 0);
          truth.set(cell(area, month, TOTAL), 0);
          rows.push({ areaCode: area, level: area === gemeente ? 'gemeente' : 'wijk', month });
          relations.push(
            sumRelation(
              cell(area, month, TOTAL),
              CLOSURE_REASONS.map((r) => cell(area, month, r)),
            ),
          );
        }
        for (const reason of [...CLOSURE_REASONS, TOTAL])
          relations.push(
            sumRelation(
              cell(gemeente, month, reason),
              wijken.map((w) => cell(w, month, reason)),
            ),
          );
      }
      for (const c of its) {
        for (const area of [c.wijkCode, gemeente]) {
          truth.set(cell(area, c.month, c.reason), truth.get(cell(area, c.month, c.reason))! + c.closures);
          truth.set(cell(area, c.month, TOTAL), truth.get(cell(area, c.month, TOTAL))! + c.closures);
        }
      }
    }
    const exact = readsExactFigures(actor);
    const published: ReadonlyMap<string, Protected> = exact ? truth : await protectCountsYielding(truth, relations);
    const items = rows
      .filter((r) => !query.wijkCode || r.areaCode === query.wijkCode)
      .map((r) => ({ ...r, closures: published.get(cell(r.areaCode, r.month, TOTAL))!, byReason: Object.fromEntries(CLOSURE_REASONS.map((reason) => [reason, published.get(cell(r.areaCode, r.month, reason))!])) }))
      .sort((a, b) => a.areaCode.localeCompare(b.areaCode) || a.month.localeCompare(b.month));
    return { exact, items };
  }
}
