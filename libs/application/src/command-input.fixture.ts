import { ClientCommandInput } from './care-commands';

/** An intake into a wooncirkel of wijk WK035501 (Zeist), for command specs; `extra` replaces fields. */
export const intakeInput = (clientId: string, wooncirkelId: string, extra: object = {}): ClientCommandInput =>
  ({
    type: 'RegisterIntake',
    clientId,
    wooncirkelId,
    preferredWijk: 'WK035501',
    lifeDomains: ['wonen'],
    urgency: 'regulier',
    acuteConfusedBehaviour: false,
    goals: ['eigen plek'],
    referralSource: 'huisarts',
    intakeAt: '2026-01-01T00:00:00Z',
    personal: { bsn: '111222333' },
    ...extra,
  }) as ClientCommandInput;
