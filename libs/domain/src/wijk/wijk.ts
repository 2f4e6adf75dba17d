import { DecisionContext, Decider, EventOf, event, rule, assertWijkCode, gemeenteCodeOfWijk, GEMEENTE_CODE_PATTERN } from '../shared';

/** A CBS wijk taking part in "Thuis in de wijk". Stream: wijk-<wijkCode>. */
export interface RegisterWijk {
  type: 'RegisterWijk';
  wijkCode: string;
  wijkName: string;
  gemeenteCode: string;
  gemeenteName: string;
}
export type WijkCommand = RegisterWijk;

export type WijkRegistered = EventOf<'WijkRegistered', { wijkCode: string; wijkName: string; gemeenteCode: string; gemeenteName: string }>;
export type WijkEvent = WijkRegistered;

export interface WijkState {
  registered: boolean;
  wijkCode?: string;
  wijkName?: string;
  gemeenteCode?: string;
  gemeenteName?: string;
}

export const wijkDecider: Decider<WijkCommand, WijkState, WijkEvent> = {
  initialState: { registered: false },
  decide(command: WijkCommand, state: WijkState, { now }: DecisionContext): WijkEvent[] {
    rule(!state.registered, 'already_registered', `wijk ${command.wijkCode} is already registered`, 'wijkCode');
    assertWijkCode(command.wijkCode, 'wijkCode');
    rule(GEMEENTE_CODE_PATTERN.test(command.gemeenteCode), 'invalid_gemeente_code', 'gemeenteCode must look like GM0363', 'gemeenteCode');
    rule(gemeenteCodeOfWijk(command.wijkCode) === command.gemeenteCode, 'wijk_not_in_gemeente', `wijk ${command.wijkCode} does not lie in gemeente ${command.gemeenteCode}`, 'gemeenteCode');
    const { wijkCode, wijkName, gemeenteCode, gemeenteName } = command;
    return [event('WijkRegistered', { wijkCode, wijkName, gemeenteCode, gemeenteName }, now)];
  },
  evolve(state: WijkState, e: WijkEvent): WijkState {
    switch (e.type) {
      case 'WijkRegistered':
        return { registered: true, ...e.data };
    }
  },
};

export const wijkStream = (wijkCode: string) => `wijk-${wijkCode}`;
