import { Actor } from '@wijkzorg/domain';

/** The actor may use this endpoint but not for this client (e.g. a team outside its wooncirkels). HTTP 403. */
export class AccessDenied extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccessDenied';
  }
}

/** Zorgprofessionals act for clients of their own wooncirkels only; other roles are limited by endpoint. */
export function assertMayActFor(actor: Actor, wooncirkelId: string | undefined): void {
  if (actor.role !== 'zorgprofessional') return;
  const scope = actor.wooncirkels ?? [];
  if (scope.includes('*')) return; // a demo or coordinating professional for every wooncirkel
  if (!wooncirkelId || !scope.includes(wooncirkelId)) {
    throw new AccessDenied(`zorgprofessional ${actor.id} does not work for wooncirkel ${wooncirkelId ?? '(none)'}`);
  }
}
