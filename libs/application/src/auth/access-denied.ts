import { Actor, DomainError, gemeenteCodeOfWijk } from '@wijkzorg/domain';

/** The actor may use this endpoint but not with what it named itself (an intake for a wooncirkel outside its scope). HTTP 403. */
export class AccessDenied extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AccessDenied';
  }
}

/**
 * The client or wooncirkel does not exist, or the actor may not see it: one answer for both, so that
 * an answer never tells a zorgprofessional whether someone outside its scope exists. HTTP 404.
 */
export class NotFoundOrNotInScope extends DomainError {
  constructor(field: 'clientId' | 'wooncirkelId', id: string) {
    const noun = field === 'clientId' ? 'client' : 'wooncirkel';
    super(`unknown_${noun}`, `${noun} ${id} not found or not in your scope`, field);
    this.name = 'NotFoundOrNotInScope';
  }
}

/** Roles that work for the clients of particular wooncirkels: the care team, and the wijkteam and welfare workers who work with those wooncirkels. */
export const WOONCIRKEL_SCOPED_ROLES: readonly Actor['role'][] = ['zorgprofessional', 'wijkteam', 'welzijn'];

/**
 * The wooncirkel scope rule: zorgprofessionals, wijkteams and welfare workers act for clients of their own
 * wooncirkels only (token claim `wooncirkels`; `*`: a demo or coordinating actor for every wooncirkel);
 * other roles are limited by endpoint.
 */
export function wooncirkelScopeOf(actor: Actor): 'all' | string[] {
  if (!WOONCIRKEL_SCOPED_ROLES.includes(actor.role)) return 'all';
  const scope = actor.wooncirkels ?? [];
  return scope.includes('*') ? 'all' : scope;
}

export function mayActFor(actor: Actor, wooncirkelId: string | undefined): boolean {
  const scope = wooncirkelScopeOf(actor);
  return scope === 'all' || (wooncirkelId !== undefined && scope.includes(wooncirkelId));
}

/** For a wooncirkel the actor names itself (decided by its token alone, so it reveals nothing). */
export function assertMayActFor(actor: Actor, wooncirkelId: string | undefined): void {
  if (!mayActFor(actor, wooncirkelId)) throw new AccessDenied('wooncirkelId is not one of the wooncirkels you work for', 'wooncirkelId');
}

/**
 * The one scope check for a client or wooncirkel named in a path: `found` is what exists (undefined
 * when nothing does), with its wijk where known. Missing and out-of-scope throw the same NotFoundOrNotInScope.
 * A wijkteam is the gemeente's own team: besides its wooncirkels, the wijk must lie in its gemeente (claim org),
 * so neither `*` nor a foreign wooncirkel in its token reaches clients of another gemeente.
 */
export function assertVisible(actor: Actor, target: { field: 'clientId' | 'wooncirkelId'; id: string }, found: { wooncirkelId: string | undefined; wijkCode?: string } | undefined): void {
  if (!found || !mayActFor(actor, found.wooncirkelId) || !withinOwnGemeente(actor, found.wijkCode)) throw new NotFoundOrNotInScope(target.field, target.id);
}

function withinOwnGemeente(actor: Actor, wijkCode: string | undefined): boolean {
  return actor.role !== 'wijkteam' || (wijkCode !== undefined && actor.organisation === gemeenteCodeOfWijk(wijkCode));
}
