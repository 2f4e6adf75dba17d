/** What a decider emits: the fact itself. The store adds the envelope (ids, positions, actor, times). */
export interface NewEvent<Type extends string = string, Data = unknown> {
  type: Type;
  schemaVersion: number;
  data: Data;
  /** When it happened in the world (may be an effective date in the past); ISO-8601 UTC. */
  occurredAt: string;
}

export type EventOf<Type extends string, Data> = NewEvent<Type, Data>;

export function event<Type extends string, Data>(type: Type, data: Data, occurredAt: string, schemaVersion = 1): NewEvent<Type, Data> {
  return { type, schemaVersion, data, occurredAt };
}
