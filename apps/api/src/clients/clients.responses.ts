import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions, getSchemaPath } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ACCESS_EXCEPTION_GROUNDS, ACCESS_INTENSITIES, CARE_INTENSITIES, CARE_SETTINGS, CLOSURE_REASONS, FORMER_FUNDERS, FUNDERS, INDICATIE_END_REASONS, ISSUER_ROLES, PLANNABLE_STEP_KINDS, PLANNED_STEP_STATUSES, RECIPROCITY_CONTRIBUTIONS, URGENCIES, WETTEN } from '@wijkzorg/domain';

export class EventActorDto {
  @ApiProperty({ example: 'zorgprofessional' }) role!: string;
  @ApiProperty() id!: string;
}

export class EventMetadataDto {
  @ApiProperty({ type: EventActorDto }) actor!: EventActorDto;
  @ApiProperty() correlationId!: string;
  @ApiProperty({ type: String, nullable: true }) causationId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the client-supplied command id (idempotency)' }) commandId!: string | null;
  @ApiPropertyOptional() commandType?: string;
  @ApiPropertyOptional({ description: 'keyed hash of the command body a reused command id must match' }) commandFingerprint?: string;
}

/** One stored event; personal data in data stays sealed unless the purpose allows opening it. */
export class ClientEventDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: 'client-c-1' }) streamId!: string;
  @ApiProperty({ description: '0-based position within the stream' }) revision!: number;
  @ApiProperty({ description: 'position in the whole log' }) globalPosition!: number;
  @ApiProperty({ example: 'ClientRegistered' }) type!: string;
  @ApiProperty() schemaVersion!: number;
  @ApiProperty({ type: 'object', description: 'the event fields, as in the event catalog', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: EventMetadataDto }) metadata!: EventMetadataDto;
  @ApiPropertyOptional({ description: 'hash chaining this event to the one before it' }) hash?: string;
}

export class ClientEventsDto {
  @ApiProperty() clientId!: string;
  @ApiProperty({ description: 'revision of the client stream' }) revision!: number;
  @ApiProperty({ type: [ClientEventDto], description: 'oldest first' }) events!: ClientEventDto[];
}

const DATE_TIME: SchemaObject = { type: 'string', format: 'date-time' };
const CARE_INTENSITY: SchemaObject = { type: 'string', enum: [...CARE_INTENSITIES] };

/** OpenAPI 3.0 wants a non-empty `required`, or none. */
const requiredOf = (properties: Record<string, SchemaObject>, optional: string[] = []) => {
  const required = Object.keys(properties).filter((name) => !optional.includes(name));
  return required.length > 0 ? { required } : {};
};
/** A nested object documented inline, so that it can also stand for null (a $ref cannot be nullable in OpenAPI 3.0). */
const objectOf = (properties: Record<string, SchemaObject>, options: { optional?: string[]; nullable?: boolean; description?: string } = {}): SchemaObject => ({
  type: 'object',
  ...(options.nullable ? { nullable: true } : {}),
  ...(options.description ? { description: options.description } : {}),
  properties,
  ...requiredOf(properties, options.optional),
});
/** An inline object as a DTO property: its `required` lists its own fields, `selfRequired` whether the property is always present. */
const inline = (schema: SchemaObject, present = true) => ({ ...schema, selfRequired: present }) as ApiPropertyOptions;
const PLACEMENT = { wooncirkelId: { type: 'string' }, wijkCode: { type: 'string' }, teamId: { type: 'string' }, providerId: { type: 'string' } } satisfies Record<string, SchemaObject>;
const HOME = { homeId: { type: 'string' }, wooncirkelId: { type: 'string' }, since: DATE_TIME } satisfies Record<string, SchemaObject>;
const MATCH = { homeId: { type: 'string' }, wooncirkelId: { type: 'string' }, wijkCode: { type: 'string' }, offerId: { type: 'string' } } satisfies Record<string, SchemaObject>;
const SINCE = objectOf({ since: DATE_TIME });
const DATE: SchemaObject = { type: 'string', format: 'date' };
const INDICATIE = objectOf(
  {
    indicatieId: { type: 'string' },
    wet: { type: 'string', enum: [...WETTEN] },
    product: { type: 'string' },
    issuer: { type: 'string' },
    issuerRole: { type: 'string', enum: [...ISSUER_ROLES] },
    validFrom: DATE,
    validUntil: DATE,
    covers: { type: 'array', items: { type: 'string', enum: [...ACCESS_INTENSITIES] } },
    ended: objectOf({ reason: { type: 'string', enum: [...INDICATIE_END_REASONS] }, on: DATE }),
  },
  { optional: ['ended'] },
);
const ACCESS_EXCEPTION = objectOf(
  { exceptionId: { type: 'string' }, grounds: { type: 'string', enum: [...ACCESS_EXCEPTION_GROUNDS] }, intensity: { type: 'string', enum: [...ACCESS_INTENSITIES] }, stepAt: DATE_TIME, regulariseBefore: DATE_TIME, regularisedBy: { type: 'string' } },
  { optional: ['regularisedBy'] },
);
const WAITING = objectOf(
  { care: objectOf({ requestedIntensity: CARE_INTENSITY, since: DATE_TIME }), housing: SINCE, daginvulling: SINCE, transfer: objectOf({ toWooncirkelId: { type: 'string' }, since: DATE_TIME }) },
  { optional: ['care', 'housing', 'daginvulling', 'transfer'], description: 'what the client waits for, each since when (transfer: a place on the team it transfers into)' },
);

export class HousingOfferStateDto {
  @ApiProperty() offerId!: string;
  @ApiProperty() homeId!: string;
  @ApiProperty() wooncirkelId!: string;
  @ApiProperty() wijkCode!: string;
  @ApiProperty() corporation!: string;
  @ApiProperty({ enum: ['open', 'declined', 'accepted', 'withdrawn'] }) status!: string;
}

export class BudgetLineStateDto {
  @ApiProperty() year!: number;
  @ApiProperty({ enum: [...FUNDERS, ...FORMER_FUNDERS], description: 'jeugdwet and woningcorporatie only in lines from before they were retired' }) funder!: string;
  @ApiProperty({ description: 'euro cents' }) allocatedCents!: number;
  @ApiProperty({ description: 'euro cents' }) releasedCents!: number;
  @ApiProperty({ description: 'euro cents' }) spentCents!: number;
  @ApiProperty() settled!: boolean;
}

export class BudgetReleaseStateDto {
  @ApiProperty() releaseId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ enum: [...FUNDERS, ...FORMER_FUNDERS], description: 'jeugdwet and woningcorporatie only in lines from before they were retired' }) funder!: string;
  @ApiProperty({ description: 'purpose code' }) purpose!: string;
  @ApiProperty({ description: 'euro cents' }) amountCents!: number;
  @ApiProperty({ description: 'euro cents' }) spentCents!: number;
}

/** The client as its stream tells it (pseudonymous: no names, addresses or free text). */
export class ClientStateDto {
  @ApiProperty({ description: 'false for a client never registered' }) registered!: boolean;
  @ApiPropertyOptional({ description: 'personal data erased (AVG art. 17): closed for new commands' }) erased?: boolean;
  @ApiPropertyOptional() clientId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) registeredAt?: string;
  @ApiProperty(inline(objectOf(PLACEMENT, { description: 'the wooncirkel, wijk, team and provider serving the client' }), false)) placement?: Record<string, string>;
  @ApiPropertyOptional({ example: 'WK047901' }) preferredWijk?: string;
  @ApiPropertyOptional({ enum: URGENCIES }) urgency?: string;
  @ApiProperty({ enum: CARE_INTENSITIES, description: "professional care intensity ('geen': informal support only)" }) intensity!: string;
  @ApiProperty({ enum: CARE_SETTINGS, description: 'where the client lives (changes only by a move)' }) setting!: string;
  @ApiProperty({ description: 'takes a place in the team of the wooncirkel' }) holdsTeamPlace!: boolean;
  @ApiProperty(inline(WAITING)) waiting!: Record<string, unknown>;
  @ApiProperty() waitingPaused!: boolean;
  @ApiProperty() waitingForPreference!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(HousingOfferStateDto) }, description: 'per offerId' }) offers!: Record<string, HousingOfferStateDto>;
  @ApiProperty(inline(objectOf(MATCH, { optional: ['offerId'], description: 'the home matched' }), false)) match?: Record<string, string>;
  @ApiProperty(inline(objectOf(HOME, { description: 'the home lived in' }), false)) home?: Record<string, string>;
  @ApiProperty(inline(objectOf({ agreed: { type: 'array', items: { type: 'string', enum: [...RECIPROCITY_CONTRIBUTIONS] } }, since: DATE_TIME }, { description: 'wederkerigheid agreed at the match (changed by agreement since)' }), false)) reciprocity?: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(BudgetLineStateDto) }, description: 'per line key <year>:<funder>' }) budgetLines!: Record<string, BudgetLineStateDto>;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(BudgetReleaseStateDto) }, description: 'per releaseId' }) releases!: Record<string, BudgetReleaseStateDto>;
  @ApiProperty({ type: 'object', additionalProperties: objectOf({ status: { type: 'string', enum: ['open', 'closed'] }, decisions: { type: 'integer' } }), description: 'doorbraaktafel cases per caseId' }) cases!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: INDICATIE, description: 'indicaties and beschikkingen per indicatieId' }) indicaties!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: ACCESS_EXCEPTION, description: 'care started without an indicatie (acute or doorbraaktafel), per exceptionId' }) accessExceptions!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: objectOf({ relation: { type: 'string' }, active: { type: 'boolean' } }), description: 'network members per memberId (names only in GET /clients/{clientId}/network)' }) networkMembers!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: objectOf({ memberId: { type: 'string' }, kind: { type: 'string' }, hoursPerWeek: { type: 'number' }, since: DATE_TIME, active: { type: 'boolean' } }), description: 'informal support per supportId' }) informalSupports!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: ['made', 'avoided'] }, description: 'referrals to indicated care per referralId' }) referrals!: Record<string, string>;
  @ApiProperty(inline(objectOf({ reason: { type: 'string', enum: [...CLOSURE_REASONS] }, at: { type: 'string', format: 'date-time' } }, { description: 'afsluiting: closed for new commands except settling budget and erasure' }), false)) closed?: Record<string, string>;
  @ApiProperty({
    type: 'object',
    additionalProperties: objectOf({
      planId: { type: 'string' },
      kind: { type: 'string', enum: [...PLANNABLE_STEP_KINDS] },
      effectiveAt: { type: 'string', format: 'date-time' },
      step: objectOf(
        { type: { type: 'string', enum: [...PLANNABLE_STEP_KINDS] }, toIntensity: { type: 'string', enum: [...CARE_INTENSITIES] }, reason: { type: 'string' }, decidedBy: { type: 'string' }, note: { type: 'string' }, effectiveAt: DATE_TIME },
        { optional: ['toIntensity', 'decidedBy', 'note'], description: 'the command input as planned' },
      ),
      plannerId: { type: 'string' },
      status: { type: 'string', enum: [...PLANNED_STEP_STATUSES] },
    }),
    description: 'planned steps per planId',
  })
  plannedSteps!: Record<string, unknown>;
  @ApiProperty(inline(objectOf({ staffId: { type: 'string' }, since: DATE_TIME }, { description: 'the vaste begeleider (staff code of the team)' }), false)) begeleider?: Record<string, string>;
}

/** A client with the revision to send as expectedRevision. */
export class ClientAnswerDto {
  @ApiProperty() clientId!: string;
  @ApiProperty({ description: 'revision of the client stream (-1: no events)' }) revision!: number;
  @ApiProperty({ type: ClientStateDto }) state!: ClientStateDto;
}

export class TrajectoryBudgetLineDto extends BudgetLineStateDto {
  @ApiProperty({ description: 'allocated minus released, euro cents' }) unreleasedCents!: number;
  @ApiProperty({ description: 'allocated minus spent, euro cents' }) unspentCents!: number;
}

/** What the trajectory shows of the client's state at a point. */
export class TrajectorySnapshotDto {
  @ApiProperty({ enum: CARE_INTENSITIES }) intensity!: string;
  @ApiProperty({ enum: CARE_SETTINGS }) setting!: string;
  @ApiProperty(inline(objectOf(PLACEMENT, { nullable: true }))) placement!: Record<string, string> | null;
  @ApiProperty() holdsTeamPlace!: boolean;
  @ApiProperty(inline(objectOf(HOME, { nullable: true }))) home!: Record<string, string> | null;
  @ApiProperty(inline(objectOf(MATCH, { optional: ['offerId'], nullable: true }))) matchedHome!: Record<string, string> | null;
  @ApiProperty(inline(WAITING)) waiting!: Record<string, unknown>;
  @ApiProperty() waitingPaused!: boolean;
  @ApiProperty({ type: [TrajectoryBudgetLineDto] }) budget!: TrajectoryBudgetLineDto[];
  @ApiProperty({ type: [String], description: 'doorbraaktafel cases still open' }) openCases!: string[];
}

/** One event of the trajectory with who decided, why, and the state after it. */
export class TrajectoryStepDto {
  @ApiProperty({ description: 'global position' }) position!: number;
  @ApiProperty() revision!: number;
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: 'BudgetReleased' }) type!: string;
  @ApiProperty() schemaVersion!: number;
  @ApiProperty({ format: 'date-time', description: 'when it happened in the world' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time', description: 'when the system learned of it' }) recordedAt!: string;
  @ApiProperty({ type: EventActorDto }) decidedBy!: EventActorDto;
  @ApiProperty({ type: String, nullable: true, description: 'the reason, justification or decision the event records' }) why!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the event fields, as in the event catalog' }) data!: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) hash!: string | null;
  @ApiProperty({ type: TrajectorySnapshotDto }) stateAfter!: TrajectorySnapshotDto;
}

/** Auditor replay of one client, optionally as known at asOf or as valid at validAt. */
export class TrajectoryDto {
  @ApiProperty() clientId!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) asOf!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) validAt!: string | null;
  @ApiProperty({ type: [TrajectoryStepDto], description: 'oldest first' }) steps!: TrajectoryStepDto[];
  @ApiProperty({ type: TrajectorySnapshotDto, description: 'after the last step' }) state!: TrajectorySnapshotDto;
}
