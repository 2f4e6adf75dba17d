import { DecisionContext, EventOf, event, rule, assertWijkCode, isValidBsn, assertEffectiveTime } from '../shared';
import { CARE_SETTINGS, CareSetting, ClientState, LifeDomain, Placement, ReferralSource, Urgency, LIFE_DOMAINS } from '../shared/client-state';

/** Personal data, kept apart so it can be withheld from aggregates and integrator streams. */
export interface PersonalData {
  bsn?: string;
  name?: string;
}

/** What an intake records. */
interface IntakeFacts {
  clientId: string;
  /** The client's wish is leading: every later match is measured against it. */
  preferredWijk: string;
  lifeDomains: LifeDomain[];
  urgency: Urgency;
  acuteConfusedBehaviour: boolean;
  goals: string[];
  referralSource: ReferralSource;
  /** Where the client lives at intake; every later change is a move event. */
  setting: CareSetting;
  /** Filled in by the command flow from the intaking wooncirkel. */
  placement: Placement;
}

export interface RegisterIntake extends Omit<IntakeFacts, 'setting'> {
  type: 'RegisterIntake';
  /** Default: eigen_woning_in_cirkel (how version 1 intakes read as well). */
  setting?: CareSetting;
  personal?: PersonalData;
  /** When the aanmelding happened, if before it was entered (default: now). */
  intakeAt?: string;
}

/** Schema version 2 records the setting at intake; version 1 reads as eigen_woning_in_cirkel (the old model's home). */
export const INTAKE_REGISTERED_VERSION = 2;
export const DEFAULT_INTAKE_SETTING: CareSetting = 'eigen_woning_in_cirkel';
export type IntakeRegistered = EventOf<'IntakeRegistered', IntakeFacts & { personal: PersonalData }>;

export function decideIntake(command: RegisterIntake, state: ClientState, { now }: DecisionContext): IntakeRegistered[] {
  rule(!state.registered, 'already_registered', `client ${command.clientId} already has an intake`, 'clientId');
  assertWijkCode(command.preferredWijk, 'preferredWijk');
  rule(command.lifeDomains.length > 0, 'no_life_domain', 'lifeDomains must name at least one domain of need', 'lifeDomains');
  rule(
    command.lifeDomains.every((d) => LIFE_DOMAINS.includes(d)),
    'invalid_life_domain',
    `lifeDomains may only hold ${LIFE_DOMAINS.join(', ')}`,
    'lifeDomains',
  );
  if (command.personal?.bsn !== undefined) {
    rule(isValidBsn(command.personal.bsn), 'invalid_bsn', 'personal.bsn fails the elfproef', 'personal.bsn');
  }
  const setting = command.setting ?? DEFAULT_INTAKE_SETTING;
  rule(CARE_SETTINGS.includes(setting), 'invalid_setting', `setting must be one of ${CARE_SETTINGS.join(', ')}`, 'setting');
  if (command.intakeAt !== undefined) assertEffectiveTime(command.intakeAt, 'intakeAt', undefined, now);
  // Acute confused behaviour ("verward gedrag") always counts as acute.
  const urgency: Urgency = command.acuteConfusedBehaviour ? 'acuut' : command.urgency;
  const { clientId, preferredWijk, lifeDomains, acuteConfusedBehaviour, goals, referralSource, placement } = command;
  return [
    event(
      'IntakeRegistered',
      {
        clientId,
        preferredWijk,
        lifeDomains: [...new Set(lifeDomains)],
        urgency,
        acuteConfusedBehaviour,
        goals,
        referralSource,
        setting,
        personal: command.personal ?? {},
        placement,
      },
      command.intakeAt ?? now,
      INTAKE_REGISTERED_VERSION,
    ),
  ];
}

export function evolveIntake(state: ClientState, e: IntakeRegistered): ClientState {
  return {
    ...state,
    registered: true,
    clientId: e.data.clientId,
    registeredAt: e.occurredAt,
    preferredWijk: e.data.preferredWijk,
    urgency: e.data.urgency,
    setting: e.data.setting,
    placement: e.data.placement,
  };
}
