import { SetMetadata } from '@nestjs/common';
import { ActorRole } from '@wijkzorg/domain';

export const ROLES = 'wijkzorg:roles';
export const PUBLIC = 'wijkzorg:public';

/** Who may call an endpoint. Every endpoint declares this (or @Public); undeclared ones refuse everyone. */
export const Roles = (...roles: ActorRole[]) => SetMetadata(ROLES, roles);
export const Public = () => SetMetadata(PUBLIC, true);

export const STREAM_TICKET = 'wijkzorg:stream-ticket';
/** The endpoint also accepts a single-use stream ticket as ?ticket= (for EventSource, which cannot set headers). */
export const AcceptsStreamTicket = () => SetMetadata(STREAM_TICKET, true);

/** Role groups that recur. */
export const AGGREGATE_READERS: ActorRole[] = ['beleidsmaker', 'auditor', 'admin', 'zorgprofessional'];
export const PERSON_LEVEL_READERS: ActorRole[] = ['auditor', 'zorgprofessional'];
